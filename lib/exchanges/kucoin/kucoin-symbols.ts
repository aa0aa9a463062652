/**
 * KuCoin's symbol for a unified spot symbol: `BASE-QUOTE`.
 *
 * @example
 * ```ts
 * kucoinSymbol('BTC/USDT'); // 'BTC-USDT'
 * ```
 */
export function kucoinSymbol(symbol: string): string {
  return symbol.replace('/', '-');
}

/**
 * The unified spot symbol of a KuCoin symbol: `BASE/QUOTE` (the first `-` separates them).
 *
 * @example
 * ```ts
 * unifiedFromKucoinSymbol('BTC-USDT'); // 'BTC/USDT'
 * ```
 */
export function unifiedFromKucoinSymbol(native: string): string {
  return native.replace('-', '/');
}
