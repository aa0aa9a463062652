import type { BookLevel } from './book-event';
import type { ExchangeId } from './exchange-id';

/**
 * An immutable view of the top of an order book, as emitted by `orderBook()`.
 * Emitted states never change afterwards: safe to hold in `combineLatest` or a UI store.
 *
 * @example
 * ```ts
 * bn.book('BTC/USDT').pipe(orderBook({ depth: 10 })).subscribe((s: OrderBookState) => console.log(s.bids[0], s.asks[0]));
 * ```
 */
export interface OrderBookState {
  readonly exchange: ExchangeId;
  readonly symbol: string;
  /** Best (highest) first, at most `depth` levels. */
  readonly bids: readonly BookLevel[];
  /** Best (lowest) first, at most `depth` levels. */
  readonly asks: readonly BookLevel[];
  readonly timestamp: number;
  readonly localTimestamp: number;
}
