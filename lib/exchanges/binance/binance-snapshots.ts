import { defer, finalize, map, type Observable, type SchedulerLike, share, switchMap, tap, timer } from 'rxjs';
import { RequestBudget } from '../common/request-budget';
import type { BinanceDepthSnapshot } from './binance-codecs';
import { SnapshotError } from './binance-depth-snapshot';
import { binanceDepthWeight } from './binance-depth-limits';

/**
 * What a book synchroniser asks for: at least `limit` levels per side, taken no earlier than
 * `notBefore` (scheduler time: the receipt of the first diff it buffered — an older snapshot could
 * not bridge its buffer).
 *
 * @example
 * ```ts
 * const request: BinanceSnapshotRequest = { limit: 500, notBefore: scheduler.now() };
 * ```
 */
export interface BinanceSnapshotRequest {
  readonly limit: number;
  readonly notBefore: number;
}

/**
 * Settings of {@link BinanceSnapshots}.
 *
 * @example
 * ```ts
 * const settings: BinanceSnapshotsSettings = { fetch: (symbol, limit) => fetchBinanceDepth(restUrl, symbol, limit, max, http), scheduler, weightPerMinute: 1200 };
 * ```
 */
export interface BinanceSnapshotsSettings {
  /** One `GET …/depth` request (cold). */
  readonly fetch: (nativeSymbol: string, limit: number) => Observable<BinanceDepthSnapshot>;
  readonly scheduler: SchedulerLike;
  /** Request weight this client allows itself per minute (Binance spot allows 6000 per IP). */
  readonly weightPerMinute: number;
  /** Weight of one request with `limit` (default: Binance spot's depth weights). */
  readonly weightOf?: (limit: number) => number;
  /** Told of every new request and how long it waits for the budget (0: goes at once). */
  readonly onWait?: (nativeSymbol: string, limit: number, waitMs: number) => void;
}

interface InFlight {
  /** Levels asked for; raised by a joiner asking for more while the request has not gone out yet. */
  limit: number;
  /** Scheduler time the request goes out (after any wait for the budget). */
  readonly sentAt: number;
  sent: boolean;
  readonly reply$: Observable<BinanceDepthSnapshot>;
}

/**
 * The depth snapshots of one client: every subscriber of a book that needs a snapshot at the same
 * time (first subscription, a gap, a reconnect) shares ONE REST request — a request joins one in
 * flight for the same symbol that goes out no earlier than the joiner's first buffered diff and asks
 * for at least as many levels (or has not gone out yet: it is widened); each gets the snapshot cut to
 * its own `limit`, so its known window is exactly what it asked for. Every request waits for room in a request-weight budget
 * (depth weight by limit), and an HTTP 429/418 `Retry-After` holds back every later request.
 *
 * @example
 * ```ts
 * const snapshots = new BinanceSnapshots({ fetch, scheduler, weightPerMinute: 1200 });
 * snapshots.request('BTCUSDT', { limit: 500, notBefore: firstDiffReceivedAt }).subscribe(onSnapshot);
 * ```
 */
export class BinanceSnapshots {
  private readonly inFlight = new Map<string, InFlight[]>();
  private readonly budget: RequestBudget;

  constructor(private readonly settings: BinanceSnapshotsSettings) {
    this.budget = new RequestBudget(settings.weightPerMinute, 60_000);
  }

  /** A snapshot of `nativeSymbol` with at most `request.limit` levels per side (cold; shared while in flight). */
  request(nativeSymbol: string, request: BinanceSnapshotRequest): Observable<BinanceDepthSnapshot> {
    return defer(() => {
      const candidates = this.inFlight.get(nativeSymbol)?.filter((f) => f.sentAt >= request.notBefore) ?? [];
      let joined = candidates.find((f) => f.limit >= request.limit);
      if (!joined) {
        // a request not gone out yet is widened to the joiner's limit (its extra weight booked too)
        joined = candidates.find((f) => !f.sent);
        if (joined) {
          const weightOf = this.settings.weightOf ?? binanceDepthWeight;
          const extra = weightOf(request.limit) - weightOf(joined.limit);
          if (extra > 0) this.budget.reserve(extra, this.settings.scheduler.now());
          joined.limit = request.limit;
        }
      }
      const reply$ = joined?.reply$ ?? this.start(nativeSymbol, request.limit);
      return reply$.pipe(map((snapshot) => cut(snapshot, request.limit)));
    });
  }

  private start(nativeSymbol: string, limit: number): Observable<BinanceDepthSnapshot> {
    const { scheduler } = this.settings;
    const now = scheduler.now();
    const wait = this.budget.reserve((this.settings.weightOf ?? binanceDepthWeight)(limit), now);
    this.settings.onWait?.(nativeSymbol, limit, wait);
    const list = this.inFlight.get(nativeSymbol) ?? [];
    this.inFlight.set(nativeSymbol, list);
    const entry: InFlight = {
      limit,
      sentAt: now + wait,
      sent: false,
      reply$: timer(wait, scheduler).pipe(
        switchMap(() => {
          entry.sent = true;
          return this.settings.fetch(nativeSymbol, entry.limit);
        }),
        tap({
          error: (error: unknown) => {
            if (error instanceof SnapshotError && error.retryAfterMs !== undefined) this.budget.blockUntil(scheduler.now() + error.retryAfterMs);
          },
        }),
        finalize(() => {
          list.splice(list.indexOf(entry) >>> 0, 1);
          if (list.length === 0 && this.inFlight.get(nativeSymbol) === list) this.inFlight.delete(nativeSymbol);
        }),
        share(),
      ),
    };
    list.push(entry);
    return entry.reply$;
  }
}

/** The snapshot with at most `limit` levels per side (as if fetched with that limit). */
function cut(snapshot: BinanceDepthSnapshot, limit: number): BinanceDepthSnapshot {
  if (snapshot.bids.length <= limit && snapshot.asks.length <= limit) return snapshot;
  return { lastUpdateId: snapshot.lastUpdateId, bids: snapshot.bids.slice(0, limit), asks: snapshot.asks.slice(0, limit) };
}
