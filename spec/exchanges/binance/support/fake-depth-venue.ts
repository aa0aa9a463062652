import fc from 'fast-check';
import { defer, Observable, of, VirtualAction, VirtualTimeScheduler } from 'rxjs';
import { BinanceBookSync, type BinanceBookSettings } from '../../../../lib/exchanges/binance/binance-book-sync';
import type { BinanceDepthSnapshot } from '../../../../lib/exchanges/binance/binance-codecs';
import type { BinanceDepthDiff } from '../../../../lib/exchanges/binance/binance-protocol';
import type { RaisedEvent, StreamContext } from '../../../../lib/exchanges/common/stream-listener';
import type { BookEvent, BookLevel } from '../../../../lib/model/book-event';

/** One side of a book as a price → quantity map. */
type Side = Map<number, number>;

const sorted = (side: Side, bids: boolean): BookLevel[] =>
  [...side.entries()].sort((a, b) => (bids ? b[0] - a[0] : a[0] - b[0])).map(([p, q]) => [p, q] as const);

/**
 * A scripted Binance depth venue for BookSync unit tests: the ground-truth book, diffs with
 * consecutive update ids, and `GET /api/v3/depth` answering the top `limit` levels.
 */
export class FakeDepthVenue {
  readonly bids: Side = new Map();
  readonly asks: Side = new Map();
  updateId = 10;
  /** `limit` of every snapshot request, in order. */
  readonly requests: number[] = [];

  constructor(bids: readonly BookLevel[], asks: readonly BookLevel[]) {
    for (const [p, q] of bids) this.bids.set(p, q);
    for (const [p, q] of asks) this.asks.set(p, q);
  }

  /** Applies a change to the truth and returns the diff event Binance would send for it. */
  change(bids: readonly BookLevel[], asks: readonly BookLevel[] = []): BinanceDepthDiff {
    for (const [p, q] of bids) (q === 0 ? this.bids.delete(p) : this.bids.set(p, q));
    for (const [p, q] of asks) (q === 0 ? this.asks.delete(p) : this.asks.set(p, q));
    this.updateId++;
    return { firstUpdateId: this.updateId, lastUpdateId: this.updateId, timestamp: this.updateId, bids: [...bids], asks: [...asks] };
  }

  /** The REST snapshot with the top `limit` levels per side. */
  snapshot(limit: number): BinanceDepthSnapshot {
    this.requests.push(limit);
    const text = (levels: BookLevel[]) => levels.slice(0, limit).map(([p, q]) => [String(p), String(q)] as [string, string]);
    return { lastUpdateId: this.updateId, bids: text(sorted(this.bids, true)), asks: text(sorted(this.asks, false)) };
  }

  truth(depth = Infinity): { bids: BookLevel[]; asks: BookLevel[] } {
    return { bids: sorted(this.bids, true).slice(0, depth), asks: sorted(this.asks, false).slice(0, depth) };
  }
}

/** What a subscriber of the book has seen: the folded book, every event, the resync reasons. */
export interface SyncHarness {
  readonly scheduler: VirtualTimeScheduler;
  readonly sync: BinanceBookSync;
  readonly events: BookEvent[];
  readonly raised: RaisedEvent[];
  /** The book folded from the events (snapshot replaces, delta applies). */
  book(depth?: number): { bids: BookLevel[]; asks: BookLevel[] };
  /** True between a snapshot and the next resync: the book is claimed to be right. */
  readonly live: () => boolean;
  feed(diff: BinanceDepthDiff): void;
}

/**
 * Runs a {@link BinanceBookSync} against `venue` on virtual time. `depth` is what the user asked
 * for; the REST snapshot limit is whatever the sync requests (`limit` of its request).
 */
export function syncAgainst(venue: FakeDepthVenue, depth: number, extra: Partial<BinanceBookSettings> = {}): SyncHarness {
  const scheduler = new VirtualTimeScheduler(VirtualAction, Infinity);
  const raised: RaisedEvent[] = [];
  const events: BookEvent[] = [];
  const bids: Side = new Map();
  const asks: Side = new Map();
  let live = false;
  const context: StreamContext = {
    key: 'btcusdt@depth@100ms',
    scheduler,
    raise: (event) => {
      raised.push(event);
      if (event.type === 'resync') live = false;
    },
    resubscribe: () => undefined,
  };
  // A settings object both the sync before and after the window work accepts: the request argument
  // (with the limit the sync wants) is absent in the old one, which fetched `limit = depth`.
  const settings = {
    symbol: 'BTC/USDT',
    depth,
    fetchSnapshot: (request?: { limit: number }) => defer(() => of(venue.snapshot(request?.limit ?? depth))),
    maxBufferedUpdates: 1000,
    retryDelay: 100,
    quietFetchAfter: 1000,
    ...extra,
  } as unknown as BinanceBookSettings;
  let sync!: BinanceBookSync;
  new Observable<BookEvent>((subscriber) => {
    sync = new BinanceBookSync(subscriber, context, settings);
  }).subscribe((event) => {
    events.push(event);
    if (event.type === 'snapshot') {
      bids.clear();
      asks.clear();
      live = true;
    }
    for (const [p, q] of event.bids) (q === 0 ? bids.delete(p) : bids.set(p, q));
    for (const [p, q] of event.asks) (q === 0 ? asks.delete(p) : asks.set(p, q));
  });
  return {
    scheduler,
    sync,
    events,
    raised,
    book: (d = Infinity) => ({ bids: sorted(bids, true).slice(0, d), asks: sorted(asks, false).slice(0, d) }),
    live: () => live,
    feed: (diff) => {
      sync.data(diff, scheduler.now());
      scheduler.flush();
    },
  };
}

/** A random book change on a price grid of 1..`prices` (quantity 0 removes). */
export const bookChange = (prices: number): fc.Arbitrary<{ bids: BookLevel[]; asks: BookLevel[] }> => {
  const level = (from: number, to: number) =>
    fc.tuple(fc.integer({ min: from, max: to }), fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 9 }))).map(([p, q]) => [p, q] as const);
  return fc.record({
    bids: fc.array(level(1, prices), { maxLength: 4 }),
    asks: fc.array(level(prices + 1, 2 * prices), { maxLength: 4 }),
  });
};
