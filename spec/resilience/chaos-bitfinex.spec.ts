import { type ChaosReport, runChaos } from '../../lib/testing/chaos/chaos-run';
import type { ChaosVenue } from '../../lib/testing/chaos/chaos-venue';
import { bitfinexChaosVenue } from '../../lib/testing/chaos/bitfinex-chaos-venue';
import { expectChaosSurvived } from './support/chaos-expectations';
import { ProcessGuard, released } from './support/expect-released';

const FAULTS = 50;
const SEED = 13;

describe('Bitfinex under chaos: 50+ seeded mixed faults, books checked against the truth on every event', () => {
  const guard = ProcessGuard.install();
  let venue: ChaosVenue;
  let report: ChaosReport;
  let leaked: Record<string, number> = {};

  beforeAll(async () => {
    venue = await bitfinexChaosVenue({ seed: SEED, stepsPerSecond: 100, bookLevels: 200 });
    report = await runChaos(venue, { faults: FAULTS, seed: SEED, settleMs: 20, trades: true });
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
    // the Bitfinex rules were exercised: checksums, the connection-wide sequence, the info codes
    expect(report.faultsByName['sim: wrong checksum']).toBeGreaterThan(0);
    expect(report.faultsByName['sim: sequence number skipped']).toBeGreaterThan(0);
    expect(report.faultsByName['sim: maintenance (info 20060, then 20061)']).toBeGreaterThan(0);
    expect(report.trades).toBeGreaterThan(0);
  });

  it('no unhandled rejection or uncaught exception, and every socket, server and timer released', () => {
    expect(guard.escaped).toEqual([]);
    expect(leaked).toEqual({});
  });
});
