import { type MonoTypeOperatorFunction, type SchedulerLike, repeat, retry, timer } from 'rxjs';
import { backoffDelay, type BackoffPolicy } from './backoff';

/**
 * Options of {@link reconnect}.
 *
 * @example
 * ```ts
 * const options: ReconnectPolicy = { attempts: Infinity, delay: 500, maxDelay: 30_000, scheduler: asyncScheduler, random: Math.random };
 * ```
 */
export interface ReconnectPolicy extends BackoffPolicy {
  /** Consecutive failed attempts allowed before the error goes through (default endless). */
  readonly attempts: number;
  readonly scheduler: SchedulerLike;
  readonly random: () => number;
  /** Called before each wait, with the 1-based attempt and the delay chosen. */
  readonly onReconnect?: (attempt: number, delay: number, cause: unknown) => void;
}

/**
 * Re-subscribes a connection Observable forever (or `attempts` times in a row): on error via
 * RxJS `retry({ delay })` with capped exponential backoff and jitter, the count reset as soon as the
 * source emits (the connection opened); on a clean completion (a server's normal close, e.g. Binance's
 * 24 h close) via `repeat({ delay })` after the base `delay`.
 *
 * @example
 * ```ts
 * openSocket(options).pipe(reconnect({ attempts: Infinity, delay: 500, maxDelay: 30_000, scheduler, random: Math.random }));
 * ```
 */
export function reconnect<T>(policy: ReconnectPolicy): MonoTypeOperatorFunction<T> {
  return (source) =>
    source.pipe(
      retry({
        count: policy.attempts,
        resetOnSuccess: true,
        delay: (error: unknown, attempt: number) => {
          const wait = backoffDelay(attempt, policy, policy.random);
          policy.onReconnect?.(attempt, wait, error);
          return timer(wait, policy.scheduler);
        },
      }),
      repeat({
        delay: () => {
          policy.onReconnect?.(1, policy.delay, undefined);
          return timer(policy.delay, policy.scheduler);
        },
      }),
    );
}
