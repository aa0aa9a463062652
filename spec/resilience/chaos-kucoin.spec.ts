import { type ChaosReport, runChaos } from '../../lib/testing/chaos/chaos-run';
import type { ChaosVenue } from '../../lib/testing/chaos/chaos-venue';
import { kucoinChaosVenue } from '../../lib/testing/chaos/kucoin-chaos-venue';
import { expectChaosSurvived } from './support/chaos-expectations';
import { ProcessGuard, released } from './support/expect-released';

const FAULTS = 50;
const SEED = 15;

describe('KuCoin under chaos: 50+ seeded mixed faults, books checked against the truth on every event', () => {
  const guard = ProcessGuard.install();
  let venue: ChaosVenue;
  let report: ChaosReport;
  let leaked: Record<string, number> = {};

  beforeAll(async () => {
    venue = await kucoinChaosVenue({ seed: SEED, stepsPerSecond: 100, bookLevels: 200 });
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
    // the KuCoin rules were exercised: sequence breaks, expired tokens and failed token requests
    expect(report.faultsByName['sim: level2 push withheld (sequence break)']).toBeGreaterThan(0);
    expect(report.faultsByName['sim: tokens expire (401, closed, a fresh token)']).toBeGreaterThan(0);
    expect(report.faultsByName['sim: the token request fails on the reconnect']).toBeGreaterThan(0);
  });

  it('no unhandled rejection or uncaught exception, and every socket, server and timer released', () => {
    expect(guard.escaped).toEqual([]);
    expect(leaked).toEqual({});
  });
});
