/** `GET /api/v3/depth` limit tiers and their request weight (Binance spot docs: 1–100 → 5, 101–500 → 25, 501–1000 → 50, 1001–5000 → 250). */
const WEIGHT_TIERS: readonly (readonly [maxLimit: number, weight: number])[] = [
  [100, 5],
  [500, 25],
  [1000, 50],
  [5000, 250],
];

/**
 * The largest `limit` Binance spot serves (`GET /api/v3/depth`), and the deepest book `binance()` accepts.
 *
 * @example
 * ```ts
 * Math.min(requested, BINANCE_MAX_DEPTH_LIMIT);
 * ```
 */
export const BINANCE_MAX_DEPTH_LIMIT = 5000;

/**
 * Request weight of `GET /api/v3/depth?limit=` on Binance spot (counted against 6000 per minute and IP).
 *
 * @example
 * ```ts
 * binanceDepthWeight(100); // 5
 * binanceDepthWeight(101); // 25
 * ```
 */
export function binanceDepthWeight(limit: number): number {
  for (const [maxLimit, weight] of WEIGHT_TIERS) if (limit <= maxLimit) return weight;
  return WEIGHT_TIERS[WEIGHT_TIERS.length - 1]![1];
}

/**
 * The REST `limit` to fetch for a book of `depth` levels: a margin over `depth` (a quarter of it,
 * at least 20 levels), rounded up to the top of its weight tier (a larger limit in the same tier
 * costs nothing more and widens the known window), at most 5000. Levels diffs remove from the
 * window eat into the margin before the book must re-snapshot. Past 4000 the margin shrinks.
 *
 * @example
 * ```ts
 * binanceSnapshotLimit(1);    // 100 (weight 5)
 * binanceSnapshotLimit(100);  // 500 (weight 25)
 * binanceSnapshotLimit(5000); // 5000
 * ```
 */
export function binanceSnapshotLimit(depth: number): number {
  const wanted = depth + Math.max(20, Math.ceil(depth / 4));
  for (const [maxLimit] of WEIGHT_TIERS) if (wanted <= maxLimit) return maxLimit;
  return BINANCE_MAX_DEPTH_LIMIT;
}

/**
 * The deepest book whose snapshot {@link binanceSnapshotLimit} fetches with `limit` (or less): the
 * `depth` to ask for so that the client requests exactly the snapshots of a capture taken with `limit`.
 *
 * @example
 * ```ts
 * binanceDepthForLimit(1000); // 800 (binanceSnapshotLimit(800) === 1000, binanceSnapshotLimit(801) === 5000)
 * binanceDepthForLimit(100);  // 80
 * ```
 */
export function binanceDepthForLimit(limit: number): number {
  let depth = Math.max(1, limit);
  while (depth > 1 && binanceSnapshotLimit(depth) > limit) depth--;
  return depth;
}
