/**
 * A client-clock reading (epoch ms, sub-millisecond) as an integer count of nanoseconds, in a
 * string (epoch ns do not fit a JSON number exactly). {@link epochMs} reads it back to the very
 * same number for every epoch-scale reading (their resolution is coarser than 1 ns).
 *
 * @example
 * ```ts
 * epochNs(1_764_000_000_000.25); // '1764000000000250000'
 * ```
 */
export function epochNs(ms: number): string {
  if (!Number.isFinite(ms)) throw new RangeError(`not a time: ${ms}`);
  let whole = Math.floor(ms);
  let fraction = Math.round((ms - whole) * 1e6);
  if (fraction >= 1e6) {
    whole += 1;
    fraction -= 1e6;
  }
  if (whole > 0) return `${whole}${String(fraction).padStart(6, '0')}`;
  return (BigInt(whole) * 1_000_000n + BigInt(fraction)).toString();
}

/**
 * Epoch milliseconds of an {@link epochNs} string (or of a non-negative integer count of ns given
 * as a number); `NaN` for anything else.
 *
 * @example
 * ```ts
 * epochMs('1764000000000250000'); // 1764000000000.25
 * ```
 */
export function epochMs(ns: string | number): number {
  if (typeof ns === 'number') return Number.isSafeInteger(ns) ? ns / 1e6 : NaN;
  if (!/^-?\d+$/.test(ns)) return NaN;
  const length = ns.length;
  if (length > 6 && ns.charCodeAt(0) !== 45) return Number(ns.slice(0, length - 6)) + Number(ns.slice(length - 6)) / 1e6;
  return Number(BigInt(ns)) / 1e6;
}
