import { asyncScheduler, type SchedulerAction, type SchedulerLike, type Subscription } from 'rxjs';
import { performance } from 'node:perf_hooks';

/**
 * Wall-clock epoch milliseconds with sub-millisecond precision (`performance.timeOrigin + performance.now()`).
 *
 * @example
 * ```ts
 * const receivedAt = hiResNow(); // e.g. 1764094512345.123
 * ```
 */
export function hiResNow(): number {
  return performance.timeOrigin + performance.now();
}

/**
 * The default scheduler of every client: RxJS's `asyncScheduler` for timers, with a sub-millisecond
 * `now()` so `localTimestamp` and latency figures are precise. Tests inject a `TestScheduler` instead.
 *
 * @example
 * ```ts
 * binance({ scheduler: hiResScheduler }); // the default
 * ```
 */
export const hiResScheduler: SchedulerLike = {
  now: hiResNow,
  schedule<T>(work: (this: SchedulerAction<T>, state?: T) => void, delay?: number, state?: T): Subscription {
    return asyncScheduler.schedule(work, delay, state);
  },
};
