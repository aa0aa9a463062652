/** A sliding minute. */
const WINDOW_MS = 60_000;

/**
 * How many sockets one client may open per sliding minute (an exchange's connection rate limit, e.g.
 * Bitfinex's 20 connections per minute): {@link reserve} books the next opening and says how long
 * to wait for it, so a reconnect storm (every socket of a client dropped at once, again and again)
 * spreads its openings instead of being refused by the exchange.
 *
 * @example
 * ```ts
 * const budget = new ConnectionBudget(20);
 * const wait = budget.reserve(scheduler.now()); // 0 for the first 20 openings of a minute
 * timer(wait, scheduler).pipe(switchMap(() => openSocket(options)));
 * ```
 */
export class ConnectionBudget {
  /** Times of the openings booked, oldest first (some may lie in the future: booked, not yet due). */
  private readonly openings: number[] = [];

  constructor(readonly perMinute: number) {
    if (!(perMinute >= 1)) throw new RangeError(`connections per minute must be >= 1, got ${perMinute}`);
  }

  /** Books one opening at the earliest time the window allows; returns the wait from `now` in ms (0: now). */
  reserve(now: number): number {
    const openings = this.openings;
    while (openings.length > 0 && openings[0]! <= now - WINDOW_MS) openings.shift();
    const at = openings.length < this.perMinute ? now : Math.max(now, openings[openings.length - this.perMinute]! + WINDOW_MS);
    openings.push(at);
    return at - now;
  }
}
