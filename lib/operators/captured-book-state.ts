import type { BookLevel } from '../model/book-event';
import type { ExchangeId } from '../model/exchange-id';
import type { OrderBookState } from '../model/order-book-state';
import type { OrderBook } from '../book/order-book';

/**
 * An {@link OrderBookState} whose top levels are copied out of `book` now (a flat array of numbers,
 * no tuple allocated) and turned into frozen `[price, quantity]` tuples only when `bids` or `asks` is
 * first read, then kept. The state is frozen; `bids` and `asks` are own enumerable getters, so
 * `JSON.stringify`, spreading and deep equality see the same fields as on a plain state. Later changes
 * of `book` are never visible through it: the levels were copied at emission.
 *
 * @example
 * ```ts
 * const state = capturedBookState(book, 10, 'binance', 'BTC/USDT', event.timestamp, event.localTimestamp);
 * state.bids[0]; // [price, quantity], frozen
 * ```
 */
export function capturedBookState(book: OrderBook, depth: number, exchange: ExchangeId, symbol: string, timestamp: number, localTimestamp: number): OrderBookState {
  const levels: number[] = [];
  const bidCount = book.bids.copyTop(depth, levels);
  const askCount = book.asks.copyTop(depth, levels);
  let bids: readonly BookLevel[] | undefined;
  let asks: readonly BookLevel[] | undefined;
  return Object.freeze({
    exchange,
    symbol,
    get bids(): readonly BookLevel[] {
      return (bids ??= frozenLevels(levels, 0, bidCount));
    },
    get asks(): readonly BookLevel[] {
      return (asks ??= frozenLevels(levels, 2 * bidCount, askCount));
    },
    timestamp,
    localTimestamp,
  });
}

function frozenLevels(flat: readonly number[], start: number, count: number): readonly BookLevel[] {
  const out = new Array<BookLevel>(count);
  for (let i = 0; i < count; i++) out[i] = Object.freeze([flat[start + 2 * i]!, flat[start + 2 * i + 1]!] as const) as BookLevel;
  return Object.freeze(out);
}
