import { bybit } from '../../exchanges/bybit/bybit';
import { BybitSimulator } from '../bybit/bybit-simulator';
import { type ChaosFault, reopenedAfter, sawError, sawResync } from './chaos-fault';
import { ChaosProxy } from './chaos-proxy';
import type { ChaosVenue, ChaosVenueOptions } from './chaos-venue';
import { connectionFaults } from './connection-faults';
import { proxyFaults } from './proxy-faults';

/** Bybit's book depth used by the run: the 200-level window of the default simulated books. */
const BYBIT_DEPTH = 200;
const REFUSED_RECONNECTS = 'proxy: reset, then 2 refused reconnects';

/**
 * Bybit v5 set up for a chaos run: a {@link BybitSimulator} with spot and linear markets, a
 * {@link ChaosProxy} in front of it (both category sockets go through it) and a `bybit()` client
 * (books of depth 200) with short ping timeouts and reconnect delays. Faults: every proxy fault
 * (refused reconnects counted for two sockets), plus a mid-stream snapshot and a `u` = 1 restart
 * (that book: resync 'reset'), a lost delta (resync 'gap'), a truncated book frame and wrong types in
 * a book delta (decode error, resync 'gap'), a server close (1000), an abrupt drop and a silent server.
 *
 * @example
 * ```ts
 * const venue = await bybitChaosVenue({ seed: 1 });
 * const report = await runChaos(venue, { faults: 50 });
 * await venue.stop();
 * ```
 */
export async function bybitChaosVenue(options: ChaosVenueOptions = {}): Promise<ChaosVenue> {
  const seed = options.seed ?? 1;
  const bookLevels = options.bookLevels ?? BYBIT_DEPTH;
  const sim = await BybitSimulator.start({
    symbols: options.symbols ?? ['BTC/USDT', 'ETH/USDT', 'BTC/USDT:USDT'],
    seed,
    stepsPerSecond: options.stepsPerSecond ?? 100,
    bookLevels,
  });
  const proxy = await ChaosProxy.start({ target: sim.wsUrl, seed });
  const client = bybit({ wsUrl: proxy.url, restUrl: sim.restUrl, pingInterval: 150, pingTimeout: 250, reconnect: { delay: 20, maxDelay: 100 } });
  const bybitFaults: ChaosFault[] = [
    {
      name: 'sim: mid-stream snapshot (reset)',
      inject: (symbol) => sim.resetBook(symbol),
      expected: (events, symbol) => sawResync(events, symbol, 'reset'),
      resyncs: 'symbol',
    },
    {
      name: 'sim: u = 1 restart snapshot',
      inject: (symbol) => sim.resetBook(symbol, { restart: true }),
      expected: (events, symbol) => sawResync(events, symbol, 'reset'),
      resyncs: 'symbol',
    },
    {
      name: 'sim: lost delta (u gap)',
      inject: (symbol) => sim.skipDelta(symbol),
      expected: (events, symbol) => sawResync(events, symbol, 'gap') && sawError(events, 'exchange', /follows u/),
      resyncs: 'symbol',
    },
    {
      name: 'sim: truncated book frame',
      inject: (symbol) => sim.sendMalformed('invalid-json', symbol),
      expected: (events, symbol) => sawError(events, 'decode') && sawResync(events, symbol, 'gap'),
      resyncs: 'symbol',
    },
    {
      name: 'sim: wrong types in a book delta',
      inject: (symbol) => sim.sendMalformed('schema', symbol),
      expected: (events, symbol) => sawError(events, 'decode') && sawResync(events, symbol, 'gap'),
      resyncs: 'symbol',
    },
  ];
  // Two sockets (spot, linear) reconnect through the proxy: four refusals leave at least one of them at attempt ≥ 3.
  const proxied = proxyFaults(proxy).map((fault): ChaosFault =>
    fault.name !== REFUSED_RECONNECTS
      ? fault
      : {
          name: 'proxy: reset, then 4 refused reconnects (2 sockets)',
          inject: () => {
            proxy.rejectNext(4);
            proxy.cut('reset');
          },
          expected: (events) => events.some((e) => e.type === 'reconnect' && e.attempt >= 3) && reopenedAfter(events, (e) => e.type === 'reconnect' && e.attempt >= 3),
          resyncs: 'all',
        },
  );
  return {
    client,
    truth: sim,
    proxy,
    symbols: sim.symbols,
    bookOptions: { depth: BYBIT_DEPTH },
    compareDepth: Math.min(options.compareDepth ?? bookLevels, BYBIT_DEPTH),
    faults: [...proxied, ...bybitFaults, ...connectionFaults(sim, 'bye')],
    stop: async () => {
      await proxy.close();
      await sim.stop();
    },
  };
}
