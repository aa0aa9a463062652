import { defer, type MonoTypeOperatorFunction, type Observable, repeat, retry, type SchedulerLike, tap, throwError, timer } from 'rxjs';
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
  /**
   * Which emissions prove the connection healthy and reset the backoff (default: any). A socket
   * passes `(e) => e.type === 'message'`, so a server that accepts and drops at once still backs off.
   */
  readonly isHealthy?: (value: unknown) => boolean;
}

/**
 * Re-subscribes a connection Observable forever (or `attempts` failures in a row): on error via
 * RxJS `retry({ delay })`, on a clean completion (a server's normal close, e.g. Binance's 24 h close)
 * via `repeat({ delay })` — both waiting a capped exponential backoff with jitter whose attempt count
 * resets once the source emits a healthy value. Only errors count against `attempts`.
 *
 * @example
 * ```ts
 * openSocket(options).pipe(reconnect({ attempts: Infinity, delay: 500, maxDelay: 30_000, scheduler, random: Math.random }));
 * ```
 */
export function reconnect<T>(policy: ReconnectPolicy): MonoTypeOperatorFunction<T> {
  return (source) =>
    defer(() => {
      let consecutive = 0;
      const wait = (cause: unknown, counted: boolean): Observable<0> => {
        consecutive++;
        if (counted && consecutive > policy.attempts) return throwError(() => cause);
        const delay = backoffDelay(consecutive, policy, policy.random);
        policy.onReconnect?.(consecutive, delay, cause);
        return timer(delay, policy.scheduler);
      };
      return source.pipe(
        tap((value) => {
          if (policy.isHealthy?.(value) ?? true) consecutive = 0;
        }),
        retry({ delay: (error: unknown) => wait(error, true) }),
        repeat({ delay: () => wait(undefined, false) }),
      );
    });
}
