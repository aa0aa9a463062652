import type { ChaosReport } from '../../../lib/testing/chaos/chaos-run';
import type { ChaosVenue } from '../../../lib/testing/chaos/chaos-venue';

/**
 * The assertions every exchange's chaos test makes on a {@link ChaosReport}.
 *
 * @example
 * ```ts
 * expectChaosSurvived(report, venue, 50);
 * ```
 */
export function expectChaosSurvived(report: ChaosReport, venue: ChaosVenue, minimumFaults: number): void {
  // every check of the run held: expected events, resyncs, verified snapshots, checkpoints, audits, streams
  expect(report.failures).toEqual([]);
  expect(report.faultsInjected).toBeGreaterThanOrEqual(minimumFaults);
  // every kind of fault was injected at least once
  expect(Object.keys(report.faultsByName).sort()).toEqual(venue.faults.map((f) => f.name).sort());
  // one passed full comparison with the paused truth at the start and after every fault
  expect(report.checkpoints).toBe(report.faultsInjected + 1);
  // every book event was checked against the truth and matched it
  expect(report.bookEvents).toBeGreaterThan(report.faultsInjected);
  expect(report.verifiedEvents).toBe(report.bookEvents);
  expect(report.recoveries).toBe(venue.faults.filter((f) => f.resyncs !== 'none').reduce((n, f) => n + (report.faultsByName[f.name] ?? 0), 0));
  expect(report.snapshots).toBeGreaterThan(report.recoveries);
}
