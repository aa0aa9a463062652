/**
 * A leaky-bucket credit pool for server-side rate limits that charge each request a cost (Deribit:
 * 500 credits a request from a 50 000 pool refilled at 10 000 a second): credits refill
 * continuously up to `max`, a request is allowed when the pool holds its cost.
 *
 * @example
 * ```ts
 * const pool = new CreditPool(30_000, 10_000);
 * if (!pool.spend(3_000)) reply(tooManyRequests);
 * ```
 */
export class CreditPool {
  private credits: number;
  private lastAt: number;

  constructor(
    readonly max: number,
    /** Credits added per second. */
    readonly refillPerSecond: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.credits = max;
    this.lastAt = now();
  }

  /** Takes `cost` credits and returns `true`, or returns `false` (and takes nothing) when the pool holds fewer. */
  spend(cost: number): boolean {
    const available = this.available;
    if (available < cost) return false;
    this.credits = available - cost;
    return true;
  }

  /** Credits in the pool now. */
  get available(): number {
    const at = this.now();
    this.credits = Math.min(this.max, this.credits + ((at - this.lastAt) / 1000) * this.refillPerSecond);
    this.lastAt = at;
    return this.credits;
  }
}
