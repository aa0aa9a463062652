/**
 * The exchanges rxmarket speaks to. Every normalized event carries one of these in `exchange`.
 * `binanceFutures` is Binance USD-M futures (a separate venue from Binance spot, as on the exchange).
 *
 * @example
 * ```ts
 * const venue: ExchangeId = 'binance';
 * ```
 */
export type ExchangeId =
  | 'binance'
  | 'coinbase'
  | 'kraken'
  | 'binanceFutures'
  | 'bybit'
  | 'okx'
  | 'gateio'
  | 'kucoin'
  | 'bitfinex'
  | 'deribit';
