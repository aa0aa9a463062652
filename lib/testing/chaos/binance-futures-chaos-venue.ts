import { binanceFutures } from '../../exchanges/binance-futures/binance-futures';
import { BinanceFuturesSimulator } from '../binance-futures/binance-futures-simulator';
import { type ChaosFault, sawError, sawResync } from './chaos-fault';
import { ChaosProxy } from './chaos-proxy';
import type { ChaosVenue, ChaosVenueOptions } from './chaos-venue';
import { connectionFaults } from './connection-faults';
import { proxyFaults } from './proxy-faults';

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
  const seed = options.seed ?? 1;
  const bookLevels = options.bookLevels ?? 200;
  const sim = await BinanceFuturesSimulator.start({
    symbols: options.symbols ?? ['BTC/USDT:USDT', 'ETH/USDT:USDT', 'SOL/USDT:USDT'],
    seed,
    stepsPerSecond: options.stepsPerSecond ?? 100,
    depthIntervalMs: 10,
    tickerIntervalMs: 100,
    bookLevels,
  });
  const proxy = await ChaosProxy.start({ target: sim.wsUrl, seed });
  const restProxy = await ChaosProxy.start({ target: sim.restUrl, seed: seed + 1 });
  const client = binanceFutures({
    wsUrl: proxy.url,
    restUrl: restProxy.httpUrl,
    // USD-M counts pings and pongs in its 10 messages/s: 300 ms keeps well inside it.
    pingInterval: 300,
    pingTimeout: 250,
    reconnect: { delay: 20, maxDelay: 100 },
  });
  const futuresFaults: ChaosFault[] = [
    {
      name: 'sim: withheld depth event (gap)',
      inject: (symbol) => sim.skipDepthEvent(symbol),
      expected: (events, symbol) => sawResync(events, symbol, 'gap'),
      resyncs: 'symbol',
    },
    {
      name: 'sim: pu break (gap)',
      inject: (symbol) => sim.breakPu(symbol),
      expected: (events, symbol) => sawResync(events, symbol, 'gap'),
      resyncs: 'symbol',
    },
    {
      name: 'sim: truncated JSON frame',
      inject: (symbol) => sim.sendMalformed('invalid-json', undefined, depthStream(symbol)),
      expected: (events) => events.some((e) => e.type === 'error' && e.kind === 'decode' && e.frame !== undefined),
      resyncs: 'none',
    },
    {
      name: 'sim: wrong types on a depth stream',
      inject: (symbol) => sim.sendMalformed('schema', undefined, depthStream(symbol)),
      expected: (events, symbol) => sawError(events, 'decode') && sawResync(events, symbol, 'gap'),
      resyncs: 'symbol',
    },
    {
      name: 'sim: REST 429 during a resync',
      inject: (symbol) => {
        sim.failRest(429, 1, 0);
        sim.skipDepthEvent(symbol);
      },
      expected: (events, symbol) => sawError(events, 'exchange', /429/) && sawResync(events, symbol, 'gap'),
      resyncs: 'symbol',
    },
    {
      name: 'sim: REST 418 during a resync',
      inject: (symbol) => {
        sim.failRest(418, 1, 0);
        sim.skipDepthEvent(symbol);
      },
      expected: (events, symbol) => sawError(events, 'exchange', /418/) && sawResync(events, symbol, 'gap'),
      resyncs: 'symbol',
    },
  ];
  return {
    client,
    truth: sim,
    proxy,
    symbols: sim.symbols,
    bookOptions: { depth: 1000 },
    compareDepth: options.compareDepth ?? bookLevels,
    faults: [...proxyFaults(proxy, restProxy), ...futuresFaults, ...connectionFaults(sim, 'daily', 'sim: server close 1000 (24 h)')],
    stop: async () => {
      await Promise.all([proxy.close(), restProxy.close()]);
      await sim.stop();
    },
  };
}
