import { binanceChaosVenue } from '../../lib/testing/chaos/binance-chaos-venue';
import { type ChaosReport, runChaos } from '../../lib/testing/chaos/chaos-run';
import type { ChaosVenue } from '../../lib/testing/chaos/chaos-venue';
import { coinbaseChaosVenue } from '../../lib/testing/chaos/coinbase-chaos-venue';
import { krakenChaosVenue } from '../../lib/testing/chaos/kraken-chaos-venue';
import { expectChaosSurvived } from './support/chaos-expectations';
import { ProcessGuard, released } from './support/expect-released';

const FAULTS = 50;
const SEED = 11;

/**
 * Every exchange through the chaos proxy and its simulator's protocol faults, all three at once
 * (each with its own simulator, proxy and client): the runs mostly wait on the exchanges' own
 * control-message rate limits, so running them side by side keeps the suite short.
 */
describe('every exchange under chaos: 50+ seeded mixed faults each, books checked against the truth on every event', () => {
  const guard = ProcessGuard.install();
  const runs = new Map<string, { venue: ChaosVenue; report: ChaosReport }>();
  let leaked: Record<string, number> = {};

  beforeAll(async () => {
    const makers = { binance: binanceChaosVenue, coinbase: coinbaseChaosVenue, kraken: krakenChaosVenue };
    await Promise.all(
      Object.entries(makers).map(async ([exchange, make]) => {
        const venue = await make({ seed: SEED, stepsPerSecond: 100, bookLevels: 200 });
        const report = await runChaos(venue, { faults: FAULTS, seed: SEED, settleMs: 20 });
        await venue.stop();
        runs.set(exchange, { venue, report });
      }),
    );
    leaked = await released(guard);
    guard.uninstall();
  }, 55_000);
  afterAll(() => guard.uninstall());

  for (const exchange of ['binance', 'coinbase', 'kraken']) {
    it(`${exchange}: every fault raised its expected event, every book recovered to the exact truth, never showed a wrong state, no stream failed`, () => {
      const run = runs.get(exchange)!;
      expectChaosSurvived(run.report, run.venue, FAULTS);
      // the proxy really cut, stalled and split this client's connections
      expect(run.venue.proxy.stats.cuts).toBeGreaterThan(0);
      expect(run.venue.proxy.stats.stalls).toBeGreaterThan(0);
      expect(run.venue.proxy.stats.pieces).toBeGreaterThan(0);
    });
  }

  it('no unhandled rejection or uncaught exception, and every socket, server and timer released', () => {
    expect(runs.size).toBe(3);
    expect(guard.escaped).toEqual([]);
    expect(leaked).toEqual({});
  });
});
