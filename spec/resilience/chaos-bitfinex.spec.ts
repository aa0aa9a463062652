import { bitfinexChaosVenue } from '../../lib/testing/chaos/bitfinex-chaos-venue';
import { describeChaosVenue } from './support/chaos-venue-spec';

const FAULTS = 50;
const SEED = 13;

describeChaosVenue(
  'Bitfinex under chaos: 50+ seeded mixed faults, books checked against the truth on every event',
  () => bitfinexChaosVenue({ seed: SEED, stepsPerSecond: 100, bookLevels: 200 }),
  { faults: FAULTS, seed: SEED, trades: true },
  (report) => {
    // the Bitfinex rules were exercised: checksums, the connection-wide sequence, the info codes
    expect(report.faultsByName['sim: wrong checksum']).toBeGreaterThan(0);
    expect(report.faultsByName['sim: sequence number skipped']).toBeGreaterThan(0);
    expect(report.faultsByName['sim: maintenance (info 20060, then 20061)']).toBeGreaterThan(0);
    expect(report.trades).toBeGreaterThan(0);
  },
);
