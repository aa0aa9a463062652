import type { LatencySummary } from './latency-stats';

const EMPTY: LatencySummary = { count: 0, min: NaN, p50: NaN, p90: NaN, p99: NaN, max: NaN, mean: NaN };

/**
 * A fixed-capacity ring of timed samples (arrival time + two measures), the storage behind
 * `latency()`. Adding never allocates; when full the oldest sample is overwritten.
 *
 * @example
 * ```ts
 * const w = new SampleWindow(1_000);
 * w.add(now, 12.5, 0.3);
 * w.evictUpTo(now - 10_000);
 * w.summary(0).p99;
 * ```
 */
export class SampleWindow {
  private readonly at: Float64Array;
  private readonly values: [Float64Array, Float64Array];
  private head = 0;
  private count = 0;

  constructor(private readonly capacity: number) {
    this.at = new Float64Array(capacity);
    this.values = [new Float64Array(capacity), new Float64Array(capacity)];
  }

  get size(): number {
    return this.count;
  }

  add(at: number, first: number, second: number): void {
    let slot: number;
    if (this.count === this.capacity) {
      slot = this.head;
      this.head = (this.head + 1) % this.capacity;
    } else {
      slot = (this.head + this.count) % this.capacity;
      this.count++;
    }
    this.at[slot] = at;
    this.values[0][slot] = first;
    this.values[1][slot] = second;
  }

  /** Drops samples that arrived at or before `cutoff` (arrival times are non-decreasing). */
  evictUpTo(cutoff: number): void {
    while (this.count > 0 && this.at[this.head]! <= cutoff) {
      this.head = (this.head + 1) % this.capacity;
      this.count--;
    }
  }

  /** Statistics of measure `0` or `1` over the samples held. */
  summary(measure: 0 | 1): LatencySummary {
    const n = this.count;
    if (n === 0) return EMPTY;
    const source = this.values[measure];
    const sorted = new Float64Array(n);
    let sum = 0;
    for (let i = 0; i < n; i++) {
      const v = source[(this.head + i) % this.capacity]!;
      sorted[i] = v;
      sum += v;
    }
    sorted.sort();
    const rank = (p: number): number => sorted[Math.max(0, Math.ceil((p / 100) * n) - 1)]!;
    return { count: n, min: sorted[0]!, p50: rank(50), p90: rank(90), p99: rank(99), max: sorted[n - 1]!, mean: sum / n };
  }
}
