import { TestScheduler } from 'rxjs/testing';
import { asyncScheduler, of } from 'rxjs';
import { ControlRate, throttled } from '../../../lib/exchanges/common/control-rate';

describe('ControlRate', () => {
  it('keeps the per-second budget (a 1.1 s window)', () => {
    const rate = new ControlRate(2);
    rate.record(0);
    rate.record(10);
    expect(rate.waitFor(20)).toBe(1080);
    expect(rate.waitFor(1100)).toBe(0);
  });

  it('keeps an hourly budget on top of the per-second one: the 481st message waits until the first leaves the hour', () => {
    const rate = new ControlRate(1000, 480);
    for (let i = 0; i < 480; i++) {
      expect(rate.waitFor(i * 2000)).toBe(0);
      rate.record(i * 2000);
    }
    const now = 480 * 2000;
    // the first one was sent at 0: free again one hour (+1 s margin) later
    expect(rate.waitFor(now)).toBe(3_601_000 - now);
    expect(rate.waitFor(3_601_000)).toBe(0);
  });

  it('without an hourly budget, long runs never wait past the second window', () => {
    const rate = new ControlRate(5);
    for (let i = 0; i < 2000; i++) rate.record(i * 300);
    expect(rate.waitFor(2000 * 300)).toBe(0);
  });
});

describe('throttled', () => {
  it('holds a request back until the budget allows it and counts it when it starts', () => {
    // run() virtualises the async scheduler (its now() and its timers)
    new TestScheduler((a, b) => expect(a).toEqual(b)).run(({ expectObservable }) => {
      const rate = new ControlRate(2);
      const request = (name: string) => throttled(rate, asyncScheduler, of(name));
      expectObservable(request('a')).toBe('(a|)');
      expectObservable(request('b')).toBe('(b|)');
      // the third waits for the 1.1 s window of the first
      expectObservable(request('c')).toBe('1100ms (c|)');
    });
  });
});
