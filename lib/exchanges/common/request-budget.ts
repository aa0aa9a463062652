/**
 * A REST request-weight budget: at most `capacity` weight per sliding `windowMs` (e.g. a venue's
 * per-IP "request weight per minute"), handed out first come, first served. {@link reserve} books
 * the earliest slot for a request and returns how long to wait for it; {@link blockUntil} keeps
 * every request back until a time the server asked for (HTTP 429/418 `Retry-After`).
 *
 * @example
 * ```ts
 * const budget = new RequestBudget(1200, 60_000);
 * const wait = budget.reserve(25, scheduler.now()); // 0 while the minute has room
 * timer(wait, scheduler).pipe(switchMap(() => fetchSnapshot())).subscribe(apply);
 * ```
 */
export class RequestBudget {
  /** Reservations (time the request may go, its weight), in time order; may lie in the future. */
  private readonly spent: { at: number; weight: number }[] = [];
  private blockedUntil = -Infinity;

  constructor(
    readonly capacity: number,
    readonly windowMs: number,
  ) {}

  /**
   * Books `weight` for the earliest time ≥ `now` (and after every earlier reservation) at which the
   * window has room, and returns the wait in ms (0: go now). A weight above `capacity` is booked
   * alone in an empty window.
   */
  reserve(weight: number, now: number): number {
    const spent = this.spent;
    while (spent.length > 0 && spent[0]!.at <= now - this.windowMs) spent.shift();
    let at = Math.max(now, this.blockedUntil, spent.length > 0 ? spent[spent.length - 1]!.at : -Infinity);
    for (;;) {
      let used = 0;
      let first = -1;
      for (let i = spent.length - 1; i >= 0 && spent[i]!.at > at - this.windowMs; i--) {
        used += spent[i]!.weight;
        first = i;
      }
      if (used === 0 || used + weight <= this.capacity) break;
      at = spent[first]!.at + this.windowMs; // wait for the oldest weight in the window to leave it
    }
    spent.push({ at, weight });
    return at - now;
  }

  /** Keeps every request not yet booked back until `until` (epoch ms of the scheduler). */
  blockUntil(until: number): void {
    this.blockedUntil = Math.max(this.blockedUntil, until);
  }
}
