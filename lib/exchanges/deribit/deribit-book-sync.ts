import type { Subscriber } from 'rxjs';
import { OrderBook } from '../../book/order-book';
import type { PriceLevels } from '../../book/price-levels';
import type { BookEvent, BookLevel } from '../../model/book-event';
import type { ResyncReason } from '../../model/exchange-event';
import type { StreamContext, StreamListener, StreamStatus } from '../common/stream-listener';
import type { DeribitBookPayload } from './deribit-book-decode';
import type { DeribitBookLevel } from './deribit-codecs';

/**
 * Applies Deribit levels to one side of a book, checking each action against it: `new` must name a
 * price the side does not hold, `change` and `delete` one it holds; `new` and `change` carry an
 * amount > 0. Returns the absolute levels applied (`delete` → quantity 0), or a description of the
 * first violation (the side is then partly applied: the caller discards the book).
 *
 * @example
 * ```ts
 * applyDeribitLevels(book.bids, [['change', 100, 5], ['delete', 99, 0]], 'bid'); // [[100, 5], [99, 0]]
 * applyDeribitLevels(book.bids, [['delete', 42, 0]], 'bid'); // 'delete of bid 42, which the book does not hold'
 * ```
 */
export function applyDeribitLevels(side: PriceLevels, levels: readonly DeribitBookLevel[], name: 'bid' | 'ask'): BookLevel[] | string {
  const applied = new Array<BookLevel>(levels.length);
  for (let i = 0; i < levels.length; i++) {
    const [action, price, amount] = levels[i]!;
    const held = side.get(price) !== undefined;
    if (action === 'new') {
      if (held) return `new ${name} ${price}, which the book already holds`;
      if (!(amount > 0)) return `new ${name} ${price} with amount ${amount}`;
      side.set(price, amount);
      applied[i] = [price, amount];
    } else if (action === 'change') {
      if (!held) return `change of ${name} ${price}, which the book does not hold`;
      if (!(amount > 0)) return `change of ${name} ${price} to amount ${amount}`;
      side.set(price, amount);
      applied[i] = [price, amount];
    } else {
      if (!held) return `delete of ${name} ${price}, which the book does not hold`;
      side.set(price, 0);
      applied[i] = [price, 0];
    }
  }
  return applied;
}

/**
 * Deribit's `book.{instrument}.{interval}` procedure as a stream listener, verifying every rule the
 * docs give:
 *
 * - The subscription answers with a `snapshot` (every level `new`, each price once); `change`s
 *   follow. Changes before the first snapshot (left over from an earlier subscription) are ignored.
 * - Every change's `prev_change_id` equals the previous notification's `change_id` (the snapshot's
 *   for the first change). A break means a notification was lost: an `error` event saying which
 *   ids, `resync` 'gap', and a new subscription for a fresh snapshot.
 * - Each level's action must fit the book: `new` for a price not held, `change`/`delete` for a
 *   price held, `new`/`change` with an amount > 0. Anything else means the book and Deribit
 *   disagree (a change was lost or misapplied): the same error + `resync` 'gap' + resubscription.
 *   Levels of one notification are applied in order, so a price deleted and re-added within one
 *   notification is fine.
 * - A `snapshot` while the book is live replaces it: silently when a resubscription asked for it (a
 *   second subscriber of the channel joined, see {@link expectFreshSnapshot}), otherwise with
 *   `resync` 'reset' first.
 * - A reconnect raises `resync` 'reconnect' (the hub resubscribes, the snapshot follows); an invalid
 *   frame of the channel raises `resync` 'gap' and resubscribes.
 *
 * Nothing else is checked: Deribit documents no checksum and no depth limit (`book()` is the whole
 * book). Deltas are emitted with absolute quantities (`delete` → 0), snapshots best first.
 *
 * @example
 * ```ts
 * hub.stream<BookEvent>('book.BTC-PERPETUAL.100ms', (subscriber, ctx) => new DeribitBookSync(subscriber, ctx, 'BTC/USD:BTC'), { fresh: true });
 * ```
 */
export class DeribitBookSync implements StreamListener {
  private live = false;
  private freshSnapshotExpected = false;
  private readonly book = new OrderBook();
  private lastChangeId = 0;

  constructor(
    private readonly subscriber: Subscriber<BookEvent>,
    private readonly context: StreamContext,
    /** Unified symbol (events carry it). */
    private readonly symbol: string,
  ) {}

  data(payload: unknown, receivedAt: number): void {
    const message = payload as DeribitBookPayload;
    if (message.type === 'snapshot') {
      this.onSnapshot(message, receivedAt);
      return;
    }
    if (!this.live) return;
    if (message.prevChangeId !== this.lastChangeId) {
      this.restart('gap', `prev_change_id ${message.prevChangeId} is not the previous change_id ${this.lastChangeId} (a notification was lost), change_id ${message.changeId}`);
      return;
    }
    const bids = applyDeribitLevels(this.book.bids, message.bids, 'bid');
    const asks = typeof bids === 'string' ? bids : applyDeribitLevels(this.book.asks, message.asks, 'ask');
    if (typeof asks === 'string') {
      this.restart('gap', `${asks} (change_id ${message.changeId})`);
      return;
    }
    this.lastChangeId = message.changeId;
    this.subscriber.next({
      type: 'delta',
      exchange: 'deribit',
      symbol: this.symbol,
      bids: bids as BookLevel[],
      asks,
      timestamp: message.timestamp,
      localTimestamp: receivedAt,
    });
  }

  status(status: StreamStatus): void {
    if (status === 'connected') {
      if (this.live) this.resync('reconnect', false); // the hub resubscribes on open
    } else if (status === 'invalid' || status === 'gap') {
      this.resync('gap', true);
    }
  }

  reject(error: Error): void {
    this.subscriber.error(error);
  }

  /**
   * Another subscriber of the same channel joined the client, so the channel is resubscribed for its
   * snapshot: the next snapshot this listener sees is that one, a replacement without a `reset` event.
   */
  expectFreshSnapshot(): void {
    if (this.live) this.freshSnapshotExpected = true;
  }

  private onSnapshot(message: DeribitBookPayload, receivedAt: number): void {
    const replacing = this.live;
    if (replacing && !this.freshSnapshotExpected) this.context.raise({ type: 'resync', symbol: this.symbol, reason: 'reset' });
    this.freshSnapshotExpected = false;
    this.live = false;
    this.book.clear();
    for (const [side, levels, name] of [
      [this.book.bids, message.bids, 'bid'],
      [this.book.asks, message.asks, 'ask'],
    ] as const) {
      for (const level of levels) {
        if (level[0] !== 'new') {
          this.restart('gap', `snapshot change_id ${message.changeId} carries a "${level[0]}" level (${name} ${level[1]}): a snapshot lists new levels only`);
          return;
        }
      }
      const applied = applyDeribitLevels(side, levels, name);
      if (typeof applied === 'string') {
        this.restart('gap', `snapshot change_id ${message.changeId}: ${applied}`);
        return;
      }
    }
    this.live = true;
    this.lastChangeId = message.changeId;
    this.subscriber.next({
      type: 'snapshot',
      exchange: 'deribit',
      symbol: this.symbol,
      bids: this.book.bids.top(this.book.bids.size),
      asks: this.book.asks.top(this.book.asks.size),
      timestamp: message.timestamp,
      localTimestamp: receivedAt,
    });
  }

  /** A broken rule: an `error` event saying which, then a resync with a fresh subscription. */
  private restart(reason: ResyncReason, detail: string): void {
    this.context.raise({ type: 'error', kind: 'exchange', message: `deribit book ${this.symbol}: ${detail}`, symbol: this.symbol });
    this.resync(reason, true);
  }

  private resync(reason: ResyncReason, resubscribe: boolean): void {
    this.live = false;
    this.freshSnapshotExpected = false;
    this.book.clear();
    this.context.raise({ type: 'resync', symbol: this.symbol, reason });
    if (resubscribe) this.context.resubscribe();
  }
}
