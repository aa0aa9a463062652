import type { Subscriber } from 'rxjs';
import type { BookEvent, BookLevel } from '../../model/book-event';
import type { ResyncReason } from '../../model/exchange-event';
import type { StreamContext, StreamListener, StreamStatus } from '../common/stream-listener';
import { bitfinexChange, BitfinexOrderBook } from './bitfinex-order-book';
import type { BitfinexBookPayload, BitfinexLevel } from './bitfinex-payloads';

/**
 * Settings of one Bitfinex book listener.
 *
 * @example
 * ```ts
 * const settings: BitfinexBookSettings = { symbol: 'BTC/USD', depth: 25 };
 * ```
 */
export interface BitfinexBookSettings {
  readonly symbol: string;
  /** The subscribed `len` (25 or 100): the book is cut to it at every checksum. */
  readonly depth: number;
  /** Level changes held while waiting for the `cs` that verifies them; past it the book resyncs (an `overflow` event). Default 10 000. */
  readonly maxPendingChanges?: number;
}

/**
 * Bitfinex's `book` channel (`P0`, with the `conf` flags SEQ_ALL and OB_CHECKSUM) as a stream
 * listener: the snapshot after `subscribed`, then one level per message, then a `cs` checksum of
 * the top 25 levels a side once the updates of one book iteration are in.
 *
 * - The snapshot is emitted as a `snapshot` at once (it is Bitfinex's whole book).
 * - Updates are applied to a local book and held; at each `cs` the book is cut to the subscribed
 *   length and its checksum (on the exact texts of the frames) compared: a match emits everything
 *   since the previous `cs` as one `delta` (so every emitted state is a verified state of Bitfinex's
 *   book, never one with half an iteration applied), a mismatch raises `resync` 'checksum' and asks
 *   the hub to resubscribe — the new channel's snapshot starts over.
 * - A connection-wide sequence gap or an invalid frame: `resync` 'gap' and a resubscription; a
 *   reconnect: `resync` 'reconnect' (the hub resubscribes everything). A snapshot while live (the
 *   channel resubscribed after maintenance, or for a new subscriber): `resync` 'reset', then it.
 * - Timestamps are the receipt times: Bitfinex book messages carry no time.
 *
 * @example
 * ```ts
 * hub.stream<BookEvent>('book:tBTCUSD:25', (subscriber, ctx) => new BitfinexBookSync(subscriber, ctx, { symbol: 'BTC/USD', depth: 25 }), { fresh: true });
 * ```
 */
export class BitfinexBookSync implements StreamListener {
  private live = false;
  private readonly book = new BitfinexOrderBook();
  private readonly bidChanges = new Map<number, number>();
  private readonly askChanges = new Map<number, number>();
  private readonly maxPendingChanges: number;
  /** Bound once: the truncation reports removals without a per-checksum closure. */
  private readonly recordRemoval = (bid: boolean, price: number): void => {
    (bid ? this.bidChanges : this.askChanges).set(price, 0);
  };

  constructor(
    private readonly subscriber: Subscriber<BookEvent>,
    private readonly context: StreamContext,
    private readonly settings: BitfinexBookSettings,
  ) {
    this.maxPendingChanges = settings.maxPendingChanges ?? 10_000;
  }

  data(payload: unknown, receivedAt: number): void {
    const message = payload as BitfinexBookPayload;
    if (message.kind === 'snapshot') {
      this.onSnapshot(message.levels, receivedAt);
    } else if (!this.live) {
      return; // before the (fresh) snapshot: a closed channel's last messages, or nothing to apply to yet
    } else if (message.kind === 'update') {
      this.onUpdate(message.level);
    } else {
      this.verify(message.checksum, receivedAt);
    }
  }

  status(status: StreamStatus): void {
    if (status === 'connected') {
      if (this.live) this.resync('reconnect', false); // the hub resubscribes every stream on open
    } else if (status === 'gap' || status === 'invalid') {
      this.resync('gap', true);
    }
  }

  reject(error: Error): void {
    this.subscriber.error(error);
  }

  private onSnapshot(levels: readonly BitfinexLevel[], receivedAt: number): void {
    if (this.live) this.context.raise({ type: 'resync', symbol: this.settings.symbol, reason: 'reset' });
    const { book, settings } = this;
    book.replace(levels);
    book.truncate(settings.depth, () => undefined);
    this.bidChanges.clear();
    this.askChanges.clear();
    this.live = true;
    this.subscriber.next({
      type: 'snapshot',
      exchange: 'bitfinex',
      symbol: settings.symbol,
      bids: book.bids.top(settings.depth),
      asks: book.asks.top(settings.depth),
      timestamp: receivedAt,
      localTimestamp: receivedAt,
    });
  }

  private onUpdate(level: BitfinexLevel): void {
    this.book.apply(level);
    (level.amount > 0 ? this.bidChanges : this.askChanges).set(level.price, bitfinexChange(level));
    if (this.bidChanges.size + this.askChanges.size > this.maxPendingChanges) {
      this.context.raise({ type: 'overflow', buffer: 'bitfinex book changes awaiting a checksum', capacity: this.maxPendingChanges, symbol: this.settings.symbol });
      this.resync('stale', true);
    }
  }

  private verify(expected: number, receivedAt: number): void {
    const { book, settings } = this;
    book.truncate(settings.depth, this.recordRemoval);
    if (book.checksum() !== expected) {
      this.resync('checksum', true);
      return;
    }
    if (this.bidChanges.size === 0 && this.askChanges.size === 0) return;
    const bids: BookLevel[] = [...this.bidChanges];
    const asks: BookLevel[] = [...this.askChanges];
    this.bidChanges.clear();
    this.askChanges.clear();
    this.subscriber.next({ type: 'delta', exchange: 'bitfinex', symbol: settings.symbol, bids, asks, timestamp: receivedAt, localTimestamp: receivedAt });
  }

  private resync(reason: ResyncReason, resubscribe: boolean): void {
    this.live = false;
    this.book.clear();
    this.bidChanges.clear();
    this.askChanges.clear();
    this.context.raise({ type: 'resync', symbol: this.settings.symbol, reason });
    if (resubscribe) this.context.resubscribe();
  }
}
