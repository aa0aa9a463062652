import { asyncScheduler, Observable, type OperatorFunction, type SchedulerLike, type Subscription } from 'rxjs';
import { OrderBook } from '../book/order-book';
import type { BookEvent } from '../model/book-event';
import type { ExchangeId } from '../model/exchange-id';
import type { OrderBookState } from '../model/order-book-state';

/**
 * The top of one book at one sampling time, from `bookSnapshots()`: an {@link OrderBookState}
 * (`timestamp`/`localTimestamp` of the last event applied) plus `sampledAt`.
 *
 * @example
 * ```ts
 * const sample: BookSample = { exchange: 'kraken', symbol: 'BTC/USD', bids: [[65_000, 1]], asks: [[65_001, 2]], timestamp: 1_764_000_000_950,
 *   localTimestamp: 1_764_000_000_951.5, sampledAt: 1_764_000_001_000 };
 * ```
 */
export interface BookSample extends OrderBookState {
  /** The sampling time on the scheduler's clock: a multiple of `interval`. */
  readonly sampledAt: number;
}

/**
 * Options of {@link bookSnapshots}.
 *
 * @example
 * ```ts
 * const options: BookSnapshotsOptions = { interval: 1_000, depth: 5 };
 * ```
 */
export interface BookSnapshotsOptions {
  /** Sample every this many ms of the scheduler's clock, at its multiples of `interval`. */
  readonly interval: number;
  /** Levels per side (default 10): a positive integer or `Infinity`. */
  readonly depth?: number;
  /** The clock sampled (default `asyncScheduler`; on a replay, the replay's `scheduler`; in tests, a `TestScheduler`). */
  readonly scheduler?: SchedulerLike;
}

/**
 * The books of {@link BookEvent}s (per `exchange` + `symbol`, as `orderBook()` keeps them) sampled
 * at fixed times: at every multiple of `interval` on the scheduler's clock, one {@link BookSample}
 * per book that has had its snapshot, in the order the books appeared. Samples are frozen.
 * Completes with the source. A plain RxJS operator: live, on replays (with the replay's scheduler:
 * samples at recorded times), in marble tests.
 *
 * @example
 * ```ts
 * const rp = replay('kr.rxrec.gz');
 * rp.book('BTC/USD').pipe(bookSnapshots({ interval: 1_000, depth: 5, scheduler: rp.scheduler })).subscribe((s) => console.log(s.sampledAt, s.bids[0]));
 * ```
 */
export function bookSnapshots(options: BookSnapshotsOptions): OperatorFunction<BookEvent, BookSample> {
  const { interval } = options;
  const depth = options.depth ?? 10;
  if (!(interval > 0 && Number.isFinite(interval))) throw new TypeError(`bookSnapshots: interval must be a positive number of ms, got ${String(interval)}`);
  if (!(depth === Infinity || (Number.isInteger(depth) && depth > 0))) throw new TypeError(`bookSnapshots: depth must be a positive integer or Infinity, got ${String(depth)}`);
  const scheduler = options.scheduler ?? asyncScheduler;
  return (source) =>
    new Observable<BookSample>((subscriber) => {
      const books = new Map<ExchangeId, Map<string, { book: OrderBook; timestamp: number; localTimestamp: number }>>();
      let timer: Subscription | undefined;
      const sample = (): void => {
        const now = scheduler.now();
        const sampledAt = Math.round(now / interval) * interval;
        for (const [exchange, symbols] of books) {
          for (const [symbol, { book, timestamp, localTimestamp }] of symbols) {
            subscriber.next(Object.freeze({ exchange, symbol, bids: book.bids.frozenTop(depth), asks: book.asks.frozenTop(depth), timestamp, localTimestamp, sampledAt }));
          }
        }
        next();
      };
      const next = (): void => {
        const now = scheduler.now();
        const at = (Math.floor(now / interval) + 1) * interval;
        timer = scheduler.schedule(sample, at - now);
      };
      next();
      const subscription = source.subscribe({
        next: (event) => {
          let symbols = books.get(event.exchange);
          let entry = symbols?.get(event.symbol);
          if (event.type === 'snapshot') {
            if (!symbols) books.set(event.exchange, (symbols = new Map()));
            if (!entry) symbols.set(event.symbol, (entry = { book: new OrderBook(), timestamp: 0, localTimestamp: 0 }));
            entry.book.applySnapshot(event.bids, event.asks);
          } else {
            if (!entry) return; // no snapshot yet
            entry.book.applyDelta(event.bids, event.asks);
          }
          entry.timestamp = event.timestamp;
          entry.localTimestamp = event.localTimestamp;
        },
        error: (error: unknown) => subscriber.error(error),
        complete: () => subscriber.complete(),
      });
      return () => {
        timer?.unsubscribe();
        subscription.unsubscribe();
      };
    });
}
