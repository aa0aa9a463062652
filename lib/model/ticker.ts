import type { ExchangeId } from './exchange-id';

/**
 * A normalized 24 h ticker with the current top of book.
 *
 * `timestamp` is the exchange's event time (epoch ms); `localTimestamp` is the receipt time
 * (epoch ms, sub-millisecond precision). `change24h` is a percentage (1.5 = +1.5 %).
 *
 * @example
 * ```ts
 * binance().ticker('BTC/USDT').subscribe((t: Ticker) => console.log(t.bid, t.ask));
 * ```
 */
export interface Ticker {
  readonly type: 'ticker';
  readonly exchange: ExchangeId;
  /** Unified `BASE/QUOTE` symbol, e.g. `BTC/USDT`. */
  readonly symbol: string;
  /** Last traded price. */
  readonly price: number;
  readonly bid: number;
  readonly bidSize: number;
  readonly ask: number;
  readonly askSize: number;
  readonly high24h: number;
  readonly low24h: number;
  /** 24 h volume in base currency. */
  readonly volume24h: number;
  /** 24 h price change in percent. */
  readonly change24h: number;
  readonly timestamp: number;
  readonly localTimestamp: number;
}
