/**
 * A unified symbol split into its currencies.
 *
 * @example
 * ```ts
 * const pair: SymbolParts = { base: 'BTC', quote: 'USDT' };
 * ```
 */
export interface SymbolParts {
  readonly base: string;
  readonly quote: string;
}

const UNIFIED = /^([A-Z0-9]{1,20})\/([A-Z0-9]{1,20})$/;

/**
 * Splits a unified `BASE/QUOTE` symbol; throws a `TypeError` with a clear message otherwise.
 * Called when a stream is requested (never on the data path).
 *
 * @example
 * ```ts
 * parseSymbol('BTC/USDT'); // { base: 'BTC', quote: 'USDT' }
 * ```
 */
export function parseSymbol(symbol: string): SymbolParts {
  const match = UNIFIED.exec(symbol);
  if (!match) throw new TypeError(`invalid symbol "${symbol}": expected unified BASE/QUOTE, e.g. "BTC/USDT"`);
  return { base: match[1]!, quote: match[2]! };
}
