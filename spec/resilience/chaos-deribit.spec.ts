import { type ChaosReport, runChaos } from '../../lib/testing/chaos/chaos-run';
import type { ChaosVenue } from '../../lib/testing/chaos/chaos-venue';
import { deribitChaosVenue } from '../../lib/testing/chaos/deribit-chaos-venue';
import { expectChaosSurvived } from './support/chaos-expectations';
import { ProcessGuard, released } from './support/expect-released';

const FAULTS = 50;
const SEED = 11;

/**
 * Deribit through the chaos proxy and its simulator's protocol faults: inverse and linear
 * perpetuals' whole books on one socket, each event audited against the truth.
 */
describe('Deribit under chaos: 50+ seeded mixed faults, books checked against the truth on every event', () => {
  const guard = ProcessGuard.install();
  let venue: ChaosVenue;
  let report: ChaosReport;
  let leaked: Record<string, number> = {};

  beforeAll(async () => {
    venue = await deribitChaosVenue({ seed: SEED, stepsPerSecond: 100, bookLevels: 200 });
    report = await runChaos(venue, { faults: FAULTS, seed: SEED, settleMs: 20 });
    await venue.stop();
    leaked = await released(guard);
    guard.uninstall();
  }, 55_000);
  afterAll(() => guard.uninstall());

  it('every fault raised its expected event, every book recovered to the exact truth, never showed a wrong state, no stream failed', () => {
    expectChaosSurvived(report, venue, FAULTS);
    // the proxy really cut, stalled and split this client's connections
    expect(venue.proxy.stats.cuts).toBeGreaterThan(0);
    expect(venue.proxy.stats.stalls).toBeGreaterThan(0);
    expect(venue.proxy.stats.pieces).toBeGreaterThan(0);
    // the Deribit rules were exercised: change_id breaks and each action that does not fit the book
    for (const name of ['sim: lost book notification (change_id break)', 'sim: delete of a level the book lacks', 'sim: change of a level the book lacks', 'sim: new of a level the book holds']) {
      expect(report.faultsByName[name]).toBeGreaterThan(0);
    }
  });

  it('no unhandled rejection or uncaught exception, and every socket, server and timer released', () => {
    expect(guard.escaped).toEqual([]);
    expect(leaked).toEqual({});
  });
});
