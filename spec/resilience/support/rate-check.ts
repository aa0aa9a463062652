/**
 * The largest number of entries of `times` (epoch ms, any order) that fall within any window of
 * `windowMs` — e.g. the most control messages a server saw in one second.
 *
 * @example
 * ```ts
 * maxInWindow([0, 100, 900, 1500], 1000); // 3
 * ```
 */
export function maxInWindow(times: readonly number[], windowMs: number): number {
  const sorted = [...times].sort((a, b) => a - b);
  let most = 0;
  let start = 0;
  for (let end = 0; end < sorted.length; end++) {
    while (sorted[end]! - sorted[start]! >= windowMs) start++;
    most = Math.max(most, end - start + 1);
  }
  return most;
}

/**
 * {@link maxInWindow} per key (e.g. per connection).
 *
 * @example
 * ```ts
 * maxInWindowBy([{ connection: 1, at: 0 }], (e) => e.connection, (e) => e.at, 1000); // { '1': 1 }
 * ```
 */
export function maxInWindowBy<T>(entries: readonly T[], keyOf: (entry: T) => string | number, timeOf: (entry: T) => number, windowMs: number): Record<string, number> {
  const groups = new Map<string, number[]>();
  for (const entry of entries) {
    const key = String(keyOf(entry));
    const times = groups.get(key) ?? [];
    times.push(timeOf(entry));
    groups.set(key, times);
  }
  return Object.fromEntries([...groups].map(([key, times]) => [key, maxInWindow(times, windowMs)]));
}
