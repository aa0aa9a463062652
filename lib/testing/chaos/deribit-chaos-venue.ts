import { deribit } from '../../exchanges/deribit/deribit';
import { DeribitSimulator } from '../deribit/deribit-simulator';
import { gapFault, undecodableFault } from './book-faults';
import type { ChaosVenue, ChaosVenueOptions } from './chaos-venue';
import { CHAOS_RECONNECT, chaosMarket, chaosVenueOn } from './chaos-venue-setup';

/**
 * Deribit set up for a chaos run: a {@link DeribitSimulator} (inverse and linear perpetuals, whole
 * books of 200 levels, heartbeats every 1.5 s so a stalled socket is found by the client's ping
 * timeout before the server gives up on it), a {@link ChaosProxy} in front of its WebSocket and a
 * `deribit()` client with a 500 ms ping timeout (a loaded machine's pauses must not look like a
 * half-open socket) and short reconnect delays. Faults: every proxy fault plus a lost book
 * notification (`prev_change_id` break), the three actions that do not fit the book (`delete` and
 * `change` of a missing level, `new` of an existing one), a truncated book frame and wrong types in
 * one (decode errors), a server close (1000), an abrupt drop and a silent server.
 *
 * @example
 * ```ts
 * const venue = await deribitChaosVenue({ seed: 1 });
 * const report = await runChaos(venue, { faults: 50 });
 * await venue.stop();
 * ```
 */
export async function deribitChaosVenue(options: ChaosVenueOptions = {}): Promise<ChaosVenue> {
  const market = chaosMarket(options, ['BTC/USD:BTC', 'ETH/USD:ETH', 'BTC/USDC:USDC']);
  const sim = await DeribitSimulator.start({ ...market, heartbeatIntervalMs: 1_500 });
  const badAction = (kind: 'delete-missing' | 'change-missing' | 'new-existing', name: string, pattern: RegExp) =>
    gapFault(name, (symbol) => sim.sendBadAction(symbol, kind), pattern);
  return chaosVenueOn(sim, {
    seed: market.seed,
    client: ({ wsUrl, restUrl }) => deribit({ wsUrl: `${wsUrl}/ws/api/v2`, restUrl, pingInterval: 200, pingTimeout: 500, reconnect: CHAOS_RECONNECT }),
    faults: [
      gapFault('sim: lost book notification (change_id break)', (symbol) => sim.skipChange(symbol), /prev_change_id/),
      badAction('delete-missing', 'sim: delete of a level the book lacks', /delete of .* which the book does not hold/),
      badAction('change-missing', 'sim: change of a level the book lacks', /change of .* which the book does not hold/),
      badAction('new-existing', 'sim: new of a level the book holds', /new .* which the book already holds/),
      undecodableFault('sim: truncated book frame', (symbol) => sim.sendMalformed('invalid-json', symbol)),
      undecodableFault('sim: wrong types in a book notification', (symbol) => sim.sendMalformed('schema', symbol)),
    ],
    bookOptions: {},
    compareDepth: options.compareDepth ?? market.bookLevels,
  });
}
