import { type Observable, type Subscriber, Subscription, timer } from 'rxjs';
import type { BookEvent } from '../../model/book-event';
import type { ResyncReason } from '../../model/exchange-event';
import type { StreamContext, StreamListener, StreamStatus } from '../common/stream-listener';
import type { OkxRestSnapshot } from './okx-book-snapshot';
import { OkxLocalBook } from './okx-local-book';
import type { OkxBookUpdate } from './okx-payloads';
import { OkxRestError } from './okx-rest';

/**
 * Settings of one OKX book listener.
 *
 * @example
 * ```ts
 * const settings: OkxBookSettings = { symbol: 'BTC/USDT:USDT', fetchSnapshot, maxBufferedUpdates: 10_000, retryDelay: 500, socketSnapshots: true };
 * ```
 */
export interface OkxBookSettings {
  readonly symbol: string;
  /** `GET /api/v5/market/books` of the instrument (rate-limited by the client). */
  readonly fetchSnapshot: () => Observable<OkxRestSnapshot>;
  /** Updates held while a REST snapshot is in flight; past it the sync restarts (an `overflow` event). */
  readonly maxBufferedUpdates: number;
  /** Wait before re-requesting a snapshot after a failure without a known back-off, in ms. */
  readonly retryDelay: number;
  /**
   * Use the snapshot OKX pushes on subscribe (`true`, until OKX delists it), or ignore it and always
   * bridge a REST snapshot (`false`: OKX's procedure once the socket snapshot is gone).
   */
  readonly socketSnapshots: boolean;
  /** REST snapshots without `seqId` in a row before the stream errors (default 3). */
  readonly maxUnbridgeable?: number;
}

/**
 * `awaiting`: no book, the next update starts a REST sync; `fetching`: buffering while the snapshot is
 * in flight; `resubscribed`: waiting for a socket snapshot (updates ignored); `live`.
 */
type Phase = 'awaiting' | 'fetching' | 'resubscribed' | 'live';
interface Buffered {
  readonly update: OkxBookUpdate;
  readonly receivedAt: number;
}

/**
 * OKX's documented `books` rules as a stream listener, for both generations of the channel:
 *
 * - **Snapshot on the socket** (OKX until its 2026 delisting): the pushed `snapshot` (`prevSeqId` -1)
 *   becomes the book; then every update's `prevSeqId` must equal the previous `seqId`. Two documented
 *   exceptions pass that rule as they are: a keepalive update with no levels whose `seqId` equals its
 *   `prevSeqId` (no change), and a maintenance reset whose `seqId` is smaller than its `prevSeqId`.
 * - **Checksum**: whenever a message carries a non-zero `checksum`, the CRC32 of the top 25 levels
 *   (interleaved `bid:size:ask:size`, the exact strings of the frames) must equal it. 0 or absent
 *   (OKX retired it in 2026) means nothing to check.
 * - **REST bridge** (OKX's procedure once socket snapshots are gone, and how rxmarket recovers in
 *   both generations, sparing the 480-per-hour (un)subscribe budget): buffer updates, fetch
 *   `GET /api/v5/market/books`; a snapshot whose `seqId` is below the first buffered update's
 *   `prevSeqId` is too old (fetch again); drop buffered updates with `seqId` ≤ the snapshot's; the
 *   first one applied must satisfy `prevSeqId` ≤ snapshot `seqId` < `seqId`; then the chain rule.
 *
 * Any break, checksum mismatch, invalid frame or reconnect raises `resync` on `events$` and rebuilds
 * the book, so the subscriber sees a fresh `snapshot`, never a wrong book. An unexpected socket
 * snapshot in the middle of the stream replaces the book (`resync` 'reset').
 *
 * @example
 * ```ts
 * hub.stream<BookEvent>('books:BTC-USDT', (subscriber, ctx) => new OkxBookSync(subscriber, ctx, settings));
 * ```
 */
export class OkxBookSync implements StreamListener {
  private phase: Phase = 'awaiting';
  private readonly local = new OkxLocalBook();
  private seqId = 0;
  /** After a REST snapshot, until the first update is applied: the bridging rule instead of the chain rule. */
  private bridging = false;
  private buffer: Buffered[] = [];
  private disconnected = false;
  private unbridgeable = 0;
  private fetching: Subscription | undefined;

  constructor(
    private readonly subscriber: Subscriber<BookEvent>,
    private readonly context: StreamContext,
    private readonly settings: OkxBookSettings,
  ) {
    subscriber.add(() => this.fetching?.unsubscribe());
  }

  data(payload: unknown, receivedAt: number): void {
    const update = payload as OkxBookUpdate;
    if (update.action === 'snapshot') {
      this.onSocketSnapshot(update, receivedAt);
      return;
    }
    if (this.phase === 'live') this.apply(update, receivedAt);
    else if (this.phase !== 'resubscribed') this.hold(update, receivedAt);
  }

  status(status: StreamStatus): void {
    if (status === 'disconnected') {
      this.disconnected = true;
    } else if (status === 'connected') {
      if (this.disconnected) this.restart('reconnect'); // the hub resubscribes: a snapshot or updates follow
      this.disconnected = false;
    } else if (status === 'invalid' || status === 'gap') {
      this.restart('gap');
    }
  }

  reject(error: Error): void {
    this.subscriber.error(error);
  }

  private onSocketSnapshot(update: OkxBookUpdate, receivedAt: number): void {
    if (!this.settings.socketSnapshots) return; // OKX's REST procedure: ignore the pushed snapshot
    const wasLive = this.phase === 'live';
    this.cancelFetch();
    this.buffer = [];
    this.local.applySnapshot(update);
    this.seqId = update.seqId;
    this.bridging = false;
    if (!this.verified(update.checksum)) {
      this.restart('checksum');
      return;
    }
    if (wasLive) this.context.raise({ type: 'resync', symbol: this.settings.symbol, reason: 'reset' });
    this.goLive(update.timestamp, receivedAt);
  }

  /** Buffers an update while there is no book; the first one starts a REST snapshot. */
  private hold(update: OkxBookUpdate, receivedAt: number): void {
    if (this.buffer.length >= this.settings.maxBufferedUpdates) {
      this.context.raise({ type: 'overflow', buffer: 'okx book buffer', capacity: this.settings.maxBufferedUpdates, symbol: this.settings.symbol });
      this.restart('stale');
    }
    this.buffer.push({ update, receivedAt });
    if (this.phase === 'awaiting') this.fetch(0);
  }

  /** Applies one update to the live book; `false` when it broke the rules (the sync restarted and holds it). */
  private apply(update: OkxBookUpdate, receivedAt: number): boolean {
    if (this.bridging && update.seqId < update.prevSeqId) {
      // a maintenance reset: its seqId says nothing about the snapshot; it must follow it exactly
      if (update.prevSeqId !== this.seqId) return this.gap(update, receivedAt);
      this.bridging = false;
    } else if (this.bridging) {
      if (update.seqId <= this.seqId) return true; // already contained in the REST snapshot
      if (update.prevSeqId > this.seqId) return this.gap(update, receivedAt);
      this.bridging = false;
    } else if (update.prevSeqId !== this.seqId) {
      return this.gap(update, receivedAt);
    }
    this.local.applyDelta(update);
    this.seqId = update.seqId;
    if (!this.verified(update.checksum)) {
      this.restart('checksum');
      return false;
    }
    if (update.bids.length === 0 && update.asks.length === 0) return true; // keepalive: nothing changed
    this.subscriber.next({
      type: 'delta',
      exchange: 'okx',
      symbol: this.settings.symbol,
      bids: update.bids,
      asks: update.asks,
      timestamp: update.timestamp,
      localTimestamp: receivedAt,
    });
    return true;
  }

  /** A broken chain: start over from this update (it is the first of the new buffer). */
  private gap(update: OkxBookUpdate, receivedAt: number): false {
    this.restart('gap');
    this.hold(update, receivedAt);
    return false;
  }

  private verified(checksum: number | undefined): boolean {
    return checksum === undefined || checksum === 0 || this.local.checksum() === checksum;
  }

  private goLive(timestamp: number, receivedAt: number): void {
    this.phase = 'live';
    this.unbridgeable = 0;
    const { bids, asks } = this.local.image();
    this.subscriber.next({ type: 'snapshot', exchange: 'okx', symbol: this.settings.symbol, bids, asks, timestamp, localTimestamp: receivedAt });
  }

  /** Forget the book; the next update (or a socket snapshot) starts over. Tells the user why. */
  private restart(reason: ResyncReason): void {
    this.cancelFetch();
    this.buffer = [];
    this.phase = 'awaiting';
    this.bridging = false;
    this.local.clear();
    this.context.raise({ type: 'resync', symbol: this.settings.symbol, reason });
  }

  private cancelFetch(): void {
    this.fetching?.unsubscribe();
    this.fetching = undefined;
  }

  private fetch(delay: number): void {
    if (this.subscriber.closed) return;
    this.phase = 'fetching';
    this.cancelFetch();
    // The handle is stored before the request starts: a request that fails synchronously schedules
    // its retry into a new handle, which must not be overwritten by this one.
    const fetching = new Subscription();
    this.fetching = fetching;
    const request = (): void => {
      fetching.add(
        this.settings.fetchSnapshot().subscribe({
          next: (snapshot) => this.onRestSnapshot(snapshot, this.context.scheduler.now()),
          error: (error: unknown) => this.onSnapshotError(error),
        }),
      );
    };
    if (delay > 0) fetching.add(timer(delay, this.context.scheduler).subscribe(request));
    else request();
  }

  private onSnapshotError(error: unknown): void {
    const failure = error instanceof OkxRestError ? error : new OkxRestError(`okx book snapshot: ${(error as Error)?.message ?? String(error)}`, undefined, false, undefined, 'transport');
    const { symbol } = this.settings;
    this.context.raise({ type: 'error', kind: failure.kind, message: failure.message, symbol });
    if (failure.fatal) {
      this.subscriber.error(new Error(`okx book ${symbol}: ${failure.message}`));
      return;
    }
    this.fetch(failure.retryAfterMs ?? this.settings.retryDelay);
  }

  private onRestSnapshot(snapshot: OkxRestSnapshot, receivedAt: number): void {
    this.fetching = undefined;
    const snapshotSeq = snapshot.seqId;
    if (snapshotSeq === undefined) {
      this.onUnbridgeable();
      return;
    }
    // A maintenance reset (seqId < prevSeqId) among the buffered updates: seqIds before and after it are not
    // comparable. A snapshot older than the first update before it is taken as one from after the reset:
    // bridge the updates after the reset (else it would look too old forever).
    let reset = -1;
    for (let i = this.buffer.length - 1; i >= 0; i--) {
      const { update } = this.buffer[i]!;
      if (update.seqId < update.prevSeqId) {
        reset = i;
        break;
      }
    }
    if (reset >= 0 && snapshotSeq < this.buffer[0]!.update.prevSeqId) this.buffer = this.buffer.slice(reset + 1);
    const first = this.buffer[0]?.update;
    if (first !== undefined && snapshotSeq < first.prevSeqId) {
      // Older than the updates we hold (OKX serves REST from several caches): ask again, as the procedure says.
      this.fetch(Math.max(1, this.settings.retryDelay / 10));
      return;
    }
    let start = 0;
    // drop what the snapshot contains, stopping at a maintenance reset (its small seqId is not "contained")
    while (start < this.buffer.length && this.buffer[start]!.update.seqId <= snapshotSeq && this.buffer[start]!.update.seqId >= this.buffer[start]!.update.prevSeqId) start++;
    const pending = this.buffer.slice(start);
    this.buffer = [];
    this.local.applySnapshot(snapshot);
    this.seqId = snapshotSeq;
    this.bridging = true;
    this.goLive(snapshot.timestamp, receivedAt);
    for (let i = 0; i < pending.length; i++) {
      if (this.apply(pending[i]!.update, pending[i]!.receivedAt)) continue;
      // the sync restarted (and holds the update that broke it): keep the rest behind it
      for (let j = i + 1; j < pending.length; j++) this.hold(pending[j]!.update, pending[j]!.receivedAt);
      return;
    }
  }

  /** A REST book without `seqId` cannot be bridged: ask the socket for a snapshot instead (or give up). */
  private onUnbridgeable(): void {
    const { symbol, socketSnapshots, maxUnbridgeable = 3 } = this.settings;
    const message = `okx book ${symbol}: the REST snapshot has no seqId, so it cannot be bridged to the stream`;
    this.context.raise({ type: 'error', kind: 'exchange', message, symbol });
    if (!socketSnapshots || ++this.unbridgeable >= maxUnbridgeable) {
      this.subscriber.error(new Error(`${message}${socketSnapshots ? ` (${this.unbridgeable} times in a row)` : ' and socket snapshots are off'}`));
      return;
    }
    this.buffer = [];
    this.phase = 'resubscribed';
    this.context.resubscribe(); // a fresh socket snapshot
  }
}
