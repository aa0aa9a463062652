import type { Subscription } from 'rxjs';
import { binance } from '../../lib/exchanges/binance/binance';
import type { ExchangeClient } from '../../lib/model/client';
import type { ExchangeEvent } from '../../lib/model/exchange-event';
import type { OrderBookState } from '../../lib/model/order-book-state';
import type { Trade } from '../../lib/model/trade';
import { fromNats } from '../../lib/nats/from-nats';
import type { NatsOptions } from '../../lib/nats/nats-options';
import { publish, type PublishEvent, type PublishOptions } from '../../lib/nats/publish';
import { orderBook } from '../../lib/operators/order-book';
import { BinanceSimulator } from '../../lib/testing/binance/binance-simulator';
import { waitFor } from '../helpers/wait-for';

/** Levels compared with the ground truth. */
export const DEPTH = 20;
export const SYMBOL = 'BTC/USDT';

/**
 * A consumer on its own NATS connection: its latest book, its events and trades.
 *
 * @example
 * ```ts
 * const consumer = watchConsumer(nats.url);
 * ```
 */
export interface Consumer {
  readonly client: ExchangeClient;
  latest(): OrderBookState | undefined;
  readonly events: ExchangeEvent[];
  readonly trades: Trade[];
  readonly snapshots: () => number;
  stop(): void;
}

/**
 * Starts a fromNats consumer of the book and trades of {@link SYMBOL}.
 *
 * @example
 * ```ts
 * const c = watchConsumer({ servers: nats.url });
 * ```
 */
export function watchConsumer(options: NatsOptions, withTrades = false): Consumer {
  const client = fromNats('binance', options);
  const events: ExchangeEvent[] = [];
  const trades: Trade[] = [];
  let latest: OrderBookState | undefined;
  let snapshots = 0;
  const subscriptions: Subscription[] = [client.events$.subscribe((e) => events.push(e))];
  subscriptions.push(
    client.book(SYMBOL).subscribe((e) => {
      if (e.type === 'snapshot') snapshots++;
    }),
  );
  subscriptions.push(client.book(SYMBOL).pipe(orderBook({ depth: DEPTH })).subscribe({ next: (s) => (latest = s), error: (e: unknown) => events.push({ type: 'error', exchange: 'binance', kind: 'transport', message: String(e), timestamp: 0 }) }));
  if (withTrades) subscriptions.push(client.trades(SYMBOL).subscribe((t) => trades.push(t)));
  return { client, latest: () => latest, events, trades, snapshots: () => snapshots, stop: () => subscriptions.forEach((s) => s.unsubscribe()) };
}

/**
 * An ingest of the simulator's Binance feed: the client and the publish events.
 *
 * @example
 * ```ts
 * const ingest = startIngest(sim, { servers: nats.url });
 * ```
 */
export function startIngest(sim: BinanceSimulator, options: Omit<PublishOptions, 'books'>): { readonly events: PublishEvent[]; stop(): void } {
  const client = binance({ wsUrl: sim.wsUrl, restUrl: sim.restUrl, reconnect: { delay: 20, maxDelay: 100 } });
  const events: PublishEvent[] = [];
  const subscription = publish(client, { books: [SYMBOL], bookOptions: { depth: 1000 }, leaseMs: 1_000, snapshotIntervalMs: 200, ...options }).subscribe({
    next: (e) => events.push(e),
    error: (e: unknown) => events.push({ type: 'error', message: `publish failed: ${String(e)}` }),
  });
  return { events, stop: () => subscription.unsubscribe() };
}

/**
 * Starts a paused Binance simulator (the test steps it).
 *
 * @example
 * ```ts
 * const sim = await startSimulator();
 * ```
 */
export function startSimulator(seed = 42): Promise<BinanceSimulator> {
  return BinanceSimulator.start({ symbols: [SYMBOL], seed, autoStart: false, depthIntervalMs: 10_000, tickerIntervalMs: 10_000, bookLevels: 300 });
}

/**
 * `count` market updates, each pushed as its own depth event, yielding to I/O every 100.
 *
 * @example
 * ```ts
 * await drive(sim, 10_000);
 * ```
 */
export async function drive(sim: BinanceSimulator, count: number): Promise<void> {
  for (let i = 0; i < count; i++) {
    sim.step(1);
    sim.flush();
    if (i % 100 === 99) await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

/**
 * Waits until every consumer's book equals the simulator's ground truth (top {@link DEPTH}).
 *
 * @example
 * ```ts
 * await expectBooksEqualTruth(sim, [a, b, c], 'after 10 000 updates');
 * ```
 */
export async function expectBooksEqualTruth(sim: BinanceSimulator, consumers: readonly Consumer[], what: string, bound = 500): Promise<void> {
  const truth = (): string => {
    const t = sim.truth(SYMBOL, DEPTH);
    return JSON.stringify([t.bids, t.asks]);
  };
  for (const [i, consumer] of consumers.entries()) {
    await waitFor(() => {
      const state = consumer.latest();
      return state !== undefined && JSON.stringify([state.bids, state.asks]) === truth();
    }, `consumer ${i} book to equal the ground truth ${what}`, bound).catch((error: Error) => {
      const state = consumer.latest();
      expect({ consumer: i, book: state && [state.bids.slice(0, 2), state.asks.slice(0, 2)], truth: truth().slice(0, 200), events: consumer.events.slice(-5) }).toBeUndefined();
      throw error;
    });
  }
}

/**
 * The `resync` events of a consumer with `reason`.
 *
 * @example
 * ```ts
 * resyncs(consumer, 'gap').length;
 * ```
 */
export function resyncs(consumer: Consumer, reason?: string): ExchangeEvent[] {
  return consumer.events.filter((e) => e.type === 'resync' && (reason === undefined || e.reason === reason));
}

/**
 * Steps the market until every consumer shows a book (the ingest's exchange client needs a few
 * depth events after subscribing to sync its book).
 *
 * @example
 * ```ts
 * await driveUntilBooks(sim, [a, b]);
 * ```
 */
export async function driveUntilBooks(sim: BinanceSimulator, consumers: readonly Consumer[]): Promise<void> {
  await waitFor(async () => {
    if (consumers.every((c) => c.latest() !== undefined)) return true;
    await drive(sim, 5);
    return false;
  }, 'every consumer to show a book');
}
