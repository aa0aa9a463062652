import type { Observable, Subscription } from 'rxjs';
import type { BookEvent } from '../../lib/model/book-event';
import type { ExchangeEvent } from '../../lib/model/exchange-event';
import type { OrderBookState } from '../../lib/model/order-book-state';
import { orderBook } from '../../lib/operators/order-book';
import { waitFor } from './wait-for';

/** Levels of one side: `[price, quantity]`. */
type Levels = readonly (readonly [number, number])[];

/**
 * Folds `book$` with `orderBook({ depth })` and keeps the latest state (the subscription goes into
 * `subscriptions`; an error of the stream fails the test).
 *
 * @example
 * ```ts
 * const latest = latestBook(client.book('BTC/USDT', { depth: 1000 }), 20, subscriptions);
 * ```
 */
export function latestBook(book$: Observable<BookEvent>, depth: number, subscriptions: Subscription[]): () => OrderBookState | undefined {
  let latest: OrderBookState | undefined;
  subscriptions.push(book$.pipe(orderBook({ depth })).subscribe({ next: (s) => (latest = s), error: (e: unknown) => fail(e) }));
  return () => latest;
}

/**
 * Pauses the market (pushing out what it batched, where it batches), waits until the client's book
 * shows exactly `truth()`, and resumes; on a timeout it shows the first levels of both, then fails.
 *
 * @example
 * ```ts
 * await expectBookMatchesTruth(sim, () => sim.truth('BTC/USDT', 20), latest, 'BTC/USDT book to equal the ground truth after a gap');
 * ```
 */
export async function expectBookMatchesTruth(
  market: { pause(): void; resume(): void; flush?(): void },
  truth: () => { readonly bids: Levels; readonly asks: Levels },
  latest: () => OrderBookState | undefined,
  what: string,
): Promise<void> {
  market.pause();
  market.flush?.();
  await waitFor(() => {
    const state = latest();
    return state !== undefined && JSON.stringify([state.bids, state.asks]) === JSON.stringify([truth().bids, truth().asks]);
  }, what).catch((error: Error) => {
    const state = latest();
    expect({ what, client: state && [state.bids.length, state.bids.slice(0, 3), state.asks.slice(0, 3)], truth: [truth().bids.slice(0, 3), truth().asks.slice(0, 3)] }).toBeUndefined();
    throw error;
  });
  market.resume();
}

/**
 * The events of one type, typed.
 *
 * @example
 * ```ts
 * const resyncs = eventsOfType(events, 'resync').filter((e) => e.reason === 'gap');
 * ```
 */
export function eventsOfType<T extends ExchangeEvent['type']>(events: readonly ExchangeEvent[], type: T): Extract<ExchangeEvent, { type: T }>[] {
  return events.filter((e): e is Extract<ExchangeEvent, { type: T }> => e.type === type);
}
