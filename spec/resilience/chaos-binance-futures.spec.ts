import { binanceFuturesChaosVenue } from '../../lib/testing/chaos/binance-futures-chaos-venue';
import { describeChaosVenue } from './support/chaos-venue-spec';

const FAULTS = 50;
const SEED = 11;

/** Binance USD-M through the chaos proxy and its simulator's protocol faults (incl. the pu break). */
describeChaosVenue(
  'Binance USD-M under chaos: 50+ seeded mixed faults, books checked against the truth on every event',
  () => binanceFuturesChaosVenue({ seed: SEED, stepsPerSecond: 100, bookLevels: 200 }),
  { faults: FAULTS, seed: SEED },
  (report) => {
    expect(report.faultsByName['sim: pu break (gap)']).toBeGreaterThan(0);
  },
);
