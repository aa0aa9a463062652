import { type Observable, type Subscriber, Subscription, timer } from 'rxjs';
import type { BookEvent, BookLevel } from '../../model/book-event';
import type { ResyncReason } from '../../model/exchange-event';
import { backoffDelay } from '../../socket/backoff';
import type { StreamContext, StreamListener, StreamStatus } from '../common/stream-listener';
import type { BinanceDepthSnapshot } from './binance-codecs';
import { SnapshotError } from './binance-depth-snapshot';
import { binanceSnapshotLimit } from './binance-depth-limits';
import type { BinanceDepthDiff } from './binance-protocol';
import { parseBinanceLevels } from './binance-protocol';
import type { BinanceSnapshotRequest } from './binance-snapshots';
import { KnownSide } from './known-window';

/**
 * How depth update ids chain, for a Binance book: which buffered diffs a snapshot already contains
 * (`isContained`), whether the first diff applied after it bridges it (`bridges`), and whether a live
 * diff follows the previous one (`follows`). {@link BINANCE_SPOT_SEQUENCE} is spot's rule; a venue
 * chaining diffs differently (e.g. USD-M futures' `pu`) passes its own.
 *
 * @example
 * ```ts
 * const rule: BinanceSequenceRule = BINANCE_SPOT_SEQUENCE;
 * rule.follows({ firstUpdateId: 11, lastUpdateId: 12, timestamp: 0, bids: [], asks: [] }, 10); // true
 * ```
 */
export interface BinanceSequenceRule {
  /** The diff is already contained in a book at `lastUpdateId` (dropped). */
  isContained(diff: BinanceDepthDiff, lastUpdateId: number): boolean;
  /** The first diff applied over a snapshot at `snapshotId` connects to it (else the snapshot is stale). */
  bridges(diff: BinanceDepthDiff, snapshotId: number): boolean;
  /** A live diff follows the previous one, which ended at `lastUpdateId` (else a gap). */
  follows(diff: BinanceDepthDiff, lastUpdateId: number): boolean;
}

/**
 * Binance spot's sequence rule ("How to manage a local order book correctly"): drop `u <= lastUpdateId`;
 * the first diff applied has `U <= lastUpdateId + 1`; then each `U` is at most the previous `u + 1`.
 *
 * @example
 * ```ts
 * new BinanceBookSync(subscriber, context, { ...settings, sequence: BINANCE_SPOT_SEQUENCE });
 * ```
 */
export const BINANCE_SPOT_SEQUENCE: BinanceSequenceRule = {
  isContained: (diff, lastUpdateId) => diff.lastUpdateId <= lastUpdateId,
  bridges: (diff, snapshotId) => diff.firstUpdateId <= snapshotId + 1,
  follows: (diff, lastUpdateId) => diff.firstUpdateId <= lastUpdateId + 1,
};

/**
 * Settings of one Binance book synchroniser.
 *
 * @example
 * ```ts
 * const settings: BinanceBookSettings = { symbol: 'BTC/USDT', depth: 100, fetchSnapshot: (request) => snapshots.request('BTCUSDT', request),
 *   maxBufferedUpdates: 10_000, retryDelay: 500, quietFetchAfter: 1000 };
 * ```
 */
export interface BinanceBookSettings {
  readonly symbol: string;
  /**
   * Levels per side the subscriber asked for. The snapshot is fetched with `snapshotLimit` levels;
   * when fewer than `depth` levels of a side remain known, the book re-snapshots (`resync` 'depth').
   * Omitted: the snapshot is taken as the whole book (no known window).
   */
  readonly depth?: number;
  /** REST `limit` of the snapshot, ≥ `depth` (default: {@link binanceSnapshotLimit} of `depth`, spot's weight tiers). */
  readonly snapshotLimit?: number;
  /** One snapshot with at most `request.limit` levels per side, taken no earlier than `request.notBefore`. */
  readonly fetchSnapshot: (request: BinanceSnapshotRequest) => Observable<BinanceDepthSnapshot>;
  /** Depth updates held while the snapshot is in flight; past it the sync restarts (an `overflow` event). */
  readonly maxBufferedUpdates: number;
  /**
   * Base wait before re-requesting a snapshot that failed (without `Retry-After`) or did not bridge the
   * stream, in ms: doubled per consecutive failure (with jitter) up to `maxRetryDelay`.
   */
  readonly retryDelay: number;
  /** Ceiling of the retry backoff, in ms (default 30 000). */
  readonly maxRetryDelay?: number;
  /** Jitter source of the retry backoff, [0, 1) (default `Math.random`). */
  readonly random?: () => number;
  /**
   * Fetch the snapshot anyway when no depth event arrived this long after subscribing (a quiet
   * market, or an unknown symbol whose error only REST reports), in ms.
   */
  readonly quietFetchAfter: number;
  /** How update ids chain (default {@link BINANCE_SPOT_SEQUENCE}). */
  readonly sequence?: BinanceSequenceRule;
}

type Phase = 'waiting' | 'fetching' | 'live';
interface Buffered {
  readonly diff: BinanceDepthDiff;
  readonly receivedAt: number;
}

/**
 * Binance's documented local-book procedure as a stream listener: buffer depth events, fetch the
 * REST snapshot, drop events the snapshot contains, require the first applied event to bridge it,
 * then require each event to follow the previous one. Any gap, invalid frame or reconnect raises a
 * `resync` event and starts over, so the subscriber sees a fresh `snapshot` and never a wrong book.
 *
 * A snapshot fetched with `limit` levels knows nothing beyond its last level: the sync keeps each
 * side's known window ({@link KnownSide}), reports no level outside it, and re-snapshots (`resync`
 * 'depth') as soon as fewer than `depth` levels of a side remain known. A snapshot that does not
 * bridge the stream (`resync` 'stale') or fails is re-requested with exponential backoff.
 *
 * After a reconnect the snapshot is requested at once, in parallel with the resubscription (a
 * prefetch), instead of after the first diff: it is held until that diff shows whether it bridges
 * the stream. If it does not (the stream started after it), it is dropped without a word and one
 * ordinary request follows, so a reconnect costs at most one extra request of the weight budget.
 *
 * @example
 * ```ts
 * hub.stream<BookEvent>(key, (subscriber, ctx) => new BinanceBookSync(subscriber, ctx, settings));
 * ```
 */
export class BinanceBookSync implements StreamListener {
  private phase: Phase = 'waiting';
  private buffer: Buffered[] = [];
  private lastUpdateId = 0;
  private disconnected = false;
  /** When the socket was lost: a prefetch may share any request that went out after it. */
  private disconnectedAt = 0;
  private fetching: Subscription | undefined;
  /** The request in flight (or the snapshot held) was asked for at reconnect, before any diff. */
  private prefetch = false;
  /** A prefetched snapshot that came before any diff: held until a diff shows it bridges the stream. */
  private held: { readonly snapshot: BinanceDepthSnapshot; readonly receivedAt: number } | undefined;
  /** Releases a held snapshot as is when no diff comes within `quietFetchAfter` (a quiet market). */
  private heldTimer: Subscription | undefined;
  /** Consecutive snapshots that failed or did not bridge (drives the backoff; 0 once live). */
  private failures = 0;
  private readonly bids = new KnownSide('bids');
  private readonly asks = new KnownSide('asks');
  private readonly depth: number | undefined;
  private readonly snapshotLimit: number;
  private readonly sequence: BinanceSequenceRule;

  constructor(
    private readonly subscriber: Subscriber<BookEvent>,
    private readonly context: StreamContext,
    private readonly settings: BinanceBookSettings,
  ) {
    this.depth = settings.depth;
    this.snapshotLimit = Math.max(settings.snapshotLimit ?? binanceSnapshotLimit(settings.depth ?? 100), settings.depth ?? 1);
    this.sequence = settings.sequence ?? BINANCE_SPOT_SEQUENCE;
    subscriber.add(() => {
      this.fetching?.unsubscribe();
      this.heldTimer?.unsubscribe();
    });
    this.fetchWhenQuiet();
  }

  /** In the waiting phase, schedules a snapshot request for when the stream stays quiet. */
  private fetchWhenQuiet(): void {
    this.fetching = timer(this.settings.quietFetchAfter, this.context.scheduler).subscribe(() => {
      if (this.phase === 'waiting') this.fetch(0);
    });
  }

  data(payload: unknown, receivedAt: number): void {
    const diff = payload as BinanceDepthDiff;
    if (this.phase === 'live') {
      if (this.sequence.isContained(diff, this.lastUpdateId)) return; // already contained in the book
      if (!this.sequence.follows(diff, this.lastUpdateId)) {
        this.restartWith('gap', diff, receivedAt);
        return;
      }
      this.lastUpdateId = diff.lastUpdateId;
      if (!this.apply(diff, receivedAt)) this.restartWith('depth', diff, receivedAt);
      return;
    }
    if (this.buffer.length >= this.settings.maxBufferedUpdates) {
      this.context.raise({ type: 'overflow', buffer: 'binance depth buffer', capacity: this.settings.maxBufferedUpdates, symbol: this.settings.symbol });
      this.restart('stale');
    }
    this.buffer.push({ diff, receivedAt });
    if (this.phase === 'waiting') this.fetch(0);
    else if (this.held) this.releaseHeld();
  }

  status(status: StreamStatus): void {
    if (status === 'disconnected') {
      this.disconnected = true;
      this.disconnectedAt = this.context.scheduler.now();
    } else if (status === 'connected') {
      const reconnected = this.disconnected;
      this.disconnected = false;
      if (reconnected) {
        this.restart('reconnect');
        this.prefetchSnapshot();
      }
    } else if (status === 'invalid' || status === 'gap') {
      this.restart('gap');
    }
  }

  reject(error: Error): void {
    this.subscriber.error(error);
  }

  /** Forget the book and wait for the next depth event; tells the user why. */
  private restart(reason: ResyncReason): void {
    this.fetching?.unsubscribe();
    this.fetching = undefined;
    this.forgetPrefetch();
    this.buffer = [];
    this.phase = 'waiting';
    this.context.raise({ type: 'resync', symbol: this.settings.symbol, reason });
    this.fetchWhenQuiet();
  }

  /** Restart, keeping `diff` as the first buffered update, and ask for a snapshot at once. */
  private restartWith(reason: ResyncReason, diff: BinanceDepthDiff, receivedAt: number): void {
    this.restart(reason);
    this.buffer.push({ diff, receivedAt });
    this.fetch(0);
  }

  /** Reconnected: asks for the snapshot now, while the streams are resubscribed (see the class notes). */
  private prefetchSnapshot(): void {
    this.fetch(0, this.failures === 0);
  }

  /** A diff came while a prefetched snapshot was held (or the market stayed quiet): it is checked now. */
  private releaseHeld(): void {
    const { snapshot, receivedAt } = this.held!;
    this.held = undefined;
    this.heldTimer?.unsubscribe();
    this.heldTimer = undefined;
    this.onSnapshot(snapshot, receivedAt);
  }

  private forgetPrefetch(): void {
    this.prefetch = false;
    this.held = undefined;
    this.heldTimer?.unsubscribe();
    this.heldTimer = undefined;
  }

  private fetch(delay: number, prefetch = false): void {
    if (this.subscriber.closed) return;
    this.forgetPrefetch();
    this.prefetch = prefetch;
    this.phase = 'fetching';
    this.fetching?.unsubscribe();
    // The handle is stored before the request starts: a request that fails synchronously schedules
    // its retry into a new handle, which must not be overwritten by this one.
    const fetching = new Subscription();
    this.fetching = fetching;
    const request = (): void => {
      const now = this.context.scheduler.now();
      // A first request may share one taken since the first buffered diff; a retry needs a newer one;
      // a prefetch (no diff yet) one that went out after the socket was lost (the diffs decide).
      const notBefore = this.prefetch ? this.disconnectedAt : this.failures === 0 ? Math.min(now, this.buffer[0]?.receivedAt ?? now) : now;
      fetching.add(
        this.settings.fetchSnapshot({ limit: this.snapshotLimit, notBefore }).subscribe({
          next: (snapshot) => this.onSnapshot(snapshot, this.context.scheduler.now()),
          error: (error: unknown) => this.onSnapshotError(error),
        }),
      );
    };
    if (delay > 0) fetching.add(timer(delay, this.context.scheduler).subscribe(request));
    else request();
  }

  /** Wait before the next attempt after `failures` consecutive failed ones, at least `atLeast` ms. */
  private retryAfter(atLeast = 0): number {
    const policy = { delay: this.settings.retryDelay, maxDelay: this.settings.maxRetryDelay ?? 30_000 };
    return Math.max(atLeast, backoffDelay(this.failures, policy, this.settings.random ?? Math.random));
  }

  private onSnapshotError(error: unknown): void {
    const failure = error instanceof SnapshotError ? error : new SnapshotError(`binance depth snapshot: ${(error as Error).message}`);
    this.context.raise({ type: 'error', kind: failure.kind, message: failure.message, symbol: this.settings.symbol });
    if (failure.fatal) {
      this.subscriber.error(new Error(`binance book ${this.settings.symbol}: ${failure.message}`));
      return;
    }
    this.failures++;
    this.fetch(this.retryAfter(failure.retryAfterMs));
  }

  private onSnapshot(snapshot: BinanceDepthSnapshot, receivedAt: number): void {
    this.fetching = undefined;
    if (this.prefetch && this.buffer.length === 0) {
      // No diff yet to tell whether it bridges the stream: hold it (a quiet market: take it as is).
      this.held = { snapshot, receivedAt };
      this.heldTimer = timer(this.settings.quietFetchAfter, this.context.scheduler).subscribe(() => {
        this.prefetch = false;
        if (this.held) this.releaseHeld();
      });
      return;
    }
    const bids = parseBinanceLevels(snapshot.bids);
    const asks = parseBinanceLevels(snapshot.asks);
    if (!bids || !asks) {
      this.context.raise({ type: 'error', kind: 'decode', message: 'binance depth snapshot: level is not a valid number pair', symbol: this.settings.symbol });
      this.failures++;
      this.fetch(this.retryAfter());
      return;
    }
    const { lastUpdateId } = snapshot;
    let start = 0;
    while (start < this.buffer.length && this.sequence.isContained(this.buffer[start]!.diff, lastUpdateId)) start++;
    const first = this.buffer[start]?.diff;
    if (first && !this.sequence.bridges(first, lastUpdateId) && this.prefetch) {
      // Prefetched before the stream started: not a failure of the venue, ask once more as usual.
      this.fetch(0);
      return;
    }
    if (first && !this.sequence.bridges(first, lastUpdateId)) {
      // The snapshot is older than the updates we hold: say so, and ask again (with backoff).
      this.context.raise({ type: 'resync', symbol: this.settings.symbol, reason: 'stale' });
      this.failures++;
      this.fetch(this.retryAfter());
      return;
    }
    this.prefetch = false;
    const pending = this.buffer.slice(start);
    const timestamp = start > 0 ? this.buffer[start - 1]!.diff.timestamp : (first?.timestamp ?? receivedAt);
    this.buffer = [];
    this.phase = 'live';
    this.failures = 0;
    this.lastUpdateId = lastUpdateId;
    const windowed = this.depth === undefined ? undefined : this.snapshotLimit;
    this.bids.reset(bids, windowed);
    this.asks.reset(asks, windowed);
    const { symbol } = this.settings;
    this.subscriber.next({ type: 'snapshot', exchange: 'binance', symbol, bids, asks, timestamp, localTimestamp: receivedAt });
    for (let i = 0; i < pending.length; i++) {
      const { diff, receivedAt: diffReceivedAt } = pending[i]!;
      if (this.sequence.isContained(diff, this.lastUpdateId)) continue;
      if (i > 0 && !this.sequence.follows(diff, this.lastUpdateId)) {
        this.restart('gap');
        this.buffer = pending.slice(i);
        this.fetch(0);
        return;
      }
      this.lastUpdateId = diff.lastUpdateId;
      if (!this.apply(diff, diffReceivedAt)) {
        this.restart('depth');
        this.buffer = pending.slice(i);
        this.fetch(0);
        return;
      }
    }
  }

  /**
   * Emits `diff` restricted to the known window; `false` (nothing emitted) when a side would be left
   * with fewer than `depth` known levels: the book must re-snapshot rather than show a guess.
   */
  private apply(diff: BinanceDepthDiff, localTimestamp: number): boolean {
    const bids: readonly BookLevel[] = this.bids.apply(diff.bids);
    const asks: readonly BookLevel[] = this.asks.apply(diff.asks);
    const depth = this.depth;
    if (depth !== undefined && (this.bids.count < depth || this.asks.count < depth)) return false;
    this.subscriber.next({ type: 'delta', exchange: 'binance', symbol: this.settings.symbol, bids, asks, timestamp: diff.timestamp, localTimestamp });
    return true;
  }
}
