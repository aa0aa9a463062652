import { kucoinChaosVenue } from '../../lib/testing/chaos/kucoin-chaos-venue';
import { describeChaosVenue } from './support/chaos-venue-spec';

const FAULTS = 50;
const SEED = 15;

describeChaosVenue(
  'KuCoin under chaos: 50+ seeded mixed faults, books checked against the truth on every event',
  () => kucoinChaosVenue({ seed: SEED, stepsPerSecond: 100, bookLevels: 200 }),
  { faults: FAULTS, seed: SEED },
  (report) => {
    // the KuCoin rules were exercised: sequence breaks, expired tokens and failed token requests
    expect(report.faultsByName['sim: level2 push withheld (sequence break)']).toBeGreaterThan(0);
    expect(report.faultsByName['sim: tokens expire (401, closed, a fresh token)']).toBeGreaterThan(0);
    expect(report.faultsByName['sim: the token request fails on the reconnect']).toBeGreaterThan(0);
  },
);
