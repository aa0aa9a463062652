import type { OrderBookState } from '../model/order-book-state';
import type { Ticker } from '../model/ticker';

/**
 * Anything with a top of book: an `orderBook()` state or a `Ticker`.
 *
 * @example
 * ```ts
 * const q: TopOfBookQuote = ticker; // or an OrderBookState
 * ```
 */
export type TopOfBookQuote = OrderBookState | Ticker;

/**
 * Best bid of a quote, or `NaN` when missing or unusable (non-finite or ≤ 0 price or size).
 *
 * @example
 * ```ts
 * bestBid(state); // 65000.5
 * ```
 */
export function bestBid(q: TopOfBookQuote): number {
  return 'bids' in q ? usable(q.bids[0]?.[0], q.bids[0]?.[1]) : usable(q.bid, q.bidSize);
}

/**
 * Size at the best bid (only meaningful when {@link bestBid} is not `NaN`).
 *
 * @example
 * ```ts
 * bestBidSize(ticker); // ticker.bidSize
 * ```
 */
export function bestBidSize(q: TopOfBookQuote): number {
  return 'bids' in q ? (q.bids[0]?.[1] ?? NaN) : q.bidSize;
}

/**
 * Best ask of a quote, or `NaN` when missing or unusable (non-finite or ≤ 0 price or size).
 *
 * @example
 * ```ts
 * bestAsk(state); // 65001
 * ```
 */
export function bestAsk(q: TopOfBookQuote): number {
  return 'asks' in q ? usable(q.asks[0]?.[0], q.asks[0]?.[1]) : usable(q.ask, q.askSize);
}

/**
 * Size at the best ask (only meaningful when {@link bestAsk} is not `NaN`).
 *
 * @example
 * ```ts
 * bestAskSize(ticker); // ticker.askSize
 * ```
 */
export function bestAskSize(q: TopOfBookQuote): number {
  return 'asks' in q ? (q.asks[0]?.[1] ?? NaN) : q.askSize;
}

function usable(price: number | undefined, size: number | undefined): number {
  return price !== undefined && size !== undefined && price > 0 && size > 0 && price < Infinity && size < Infinity
    ? price
    : NaN;
}
