import { bitfinex } from '../../exchanges/bitfinex/bitfinex';
import { BitfinexSimulator } from '../bitfinex/bitfinex-simulator';
import { undecodableFault } from './book-faults';
import { reopenedAfter, sawError, sawResync } from './chaos-fault';
import type { ChaosVenue, ChaosVenueOptions } from './chaos-venue';
import { CHAOS_RECONNECT, chaosMarket, chaosVenueOn } from './chaos-venue-setup';

/** Bitfinex's deepest book length: the top 100 of the default 200-level simulated book. */
const BITFINEX_DEPTH = 100;

/**
 * Bitfinex set up for a chaos run: a {@link BitfinexSimulator}, a {@link ChaosProxy} in front of its
 * WebSocket, and a `bitfinex()` client (books of 100 levels) with short ping timeouts and reconnect
 * delays, and a connection budget raised far above Bitfinex's 20 per minute (a chaos run reconnects
 * dozens of times a minute; the simulator's limit is raised to match). Faults: every proxy fault plus
 * the simulator's wrong checksum, skipped sequence number, truncated book message (its sequence
 * number is spent: every book resyncs), wrong types in a book update, info 20051 (reconnect now),
 * a maintenance (20060 … 20061: every channel resubscribed), a server close (1000), an abrupt drop
 * and a silent server.
 *
 * @example
 * ```ts
 * const venue = await bitfinexChaosVenue({ seed: 1 });
 * const report = await runChaos(venue, { faults: 50 });
 * await venue.stop();
 * ```
 */
export async function bitfinexChaosVenue(options: ChaosVenueOptions = {}): Promise<ChaosVenue> {
  const market = chaosMarket(options, ['BTC/USD', 'ETH/USD', 'SOL/USD']);
  const sim = await BitfinexSimulator.start({ ...market, tickerIntervalMs: 100, maxConnectionsPerMinute: 100_000 });
  return chaosVenueOn(sim, {
    seed: market.seed,
    // a 500 ms ping timeout keeps a loaded machine's pauses from looking like a half-open socket
    client: ({ wsUrl, restUrl }) =>
      bitfinex({ wsUrl: `${wsUrl}/ws/2`, restUrl, pingInterval: 200, pingTimeout: 500, reconnect: CHAOS_RECONNECT, connectionsPerMinute: 100_000 }),
    faults: [
      {
        name: 'sim: wrong checksum',
        inject: (symbol) => sim.corruptNextChecksum(symbol),
        expected: (events, symbol) => sawResync(events, symbol, 'checksum'),
        resyncs: 'symbol',
      },
      {
        name: 'sim: sequence number skipped',
        inject: () => sim.skipSequence(),
        expected: (events) => sawError(events, 'exchange', /sequence number went from/) && sawResync(events, undefined, 'gap'),
        resyncs: 'all',
      },
      { ...undecodableFault('sim: truncated book message (its sequence number spent)', (symbol) => sim.sendMalformed('invalid-json', symbol)), resyncs: 'all' },
      undecodableFault('sim: wrong types in a book update', (symbol) => sim.sendMalformed('schema', symbol)),
      {
        name: 'sim: info 20051 (reconnect)',
        inject: () => sim.restart(5_000),
        expected: (events) => reopenedAfter(events, (e) => e.type === 'close' && e.code === 1000 && /20051/.test(e.reason)),
        resyncs: 'all',
      },
      {
        name: 'sim: maintenance (info 20060, then 20061)',
        inject: () => sim.startMaintenance(),
        heal: () => sim.endMaintenance(),
        durationMs: 100,
        expected: (events) => sawError(events, 'exchange', /info 20060/) && sawError(events, 'exchange', /info 20061/),
        resyncs: 'all',
      },
    ],
    bookOptions: { depth: BITFINEX_DEPTH },
    compareDepth: Math.min(options.compareDepth ?? BITFINEX_DEPTH, BITFINEX_DEPTH),
  });
}
