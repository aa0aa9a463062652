/** One second plus a margin so transit jitter cannot squeeze two windows' openings into one at the server (as `ControlRate`). */
const SECOND_MS = 1100;
/** One minute (a minute's budget is small: the sliding window itself is the margin). */
const MINUTE_MS = 60_000;

/**
 * How many sockets one client may open per sliding second and/or minute (an exchange's connection
 * rate limit, e.g. OKX's 3 per second, Bitfinex's 20 per minute): {@link reserve} books the next
 * opening and says how long to wait for it, so a reconnect storm (every socket of a client dropped at
 * once, again and again) spreads its openings instead of being refused by the exchange.
 *
 * @example
 * ```ts
 * const budget = new ConnectionBudget({ perMinute: 20 });
 * const wait = budget.reserve(scheduler.now()); // 0 for the first 20 openings of a minute
 * timer(wait, scheduler).pipe(switchMap(() => openSocket(options)));
 * ```
 */
export class ConnectionBudget {
  /** Times of the openings booked, oldest first (some may lie in the future: booked, not yet due). */
  private readonly openings: number[] = [];
  private readonly windows: readonly (readonly [count: number, windowMs: number])[];

  constructor(limits: { readonly perSecond?: number; readonly perMinute?: number }) {
    const windows: [number, number][] = [];
    if (limits.perSecond !== undefined) windows.push([limits.perSecond, SECOND_MS]);
    if (limits.perMinute !== undefined) windows.push([limits.perMinute, MINUTE_MS]);
    for (const [count] of windows) if (!(count >= 1)) throw new RangeError(`connections per window must be >= 1, got ${count}`);
    this.windows = windows;
  }

  /** Books one opening at the earliest time every window allows; returns the wait from `now` in ms (0: now). */
  reserve(now: number): number {
    const openings = this.openings;
    const longest = Math.max(0, ...this.windows.map(([, windowMs]) => windowMs));
    while (openings.length > 0 && openings[0]! <= now - longest) openings.shift();
    let at = now;
    for (const [count, windowMs] of this.windows) {
      if (openings.length >= count) at = Math.max(at, openings[openings.length - count]! + windowMs);
    }
    openings.push(at);
    openings.sort((a, b) => a - b);
    return at - now;
  }
}
