import { bybitChaosVenue } from '../../lib/testing/chaos/bybit-chaos-venue';
import { describeChaosVenue } from './support/chaos-venue-spec';

const FAULTS = 50;
const SEED = 11;

/**
 * Bybit through the chaos proxy and its simulator's protocol faults: spot and linear books on one
 * client (two sockets through the proxy), each event audited against the truth.
 */
describeChaosVenue(
  'Bybit under chaos: 50+ seeded mixed faults, books checked against the truth on every event',
  () => bybitChaosVenue({ seed: SEED, stepsPerSecond: 100, bookLevels: 200 }),
  { faults: FAULTS, seed: SEED },
  (report, venue) => {
    expect(venue.symbols.filter((s) => s.includes(':')).length).toBeGreaterThan(0); // linear and spot books both audited
    expect(venue.symbols.filter((s) => !s.includes(':')).length).toBeGreaterThan(0);
    expect(report.faultsByName['sim: u = 1 restart snapshot']).toBeGreaterThan(0);
  },
);
