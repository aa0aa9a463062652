import { defer } from 'rxjs';
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

describe('reconnect after a healthy connection', () => {
  const scheduler = () => new TestScheduler((actual, expected) => expect(actual).toEqual(expected));

  it('retries at once when a connection that proved healthy for at least `delay` is lost, then backs off from the second failure', () => {
    const testScheduler = scheduler();
    testScheduler.run(({ cold, expectSubscriptions }) => {
      const attempts: Array<[number, number]> = [];
      // first attempt: healthy for 20 ms then lost; the next three are refused at once
      let subscriptions = 0;
      const healthy = cold('m 19ms #');
      const refused = cold('#');
      const result = defer(() => (subscriptions++ === 0 ? healthy : refused)).pipe(
        reconnect<string>({ attempts: 3, delay: 10, maxDelay: 1000, scheduler: testScheduler, random: () => 1, isHealthy: (v) => v === 'm', onReconnect: (a, d) => attempts.push([a, d]) }),
      );
      result.subscribe({ error: () => undefined });
      testScheduler.flush();
      // lost at 20: at once (0), refused: 10, refused: 20, then the 4th failure gives up (attempts: 3)
      expect(attempts).toEqual([
        [1, 0],
        [2, 10],
        [3, 20],
      ]);
      expectSubscriptions(healthy.subscriptions).toBe(['^ 19ms !']);
      expectSubscriptions(refused.subscriptions).toBe(['20ms (^!)', '30ms (^!)', '50ms (^!)']);
    });
  });

  it('still waits the base delay when the connection was healthy for less than `delay` (accept, answer, drop)', () => {
    const testScheduler = scheduler();
    testScheduler.run(({ cold, expectObservable }) => {
      const delays: number[] = [];
      const source = cold('m-#'); // healthy, but lost 2 ms after opening
      const result = source.pipe(reconnect({ attempts: Infinity, delay: 10, maxDelay: 1000, scheduler: testScheduler, random: () => 1, isHealthy: (v) => v === 'm', onReconnect: (_, d) => delays.push(d) }));
      expectObservable(result, '^ 30ms !').toBe('m 11ms m 11ms m');
      testScheduler.flush();
      expect(delays).toEqual([10, 10, 10]);
    });
  });

  it('a clean completion of a healthy connection is repeated at once too', () => {
    const testScheduler = scheduler();
    testScheduler.run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold('m 9ms |');
      const result = source.pipe(reconnect({ attempts: 0, delay: 5, maxDelay: 100, scheduler: testScheduler, random: () => 1, isHealthy: (v) => v === 'm' }));
      expectObservable(result, '^ 25ms !').toBe('m 9ms m 9ms m');
      expectSubscriptions(source.subscriptions).toBe(['^ 9ms !', '10ms ^ 9ms !', '20ms ^ 5ms !']);
    });
  });

  it('does not retry at once when retryHealthyAtOnce is false', () => {
    const testScheduler = scheduler();
    testScheduler.run(({ cold, expectObservable }) => {
      const delays: number[] = [];
      const source = cold('m 19ms #');
      const result = source.pipe(
        reconnect({ attempts: Infinity, delay: 10, maxDelay: 1000, scheduler: testScheduler, random: () => 1, isHealthy: (v) => v === 'm', retryHealthyAtOnce: false, onReconnect: (_, d) => delays.push(d) }),
      );
      expectObservable(result, '^ 40ms !').toBe('m 29ms m');
      testScheduler.flush();
      expect(delays).toEqual([10]);
    });
  });
});
