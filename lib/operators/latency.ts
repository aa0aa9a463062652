import { asyncScheduler, interval as intervalOf, Observable, type OperatorFunction, type SchedulerLike } from 'rxjs';
import type { ExchangeId } from '../model/exchange-id';
import type { LatencyStats } from './latency-stats';
import { SampleWindow } from './sample-window';

/**
 * Anything timestamped by an exchange and on receipt: `Ticker`, `Trade`, `BookEvent`, `OrderBookState`.
 *
 * @example
 * ```ts
 * const e: LatencySample = { exchange: 'binance', timestamp: 1_700_000_000_000, localTimestamp: 1_700_000_000_012.4 };
 * ```
 */
export interface LatencySample {
  readonly exchange: ExchangeId;
  readonly timestamp: number;
  readonly localTimestamp: number;
}

/**
 * Options of {@link latency}.
 *
 * @example
 * ```ts
 * const options: LatencyOptions = { window: 60_000, interval: 5_000, maxSamples: 50_000 };
 * ```
 */
export interface LatencyOptions {
  /** Rolling window in ms (default 10 000). */
  readonly window?: number;
  /** Reporting period in ms (default 1 000). */
  readonly interval?: number;
  /** Most samples kept per exchange; the newest win (default 10 000). Bounds memory at any rate. */
  readonly maxSamples?: number;
  /** Clock and timer (default `asyncScheduler`). */
  readonly scheduler?: SchedulerLike;
}

/**
 * Measures feed latency (`localTimestamp - timestamp`) and the library's processing overhead
 * (`scheduler.now()` on arrival − `localTimestamp`) per exchange, and every `interval` ms emits one
 * {@link LatencyStats} per exchange seen so far (in order of first appearance) over the samples
 * that arrived in the last `window` ms. An exchange with no recent samples reports `count: 0`
 * and `NaN` figures. On completion a final report is emitted, then the output completes.
 * Samples with a non-finite `timestamp` or `localTimestamp` are ignored.
 *
 * @example
 * ```ts
 * merge(bn.trades('BTC/USDT'), kr.trades('BTC/USD')).pipe(latency({ window: 30_000, interval: 5_000 }))
 *   .subscribe((s) => console.log(`${s.exchange} p50=${s.p50}ms p99=${s.p99}ms overhead p99=${s.processing.p99}ms`));
 * ```
 */
export function latency(options: LatencyOptions = {}): OperatorFunction<LatencySample, LatencyStats> {
  const window = options.window ?? 10_000;
  const period = options.interval ?? 1_000;
  const maxSamples = options.maxSamples ?? 10_000;
  const scheduler = options.scheduler ?? asyncScheduler;
  if (!(window > 0)) throw new RangeError(`latency window must be > 0 ms, got ${String(window)}`);
  if (!(period > 0) || !Number.isFinite(period)) throw new RangeError(`latency interval must be > 0 ms, got ${String(period)}`);
  if (!Number.isInteger(maxSamples) || maxSamples < 1) throw new RangeError(`latency maxSamples must be an integer >= 1, got ${String(maxSamples)}`);

  return (source) =>
    new Observable<LatencyStats>((subscriber) => {
      const perExchange = new Map<ExchangeId, { samples: SampleWindow; total: number }>();

      const report = (): void => {
        const now = scheduler.now();
        for (const [exchange, entry] of perExchange) {
          entry.samples.evictUpTo(now - window);
          subscriber.next({ exchange, window, total: entry.total, timestamp: now, ...entry.samples.summary(0), processing: entry.samples.summary(1) });
        }
      };

      const ticks = intervalOf(period, scheduler).subscribe(report);
      const sourceSub = source.subscribe({
        next: (event) => {
          const { timestamp, localTimestamp } = event;
          if (!Number.isFinite(timestamp) || !Number.isFinite(localTimestamp)) return;
          let entry = perExchange.get(event.exchange);
          if (!entry) {
            entry = { samples: new SampleWindow(maxSamples), total: 0 };
            perExchange.set(event.exchange, entry);
          }
          const now = scheduler.now();
          entry.total++;
          entry.samples.add(now, localTimestamp - timestamp, now - localTimestamp);
        },
        error: (err: unknown) => subscriber.error(err),
        complete: () => {
          report();
          subscriber.complete();
        },
      });

      return () => {
        ticks.unsubscribe();
        sourceSub.unsubscribe();
      };
    });
}
