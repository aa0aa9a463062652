import type { Subscriber } from 'rxjs';
import { OrderBook } from '../../book/order-book';
import type { BookEvent } from '../../model/book-event';
import type { ResyncReason } from '../../model/exchange-event';
import type { StreamContext, StreamListener, StreamStatus } from '../common/stream-listener';
import type { BybitBookPayload } from './bybit-book-decode';

/**
 * Settings of one Bybit book listener.
 *
 * @example
 * ```ts
 * const settings: BybitBookSettings = { symbol: 'BTC/USDT:USDT', depth: 200 };
 * ```
 */
export interface BybitBookSettings {
  /** Unified symbol (events carry it). */
  readonly symbol: string;
  /** The subscribed depth (`orderbook.{depth}.{symbol}`). */
  readonly depth: number;
}

/**
 * Bybit v5's book procedure as a stream listener, verifying every rule the docs and the real
 * capture give:
 *
 * - The subscription answers with a `snapshot` (the book); `delta`s follow. Deltas before the first
 *   snapshot (left over from an earlier subscription) are ignored.
 * - Every delta's `u` is the previous `u` + 1 and its `seq` is larger than the previous one; a
 *   violation raises `resync` 'gap' (and an `error` event saying which) and resubscribes for a
 *   fresh snapshot.
 * - A `snapshot` in the middle of the stream (Bybit resends one after a problem on its side, with
 *   `u` = 1 after a service restart) replaces the book: `resync` 'reset', then the new `snapshot`.
 *   Depth 1 is snapshot-only on Bybit: each one replaces the book silently, `u` may repeat (Bybit
 *   resends an unchanged level-1 book every 3 s) and only a `u` going back is a reset. The snapshot
 *   that answers another subscriber's resubscription of the topic ({@link expectFreshSnapshot}) is a
 *   silent replacement too.
 * - Size `"0"` deletes a level. Bybit itself deletes the levels that leave the depth, so after every
 *   message each side holds at most `depth` levels, and the book is never crossed: a book that
 *   breaks either has lost an update (`resync` 'gap', resubscribe).
 * - A reconnect raises `resync` 'reconnect' (the hub resubscribes, the snapshot follows); an invalid
 *   frame of the topic raises `resync` 'gap' and resubscribes.
 *
 * Deltas are emitted as Bybit sent them (absolute sizes, 0 removes), snapshots best first.
 *
 * @example
 * ```ts
 * hub.stream<BookEvent>('linear:orderbook.200.BTCUSDT', (subscriber, ctx) => new BybitBookSync(subscriber, ctx, settings), { fresh: true });
 * ```
 */
export class BybitBookSync implements StreamListener {
  private live = false;
  /** A subscriber joined this topic on the client: the resubscription's snapshot is expected, not a reset. */
  private freshSnapshotExpected = false;
  private readonly book = new OrderBook();
  private lastUpdateId = 0;
  private lastSequence = 0;

  constructor(
    private readonly subscriber: Subscriber<BookEvent>,
    private readonly context: StreamContext,
    private readonly settings: BybitBookSettings,
  ) {}

  data(payload: unknown, receivedAt: number): void {
    const message = payload as BybitBookPayload;
    if (message.type === 'snapshot') {
      this.onSnapshot(message, receivedAt);
      return;
    }
    if (!this.live) return;
    if (message.updateId !== this.lastUpdateId + 1) {
      this.restart('gap', `u ${message.updateId} follows u ${this.lastUpdateId} (expected ${this.lastUpdateId + 1})`);
      return;
    }
    if (!(message.sequence > this.lastSequence)) {
      this.restart('gap', `seq ${message.sequence} does not increase (previous ${this.lastSequence})`);
      return;
    }
    this.book.applyDelta(message.bids, message.asks);
    const broken = this.broken();
    if (broken !== undefined) {
      this.restart('gap', `${broken} after u ${message.updateId}`);
      return;
    }
    this.lastUpdateId = message.updateId;
    this.lastSequence = message.sequence;
    this.subscriber.next({
      type: 'delta',
      exchange: 'bybit',
      symbol: this.settings.symbol,
      bids: message.bids,
      asks: message.asks,
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
   * Another subscriber of the same topic joined the client, so the topic is resubscribed for its
   * snapshot: the next snapshot this listener sees is that one, a replacement without a `reset`
   * event (unless its `u` goes back: a restart).
   */
  expectFreshSnapshot(): void {
    if (this.live) this.freshSnapshotExpected = true;
  }

  private onSnapshot(message: BybitBookPayload, receivedAt: number): void {
    const { symbol, depth } = this.settings;
    if (this.live) {
      const replacement = depth === 1 || this.freshSnapshotExpected; // level 1 is snapshot-only
      const restarted = message.updateId < this.lastUpdateId;
      this.freshSnapshotExpected = false;
      if (!replacement || restarted) this.context.raise({ type: 'resync', symbol, reason: 'reset' });
      else if (!(message.sequence >= this.lastSequence)) {
        this.restart('gap', `seq ${message.sequence} goes back (previous ${this.lastSequence})`);
        return;
      }
    }
    this.book.applySnapshot(message.bids, message.asks);
    const broken = this.broken();
    if (broken !== undefined) {
      this.restart('gap', `${broken} in the snapshot u ${message.updateId}`);
      return;
    }
    this.live = true;
    this.lastUpdateId = message.updateId;
    this.lastSequence = message.sequence;
    this.subscriber.next({
      type: 'snapshot',
      exchange: 'bybit',
      symbol,
      bids: this.book.bids.top(depth),
      asks: this.book.asks.top(depth),
      timestamp: message.timestamp,
      localTimestamp: receivedAt,
    });
  }

  /** What is wrong with the book now (more levels than the depth, or crossed), or `undefined`. */
  private broken(): string | undefined {
    const { depth } = this.settings;
    const { bids, asks } = this.book;
    if (bids.size > depth || asks.size > depth) return `${Math.max(bids.size, asks.size)} levels on a side of a depth-${depth} book (a deletion was lost)`;
    if (this.book.isCrossed()) return `a crossed book (bid ${bids.bestPrice()} >= ask ${asks.bestPrice()})`;
    return undefined;
  }

  /** A broken rule: an `error` event saying which, then a resync with a fresh subscription. */
  private restart(reason: ResyncReason, detail: string): void {
    this.context.raise({ type: 'error', kind: 'exchange', message: `bybit book ${this.settings.symbol}: ${detail}`, symbol: this.settings.symbol });
    this.resync(reason, true);
  }

  private resync(reason: ResyncReason, resubscribe: boolean): void {
    this.live = false;
    this.freshSnapshotExpected = false;
    this.book.clear();
    this.context.raise({ type: 'resync', symbol: this.settings.symbol, reason });
    if (resubscribe) this.context.resubscribe();
  }
}
