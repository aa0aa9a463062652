/**
 * The exchanges rxmarket speaks to. Every normalized event carries one of these in `exchange`.
 *
 * @example
 * ```ts
 * const venue: ExchangeId = 'binance';
 * ```
 */
export type ExchangeId = 'binance' | 'coinbase' | 'kraken';
