import { gateio } from '../../exchanges/gateio/gateio';
import { GateioSimulator } from '../gateio/gateio-simulator';
import { type ChaosFault, sawError, sawResync } from './chaos-fault';
import { ChaosProxy } from './chaos-proxy';
import type { ChaosVenue, ChaosVenueOptions } from './chaos-venue';
import { connectionFaults } from './connection-faults';
import { proxyFaults } from './proxy-faults';

/** Gate.io's deepest `spot.order_book_update` level: the whole of the default 200-level book's top 100. */
const GATEIO_DEPTH = 100;

/**
 * Gate.io set up for a chaos run: a {@link GateioSimulator}, a {@link ChaosProxy} in front of its
 * WebSocket and another in front of its REST API (book snapshots), and a `gateio()` client (books of
 * 100 levels) with short ping timeouts and reconnect delays. Faults: every proxy fault plus the
 * simulator's sequence break, `full: true` reset, truncated JSON, wrong types in a book update,
 * REST 429 during a resync, a server close (1000), an abrupt drop and a silent server.
 *
 * @example
 * ```ts
 * const venue = await gateioChaosVenue({ seed: 1 });
 * const report = await runChaos(venue, { faults: 50 });
 * await venue.stop();
 * ```
 */
export async function gateioChaosVenue(options: ChaosVenueOptions = {}): Promise<ChaosVenue> {
  const seed = options.seed ?? 1;
  const bookLevels = options.bookLevels ?? 200;
  const sim = await GateioSimulator.start({
    symbols: options.symbols ?? ['BTC/USDT', 'ETH/USDT', 'SOL/USDT'],
    seed,
    stepsPerSecond: options.stepsPerSecond ?? 100,
    bookIntervalMs: 10,
    tickerIntervalMs: 100,
    bookLevels,
  });
  const proxy = await ChaosProxy.start({ target: sim.wsUrl, seed });
  const restProxy = await ChaosProxy.start({ target: sim.restUrl, seed: seed + 1 });
  const client = gateio({ wsUrl: `${proxy.url}/ws/v4/`, restUrl: restProxy.httpUrl, pingInterval: 200, pingTimeout: 500, reconnect: { delay: 20, maxDelay: 100 } }); // a 500 ms timeout keeps a loaded machine's pauses from looking like a half-open socket
  const gateioFaults: ChaosFault[] = [
    {
      name: 'sim: book update withheld (sequence break)',
      inject: (symbol) => sim.skipBookUpdate(symbol),
      expected: (events, symbol) => sawResync(events, symbol, 'gap'),
      resyncs: 'symbol',
    },
    {
      name: 'sim: full=true push (the whole book)',
      inject: (symbol) => sim.resetBook(symbol),
      expected: (events, symbol) => sawResync(events, symbol, 'reset'),
      resyncs: 'symbol',
    },
    {
      name: 'sim: truncated book frame',
      inject: (symbol) => sim.sendMalformed('invalid-json', symbol),
      expected: (events) => events.some((e) => e.type === 'error' && e.kind === 'decode' && e.frame !== undefined),
      resyncs: 'none',
    },
    {
      name: 'sim: wrong types in a book update',
      inject: (symbol) => sim.sendMalformed('schema', symbol),
      expected: (events, symbol) => sawError(events, 'decode') && sawResync(events, symbol, 'gap'),
      resyncs: 'symbol',
    },
    {
      name: 'sim: REST 429 during a resync',
      inject: (symbol) => {
        sim.failRest(429, 1, 0);
        sim.skipBookUpdate(symbol);
      },
      expected: (events, symbol) => sawError(events, 'exchange', /429/) && sawResync(events, symbol, 'gap'),
      resyncs: 'symbol',
    },
  ];
  return {
    client,
    truth: sim,
    proxy,
    symbols: sim.symbols,
    bookOptions: { depth: GATEIO_DEPTH },
    compareDepth: Math.min(options.compareDepth ?? GATEIO_DEPTH, GATEIO_DEPTH),
    faults: [...proxyFaults(proxy, restProxy), ...gateioFaults, ...connectionFaults(sim, 'bye')],
    stop: async () => {
      await Promise.all([proxy.close(), restProxy.close()]);
      await sim.stop();
    },
  };
}
