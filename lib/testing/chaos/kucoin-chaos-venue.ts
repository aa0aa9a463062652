import { kucoin } from '../../exchanges/kucoin/kucoin';
import { KucoinSimulator } from '../kucoin/kucoin-simulator';
import { type ChaosFault, reopenedAfter, sawError, sawResync } from './chaos-fault';
import { ChaosProxy } from './chaos-proxy';
import type { ChaosVenue, ChaosVenueOptions } from './chaos-venue';
import { connectionFaults } from './connection-faults';
import { proxyFaults } from './proxy-faults';

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
  const seed = options.seed ?? 1;
  const sim = await KucoinSimulator.start({
    symbols: options.symbols ?? ['BTC/USDT', 'ETH/USDT', 'SOL/USDT'],
    seed,
    stepsPerSecond: options.stepsPerSecond ?? 100,
    bookIntervalMs: 10,
    tickerIntervalMs: 100,
    bookLevels: options.bookLevels ?? 200,
  });
  const proxy = await ChaosProxy.start({ target: sim.wsUrl, seed });
  const restProxy = await ChaosProxy.start({ target: sim.restUrl, seed: seed + 1 });
  // a 500 ms timeout keeps a loaded machine's pauses from looking like a half-open socket
  const client = kucoin({ wsUrl: `${proxy.url}/`, restUrl: restProxy.httpUrl, pingInterval: 200, pingTimeout: 500, reconnect: { delay: 20, maxDelay: 100 }, connectionsPerMinute: 100_000 });
  const kucoinFaults: ChaosFault[] = [
    {
      name: 'sim: level2 push withheld (sequence break)',
      inject: (symbol) => sim.skipBookUpdate(symbol),
      expected: (events, symbol) => sawResync(events, symbol, 'gap'),
      resyncs: 'symbol',
    },
    {
      name: 'sim: truncated book frame',
      inject: (symbol) => sim.sendMalformed('invalid-json', symbol),
      expected: (events) => events.some((e) => e.type === 'error' && e.kind === 'decode' && e.frame !== undefined),
      resyncs: 'none',
    },
    {
      name: 'sim: wrong types in a level2 message',
      inject: (symbol) => sim.sendMalformed('schema', symbol),
      expected: (events, symbol) => sawError(events, 'decode') && sawResync(events, symbol, 'gap'),
      resyncs: 'symbol',
    },
    {
      name: 'sim: REST 429 during a resync',
      inject: (symbol) => {
        sim.failRest(429, 1, 30);
        sim.skipBookUpdate(symbol);
      },
      expected: (events, symbol) => sawError(events, 'exchange', /429/) && sawResync(events, symbol, 'gap'),
      resyncs: 'symbol',
    },
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
  ];
  return {
    client,
    truth: sim,
    proxy,
    symbols: sim.symbols,
    bookOptions: { depth: KUCOIN_DEPTH },
    compareDepth: Math.min(options.compareDepth ?? KUCOIN_DEPTH, KUCOIN_DEPTH),
    faults: [...proxyFaults(proxy, restProxy), ...kucoinFaults, ...connectionFaults(sim, 'bye')],
    stop: async () => {
      await Promise.all([proxy.close(), restProxy.close()]);
      await sim.stop();
    },
  };
}
