import { kraken } from '../../exchanges/kraken/kraken';
import { KrakenSimulator } from '../kraken/kraken-simulator';
import { undecodableFault } from './book-faults';
import { sawResync } from './chaos-fault';
import type { ChaosVenue, ChaosVenueOptions } from './chaos-venue';
import { CHAOS_RECONNECT, chaosMarket, chaosVenueOn } from './chaos-venue-setup';

/** Kraken's book depth used by the run: the deepest that fits the default 200-level simulated book. */
const KRAKEN_DEPTH = 100;

/**
 * Kraken WS v2 set up for a chaos run: a {@link KrakenSimulator}, a {@link ChaosProxy} in front of
 * it and a `kraken()` client (books of depth 100) with short ping timeouts and reconnect delays.
 * Faults: every proxy fault plus a bad checksum, a truncated book frame, wrong types in a book
 * update (each: that book resyncs), a server close (1000), an abrupt drop and a silent server.
 *
 * @example
 * ```ts
 * const venue = await krakenChaosVenue({ seed: 1 });
 * const report = await runChaos(venue, { faults: 50 });
 * await venue.stop();
 * ```
 */
export async function krakenChaosVenue(options: ChaosVenueOptions = {}): Promise<ChaosVenue> {
  const market = chaosMarket(options, ['BTC/USD', 'ETH/USD', 'SOL/USD']);
  const sim = await KrakenSimulator.start(market);
  return chaosVenueOn(sim, {
    seed: market.seed,
    client: ({ wsUrl }) => kraken({ wsUrl: `${wsUrl}/v2`, pingInterval: 150, pingTimeout: 250, reconnect: CHAOS_RECONNECT }),
    faults: [
      {
        name: 'sim: bad checksum',
        inject: (symbol) => sim.corruptNextChecksum(symbol),
        expected: (events, symbol) => sawResync(events, symbol, 'checksum'),
        resyncs: 'symbol',
      },
      undecodableFault('sim: truncated book frame', (symbol) => sim.sendMalformed('invalid-json', symbol)),
      undecodableFault('sim: wrong types in a book update', (symbol) => sim.sendMalformed('schema', symbol)),
    ],
    bookOptions: { depth: KRAKEN_DEPTH },
    compareDepth: Math.min(options.compareDepth ?? KRAKEN_DEPTH, KRAKEN_DEPTH),
    keepalive: { pingInterval: 150, pingTimeout: 250 },
  });
}
