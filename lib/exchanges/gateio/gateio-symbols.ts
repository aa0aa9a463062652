/**
 * Gate.io's currency pair for a unified spot symbol: `BASE_QUOTE`.
 *
 * @example
 * ```ts
 * gateioPair('BTC/USDT'); // 'BTC_USDT'
 * ```
 */
export function gateioPair(symbol: string): string {
  return symbol.replace('/', '_');
}

/**
 * The unified spot symbol of a Gate.io currency pair: `BASE/QUOTE` (the first `_` separates them).
 *
 * @example
 * ```ts
 * unifiedFromGateioPair('BTC_USDT'); // 'BTC/USDT'
 * ```
 */
export function unifiedFromGateioPair(pair: string): string {
  return pair.replace('_', '/');
}
