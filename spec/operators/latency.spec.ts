import type { ExchangeId } from '../../lib/model/exchange-id';
import { latency, type LatencySample } from '../../lib/operators/latency';
import type { LatencyStats, LatencySummary } from '../../lib/operators/latency-stats';
import { marbles } from './marble-helpers';

/** A sample arriving at `frame` with the given feed latency and processing overhead. */
function sample(exchange: ExchangeId, frame: number, feed: number, processing: number): LatencySample {
  return { exchange, timestamp: frame - processing - feed, localTimestamp: frame - processing };
}

function summary(values: number[], p50: number, p90: number, p99: number): LatencySummary {
  return {
    count: values.length,
    min: Math.min(...values),
    p50,
    p90,
    p99,
    max: Math.max(...values),
    mean: values.reduce((a, b) => a + b, 0) / values.length,
  };
}

const NONE: LatencySummary = { count: 0, min: NaN, p50: NaN, p90: NaN, p99: NaN, max: NaN, mean: NaN };

function stats(exchange: ExchangeId, at: number, total: number, feed: LatencySummary, processing: LatencySummary, window = 20): LatencyStats {
  return { exchange, window, total, timestamp: at, ...feed, processing };
}

describe('latency', () => {
  it('reports rolling per-exchange statistics every interval over the window, and a final report on completion', () => {
    const s = marbles();
    s.run(({ hot, expectObservable }) => {
      const source = hot('-abc-d------e 22ms |', {
        a: sample('binance', 1, 10, 0),
        b: sample('binance', 2, 20, 1),
        c: sample('kraken', 3, 5, 0),
        d: sample('binance', 5, 30, 2),
        e: sample('binance', 12, 40, 0),
      });
      const kr = summary([5], 5, 5, 5);
      expectObservable(source.pipe(latency({ interval: 10, window: 20, scheduler: s }))).toBe('10ms (ab) 6ms (cd) 6ms (ef) 1ms (gh|)', {
        // nearest rank: p50 of 3 values is the 2nd, p90 the 3rd
        a: stats('binance', 10, 3, summary([10, 20, 30], 20, 30, 30), summary([0, 1, 2], 1, 2, 2)),
        b: stats('kraken', 10, 1, kr, summary([0], 0, 0, 0)),
        c: stats('binance', 20, 4, summary([10, 20, 30, 40], 20, 40, 40), summary([0, 1, 2, 0], 0, 2, 2)),
        d: stats('kraken', 20, 1, kr, summary([0], 0, 0, 0)),
        // window (10, 30]: only the sample that arrived at 12
        e: stats('binance', 30, 4, summary([40], 40, 40, 40), summary([0], 0, 0, 0)),
        f: stats('kraken', 30, 1, NONE, NONE),
        g: stats('binance', 35, 4, NONE, NONE),
        h: stats('kraken', 35, 1, NONE, NONE),
      });
    });
  });

  it('keeps at most maxSamples per exchange (the newest) while counting every sample in total', () => {
    const s = marbles();
    s.run(({ hot, expectObservable }) => {
      const source = hot('abc--|', { a: sample('coinbase', 0, 1, 0), b: sample('coinbase', 1, 2, 0), c: sample('coinbase', 2, 3, 0) });
      expectObservable(source.pipe(latency({ interval: 100, window: 20, maxSamples: 2, scheduler: s }))).toBe('-----(x|)', {
        x: stats('coinbase', 5, 3, summary([2, 3], 2, 3, 3), summary([0, 0], 0, 0, 0)),
      });
    });
  });

  it('keeps negative feed latency (clock skew is information) and ignores non-finite timestamps', () => {
    const s = marbles();
    s.run(({ hot, expectObservable }) => {
      const source = hot('ab-|', {
        a: { exchange: 'kraken', timestamp: 5, localTimestamp: 0 } as LatencySample,
        b: { exchange: 'binance', timestamp: Number.NaN, localTimestamp: 1 } as LatencySample,
      });
      expectObservable(source.pipe(latency({ interval: 100, window: 20, scheduler: s }))).toBe('---(x|)', {
        x: stats('kraken', 3, 1, summary([-5], -5, -5, -5), summary([0], 0, 0, 0)),
      });
    });
  });

  it('passes errors and stops its timer on unsubscribe', () => {
    const s = marbles();
    s.run(({ hot, expectObservable, expectSubscriptions }) => {
      expectObservable(hot('a-#', { a: sample('binance', 0, 1, 0) }).pipe(latency({ interval: 10, scheduler: s }))).toBe('--#');
      const source = hot('a---------------', { a: sample('binance', 0, 1, 0) });
      expectObservable(source.pipe(latency({ interval: 5, window: 20, scheduler: s })), '^-------!').toBe('-----x--', {
        x: stats('binance', 5, 1, summary([1], 1, 1, 1), summary([0], 0, 0, 0)),
      });
      expectSubscriptions(source.subscriptions).toBe('^-------!');
    });
  });

  it('uses asyncScheduler by default (virtual inside TestScheduler.run)', () => {
    marbles().run(({ hot, expectObservable }) => {
      const source = hot('a 1500ms |', { a: sample('binance', 0, 3, 0) });
      expectObservable(source.pipe(latency())).toBe('1s x 500ms (y|)', {
        x: { ...stats('binance', 1000, 1, summary([3], 3, 3, 3), summary([0], 0, 0, 0)), window: 10_000 },
        y: { ...stats('binance', 1501, 1, summary([3], 3, 3, 3), summary([0], 0, 0, 0)), window: 10_000 },
      });
    });
  });

  it('rejects invalid options', () => {
    expect(() => latency({ window: 0 })).toThrow(RangeError);
    expect(() => latency({ interval: -1 })).toThrow(RangeError);
    expect(() => latency({ maxSamples: 0 })).toThrow(RangeError);
  });
});
