/**
 * A price with as many decimals as its magnitude needs (2 above 100, 4 above 1, else up to 8
 * without trailing zeros); `-` for a missing (`NaN`) price.
 *
 * @example
 * ```ts
 * formatPrice(65000.5);  // '65000.50'
 * formatPrice(0.046123); // '0.046123'
 * formatPrice(0.06);     // '0.06'
 * ```
 */
export function formatPrice(price: number): string {
  if (!Number.isFinite(price)) return '-';
  const abs = Math.abs(price);
  if (abs >= 100) return price.toFixed(2);
  if (abs >= 1) return price.toFixed(4);
  const fixed = price.toFixed(8).replace(/0+$/, '');
  return /\.\d\d/.test(fixed) ? fixed : price.toFixed(2);
}

/**
 * A price difference (spread, net spread): up to 4 decimals, trailing zeros dropped, at least 2.
 *
 * @example
 * ```ts
 * formatDelta(3.4);   // '3.40'
 * formatDelta(0.005); // '0.005'
 * ```
 */
export function formatDelta(delta: number): string {
  if (!Number.isFinite(delta)) return '-';
  const fixed = delta.toFixed(4).replace(/0{1,2}$/, '');
  return fixed;
}

/**
 * A quantity with up to 4 decimals (fewer digits for large sizes); `-` when missing.
 *
 * @example
 * ```ts
 * formatSize(0.012345); // '0.0123'
 * formatSize(1234.5);   // '1234.5'
 * ```
 */
export function formatSize(size: number): string {
  if (!Number.isFinite(size)) return '-';
  if (Math.abs(size) >= 1000) return size.toFixed(1);
  return size.toFixed(4);
}

/**
 * A percentage with sign and `digits` decimals.
 *
 * @example
 * ```ts
 * formatPct(1.23456); // '+1.23%'
 * ```
 */
export function formatPct(pct: number, digits = 2): string {
  if (!Number.isFinite(pct)) return '-';
  return `${pct >= 0 ? '+' : ''}${pct.toFixed(digits)}%`;
}

/**
 * Milliseconds with one decimal below 100, none above; `-` when missing.
 *
 * @example
 * ```ts
 * formatMs(0.4321); // '0.4'
 * formatMs(250);    // '250'
 * ```
 */
export function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return '-';
  return Math.abs(ms) < 100 ? ms.toFixed(1) : ms.toFixed(0);
}

/**
 * Local wall-clock time `HH:MM:SS.mmm` of an epoch-ms timestamp.
 *
 * @example
 * ```ts
 * formatClock(Date.now()); // '14:03:07.512'
 * ```
 */
export function formatClock(epochMs: number): string {
  if (!Number.isFinite(epochMs)) return '--:--:--.---';
  const d = new Date(epochMs);
  const two = (n: number): string => String(n).padStart(2, '0');
  return `${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}.${String(d.getMilliseconds()).padStart(3, '0')}`;
}
