import { binanceFutures } from '../../exchanges/binance-futures/binance-futures';
import { BinanceFuturesSimulator } from '../binance-futures/binance-futures-simulator';
import { gapFault, restFailureFault, truncatedFrameFault, undecodableFault } from './book-faults';
import type { ChaosVenue, ChaosVenueOptions } from './chaos-venue';
import { CHAOS_RECONNECT, chaosMarket, chaosVenueOn } from './chaos-venue-setup';

function depthStream(symbol: string): string {
  return `${symbol.split(':')[0]!.replace('/', '').toLowerCase()}@depth@100ms`;
}

/**
 * Binance USD-M set up for a chaos run: a {@link BinanceFuturesSimulator}, a {@link ChaosProxy} in
 * front of its WebSocket endpoints (`/public` and `/market` both pass through it) and another in front
 * of its REST API, and a `binanceFutures()` client with short ping timeouts and reconnect delays.
 * Faults: every proxy fault plus the simulator's withheld depth event, `pu` break, truncated JSON,
 * wrong types on a depth stream, REST 429 and 418 during a resync, the 24 h close (1000), an abrupt
 * drop and a silent server.
 *
 * @example
 * ```ts
 * const venue = await binanceFuturesChaosVenue({ seed: 1 });
 * const report = await runChaos(venue, { faults: 50 });
 * await venue.stop();
 * ```
 */
export async function binanceFuturesChaosVenue(options: ChaosVenueOptions = {}): Promise<ChaosVenue> {
  const market = chaosMarket(options, ['BTC/USDT:USDT', 'ETH/USDT:USDT', 'SOL/USDT:USDT']);
  const sim = await BinanceFuturesSimulator.start({ ...market, depthIntervalMs: 10, tickerIntervalMs: 100 });
  const gap = (symbol: string): void => sim.skipDepthEvent(symbol);
  return chaosVenueOn(sim, {
    seed: market.seed,
    proxyRest: true,
    // USD-M counts pings and pongs in its 10 messages/s: 300 ms keeps well inside it.
    client: (urls) => binanceFutures({ ...urls, pingInterval: 300, pingTimeout: 250, reconnect: CHAOS_RECONNECT }),
    faults: [
      gapFault('sim: withheld depth event (gap)', gap),
      gapFault('sim: pu break (gap)', (symbol) => sim.breakPu(symbol)),
      truncatedFrameFault('sim: truncated JSON frame', (symbol) => sim.sendMalformed('invalid-json', undefined, depthStream(symbol))),
      undecodableFault('sim: wrong types on a depth stream', (symbol) => sim.sendMalformed('schema', undefined, depthStream(symbol))),
      restFailureFault('sim: REST 429 during a resync', () => sim.failRest(429, 1, 0), gap, /429/),
      restFailureFault('sim: REST 418 during a resync', () => sim.failRest(418, 1, 0), gap, /418/),
    ],
    bookOptions: { depth: 1000 },
    compareDepth: options.compareDepth ?? market.bookLevels,
    close: { reason: 'daily', name: 'sim: server close 1000 (24 h)' },
  });
}
