import { gateioChaosVenue } from '../../lib/testing/chaos/gateio-chaos-venue';
import { describeChaosVenue } from './support/chaos-venue-spec';

const FAULTS = 50;
const SEED = 11;

describeChaosVenue(
  'Gate.io under chaos: 50+ seeded mixed faults, books checked against the truth on every event',
  () => gateioChaosVenue({ seed: SEED, stepsPerSecond: 100, bookLevels: 200 }),
  { faults: FAULTS, seed: SEED },
  (report) => {
    // the Gate.io rules were exercised: sequence breaks and whole-book resets
    expect(report.faultsByName['sim: book update withheld (sequence break)']).toBeGreaterThan(0);
    expect(report.faultsByName['sim: full=true push (the whole book)']).toBeGreaterThan(0);
  },
);
