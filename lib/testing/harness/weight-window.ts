/**
 * The request weight a venue counts per client over a sliding minute (Binance's
 * `X-MBX-USED-WEIGHT-1M`): weights are added as requests arrive and leave the window a minute later.
 *
 * @example
 * ```ts
 * const window = new WeightWindow(6000);
 * if (window.used(at) + 5 > window.perMinute) return tooMuch(window.retryAfterSeconds(at));
 * window.add(at, 5);
 * ```
 */
export class WeightWindow {
  private readonly weights: { at: number; weight: number }[] = [];

  constructor(
    /** Weight allowed in any minute. */
    readonly perMinute: number,
    private readonly windowMs = 60_000,
  ) {}

  /** Counts `weight` at time `at` (epoch ms). */
  add(at: number, weight: number): void {
    this.weights.push({ at, weight });
  }

  /** Weight counted in the window before `at`. */
  used(at: number): number {
    while (this.weights.length > 0 && this.weights[0]!.at <= at - this.windowMs) this.weights.shift();
    let used = 0;
    for (const entry of this.weights) used += entry.weight;
    return used;
  }

  /** Whole seconds (at least 1) until the oldest counted request leaves the window. */
  retryAfterSeconds(at: number): number {
    const oldest = this.weights[0]?.at ?? at;
    return Math.max(1, Math.ceil((oldest + this.windowMs - at) / 1000));
  }
}
