/**
 * A unified symbol split into its parts: `BASE/QUOTE` for spot, `BASE/QUOTE:SETTLE` for a perpetual
 * swap settled in `SETTLE` (ccxt style: `BTC/USDT:USDT` linear, `BTC/USD:BTC` inverse), and
 * `BASE/QUOTE:SETTLE-YYMMDD` for a dated future.
 *
 * @example
 * ```ts
 * const pair: SymbolParts = { base: 'BTC', quote: 'USDT' };
 * const perp: SymbolParts = { base: 'BTC', quote: 'USDT', settle: 'USDT' };
 * ```
 */
export interface SymbolParts {
  readonly base: string;
  readonly quote: string;
  /** Settlement currency of a derivative; absent for spot. */
  readonly settle?: string;
  /** Expiry of a dated future as `YYMMDD`; absent for spot and perpetuals. */
  readonly expiry?: string;
}

const UNIFIED = /^([A-Z0-9]{1,20})\/([A-Z0-9]{1,20})(?::([A-Z0-9]{1,20})(?:-(\d{6}))?)?$/;

/**
 * Splits a unified symbol (`BASE/QUOTE`, `BASE/QUOTE:SETTLE` or `BASE/QUOTE:SETTLE-YYMMDD`); throws a
 * `TypeError` with a clear message otherwise. Called when a stream is requested (never on the data path).
 *
 * @example
 * ```ts
 * parseSymbol('BTC/USDT');        // { base: 'BTC', quote: 'USDT' }
 * parseSymbol('BTC/USDT:USDT');   // { base: 'BTC', quote: 'USDT', settle: 'USDT' }
 * parseSymbol('BTC/USD:BTC-261225'); // { base: 'BTC', quote: 'USD', settle: 'BTC', expiry: '261225' }
 * ```
 */
export function parseSymbol(symbol: string): SymbolParts {
  const match = typeof symbol === 'string' ? UNIFIED.exec(symbol) : null;
  if (!match) {
    throw new TypeError(
      `invalid symbol ${JSON.stringify(symbol)}: expected unified BASE/QUOTE (spot, e.g. "BTC/USDT") or BASE/QUOTE:SETTLE (perpetual, e.g. "BTC/USDT:USDT")`,
    );
  }
  const [, base, quote, settle, expiry] = match;
  return { base: base!, quote: quote!, ...(settle === undefined ? {} : { settle }), ...(expiry === undefined ? {} : { expiry }) };
}

/**
 * `true` when `symbol` names a derivative (`BASE/QUOTE:SETTLE…`), `false` for spot. Does not validate.
 *
 * @example
 * ```ts
 * isDerivativeSymbol('BTC/USDT:USDT'); // true
 * isDerivativeSymbol('BTC/USDT');      // false
 * ```
 */
export function isDerivativeSymbol(symbol: string): boolean {
  return symbol.includes(':');
}
