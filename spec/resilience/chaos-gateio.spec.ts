import { type ChaosReport, runChaos } from '../../lib/testing/chaos/chaos-run';
import type { ChaosVenue } from '../../lib/testing/chaos/chaos-venue';
import { gateioChaosVenue } from '../../lib/testing/chaos/gateio-chaos-venue';
import { expectChaosSurvived } from './support/chaos-expectations';
import { ProcessGuard, released } from './support/expect-released';

const FAULTS = 50;
const SEED = 11;

describe('Gate.io under chaos: 50+ seeded mixed faults, books checked against the truth on every event', () => {
  const guard = ProcessGuard.install();
  let venue: ChaosVenue;
  let report: ChaosReport;
  let leaked: Record<string, number> = {};

  beforeAll(async () => {
    venue = await gateioChaosVenue({ seed: SEED, stepsPerSecond: 100, bookLevels: 200 });
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
    // the Gate.io rules were exercised: sequence breaks and whole-book resets
    expect(report.faultsByName['sim: book update withheld (sequence break)']).toBeGreaterThan(0);
    expect(report.faultsByName['sim: full=true push (the whole book)']).toBeGreaterThan(0);
  });

  it('no unhandled rejection or uncaught exception, and every socket, server and timer released', () => {
    expect(guard.escaped).toEqual([]);
    expect(leaked).toEqual({});
  });
});
