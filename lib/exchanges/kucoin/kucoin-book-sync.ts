import { type Observable, type Subscriber, Subscription, timer } from 'rxjs';
import { OrderBook } from '../../book/order-book';
import type { PriceLevels } from '../../book/price-levels';
import type { BookEvent, BookLevel } from '../../model/book-event';
import type { ResyncReason } from '../../model/exchange-event';
import type { StreamContext, StreamListener, StreamStatus } from '../common/stream-listener';
import type { KucoinBookSnapshot } from './kucoin-order-book';
import type { KucoinBookUpdate, KucoinChange } from './kucoin-payloads';
import { KucoinRestError } from './kucoin-rest';

/**
 * Settings of one KuCoin book synchroniser.
 *
 * @example
 * ```ts
 * const settings: KucoinBookSettings = { symbol: 'BTC/USDT', depth: 50, snapshotLimit: 100, fetchSnapshot, maxBufferedUpdates: 10_000, retryDelay: 500, maxRetryDelay: 30_000, quietFetchAfter: 1000 };
 * ```
 */
export interface KucoinBookSettings {
  readonly symbol: string;
  /** Levels per side the book must know; when fewer remain known inside a limited snapshot's window: resync 'depth'. */
  readonly depth: number;
  /** Levels per side the REST snapshot asks for (`level2_100`: 100): a side that came back with as many is bounded by its last level. */
  readonly snapshotLimit: number;
  /** The REST snapshot `GET /api/v1/market/orderbook/level2_{snapshotLimit}`. */
  readonly fetchSnapshot: () => Observable<KucoinBookSnapshot>;
  /** Messages held while the snapshot is in flight; past it the sync restarts (an `overflow` event). */
  readonly maxBufferedUpdates: number;
  /** Wait before re-requesting a snapshot after a failure that gives no wait of its own, in ms. */
  readonly retryDelay: number;
  /** Longest wait between snapshots that are behind the cached messages (they back off from `retryDelay / 10`), in ms. */
  readonly maxRetryDelay: number;
  /** Fetch the snapshot anyway when no message arrived this long after (re)starting, in ms (a quiet symbol). */
  readonly quietFetchAfter: number;
}

type Phase = 'waiting' | 'fetching' | 'live';
interface Buffered {
  readonly update: KucoinBookUpdate;
  readonly receivedAt: number;
}

/**
 * KuCoin's documented level-2 calibration ("Orderbook - Increment", spot WebSocket) as a stream
 * listener:
 *
 * 1. cache the `/market/level2` messages and fetch the REST snapshot with its `sequence`;
 * 2. play the cached messages back: drop those with `sequenceEnd <= sequence`; if the first one left
 *    starts beyond it (`sequenceStart > sequence + 1`) the snapshot is behind the messages: a `resync`
 *    'stale' and a newer one, after a wait doubling from `retryDelay / 10` up to `maxRetryDelay` while
 *    they stay behind (the cache is bounded: past `maxBufferedUpdates` it starts over, `overflow`);
 * 3. go live from the snapshot; a message continues the book when `sequenceStart <= local + 1` and
 *    `sequenceEnd > local` (the documented condition; normally `sequenceStart = local + 1`), and only
 *    its changes whose sequence is newer than the local one are applied (the snapshot's, then each
 *    message's `sequenceEnd`); a message with `sequenceEnd <= local` is already in the book; one with
 *    `sequenceStart > local + 1` means messages were lost: a `resync` 'gap' and a new snapshot.
 *
 * Sizes are absolute, size `0` removes the price, a change with price `0` carries nothing (the decoder
 * drops it). The public snapshots are depth-limited (`level2_100`): a side that came back with 100
 * levels knows nothing beyond its 100th price, while the increments cover the whole book. So each such
 * side keeps a **known window** bounded by that price: changes beyond it are not applied nor reported,
 * the book holds only the known levels, and when fewer than `depth` of them remain on a bounded side
 * the sync raises `resync` 'depth' and starts over with a new snapshot. A side that came back with
 * fewer levels is the whole side: every change applies. Any invalid frame or reconnect raises a
 * `resync` and starts over, so the subscriber never sees a wrong book.
 *
 * @example
 * ```ts
 * hub.stream<BookEvent>(key, (subscriber, ctx) => new KucoinBookSync(subscriber, ctx, settings));
 * ```
 */
export class KucoinBookSync implements StreamListener {
  private phase: Phase = 'waiting';
  private buffer: Buffered[] = [];
  private sequence = 0;
  private readonly book = new OrderBook();
  /** Lowest bid price known (-Infinity: the whole side is known). */
  private bidFloor = -Infinity;
  /** Highest ask price known (Infinity: the whole side is known). */
  private askCeiling = Infinity;
  private disconnected = false;
  private fetching: Subscription | undefined;
  /** Snapshots in a row that were behind the cached messages. */
  private staleSnapshots = 0;

  constructor(
    private readonly subscriber: Subscriber<BookEvent>,
    private readonly context: StreamContext,
    private readonly settings: KucoinBookSettings,
  ) {
    subscriber.add(() => this.fetching?.unsubscribe());
    this.fetchWhenQuiet();
  }

  data(payload: unknown, receivedAt: number): void {
    const update = payload as KucoinBookUpdate;
    if (this.phase === 'live') {
      this.applyLive(update, receivedAt, undefined);
      return;
    }
    if (this.buffer.length >= this.settings.maxBufferedUpdates) {
      this.context.raise({ type: 'overflow', buffer: 'kucoin level2 buffer', capacity: this.settings.maxBufferedUpdates, symbol: this.settings.symbol });
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
   * One message on a live book. When the sync must start over (a gap, too few known levels) it
   * restarts with `update` and what follows it in `rest` buffered; returns `false` then.
   */
  private applyLive(update: KucoinBookUpdate, receivedAt: number, rest: readonly Buffered[] | undefined): boolean {
    const local = this.sequence;
    if (update.end <= local) return true; // already in the book
    if (update.start > local + 1) return this.startOver('gap', update, receivedAt, rest);
    const { book } = this;
    const bids = applyChanges(book.bids, update.bids, local, this.bidFloor, -1);
    const asks = applyChanges(book.asks, update.asks, local, this.askCeiling, 1);
    this.sequence = update.end;
    const { depth } = this.settings;
    if ((this.bidFloor > -Infinity && book.bids.size < depth) || (this.askCeiling < Infinity && book.asks.size < depth)) {
      return this.startOver('depth', update, receivedAt, rest);
    }
    if (bids.length === 0 && asks.length === 0) return true; // nothing changed within the known window
    this.subscriber.next({ type: 'delta', exchange: 'kucoin', symbol: this.settings.symbol, bids, asks, timestamp: update.timestamp, localTimestamp: receivedAt });
    return true;
  }

  /** Restarts for `reason` with `update` and `rest` buffered (the new snapshot decides what of them applies). */
  private startOver(reason: ResyncReason, update: KucoinBookUpdate, receivedAt: number, rest: readonly Buffered[] | undefined): false {
    this.restart(reason);
    this.buffer = [{ update, receivedAt }, ...(rest ?? [])];
    this.fetch(0);
    return false;
  }

  private goLive(snapshot: KucoinBookSnapshot, receivedAt: number): void {
    const { book, settings } = this;
    const bids = snapshot.bids.filter((level) => level[1] > 0);
    const asks = snapshot.asks.filter((level) => level[1] > 0);
    book.applySnapshot(bids, asks);
    this.bidFloor = snapshot.bids.length >= settings.snapshotLimit && bids.length > 0 ? Math.min(...bids.map((level) => level[0])) : -Infinity;
    this.askCeiling = snapshot.asks.length >= settings.snapshotLimit && asks.length > 0 ? Math.max(...asks.map((level) => level[0])) : Infinity;
    this.sequence = snapshot.sequence;
    this.phase = 'live';
    this.subscriber.next({
      type: 'snapshot',
      exchange: 'kucoin',
      symbol: settings.symbol,
      bids: book.bids.top(book.bids.size),
      asks: book.asks.top(book.asks.size),
      timestamp: snapshot.timestamp,
      localTimestamp: receivedAt,
    });
  }

  /** Forget the book and wait for the next message (or the quiet timer); tells the user why. */
  private restart(reason: ResyncReason): void {
    this.fetching?.unsubscribe();
    this.fetching = undefined;
    this.buffer = [];
    this.phase = 'waiting';
    this.staleSnapshots = 0;
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
    const failure = error instanceof KucoinRestError ? error : new KucoinRestError(`kucoin order book ${this.settings.symbol}: ${(error as Error)?.message ?? String(error)}`);
    this.context.raise({ type: 'error', kind: failure.kind, message: failure.message, symbol: this.settings.symbol });
    if (failure.fatal) {
      this.subscriber.error(new Error(`kucoin book ${this.settings.symbol}: ${failure.message}`));
      return;
    }
    this.fetch(failure.retryAfterMs ?? this.settings.retryDelay);
  }

  private onSnapshot(snapshot: KucoinBookSnapshot, receivedAt: number): void {
    this.fetching = undefined;
    const { sequence } = snapshot;
    let start = 0;
    while (start < this.buffer.length && this.buffer[start]!.update.end <= sequence) start++; // already in the snapshot
    const first = this.buffer[start]?.update;
    if (first && first.start > sequence + 1) {
      // The snapshot is behind the messages held: fetch a newer one, backing off while they stay behind.
      const { retryDelay, maxRetryDelay, symbol } = this.settings;
      this.context.raise({ type: 'resync', symbol, reason: 'stale' });
      this.fetch(Math.min(maxRetryDelay, (retryDelay / 10) * 2 ** this.staleSnapshots++));
      return;
    }
    this.staleSnapshots = 0;
    const pending = this.buffer.slice(start);
    this.buffer = [];
    this.goLive(snapshot, receivedAt);
    for (let i = 0; i < pending.length; i++) {
      const { update, receivedAt: updateReceivedAt } = pending[i]!;
      if (!this.applyLive(update, updateReceivedAt, pending.slice(i + 1))) return;
    }
  }
}

/**
 * Applies to `side` the changes newer than `after` whose price lies in the known window (bids:
 * `direction` -1, prices ≥ `bound`; asks: 1, prices ≤ `bound`); returns them as levels (a removal of
 * a price the side does not hold is neither applied nor returned).
 */
function applyChanges(side: PriceLevels, changes: readonly KucoinChange[], after: number, bound: number, direction: 1 | -1): BookLevel[] {
  const out: BookLevel[] = [];
  for (let i = 0; i < changes.length; i++) {
    const change = changes[i]!;
    const price = change[0];
    const size = change[1];
    if (change[2] <= after || (price - bound) * direction > 0) continue;
    if (size === 0 && side.get(price) === undefined) continue;
    side.set(price, size);
    out.push([price, size]);
  }
  return out;
}
