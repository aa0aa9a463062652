/**
 * The decimals Kraken writes a pair's prices and quantities with (`price_precision` / `qty_precision`
 * of the `instrument` channel). The book checksum is computed on that text, so a JSON number such as
 * `0.001` must be written back as `0.00100000` (BTC/USD: 1 and 8).
 *
 * @example
 * ```ts
 * const btcUsd: KrakenPrecision = { price: 1, qty: 8 };
 * ```
 */
export interface KrakenPrecision {
  readonly price: number;
  readonly qty: number;
}

/** Largest precision accepted from the wire (`toFixed` allows 100; real pairs use at most a dozen). */
export const MAX_KRAKEN_PRECISION = 20;

/**
 * `true` when both decimals are integers in `0..MAX_KRAKEN_PRECISION`.
 *
 * @example
 * ```ts
 * isValidPrecision({ price: 1, qty: 8 }); // true
 * isValidPrecision({ price: -1, qty: 8 }); // false
 * ```
 */
export function isValidPrecision(precision: KrakenPrecision): boolean {
  const ok = (n: number): boolean => Number.isInteger(n) && n >= 0 && n <= MAX_KRAKEN_PRECISION;
  return ok(precision.price) && ok(precision.qty);
}
