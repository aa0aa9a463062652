import { defer, Observable, type SchedulerLike, switchMap, timer } from 'rxjs';

/** One second, plus a margin so transit jitter cannot squeeze two windows' messages into one at the server. */
const WINDOW_MS = 1100;
/** One hour, plus the same margin. */
const HOUR_MS = 3_600_000 + 1000;

/**
 * A sliding one-second budget of control messages (and, where the exchange counts them, pings and
 * pongs), optionally with an hourly budget too (OKX: 480 (un)subscribe requests per connection and
 * hour). One per socket for per-connection limits (Binance, Kraken), one per client for per-IP
 * limits (Coinbase), so a socket closed and reopened within a second cannot start a fresh budget.
 * Also used as a client-wide budget of connection attempts (`ExchangeProtocol.connectionsPerSecond`).
 *
 * @example
 * ```ts
 * const rate = new ControlRate(5, 480);
 * if (rate.waitFor(now) === 0) { send(message); rate.record(now); }
 * ```
 */
export class ControlRate {
  private readonly sentAt: number[] = [];
  private readonly hourly: number[] = [];

  constructor(
    readonly perSecond: number,
    /** At most this many per hour as well (unlimited when omitted). */
    readonly perHour?: number,
  ) {}

  /** Counts one message sent at `now`. */
  record(now: number): void {
    this.sentAt.push(now);
    if (this.sentAt.length > 4 * this.perSecond) this.sentAt.shift();
    if (this.perHour !== undefined) {
      this.hourly.push(now);
      if (this.hourly.length > this.perHour) this.hourly.shift();
    }
  }

  /** Milliseconds to wait before the next message may be sent (0: now). */
  waitFor(now: number): number {
    const sentAt = this.sentAt;
    while (sentAt.length > 0 && sentAt[0]! <= now - WINDOW_MS) sentAt.shift();
    const second = sentAt.length < this.perSecond ? 0 : sentAt[sentAt.length - this.perSecond]! + WINDOW_MS - now;
    if (this.perHour === undefined) return second;
    const hourly = this.hourly;
    while (hourly.length > 0 && hourly[0]! <= now - HOUR_MS) hourly.shift();
    const hour = hourly.length < this.perHour ? 0 : hourly[hourly.length - this.perHour]! + HOUR_MS - now;
    return Math.max(second, hour);
  }
}

/**
 * `source$` subscribed only once `rate` allows one more (waiting on `scheduler` until it does), the
 * use counted when it starts: a cold gate for requests or connection attempts under a budget.
 *
 * @example
 * ```ts
 * const rest = new ControlRate(20);
 * throttled(rest, scheduler, fetchJson(http, url, maxBytes, 'okx books')).subscribe(onBook);
 * ```
 */
export function throttled<T>(rate: ControlRate, scheduler: SchedulerLike, source$: Observable<T>): Observable<T> {
  const attempt$: Observable<T> = defer(() => {
    const now = scheduler.now();
    const wait = rate.waitFor(now);
    if (wait > 0) return timer(wait, scheduler).pipe(switchMap(() => attempt$));
    rate.record(now);
    return source$;
  });
  return attempt$;
}
