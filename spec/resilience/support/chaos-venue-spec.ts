import { type ChaosReport, type ChaosRunOptions, runChaos } from '../../../lib/testing/chaos/chaos-run';
import type { ChaosVenue } from '../../../lib/testing/chaos/chaos-venue';
import { expectChaosSurvived } from './chaos-expectations';
import { ProcessGuard, released } from './expect-released';

/**
 * The chaos test of one venue, as every venue's spec writes it: start the venue, run `faults` seeded
 * faults, stop it, then check the run survived ({@link expectChaosSurvived}), that the proxy really cut,
 * stalled and split the client's connections, the venue's own rules (`venueChecks`), and that nothing
 * escaped or leaked.
 *
 * @example
 * ```ts
 * describeChaosVenue('Gate.io under chaos: …', () => gateioChaosVenue({ seed: 11 }), { faults: 50, seed: 11 }, (report) => {
 *   expect(report.faultsByName['sim: full=true push (the whole book)']).toBeGreaterThan(0);
 * });
 * ```
 */
export function describeChaosVenue(
  title: string,
  start: () => Promise<ChaosVenue>,
  run: Omit<ChaosRunOptions, 'faults'> & { readonly faults: number },
  venueChecks: (report: ChaosReport, venue: ChaosVenue) => void,
): void {
  describe(title, () => {
    const guard = ProcessGuard.install();
    let venue: ChaosVenue;
    let report: ChaosReport;
    let leaked: Record<string, number> = {};

    beforeAll(async () => {
      venue = await start();
      report = await runChaos(venue, { settleMs: 20, ...run });
      await venue.stop();
      leaked = await released(guard);
      guard.uninstall();
    }, 55_000);
    afterAll(() => guard.uninstall());

    it('every fault raised its expected event, every book recovered to the exact truth, never showed a wrong state, no stream failed', () => {
      expectChaosSurvived(report, venue, run.faults);
      // the proxy really cut, stalled and split this client's connections
      expect(venue.proxy.stats.cuts).toBeGreaterThan(0);
      expect(venue.proxy.stats.stalls).toBeGreaterThan(0);
      expect(venue.proxy.stats.pieces).toBeGreaterThan(0);
      venueChecks(report, venue);
    });

    it('no unhandled rejection or uncaught exception, and every socket, server and timer released', () => {
      expect(guard.escaped).toEqual([]);
      expect(leaked).toEqual({});
    });
  });
}
