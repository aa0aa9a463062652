import { type ChaosReport, runChaos } from '../../lib/testing/chaos/chaos-run';
import type { ChaosVenue } from '../../lib/testing/chaos/chaos-venue';
import { okxChaosVenue } from '../../lib/testing/chaos/okx-chaos-venue';
import { expectChaosSurvived } from './support/chaos-expectations';
import { ProcessGuard, released } from './support/expect-released';

const FAULTS = 50;
const SEED = 11;
const GENERATIONS = ['checksum', 'rest'] as const;

/**
 * OKX through the chaos proxy and its simulator's protocol faults, in both generations of its `books`
 * channel at once (each with its own simulator, proxies and client): snapshot + CRC32 checksum, and
 * the 2026 channel without either (books from REST snapshots bridged by seqId).
 */
describe('OKX under chaos: 50+ seeded mixed faults per generation, books checked against the truth on every event', () => {
  const guard = ProcessGuard.install();
  const runs = new Map<string, { venue: ChaosVenue; report: ChaosReport }>();
  let leaked: Record<string, number> = {};

  beforeAll(async () => {
    await Promise.all(
      GENERATIONS.map(async (generation) => {
        const venue = await okxChaosVenue({ seed: SEED, stepsPerSecond: 100, bookLevels: 200, generation });
        const report = await runChaos(venue, { faults: FAULTS, seed: SEED, settleMs: 20 });
        await venue.stop();
        runs.set(generation, { venue, report });
      }),
    );
    leaked = await released(guard);
    guard.uninstall();
  }, 90_000); // ~16 s of CPU; most of the wall time is waiting (2 s back-off after each REST 429, reconnects, ping timeouts)
  afterAll(() => guard.uninstall());

  for (const generation of GENERATIONS) {
    it(`${generation}: every fault raised its expected event, every book recovered to the exact truth, never showed a wrong state, no stream failed`, () => {
      const run = runs.get(generation)!;
      expectChaosSurvived(run.report, run.venue, FAULTS);
      expect(run.venue.proxy.stats.cuts).toBeGreaterThan(0);
      expect(run.venue.proxy.stats.stalls).toBeGreaterThan(0);
      expect(run.venue.proxy.stats.pieces).toBeGreaterThan(0);
    });
  }

  it('no unhandled rejection or uncaught exception, and every socket, server and timer released', () => {
    expect(runs.size).toBe(GENERATIONS.length);
    expect(guard.escaped).toEqual([]);
    expect(leaked).toEqual({});
  });
});
