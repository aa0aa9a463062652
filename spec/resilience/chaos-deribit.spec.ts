import { deribitChaosVenue } from '../../lib/testing/chaos/deribit-chaos-venue';
import { describeChaosVenue } from './support/chaos-venue-spec';

const FAULTS = 50;
const SEED = 11;

/**
 * Deribit through the chaos proxy and its simulator's protocol faults: inverse and linear
 * perpetuals' whole books on one socket, each event audited against the truth.
 */
describeChaosVenue(
  'Deribit under chaos: 50+ seeded mixed faults, books checked against the truth on every event',
  () => deribitChaosVenue({ seed: SEED, stepsPerSecond: 100, bookLevels: 200 }),
  { faults: FAULTS, seed: SEED },
  (report) => {
    // the Deribit rules were exercised: change_id breaks and each action that does not fit the book
    for (const name of ['sim: lost book notification (change_id break)', 'sim: delete of a level the book lacks', 'sim: change of a level the book lacks', 'sim: new of a level the book holds']) {
      expect(report.faultsByName[name]).toBeGreaterThan(0);
    }
  },
);
