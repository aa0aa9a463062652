import { binance } from '../../exchanges/binance/binance';
import { BinanceSimulator } from '../binance/binance-simulator';
import { gapFault, restFailureFault, truncatedFrameFault, undecodableFault } from './book-faults';
import type { ChaosVenue, ChaosVenueOptions } from './chaos-venue';
import { CHAOS_RECONNECT, chaosMarket, chaosVenueOn } from './chaos-venue-setup';

function depthStream(symbol: string): string {
  return `${symbol.replace('/', '').toLowerCase()}@depth@100ms`;
}

/**
 * Binance set up for a chaos run: a {@link BinanceSimulator}, a {@link ChaosProxy} in front of its
 * WebSocket and another in front of its REST API (depth snapshots), and a `binance()` client with
 * short ping timeouts and reconnect delays. Faults: every proxy fault plus the simulator's gap,
 * truncated JSON, wrong types on a depth stream, REST 429 and 418 during a resync, the 24 h close
 * (1000), an abrupt drop and a silent server.
 *
 * @example
 * ```ts
 * const venue = await binanceChaosVenue({ seed: 1 });
 * const report = await runChaos(venue, { faults: 50 });
 * await venue.stop();
 * ```
 */
export async function binanceChaosVenue(options: ChaosVenueOptions = {}): Promise<ChaosVenue> {
  const market = chaosMarket(options, ['BTC/USDT', 'ETH/USDT', 'SOL/USDT']);
  const sim = await BinanceSimulator.start({
    ...market,
    depthIntervalMs: 10,
    tickerIntervalMs: 100,
    // 50 faults in half a minute resync books far faster than Binance's REST weight (6000 per minute)
    // would allow: the budget is not what chaos tests, so neither side limits it here.
    restWeightPerMinute: Infinity,
    // A socket the client gave up behind a stalled proxy link stays open on the server side (the proxy
    // no longer reads it); with Binance's own heartbeat (a ping every 20 s, 60 s to answer) the
    // simulator would buffer up to ~80 s of depth for it. Ping every second, drop after 2 s unanswered.
    serverPingIntervalMs: 1000,
    pongTimeoutMs: 2000,
  });
  const gap = (symbol: string): void => sim.skipDepthEvent(symbol);
  return chaosVenueOn(sim, {
    seed: market.seed,
    proxyRest: true,
    client: (urls) =>
      binance({
        ...urls,
        // Binance counts pings and pongs in its 5 messages/s: 300 ms keeps well inside it.
        pingInterval: 300,
        pingTimeout: 250,
        reconnect: CHAOS_RECONNECT,
        snapshotWeightPerMinute: Number.MAX_SAFE_INTEGER,
      }),
    faults: [
      gapFault('sim: skipped depth event (gap)', gap),
      truncatedFrameFault('sim: truncated JSON frame', (symbol) => sim.sendMalformed('invalid-json', undefined, depthStream(symbol))),
      undecodableFault('sim: wrong types on a depth stream', (symbol) => sim.sendMalformed('schema', undefined, depthStream(symbol))),
      restFailureFault('sim: REST 429 during a resync', () => sim.failRest(429, 1, 0), gap, /429/),
      restFailureFault('sim: REST 418 during a resync', () => sim.failRest(418, 1, 0), gap, /418/),
    ],
    bookOptions: { depth: 1000 },
    compareDepth: options.compareDepth ?? market.bookLevels,
    close: { reason: 'daily', name: 'sim: server close 1000 (24 h)' },
    keepalive: { pingInterval: 300, pingTimeout: 250 },
  });
}
