import { kucoin } from '../../exchanges/kucoin/kucoin';
import { KucoinSimulator } from '../kucoin/kucoin-simulator';
import { gapFault, restFailureFault, truncatedFrameFault, undecodableFault } from './book-faults';
import { reopenedAfter, sawError } from './chaos-fault';
import type { ChaosVenue, ChaosVenueOptions } from './chaos-venue';
import { CHAOS_RECONNECT, chaosMarket, chaosVenueOn } from './chaos-venue-setup';

/** Levels a KuCoin book keeps known in the chaos run (the public snapshot has 100). */
const KUCOIN_DEPTH = 50;

/**
 * KuCoin set up for a chaos run: a {@link KucoinSimulator}, a {@link ChaosProxy} in front of its
 * WebSocket (the client's `wsUrl`, which replaces the endpoint of every token answer) and another in
 * front of its REST API (tokens and book snapshots), and a `kucoin()` client (books keeping 50 levels
 * known) with short ping timeouts and reconnect delays (and no connection budget: 50 faults reconnect far
 * more often than KuCoin's 30 sockets a minute). Faults: every proxy fault plus the
 * simulator's sequence break, truncated JSON, wrong types in a level-2 message, REST 429 during a
 * resync, expired tokens (401 and a close: a fresh token on the reconnect), a failed token request on
 * a reconnect, a server close (1000), an abrupt drop and a silent server.
 *
 * @example
 * ```ts
 * const venue = await kucoinChaosVenue({ seed: 1 });
 * const report = await runChaos(venue, { faults: 50 });
 * await venue.stop();
 * ```
 */
export async function kucoinChaosVenue(options: ChaosVenueOptions = {}): Promise<ChaosVenue> {
  const market = chaosMarket(options, ['BTC/USDT', 'ETH/USDT', 'SOL/USDT']);
  const sim = await KucoinSimulator.start({ ...market, bookIntervalMs: 10, tickerIntervalMs: 100 });
  const gap = (symbol: string): void => sim.skipBookUpdate(symbol);
  return chaosVenueOn(sim, {
    seed: market.seed,
    proxyRest: true,
    // a 500 ms timeout keeps a loaded machine's pauses from looking like a half-open socket
    client: ({ wsUrl, restUrl }) =>
      kucoin({ wsUrl: `${wsUrl}/`, restUrl, pingInterval: 200, pingTimeout: 500, reconnect: CHAOS_RECONNECT, connectionsPerMinute: 100_000 }),
    faults: [
      gapFault('sim: level2 push withheld (sequence break)', gap),
      truncatedFrameFault('sim: truncated book frame', (symbol) => sim.sendMalformed('invalid-json', symbol)),
      undecodableFault('sim: wrong types in a level2 message', (symbol) => sim.sendMalformed('schema', symbol)),
      restFailureFault('sim: REST 429 during a resync', () => sim.failRest(429, 1, 30), gap, /429/),
      {
        name: 'sim: tokens expire (401, closed, a fresh token)',
        inject: () => sim.expireTokens(),
        expected: (events) => sawError(events, 'exchange', /401: token is expired/) && reopenedAfter(events, (e) => e.type === 'close'),
        resyncs: 'all',
      },
      {
        name: 'sim: the token request fails on the reconnect',
        inject: () => {
          sim.failRest(500, 1);
          sim.dropConnections();
        },
        expected: (events) => sawError(events, 'transport', /bullet-public: HTTP 500/) && reopenedAfter(events, (e) => e.type === 'error' && /bullet-public/.test(e.message)),
        resyncs: 'all',
      },
    ],
    bookOptions: { depth: KUCOIN_DEPTH },
    compareDepth: Math.min(options.compareDepth ?? KUCOIN_DEPTH, KUCOIN_DEPTH),
  });
}
