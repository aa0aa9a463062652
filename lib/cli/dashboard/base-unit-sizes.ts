import type { BookLevel } from '../../model/book-event';
import type { OrderBookState } from '../../model/order-book-state';

/**
 * The same book with every amount given in the quote currency (Deribit's inverse contracts count
 * USD) turned into base units (`amount / price`), so that `arbitrage()` compares sizes of one unit
 * across venues. Prices, timestamps and the number of levels are unchanged.
 *
 * @example
 * ```ts
 * sizesInBaseUnits({ exchange: 'deribit', symbol: 'BTC/USD:BTC', bids: [[50_000, 10_000]], asks: [], timestamp: 1, localTimestamp: 2 }).bids;
 * // [[50000, 0.2]]
 * ```
 */
export function sizesInBaseUnits(state: OrderBookState): OrderBookState {
  const convert = (levels: readonly BookLevel[]): BookLevel[] => levels.map(([price, amount]) => [price, amount / price]);
  return {
    exchange: state.exchange,
    symbol: state.symbol,
    bids: convert(state.bids),
    asks: convert(state.asks),
    timestamp: state.timestamp,
    localTimestamp: state.localTimestamp,
  };
}

/**
 * A mapper for a stream of books of several venues: states whose amounts `quoteSized` says are in
 * the quote currency go through {@link sizesInBaseUnits}, the others pass as they are.
 *
 * @example
 * ```ts
 * states$.pipe(map(toBaseUnitsWhere((s) => s.exchange === 'deribit' && s.symbol === 'BTC/USD:BTC')));
 * ```
 */
export function toBaseUnitsWhere(quoteSized: (state: OrderBookState) => boolean): (state: OrderBookState) => OrderBookState {
  return (state) => (quoteSized(state) ? sizesInBaseUnits(state) : state);
}
