import { Observable, type OperatorFunction } from 'rxjs';
import { OrderBook } from '../book/order-book';
import type { BookEvent } from '../model/book-event';
import type { ExchangeId } from '../model/exchange-id';
import type { OrderBookState } from '../model/order-book-state';

/**
 * Options of {@link orderBook}.
 *
 * @example
 * ```ts
 * const options: OrderBookOptions = { depth: 20 };
 * ```
 */
export interface OrderBookOptions {
  /** Levels emitted per side, best first: a positive integer or `Infinity`. Default `10`. */
  readonly depth?: number;
}

/** The books of one subscription, per exchange then per symbol (no key string built per message). */
type BooksByExchange = Map<ExchangeId, Map<string, OrderBook>>;

/**
 * Maintains an order book per `exchange` + `symbol` from {@link BookEvent}s and emits its top `depth`
 * levels per side after every event (a reduction, like RxJS `scan`).
 *
 * - A `snapshot` replaces the book of its `exchange` + `symbol`.
 * - A `delta` applies absolute quantities (`0` removes a level); a delta arriving before any snapshot of
 *   its `exchange` + `symbol` is ignored and emits nothing.
 * - Levels whose price or quantity is NaN, ±Infinity or negative (or price <= 0) are skipped, never
 *   stored (the adapters resync on invalid input upstream; the book must not be corrupted).
 * - Emitted states are deeply frozen and never change afterwards: state, `bids`, `asks` and each
 *   `[price, quantity]` tuple. Tuples of unchanged levels are shared between successive states, and
 *   while none of the top `depth` levels of a side changed, its frozen array itself is shared, so an
 *   emission allocates little.
 * - Each subscription has its own books (the operator keeps no state between subscriptions).
 *
 * Throws a `TypeError` when called with an invalid `depth` (at pipe-construction time, never in the stream).
 *
 * @example
 * ```ts
 * merge(bn.book('BTC/USDT'), cb.book('BTC/USD'))
 *   .pipe(orderBook({ depth: 5 }))
 *   .subscribe((s) => console.log(s.exchange, s.symbol, s.bids[0], s.asks[0]));
 * ```
 */
export function orderBook(options: OrderBookOptions = {}): OperatorFunction<BookEvent, OrderBookState> {
  const depth = options.depth ?? 10;
  if (!(depth === Infinity || (Number.isInteger(depth) && depth > 0))) {
    throw new TypeError(`invalid orderBook depth ${String(depth)}: expected a positive integer or Infinity`);
  }
  // One subscriber per subscription (what `scan` + `filter` did, minus two operator hops per event).
  return (source) =>
    new Observable<OrderBookState>((subscriber) => {
      const books: BooksByExchange = new Map();
      return source.subscribe({
        next: (event) => {
          let state: OrderBookState | undefined;
          try {
            state = reduceBookEvent(books, event, depth);
          } catch (error) {
            subscriber.error(error);
            return;
          }
          if (state !== undefined) subscriber.next(state);
        },
        error: (error: unknown) => subscriber.error(error),
        complete: () => subscriber.complete(),
      });
    });
}

/** Applies `event` to its book; returns the new state, or `undefined` for a delta without a book. */
function reduceBookEvent(books: BooksByExchange, event: BookEvent, depth: number): OrderBookState | undefined {
  let symbols = books.get(event.exchange);
  let book = symbols?.get(event.symbol);
  if (event.type === 'snapshot') {
    if (symbols === undefined) {
      symbols = new Map();
      books.set(event.exchange, symbols);
    }
    if (book === undefined) {
      book = new OrderBook();
      symbols.set(event.symbol, book);
    }
    book.applySnapshot(event.bids, event.asks);
  } else {
    if (book === undefined) return undefined;
    book.applyDelta(event.bids, event.asks);
  }
  return Object.freeze({
    exchange: event.exchange,
    symbol: event.symbol,
    bids: book.bids.frozenTop(depth),
    asks: book.asks.frozenTop(depth),
    timestamp: event.timestamp,
    localTimestamp: event.localTimestamp,
  });
}

