import { type Observable, type Subscriber, Subscription, timer } from 'rxjs';
import type { BookEvent, BookLevel } from '../../model/book-event';
import type { ExchangeId } from '../../model/exchange-id';
import type { ResyncReason } from '../../model/exchange-event';
import { SnapshotError } from '../binance/binance-depth-snapshot';
import type { StreamContext, StreamListener, StreamStatus } from '../common/stream-listener';
import type { BinanceSyncDiff, BinanceSyncRule } from './binance-sync-rule';

/**
 * A REST depth snapshot, levels parsed: `timestamp` is the exchange's time of it when the body has
 * one (USD-M `E`).
 *
 * @example
 * ```ts
 * const snapshot: BinanceBookSnapshot = { lastUpdateId: 600859605926, timestamp: 1626992741264, bids: [[7.611, 6]], asks: [[7.612, 297]] };
 * ```
 */
export interface BinanceBookSnapshot {
  readonly lastUpdateId: number;
  readonly timestamp: number | undefined;
  readonly bids: BookLevel[];
  readonly asks: BookLevel[];
}

/**
 * Settings of one {@link BinanceSnapshotBookSync}.
 *
 * @example
 * ```ts
 * const settings: BinanceSnapshotBookSettings = { exchange: 'binanceFutures', symbol: 'BTC/USDT:USDT', rule: BINANCE_FUTURES_SYNC_RULE,
 *   fetchSnapshot, maxBufferedUpdates: 10_000, retryDelay: 500, quietFetchAfter: 1000 };
 * ```
 */
export interface BinanceSnapshotBookSettings {
  readonly exchange: ExchangeId;
  readonly symbol: string;
  readonly rule: BinanceSyncRule;
  /** One snapshot request; errors with a `SnapshotError` saying whether and when to retry. */
  readonly fetchSnapshot: () => Observable<BinanceBookSnapshot>;
  /** Depth events held while the snapshot is in flight; past it the sync restarts (an `overflow` event). */
  readonly maxBufferedUpdates: number;
  /** Wait before re-requesting a snapshot after a failure without `Retry-After`, in ms. */
  readonly retryDelay: number;
  /** Fetch the snapshot anyway when no depth event arrived this long after (re)starting, in ms. */
  readonly quietFetchAfter: number;
}

type Phase = 'waiting' | 'fetching' | 'bridging' | 'live';
interface Buffered {
  readonly diff: BinanceSyncDiff;
  readonly receivedAt: number;
}

/**
 * Binance's local-book procedure as a stream listener, with the venue's {@link BinanceSyncRule}:
 * buffer depth events, fetch the REST snapshot, drop the events it contains, require the first
 * applied event to bridge it, then require every event to continue the previous one. A snapshot older
 * than every buffered event is fetched again before anything is emitted; after the snapshot went out,
 * an event that does not bridge raises a `stale` resync, a broken continuity a `gap` resync, an
 * invalid frame a `gap` resync and a reconnect a `reconnect` resync: each starts over, so the
 * subscriber sees a fresh `snapshot` and never a wrong book.
 *
 * @example
 * ```ts
 * hub.stream<BookEvent>(key, (subscriber, context) => new BinanceSnapshotBookSync(subscriber, context, settings));
 * ```
 */
export class BinanceSnapshotBookSync implements StreamListener {
  private phase: Phase = 'waiting';
  private buffer: Buffered[] = [];
  private snapshotId = 0;
  private previous: BinanceSyncDiff | undefined;
  private disconnected = false;
  private fetching: Subscription | undefined;

  constructor(
    private readonly subscriber: Subscriber<BookEvent>,
    private readonly context: StreamContext,
    private readonly settings: BinanceSnapshotBookSettings,
  ) {
    subscriber.add(() => this.fetching?.unsubscribe());
    this.fetchWhenQuiet();
  }

  data(payload: unknown, receivedAt: number): void {
    const diff = payload as BinanceSyncDiff;
    if (this.phase === 'bridging' || this.phase === 'live') {
      this.apply(diff, receivedAt);
      return;
    }
    if (this.buffer.length >= this.settings.maxBufferedUpdates) {
      const buffer = `${this.settings.exchange} depth buffer`;
      this.context.raise({ type: 'overflow', buffer, capacity: this.settings.maxBufferedUpdates, symbol: this.settings.symbol });
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

  /** Applies one event after the snapshot went out; restarts when it breaks the rule. */
  private apply(diff: BinanceSyncDiff, receivedAt: number): void {
    const { rule } = this.settings;
    if (this.phase === 'bridging') {
      if (rule.contained(diff, this.snapshotId)) return;
      if (!rule.bridges(diff, this.snapshotId)) return this.restartWith('stale', diff, receivedAt);
      this.phase = 'live';
    } else {
      const previous = this.previous!;
      if (diff.lastUpdateId <= previous.lastUpdateId) return; // already in the book
      if (!rule.continues(diff, previous)) return this.restartWith('gap', diff, receivedAt);
    }
    this.previous = diff;
    this.subscriber.next({
      type: 'delta',
      exchange: this.settings.exchange,
      symbol: this.settings.symbol,
      bids: diff.bids,
      asks: diff.asks,
      timestamp: diff.timestamp,
      localTimestamp: receivedAt,
    });
  }

  /** In the waiting phase, schedules a snapshot request for when the stream stays quiet. */
  private fetchWhenQuiet(): void {
    this.fetching = timer(this.settings.quietFetchAfter, this.context.scheduler).subscribe(() => {
      if (this.phase === 'waiting') this.fetch(0);
    });
  }

  /** Forget the book and wait for the next depth event; tells the user why. */
  private restart(reason: ResyncReason): void {
    this.fetching?.unsubscribe();
    this.fetching = undefined;
    this.buffer = [];
    this.previous = undefined;
    this.phase = 'waiting';
    this.context.raise({ type: 'resync', symbol: this.settings.symbol, reason });
    this.fetchWhenQuiet();
  }

  /** Restarts keeping `diff` (the first event the next snapshot must account for) and fetches at once. */
  private restartWith(reason: ResyncReason, diff: BinanceSyncDiff, receivedAt: number): void {
    this.restart(reason);
    this.buffer.push({ diff, receivedAt });
    this.fetch(0);
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

  /** `false` once a rule break restarted the sync (read afresh: `apply` changes it). */
  private applying(): boolean {
    return this.phase === 'bridging' || this.phase === 'live';
  }

  private onSnapshotError(error: unknown): void {
    const { exchange, symbol } = this.settings;
    const failure = error instanceof SnapshotError ? error : new SnapshotError(`${exchange} depth snapshot: ${(error as Error).message}`);
    this.context.raise({ type: 'error', kind: failure.kind, message: failure.message, symbol });
    if (failure.fatal) {
      this.subscriber.error(new Error(`${exchange} book ${symbol}: ${failure.message}`));
      return;
    }
    this.fetch(failure.retryAfterMs ?? this.settings.retryDelay);
  }

  private onSnapshot(snapshot: BinanceBookSnapshot, receivedAt: number): void {
    this.fetching = undefined;
    const { rule, exchange, symbol } = this.settings;
    const { lastUpdateId } = snapshot;
    let start = 0;
    while (start < this.buffer.length && rule.contained(this.buffer[start]!.diff, lastUpdateId)) start++;
    const first = this.buffer[start]?.diff;
    if (first && !rule.bridges(first, lastUpdateId)) {
      // The snapshot is older than the events we hold: ask again, as the procedure says.
      this.fetch(this.settings.retryDelay / 10);
      return;
    }
    const pending = this.buffer.slice(start);
    const timestamp = snapshot.timestamp ?? (start > 0 ? this.buffer[start - 1]!.diff.timestamp : (first?.timestamp ?? receivedAt));
    this.buffer = [];
    this.phase = 'bridging';
    this.snapshotId = lastUpdateId;
    this.previous = undefined;
    this.subscriber.next({ type: 'snapshot', exchange, symbol, bids: snapshot.bids, asks: snapshot.asks, timestamp, localTimestamp: receivedAt });
    for (const { diff, receivedAt: diffReceivedAt } of pending) {
      if (!this.applying()) {
        this.buffer.push({ diff, receivedAt: diffReceivedAt }); // restarted: the rest waits for the next snapshot
        continue;
      }
      this.apply(diff, diffReceivedAt);
    }
  }
}
