import { bybitChaosVenue } from '../../lib/testing/chaos/bybit-chaos-venue';
import { type ChaosReport, runChaos } from '../../lib/testing/chaos/chaos-run';
import type { ChaosVenue } from '../../lib/testing/chaos/chaos-venue';
import { expectChaosSurvived } from './support/chaos-expectations';
import { ProcessGuard, released } from './support/expect-released';

const FAULTS = 50;
const SEED = 11;

/**
 * Bybit through the chaos proxy and its simulator's protocol faults: spot and linear books on one
 * client (two sockets through the proxy), each event audited against the truth.
 */
describe('Bybit under chaos: 50+ seeded mixed faults, books checked against the truth on every event', () => {
  const guard = ProcessGuard.install();
  let venue: ChaosVenue;
  let report: ChaosReport;
  let leaked: Record<string, number> = {};

  beforeAll(async () => {
    venue = await bybitChaosVenue({ seed: SEED, stepsPerSecond: 100, bookLevels: 200 });
    report = await runChaos(venue, { faults: FAULTS, seed: SEED, settleMs: 20 });
    await venue.stop();
    leaked = await released(guard);
    guard.uninstall();
  }, 55_000);
  afterAll(() => guard.uninstall());

  it('every fault raised its expected event, every book recovered to the exact truth, never showed a wrong state, no stream failed', () => {
    expectChaosSurvived(report, venue, FAULTS);
    expect(venue.symbols.filter((s) => s.includes(':')).length).toBeGreaterThan(0); // linear and spot books both audited
    expect(venue.symbols.filter((s) => !s.includes(':')).length).toBeGreaterThan(0);
    expect(report.faultsByName['sim: u = 1 restart snapshot']).toBeGreaterThan(0);
    expect(venue.proxy.stats.cuts).toBeGreaterThan(0);
    expect(venue.proxy.stats.stalls).toBeGreaterThan(0);
    expect(venue.proxy.stats.pieces).toBeGreaterThan(0);
  });

  it('no unhandled rejection or uncaught exception, and every socket, server and timer released', () => {
    expect(guard.escaped).toEqual([]);
    expect(leaked).toEqual({});
  });
});
