import { type Observable, type Subscriber, Subscription, timer } from 'rxjs';
import type { BookEvent } from '../../model/book-event';
import type { ResyncReason } from '../../model/exchange-event';
import type { StreamContext, StreamListener, StreamStatus } from '../common/stream-listener';
import type { BinanceDepthSnapshot } from './binance-codecs';
import { SnapshotError } from './binance-depth-snapshot';
import type { BinanceDepthDiff } from './binance-protocol';
import { parseBinanceLevels } from './binance-protocol';

/**
 * Settings of one Binance book synchroniser.
 *
 * @example
 * ```ts
 * const settings: BinanceBookSettings = { symbol: 'BTC/USDT', fetchSnapshot: () => fetchBinanceDepth(url, 'BTCUSDT', 100, max), maxBufferedUpdates: 10_000, retryDelay: 1000 };
 * ```
 */
export interface BinanceBookSettings {
  readonly symbol: string;
  readonly fetchSnapshot: () => Observable<BinanceDepthSnapshot>;
  /** Depth updates held while the snapshot is in flight; past it the sync restarts (an `overflow` event). */
  readonly maxBufferedUpdates: number;
  /** Wait before re-requesting a snapshot after a failure without `Retry-After`, in ms. */
  readonly retryDelay: number;
  /**
   * Fetch the snapshot anyway when no depth event arrived this long after subscribing (a quiet
   * market, or an unknown symbol whose error only REST reports), in ms.
   */
  readonly quietFetchAfter: number;
}

type Phase = 'waiting' | 'fetching' | 'live';
interface Buffered {
  readonly diff: BinanceDepthDiff;
  readonly receivedAt: number;
}

/**
 * Binance's documented local-book procedure as a stream listener: buffer depth events, fetch the
 * REST snapshot, drop events with `u <= lastUpdateId`, require the first applied event to straddle
 * `lastUpdateId + 1`, then require `U = previous u + 1`. Any gap, invalid frame or reconnect raises a
 * `resync` event and starts over, so the subscriber sees a fresh `snapshot` and never a wrong book.
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
  private fetching: Subscription | undefined;

  constructor(
    private readonly subscriber: Subscriber<BookEvent>,
    private readonly context: StreamContext,
    private readonly settings: BinanceBookSettings,
  ) {
    subscriber.add(() => this.fetching?.unsubscribe());
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
      if (diff.lastUpdateId <= this.lastUpdateId) return; // already contained in the book
      if (diff.firstUpdateId > this.lastUpdateId + 1) {
        this.restart('gap');
        this.buffer.push({ diff, receivedAt });
        this.fetch(0);
        return;
      }
      this.lastUpdateId = diff.lastUpdateId;
      this.emitDelta(diff, receivedAt);
      return;
    }
    if (this.buffer.length >= this.settings.maxBufferedUpdates) {
      this.context.raise({ type: 'overflow', buffer: 'binance depth buffer', capacity: this.settings.maxBufferedUpdates, symbol: this.settings.symbol });
      this.restart('stale');
    }
    this.buffer.push({ diff, receivedAt });
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

  /** Forget the book and wait for the next depth event; tells the user why. */
  private restart(reason: ResyncReason): void {
    this.fetching?.unsubscribe();
    this.fetching = undefined;
    this.buffer = [];
    this.phase = 'waiting';
    this.context.raise({ type: 'resync', symbol: this.settings.symbol, reason });
    this.fetchWhenQuiet();
  }

  private fetch(delay: number): void {
    if (this.subscriber.closed) return;
    this.phase = 'fetching';
    this.fetching?.unsubscribe();
    // The handle is stored before the request starts: a request that fails synchronously schedules
    // its retry into a new handle, which must not be overwritten by this one.
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
    const failure = error instanceof SnapshotError ? error : new SnapshotError(`binance depth snapshot: ${(error as Error).message}`);
    if (failure.fatal) {
      this.context.raise({ type: 'error', kind: failure.kind, message: failure.message, symbol: this.settings.symbol });
      this.subscriber.error(new Error(`binance book ${this.settings.symbol}: ${failure.message}`));
      return;
    }
    this.context.raise({ type: 'error', kind: failure.kind, message: failure.message, symbol: this.settings.symbol });
    this.fetch(failure.retryAfterMs ?? this.settings.retryDelay);
  }

  private onSnapshot(snapshot: BinanceDepthSnapshot, receivedAt: number): void {
    this.fetching = undefined;
    const bids = parseBinanceLevels(snapshot.bids);
    const asks = parseBinanceLevels(snapshot.asks);
    if (!bids || !asks) {
      this.context.raise({ type: 'error', kind: 'decode', message: 'binance depth snapshot: level is not a valid number pair', symbol: this.settings.symbol });
      this.fetch(this.settings.retryDelay);
      return;
    }
    const { lastUpdateId } = snapshot;
    let start = 0;
    while (start < this.buffer.length && this.buffer[start]!.diff.lastUpdateId <= lastUpdateId) start++;
    const first = this.buffer[start]?.diff;
    if (first && first.firstUpdateId > lastUpdateId + 1) {
      // The snapshot is older than the updates we hold: ask again, as the procedure says.
      this.fetch(this.settings.retryDelay / 10);
      return;
    }
    const pending = this.buffer.slice(start);
    const timestamp = start > 0 ? this.buffer[start - 1]!.diff.timestamp : (first?.timestamp ?? receivedAt);
    this.buffer = [];
    this.phase = 'live';
    this.lastUpdateId = lastUpdateId;
    const { symbol } = this.settings;
    this.subscriber.next({ type: 'snapshot', exchange: 'binance', symbol, bids, asks, timestamp, localTimestamp: receivedAt });
    for (let i = 0; i < pending.length; i++) {
      const { diff, receivedAt: diffReceivedAt } = pending[i]!;
      if (diff.firstUpdateId > this.lastUpdateId + 1) {
        this.restart('gap');
        this.buffer = pending.slice(i);
        this.fetch(0);
        return;
      }
      this.lastUpdateId = diff.lastUpdateId;
      this.emitDelta(diff, diffReceivedAt);
    }
  }

  private emitDelta(diff: BinanceDepthDiff, localTimestamp: number): void {
    this.subscriber.next({
      type: 'delta',
      exchange: 'binance',
      symbol: this.settings.symbol,
      bids: diff.bids,
      asks: diff.asks,
      timestamp: diff.timestamp,
      localTimestamp,
    });
  }
}
