import type { Subscriber } from 'rxjs';
import { OrderBook } from '../../book/order-book';
import type { PriceLevels } from '../../book/price-levels';
import type { BookEvent, BookLevel } from '../../model/book-event';
import type { ResyncReason } from '../../model/exchange-event';
import type { StreamContext, StreamListener, StreamStatus } from '../common/stream-listener';
import type { KrakenChecksum } from './kraken-checksum';
import type { KrakenInstruments } from './kraken-instruments';
import type { KrakenBookPayload } from './kraken-protocol';

/**
 * Settings of one Kraken book listener.
 *
 * @example
 * ```ts
 * const settings: KrakenBookSettings = { symbol: 'BTC/USD', depth: 10, instruments, checksum: new KrakenChecksum() };
 * ```
 */
export interface KrakenBookSettings {
  readonly symbol: string;
  /** The subscribed depth: the book is truncated to it after every message, as Kraken does. */
  readonly depth: number;
  readonly instruments: KrakenInstruments;
  /** Shared per client (single-threaded: one checksum at a time). */
  readonly checksum: KrakenChecksum;
  /** Consecutive snapshots failing their checksum before the stream errors (default 3). */
  readonly maxSnapshotFailures?: number;
  /**
   * Asks the `instrument` channel again (a fresh snapshot of every pair's precisions): called when a
   * fresh book snapshot fails its checksum, since a precision Kraken changed without the client seeing
   * the update formats every level wrong.
   */
  readonly refreshInstruments?: () => void;
}

/** `awaiting`: no valid snapshot (updates are ignored); `holding`: book kept but not yet verifiable; `live`. */
type Phase = 'awaiting' | 'holding' | 'live';

/**
 * Kraken's book procedure as a stream listener: apply the snapshot and every update to an own book,
 * truncate it to the subscribed depth (Kraken sends no removal for levels pushed out of range), and
 * verify Kraken's CRC32 after every message, formatting levels with the pair's precision from the
 * `instrument` channel.
 *
 * - A mismatch raises `resync` 'checksum', resubscribes the book and ignores updates until the fresh
 *   snapshot, which is emitted as a new `snapshot`. An invalid frame raises `resync` 'gap' the same
 *   way; a reconnect raises `resync` 'reconnect' (the hub resubscribes everything).
 * - Every emitted delta carries, besides Kraken's levels, a `[price, 0]` for each level the
 *   truncation removed, so a downstream `orderBook()` holds exactly the verified book.
 * - Snapshot before precision: the book is kept and updated but nothing is emitted until the precision
 *   arrives; then the current book is verified against the last checksum received and emitted as one
 *   `snapshot`. Unverified state is never emitted. If the instrument snapshot has no such pair, the
 *   stream errors with a clear message.
 * - A precision change: an `instrument` update applies at once (the next checksum uses it). A fresh
 *   snapshot failing its checksum (the update was missed) refreshes the instrument channel before the
 *   book resubscribes; only `maxSnapshotFailures` failed fresh snapshots in a row, each after a
 *   refresh, error the stream.
 *
 * @example
 * ```ts
 * hub.stream<BookEvent>('book:BTC/USD:10', (subscriber, ctx) => new KrakenBookSync(subscriber, ctx, settings), { fresh: true });
 * ```
 */
export class KrakenBookSync implements StreamListener {
  private phase: Phase = 'awaiting';
  private readonly book = new OrderBook();
  private heldChecksum = 0;
  private heldTimestamp = 0;
  private heldReceivedAt = 0;
  private snapshotFailures = 0;
  /** Exact texts of the book's quantities that a float64 cannot hold (price → text), per side. */
  private readonly exact = { bids: new Map<number, string>(), asks: new Map<number, string>() };
  private readonly maxSnapshotFailures: number;
  /** Scratch for the truncation walk (reused; no per-message closure). */

  constructor(
    private readonly subscriber: Subscriber<BookEvent>,
    private readonly context: StreamContext,
    private readonly settings: KrakenBookSettings,
  ) {
    this.maxSnapshotFailures = settings.maxSnapshotFailures ?? 3;
    subscriber.add(settings.instruments.watch(() => this.onInstruments()));
  }

  data(payload: unknown, receivedAt: number): void {
    const message = payload as KrakenBookPayload;
    if (message.type === 'snapshot') {
      this.onSnapshot(message, receivedAt);
      return;
    }
    if (this.phase === 'awaiting') return; // stale updates before the (fresh) snapshot
    const book = this.book;
    book.applyDelta(message.bids, message.asks);
    if (message.exactQty !== undefined || this.exact.bids.size + this.exact.asks.size > 0) this.noteExact(message);
    const bids = this.truncate(book.bids, message.bids, this.exact.bids);
    const asks = this.truncate(book.asks, message.asks, this.exact.asks);
    if (this.phase === 'holding') {
      this.hold(message, receivedAt);
      return;
    }
    const precision = this.settings.instruments.get(this.settings.symbol)!;
    if (this.settings.checksum.ofBook(book.bids, book.asks, precision, this.exact) !== message.checksum) {
      this.resync('checksum', true);
      return;
    }
    this.subscriber.next({
      type: 'delta',
      exchange: 'kraken',
      symbol: this.settings.symbol,
      bids,
      asks,
      timestamp: message.timestamp,
      localTimestamp: receivedAt,
    });
  }

  status(status: StreamStatus): void {
    if (status === 'connected') {
      if (this.phase !== 'awaiting') this.resync('reconnect', false); // the hub resubscribes on open
    } else if (status === 'invalid' || status === 'gap') {
      this.resync('gap', true);
    }
  }

  reject(error: Error): void {
    this.subscriber.error(error);
  }

  private onSnapshot(message: KrakenBookPayload, receivedAt: number): void {
    const book = this.book;
    book.applySnapshot(message.bids, message.asks);
    this.exact.bids.clear();
    this.exact.asks.clear();
    if (message.exactQty !== undefined) this.noteExact(message);
    this.truncate(book.bids, message.bids, this.exact.bids);
    this.truncate(book.asks, message.asks, this.exact.asks);
    this.hold(message, receivedAt);
    this.phase = 'holding';
    this.tryVerifyHeld();
  }

  /** Remembers what the book must verify against once the precision is known. */
  private hold(message: KrakenBookPayload, receivedAt: number): void {
    this.heldChecksum = message.checksum;
    this.heldTimestamp = message.timestamp;
    this.heldReceivedAt = receivedAt;
  }

  private onInstruments(): void {
    if (this.phase === 'holding') this.tryVerifyHeld();
  }

  /** In `holding`: verify the current book once the precision is known, then go live with a snapshot. */
  private tryVerifyHeld(): void {
    if (this.phase !== 'holding') return;
    const { symbol, instruments, checksum, depth } = this.settings;
    const precision = instruments.get(symbol);
    if (precision === undefined) {
      if (instruments.loaded) this.fail(`kraken book ${symbol}: the instrument channel lists no such pair, so its checksums cannot be verified`);
      return;
    }
    const book = this.book;
    if (checksum.ofBook(book.bids, book.asks, precision, this.exact) !== this.heldChecksum) {
      if (++this.snapshotFailures >= this.maxSnapshotFailures) {
        this.fail(`kraken book ${symbol}: ${this.snapshotFailures} fresh snapshots in a row failed their checksum, with the precision refreshed (price ${precision.price}, qty ${precision.qty}) in between`);
        return;
      }
      // A fresh book that fails is most likely formatted with a stale precision: refresh it first
      // (its request goes out before the book's, so the new precisions arrive before the new snapshot).
      this.settings.refreshInstruments?.();
      this.resync('checksum', true);
      return;
    }
    this.snapshotFailures = 0;
    this.phase = 'live';
    this.subscriber.next({
      type: 'snapshot',
      exchange: 'kraken',
      symbol,
      bids: book.bids.top(depth),
      asks: book.asks.top(depth),
      timestamp: this.heldTimestamp,
      localTimestamp: this.heldReceivedAt,
    });
  }

  /**
   * Cuts `side` to the subscribed depth; returns `levels` plus a removal per level cut (a new array
   * only when something was cut: the payload may be shared by several listeners).
   */
  private truncate(side: PriceLevels, levels: BookLevel[], exact: Map<number, string>): BookLevel[] {
    const { depth } = this.settings;
    if (side.size <= depth) return levels;
    const out = levels.slice();
    while (side.size > depth) {
      const price = side.worstPrice()!;
      side.set(price, 0);
      exact.delete(price);
      out.push([price, 0]);
    }
    return out;
  }

  /** Keeps the exact texts of long quantities: a level written again without one, or removed, drops its text. */
  private noteExact(message: KrakenBookPayload): void {
    const note = (levels: readonly BookLevel[], texts: readonly (string | undefined)[] | undefined, exact: Map<number, string>): void => {
      for (let i = 0; i < levels.length; i++) {
        const [price, quantity] = levels[i]!;
        const text = texts?.[i];
        if (quantity !== 0 && text !== undefined) exact.set(price, text);
        else exact.delete(price);
      }
    };
    note(message.bids, message.exactQty?.bids, this.exact.bids);
    note(message.asks, message.exactQty?.asks, this.exact.asks);
  }

  private resync(reason: ResyncReason, resubscribe: boolean): void {
    this.phase = 'awaiting';
    this.book.clear();
    this.exact.bids.clear();
    this.exact.asks.clear();
    this.context.raise({ type: 'resync', symbol: this.settings.symbol, reason });
    if (resubscribe) this.context.resubscribe();
  }

  private fail(message: string): void {
    this.phase = 'awaiting';
    this.context.raise({ type: 'error', kind: 'exchange', message, symbol: this.settings.symbol });
    this.subscriber.error(new Error(message));
  }
}
