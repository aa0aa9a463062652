import { type Observable, type Subscriber, Subscription, timer } from 'rxjs';
import { backoffDelay } from '../../socket/backoff';
import { OrderBook } from '../../book/order-book';
import type { PriceLevels } from '../../book/price-levels';
import type { BookEvent, BookLevel } from '../../model/book-event';
import type { ResyncReason } from '../../model/exchange-event';
import type { StreamContext, StreamListener, StreamStatus } from '../common/stream-listener';
import type { GateioOrderBookSnapshot } from './gateio-codecs';
import { GateioSnapshotError } from './gateio-order-book';
import { type GateioBookUpdate, parseGateioLevels } from './gateio-payloads';

/**
 * Settings of one Gate.io book synchroniser.
 *
 * @example
 * ```ts
 * const settings: GateioBookSettings = { symbol: 'BTC/USDT', depth: 100, fetchSnapshot, maxBufferedUpdates: 10_000, retryDelay: 500, quietFetchAfter: 1000 };
 * ```
 */
export interface GateioBookSettings {
  readonly symbol: string;
  /** The subscribed level (20 or 100): the book is cut to it after every message. */
  readonly depth: number;
  /** The REST snapshot `GET /api/v4/spot/order_book?…&limit=<depth>&with_id=true`. */
  readonly fetchSnapshot: () => Observable<GateioOrderBookSnapshot>;
  /** Updates held while the snapshot is in flight; past it the sync restarts (an `overflow` event). */
  readonly maxBufferedUpdates: number;
  /** Wait before re-requesting a snapshot after a failure that gives no wait of its own, in ms. */
  readonly retryDelay: number;
  /** Fetch the snapshot anyway when no update arrived this long after (re)starting, in ms (a quiet pair). */
  readonly quietFetchAfter: number;
  /** Longest wait between snapshot requests that keep failing or keep being behind, in ms (default 30 000). */
  readonly maxRetryDelay?: number;
  /** Jitter source of the retry backoff, [0, 1) (default `Math.random`). */
  readonly random?: () => number;
}

type Phase = 'waiting' | 'fetching' | 'live';
interface Buffered {
  readonly update: GateioBookUpdate;
  readonly receivedAt: number;
}

/**
 * Gate.io's documented local order book procedure ("how to maintain local order book", WebSocket
 * v4) as a stream listener:
 *
 * 1. buffer `spot.order_book_update` messages and fetch the REST snapshot with its book `id`;
 * 2. dump buffered updates with `u < id + 1`; if the first one left has `U > id + 1`, the snapshot
 *    is behind the updates: fetch a newer one;
 * 3. go live from the snapshot; the first applied update straddles it (`U <= id + 1 <= u`) and every
 *    later one continues the previous (`U = previous u + 1`); an update with `U > local id + 1` means
 *    updates were lost: a `resync` 'gap' and a new snapshot;
 * 4. a `full: true` message is the whole book of the subscribed level: it replaces the book and the
 *    local id becomes its `u`. While live that is a `resync` 'reset' followed by the new `snapshot`;
 *    before the book is live it completes the start-up by itself (the REST request in flight is
 *    dropped). A resent whole book the book is already past (`u <= local id`) is ignored.
 *
 * Amounts are absolute (`0` removes). The book is cut to the subscribed level after every message
 * (a level pushed below it is removed, with a `[price, 0]` in the emitted delta), so it holds exactly
 * the top `depth` whether or not Gate.io sends removals for levels that leave that range. Any invalid
 * frame or reconnect raises a `resync` and starts over with a fresh snapshot, so the subscriber never
 * sees a wrong book.
 *
 * @example
 * ```ts
 * hub.stream<BookEvent>(key, (subscriber, ctx) => new GateioBookSync(subscriber, ctx, settings));
 * ```
 */
export class GateioBookSync implements StreamListener {
  private phase: Phase = 'waiting';
  private buffer: Buffered[] = [];
  private lastId = 0;
  private readonly book = new OrderBook();
  private disconnected = false;
  private fetching: Subscription | undefined;
  /** Consecutive snapshot requests that failed or came back behind the updates held (reset when live). */
  private failures = 0;

  constructor(
    private readonly subscriber: Subscriber<BookEvent>,
    private readonly context: StreamContext,
    private readonly settings: GateioBookSettings,
  ) {
    subscriber.add(() => this.fetching?.unsubscribe());
    this.fetchWhenQuiet();
  }

  data(payload: unknown, receivedAt: number): void {
    const update = payload as GateioBookUpdate;
    if (this.phase === 'live') {
      this.applyLive(update, receivedAt, undefined);
      return;
    }
    if (update.full) {
      this.fetching?.unsubscribe(); // a whole book needs no REST bridge
      this.fetching = undefined;
      this.buffer = [];
      this.replace(update, receivedAt);
      return;
    }
    if (this.buffer.length >= this.settings.maxBufferedUpdates) {
      this.context.raise({ type: 'overflow', buffer: 'gateio order book buffer', capacity: this.settings.maxBufferedUpdates, symbol: this.settings.symbol });
      this.restart('stale');
    }
    this.buffer.push({ update, receivedAt });
    if (this.phase === 'waiting') this.fetch(0);
  }

  status(status: StreamStatus): void {
    if (status === 'disconnected') {
      this.disconnected = true;
    } else if (status === 'connected') {
      if (this.disconnected) this.restart('reconnect');
      this.disconnected = false;
    } else if (status === 'invalid' || status === 'gap') {
      this.restart('gap');
    }
  }

  reject(error: Error): void {
    this.subscriber.error(error);
  }

  /**
   * One update on a live book. On a gap the sync restarts with `update` and what follows it in
   * `rest` buffered; returns `false` then.
   */
  private applyLive(update: GateioBookUpdate, receivedAt: number, rest: readonly Buffered[] | undefined): boolean {
    if (update.full) {
      if (update.last <= this.lastId) return true; // a whole book we are already past (resent)
      this.context.raise({ type: 'resync', symbol: this.settings.symbol, reason: 'reset' });
      this.replace(update, receivedAt);
      return true;
    }
    if (update.last < this.lastId + 1) return true; // u < id + 1: already contained in the book
    if (update.first > this.lastId + 1) {
      this.restart('gap');
      this.buffer = [{ update, receivedAt }, ...(rest ?? [])];
      this.fetch(0);
      return false;
    }
    this.lastId = update.last;
    const book = this.book;
    book.applyDelta(update.bids, update.asks);
    this.subscriber.next({
      type: 'delta',
      exchange: 'gateio',
      symbol: this.settings.symbol,
      bids: this.truncate(book.bids, update.bids),
      asks: this.truncate(book.asks, update.asks),
      timestamp: update.timestamp,
      localTimestamp: receivedAt,
    });
    return true;
  }

  /** Replaces the book with a whole one (a `full` message) and emits it as a snapshot. */
  private replace(update: GateioBookUpdate, receivedAt: number): void {
    this.goLive(withoutEmpty(update.bids), withoutEmpty(update.asks), update.last, update.timestamp, receivedAt);
  }

  private goLive(bids: readonly BookLevel[], asks: readonly BookLevel[], id: number, timestamp: number, receivedAt: number): void {
    const { book, settings } = this;
    book.applySnapshot(bids, asks);
    this.truncate(book.bids, []);
    this.truncate(book.asks, []);
    this.lastId = id;
    this.phase = 'live';
    this.subscriber.next({
      type: 'snapshot',
      exchange: 'gateio',
      symbol: settings.symbol,
      bids: book.bids.top(settings.depth),
      asks: book.asks.top(settings.depth),
      timestamp,
      localTimestamp: receivedAt,
    });
  }

  /** Forget the book and wait for the next update (or the quiet timer); tells the user why. */
  private restart(reason: ResyncReason): void {
    this.fetching?.unsubscribe();
    this.fetching = undefined;
    this.buffer = [];
    this.phase = 'waiting';
    this.book.clear();
    this.context.raise({ type: 'resync', symbol: this.settings.symbol, reason });
    this.fetchWhenQuiet();
  }

  /** In the waiting phase, schedules a snapshot request for when the stream stays quiet. */
  private fetchWhenQuiet(): void {
    this.fetching = timer(this.settings.quietFetchAfter, this.context.scheduler).subscribe(() => {
      if (this.phase === 'waiting') this.fetch(0);
    });
  }

  private fetch(delay: number): void {
    if (this.subscriber.closed) return;
    this.phase = 'fetching';
    this.fetching?.unsubscribe();
    // Stored before the request starts: a request failing synchronously schedules its retry into a new handle.
    const fetching = new Subscription();
    this.fetching = fetching;
    const request = (): void => {
      fetching.add(
        this.settings.fetchSnapshot().subscribe({
          next: (snapshot) => this.onSnapshot(snapshot, this.context.scheduler.now()),
          error: (error: unknown) => this.onSnapshotError(error),
        }),
      );
    };
    if (delay > 0) fetching.add(timer(delay, this.context.scheduler).subscribe(request));
    else request();
  }

  private onSnapshotError(error: unknown): void {
    const failure = error instanceof GateioSnapshotError ? error : new GateioSnapshotError(`gateio order book ${this.settings.symbol}: ${(error as Error).message}`);
    this.context.raise({ type: 'error', kind: failure.kind, message: failure.message, symbol: this.settings.symbol });
    if (failure.fatal) {
      this.subscriber.error(new Error(`gateio book ${this.settings.symbol}: ${failure.message}`));
      return;
    }
    this.failures++;
    this.fetch(this.retryAfter(failure.retryAfterMs));
  }

  /** Wait before the next snapshot request after `failures` consecutive failed ones, at least `atLeast` ms. */
  private retryAfter(atLeast = 0): number {
    const policy = { delay: this.settings.retryDelay, maxDelay: this.settings.maxRetryDelay ?? 30_000 };
    return Math.max(atLeast, backoffDelay(this.failures, policy, this.settings.random ?? Math.random));
  }

  private onSnapshot(snapshot: GateioOrderBookSnapshot, receivedAt: number): void {
    this.fetching = undefined;
    const bids = parseGateioLevels(snapshot.bids);
    const asks = parseGateioLevels(snapshot.asks);
    if (!bids || !asks) {
      this.context.raise({ type: 'error', kind: 'decode', message: 'gateio order book snapshot: level is not a valid number pair', symbol: this.settings.symbol });
      this.failures++;
      this.fetch(this.retryAfter());
      return;
    }
    const { id } = snapshot;
    let start = 0;
    while (start < this.buffer.length && this.buffer[start]!.update.last < id + 1) start++; // dump u < id + 1
    const first = this.buffer[start]?.update;
    if (first && first.first > id + 1) {
      // The snapshot falls behind the updates held: fetch a newer one, as the procedure says.
      // The first retry is quick (a snapshot a moment too old); a server that keeps serving old ones
      // is reported (resync stale) and asked with backoff, never polled in a silent loop.
      if (this.failures > 0) this.context.raise({ type: 'resync', symbol: this.settings.symbol, reason: 'stale' });
      this.failures++;
      this.fetch(this.failures === 1 ? this.settings.retryDelay / 10 : this.retryAfter());
      return;
    }
    this.failures = 0;
    const pending = this.buffer.slice(start);
    this.buffer = [];
    this.goLive(withoutEmpty(bids), withoutEmpty(asks), id, snapshot.update, receivedAt);
    for (let i = 0; i < pending.length; i++) {
      const { update, receivedAt: updateReceivedAt } = pending[i]!;
      if (!this.applyLive(update, updateReceivedAt, pending.slice(i + 1))) return;
    }
  }

  /**
   * Cuts `side` to the subscribed level; returns `levels` plus a removal per level cut (a new array
   * only when something was cut: the payload may be shared by several listeners).
   */
  private truncate(side: PriceLevels, levels: BookLevel[]): BookLevel[] {
    const { depth } = this.settings;
    if (side.size <= depth) return levels;
    const out = levels.slice();
    while (side.size > depth) {
      const price = side.worstPrice()!;
      side.set(price, 0);
      out.push([price, 0]);
    }
    return out;
  }
}

/** The levels of a whole book without the empty ones (Gate.io's own example of a full message carries one). */
function withoutEmpty(levels: readonly BookLevel[]): BookLevel[] {
  return levels.filter((level) => level[1] > 0);
}
