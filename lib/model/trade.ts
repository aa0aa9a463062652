import type { ExchangeId } from './exchange-id';

/**
 * The taker's side of a trade: `buy` means the aggressor bought (lifted the ask).
 *
 * @example
 * ```ts
 * const side: TradeSide = trade.side;
 * ```
 */
export type TradeSide = 'buy' | 'sell' | 'unknown';

/**
 * A normalized public trade.
 *
 * @example
 * ```ts
 * binance().trades(['BTC/USDT', 'ETH/USDT']).subscribe((t: Trade) => console.log(t.symbol, t.side, t.price, t.amount));
 * ```
 */
export interface Trade {
  readonly type: 'trade';
  readonly exchange: ExchangeId;
  readonly symbol: string;
  /** The exchange's trade id, as a string. */
  readonly id: string;
  readonly price: number;
  /** Quantity in base currency. */
  readonly amount: number;
  /** Taker side. */
  readonly side: TradeSide;
  readonly timestamp: number;
  readonly localTimestamp: number;
}
