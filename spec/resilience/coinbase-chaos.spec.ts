import { coinbaseChaosVenue } from '../../lib/testing/chaos/coinbase-chaos-venue';
import { runChaos } from '../../lib/testing/chaos/chaos-run';
import { expectChaosSurvived } from './support/chaos-expectations';
import { ProcessGuard, released } from './support/expect-released';

const FAULTS = 50;

describe('Coinbase under chaos (proxy + simulator faults)', () => {
  it(`keeps every book equal to the truth through ${FAULTS} seeded mixed faults, and releases everything`, async () => {
    const guard = ProcessGuard.install();
    try {
      const venue = await coinbaseChaosVenue({ seed: 11, stepsPerSecond: 100, bookLevels: 200 });
      const report = await runChaos(venue, { faults: FAULTS, seed: 11, settleMs: 30 });
      await venue.stop();
      expectChaosSurvived(report, venue, FAULTS);
      expect(venue.proxy.stats.cuts).toBeGreaterThan(0);
      expect(venue.proxy.stats.stalls).toBeGreaterThan(0);
      expect(venue.proxy.stats.pieces).toBeGreaterThan(0);
      expect(await released(guard)).toEqual({});
      expect(guard.escaped).toEqual([]);
    } finally {
      guard.uninstall();
    }
  }, 60_000);
});
