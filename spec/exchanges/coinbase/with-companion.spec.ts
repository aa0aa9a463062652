import { TestScheduler } from 'rxjs/testing';
import { throwError } from 'rxjs';
import { withCompanion } from '../../../lib/exchanges/coinbase/with-companion';

const marbles = () => new TestScheduler((actual, expected) => expect(actual).toEqual(expected));

describe('withCompanion', () => {
  it('forwards the source, ignores the companion values, and holds the companion exactly as long as the source', () => {
    marbles().run(({ cold, hot, expectObservable, expectSubscriptions }) => {
      const source = hot('  --a--b--c--|');
      const companion = cold('x-y-z-------');
      expectObservable(source.pipe(withCompanion(companion)), '^-------!').toBe('--a--b--');
      expectSubscriptions(source.subscriptions).toBe('^-------!');
      expectSubscriptions(companion.subscriptions).toBe('^-------!');
    });
  });

  it('completes with the source (unsubscribing the companion) but not with the companion', () => {
    marbles().run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold('--a----b|');
      const companion = cold('-|');
      expectObservable(source.pipe(withCompanion(companion))).toBe('--a----b|');
      expectSubscriptions(companion.subscriptions).toBe('^!');
      const longCompanion = cold('------');
      expectObservable(source.pipe(withCompanion(longCompanion))).toBe('--a----b|');
      expectSubscriptions(longCompanion.subscriptions).toBe('^-------!');
    });
  });

  it('forwards a companion error and ends both', () => {
    marbles().run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold('--a--b--c--|');
      const companion = cold('----#', undefined, new Error('heartbeats refused'));
      expectObservable(source.pipe(withCompanion(companion))).toBe('--a-#', undefined, new Error('heartbeats refused'));
      expectSubscriptions(source.subscriptions).toBe('^---!');
    });
  });

  it('never subscribes the companion when the source ends synchronously (e.g. a bad argument)', () => {
    marbles().run(({ cold, expectObservable, expectSubscriptions }) => {
      const companion = cold('--x--');
      expectObservable(throwError(() => new Error('bad symbol')).pipe(withCompanion(companion))).toBe('#', undefined, new Error('bad symbol'));
      expectSubscriptions(companion.subscriptions).toBe([]);
    });
  });
});
