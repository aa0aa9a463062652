import { gateio } from '../../exchanges/gateio/gateio';
import { GateioSimulator } from '../gateio/gateio-simulator';
import { gapFault, restFailureFault, truncatedFrameFault, undecodableFault } from './book-faults';
import { sawResync } from './chaos-fault';
import type { ChaosVenue, ChaosVenueOptions } from './chaos-venue';
import { CHAOS_RECONNECT, chaosMarket, chaosVenueOn } from './chaos-venue-setup';

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
  const market = chaosMarket(options, ['BTC/USDT', 'ETH/USDT', 'SOL/USDT']);
  const sim = await GateioSimulator.start({ ...market, bookIntervalMs: 10, tickerIntervalMs: 100 });
  const gap = (symbol: string): void => sim.skipBookUpdate(symbol);
  return chaosVenueOn(sim, {
    seed: market.seed,
    proxyRest: true,
    // a 500 ms timeout keeps a loaded machine's pauses from looking like a half-open socket
    client: ({ wsUrl, restUrl }) => gateio({ wsUrl: `${wsUrl}/ws/v4/`, restUrl, pingInterval: 200, pingTimeout: 500, reconnect: CHAOS_RECONNECT }),
    faults: [
      gapFault('sim: book update withheld (sequence break)', gap),
      {
        name: 'sim: full=true push (the whole book)',
        inject: (symbol) => sim.resetBook(symbol),
        expected: (events, symbol) => sawResync(events, symbol, 'reset'),
        resyncs: 'symbol',
      },
      truncatedFrameFault('sim: truncated book frame', (symbol) => sim.sendMalformed('invalid-json', symbol)),
      undecodableFault('sim: wrong types in a book update', (symbol) => sim.sendMalformed('schema', symbol)),
      restFailureFault('sim: REST 429 during a resync', () => sim.failRest(429, 1, 0), gap, /429/),
    ],
    bookOptions: { depth: GATEIO_DEPTH },
    compareDepth: Math.min(options.compareDepth ?? GATEIO_DEPTH, GATEIO_DEPTH),
  });
}
