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
  /**
   * Retry at once (delay 0) when a connection that proved healthy and lasted at least `delay` ms is
   * lost; the backoff starts from the second consecutive failure (default `true`). `false`: every
   * failure waits its backoff, the first one included.
   */
  readonly retryHealthyAtOnce?: boolean;
}

/**
 * Re-subscribes a connection Observable forever (or `attempts` failures in a row): on error via
 * RxJS `retry({ delay })`, on a clean completion (a server's normal close, e.g. Binance's 24 h close)
 * via `repeat({ delay })`. The attempt count resets once the source emits a healthy value. A
 * connection that was healthy and lasted at least `delay` ms is retried at once (attempt 1, delay 0);
 * every further consecutive failure waits a capped exponential backoff with jitter, so a server that
 * refuses or drops new connections is still backed off from (and one that accepts, answers and drops
 * at once is not retried more than once per `delay`). Only errors count against `attempts`.
 *
 * @example
 * ```ts
 * openSocket(options).pipe(reconnect({ attempts: Infinity, delay: 500, maxDelay: 30_000, scheduler, random: Math.random }));
 * ```
 */
export function reconnect<T>(policy: ReconnectPolicy): MonoTypeOperatorFunction<T> {
  return (source) =>
    defer(() => {
      const { scheduler } = policy;
      let consecutive = 0;
      /** Failures of this run that were retried at once (0 or 1): the backoff counts from after them. */
      let atOnce = 0;
      let healthy = false;
      let startedAt = scheduler.now();
      const wait = (cause: unknown, counted: boolean): Observable<0> => {
        const retryAtOnce = consecutive === 0 && healthy && (policy.retryHealthyAtOnce ?? true) && scheduler.now() - startedAt >= policy.delay;
        healthy = false;
        consecutive++;
        if (counted && consecutive > policy.attempts) return throwError(() => cause);
        if (consecutive === 1) atOnce = retryAtOnce ? 1 : 0;
        const backoffAttempt = consecutive - atOnce;
        const delay = backoffAttempt === 0 ? 0 : backoffDelay(backoffAttempt, policy, policy.random);
        policy.onReconnect?.(consecutive, delay, cause);
        return timer(delay, scheduler); // 0: on the next turn, outside the failing socket's handlers
      };
      const attempt$ = defer(() => {
        startedAt = scheduler.now();
        return source;
      });
      return attempt$.pipe(
        tap((value) => {
          if (policy.isHealthy?.(value) ?? true) {
            consecutive = 0;
            healthy = true;
          }
        }),
        retry({ delay: (error: unknown) => wait(error, true) }),
        repeat({ delay: () => wait(undefined, false) }),
      );
    });
}
