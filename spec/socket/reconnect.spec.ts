import { TestScheduler } from 'rxjs/testing';
import { reconnect } from '../../lib/socket/reconnect';

describe('reconnect', () => {
  const scheduler = () => new TestScheduler((actual, expected) => expect(actual).toEqual(expected));

  it('retries errors with exponential backoff (random fixed at 1) and reports each attempt', () => {
    const testScheduler = scheduler();
    testScheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
      const attempts: Array<[number, number]> = [];
      const source = cold('--#');
      const result = source.pipe(
        reconnect({ attempts: 3, delay: 10, maxDelay: 1000, scheduler: testScheduler, random: () => 1, onReconnect: (a, d) => attempts.push([a, d]) }),
      );
      // fail at 2, wait 10 → resubscribe 12, fail 14, wait 20 → 34, fail 36, wait 40 → 76, fail 78: gives up after 3 retries
      expectObservable(result).toBe('78ms #');
      expectSubscriptions(source.subscriptions).toBe(['^-!', '12ms ^-!', '34ms ^-!', '76ms ^-!']);
      testScheduler.flush();
      expect(attempts).toEqual([
        [1, 10],
        [2, 20],
        [3, 40],
      ]);
    });
  });

  it('caps the delay at maxDelay', () => {
    const testScheduler = scheduler();
    testScheduler.run(({ cold, expectSubscriptions }) => {
      const source = cold('#');
      source.pipe(reconnect({ attempts: 4, delay: 10, maxDelay: 15, scheduler: testScheduler, random: () => 1 })).subscribe({ error: () => undefined });
      // waits 10, 15, 15, 15
      expectSubscriptions(source.subscriptions).toBe(['(^!)', '10ms (^!)', '25ms (^!)', '40ms (^!)', '55ms (^!)']);
    });
  });

  it('resets the backoff once the source emits (connection opened)', () => {
    const testScheduler = scheduler();
    testScheduler.run(({ cold, expectObservable }) => {
      const delays: number[] = [];
      const source = cold('a-#');
      const result = source.pipe(reconnect({ attempts: Infinity, delay: 10, maxDelay: 1000, scheduler: testScheduler, random: () => 1, onReconnect: (_, d) => delays.push(d) }));
      // every attempt opens (emits a), so every retry is attempt 1 with the base delay
      expectObservable(result, '^ 40ms !').toBe('a 11ms a 11ms a 11ms a');
      testScheduler.flush();
      expect(delays).toEqual([10, 10, 10, 10]);
    });
  });

  it('repeats after a clean completion (server closed normally) after the base delay', () => {
    const testScheduler = scheduler();
    testScheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold('a-|');
      const result = source.pipe(reconnect({ attempts: 0, delay: 5, maxDelay: 100, scheduler: testScheduler, random: () => 1 }));
      expectObservable(result, '^ 15ms !').toBe('a------a------a-');
      expectSubscriptions(source.subscriptions).toBe(['^-!', '7ms ^-!', '14ms ^-!']);
    });
  });

  it('keeps backing off when the connection opens but never proves healthy (accept-then-drop servers)', () => {
    const testScheduler = scheduler();
    testScheduler.run(({ cold, expectObservable }) => {
      const delays: number[] = [];
      const source = cold('o-#'); // opens, then fails before any message
      const result = source.pipe(
        reconnect({ attempts: Infinity, delay: 10, maxDelay: 1000, scheduler: testScheduler, random: () => 1, isHealthy: (v) => v === 'm', onReconnect: (_, d) => delays.push(d) }),
      );
      expectObservable(result, '^ 80ms !').toBe('o 11ms o 21ms o 41ms o');
      testScheduler.flush();
      expect(delays).toEqual([10, 20, 40, 80]);
    });
  });

  it('a healthy emission resets the backoff', () => {
    const testScheduler = scheduler();
    testScheduler.run(({ cold, expectObservable }) => {
      const delays: number[] = [];
      const source = cold('om#'); // opens, proves healthy, then fails
      const result = source.pipe(
        reconnect({ attempts: Infinity, delay: 10, maxDelay: 1000, scheduler: testScheduler, random: () => 1, isHealthy: (v) => v === 'm', onReconnect: (_, d) => delays.push(d) }),
      );
      expectObservable(result, '^ 30ms !').toBe('om 10ms om 10ms om');
      testScheduler.flush();
      expect(delays).toEqual([10, 10, 10]);
    });
  });
});
