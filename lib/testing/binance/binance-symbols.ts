/**
 * Binance's REST/payload symbol for a unified one: `BTC/USDT` → `BTCUSDT`.
 *
 * @example
 * ```ts
 * binanceSymbol('ETH/USDT'); // 'ETHUSDT'
 * ```
 */
export function binanceSymbol(unified: string): string {
  return unified.replace('/', '').toUpperCase();
}

/**
 * Binance's stream-name symbol (always lowercase): `BTC/USDT` → `btcusdt`.
 *
 * @example
 * ```ts
 * streamSymbol('BTC/USDT'); // 'btcusdt'
 * ```
 */
export function streamSymbol(unified: string): string {
  return binanceSymbol(unified).toLowerCase();
}
