/**
 * A sliding-window counter for server-side rate limits ("at most `limit` messages per
 * `windowMs`"), e.g. Binance's 5 incoming messages per second per connection.
 *
 * @example
 * ```ts
 * const window = new RateWindow(5, 1000);
 * if (!window.hit()) connection.close(1008, 'Too many requests');
 * ```
 */
export class RateWindow {
  private readonly hits: number[] = [];

  constructor(
    readonly limit: number,
    readonly windowMs: number,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Records one message; `false` when it takes the window over the limit. */
  hit(): boolean {
    const at = this.now();
    this.hits.push(at);
    while (this.hits.length > 0 && this.hits[0]! <= at - this.windowMs) this.hits.shift();
    return this.hits.length <= this.limit;
  }

  /** Messages inside the current window. */
  get count(): number {
    const at = this.now();
    while (this.hits.length > 0 && this.hits[0]! <= at - this.windowMs) this.hits.shift();
    return this.hits.length;
  }
}
