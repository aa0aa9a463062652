import fc from 'fast-check';
import { Observable, Subject, VirtualAction, VirtualTimeScheduler } from 'rxjs';
import type { RaisedEvent, StreamContext, StreamStatus } from '../../../lib/exchanges/common/stream-listener';
import { KucoinBookSync } from '../../../lib/exchanges/kucoin/kucoin-book-sync';
import type { KucoinBookSnapshot } from '../../../lib/exchanges/kucoin/kucoin-order-book';
import type { KucoinChange } from '../../../lib/exchanges/kucoin/kucoin-payloads';
import { KucoinRestError } from '../../../lib/exchanges/kucoin/kucoin-rest';
import type { BookEvent, BookLevel } from '../../../lib/model/book-event';
import { marketSpecFor } from '../../../lib/testing/harness/market-spec';
import { SimulatedMarket } from '../../../lib/testing/harness/simulated-market';
import { KucoinLevel2Feed } from '../../../lib/testing/kucoin/kucoin-level2-feed';

/** A book sync on virtual time, with the REST requests it makes answered by the test. */
class Harness {
  readonly scheduler = new VirtualTimeScheduler(VirtualAction, 1_000_000);
  readonly emitted: BookEvent[] = [];
  readonly raised: RaisedEvent[] = [];
  readonly requests: Subject<KucoinBookSnapshot>[] = [];
  error: unknown;
  /** Order of the last snapshot emitted and of the last resync raised (-1: none yet). */
  lastSnapshotAt = -1;
  lastResyncAt = -1;
  private order = 0;
  private readonly sync: KucoinBookSync;
  private readonly bids = new Map<number, number>();
  private readonly asks = new Map<number, number>();

  constructor(depth = 2, snapshotLimit = 100) {
    const context: StreamContext = {
      key: 'k',
      scheduler: this.scheduler,
      raise: (event) => {
        this.raised.push(event);
        if (event.type === 'resync') this.lastResyncAt = this.order++;
      },
      resubscribe: () => undefined,
    };
    let sync!: KucoinBookSync;
    new Observable<BookEvent>((subscriber) => {
      sync = new KucoinBookSync(subscriber, context, {
        symbol: 'BTC/USDT',
        depth,
        snapshotLimit,
        fetchSnapshot: () => {
          const request = new Subject<KucoinBookSnapshot>();
          this.requests.push(request);
          return request;
        },
        maxBufferedUpdates: 4,
        retryDelay: 500,
        maxRetryDelay: 30_000,
        quietFetchAfter: 1000,
      });
    }).subscribe({
      next: (event) => {
        this.emitted.push(event);
        if (event.type === 'snapshot') {
          this.lastSnapshotAt = this.order++;
          this.bids.clear();
          this.asks.clear();
        }
        for (const [price, qty] of event.bids) qty === 0 ? this.bids.delete(price) : this.bids.set(price, qty);
        for (const [price, qty] of event.asks) qty === 0 ? this.asks.delete(price) : this.asks.set(price, qty);
      },
      error: (error: unknown) => (this.error = error),
    });
    this.sync = sync;
  }

  update(start: number, end: number, bids: KucoinChange[] = [], asks: KucoinChange[] = []): void {
    this.sync.data({ start, end, timestamp: 1_729_816_425_625, bids, asks }, 1);
  }

  status(status: StreamStatus): void {
    this.sync.status(status);
  }

  /** Answers the latest REST request. */
  snapshot(sequence: number, bids: BookLevel[], asks: BookLevel[]): void {
    this.requests.at(-1)!.next({ sequence, timestamp: 1_550_653_727_731, bids, asks });
  }

  /** The book the emitted events add up to, best first. */
  book(): { bids: BookLevel[]; asks: BookLevel[] } {
    return { bids: [...this.bids].sort((a, b) => b[0] - a[0]), asks: [...this.asks].sort((a, b) => a[0] - b[0]) };
  }

  resyncs(): string[] {
    return this.raised.flatMap((e) => (e.type === 'resync' ? [e.reason] : []));
  }
}

describe('KucoinBookSync: the documented level-2 calibration', () => {
  it("the documentation's example: snapshot at 16, then only changes newer than 16 apply (3988.59 @16 and 3988.62 @15 ignored, 3988.61 removed @19, 3988.50 → 44 @18)", () => {
    const h = new Harness();
    h.update(15, 19, [[3988.5, 44, 18]], [[3988.59, 3, 16], [3988.61, 0, 19], [3988.62, 8, 15]]);
    expect(h.requests).toHaveLength(1); // the first message starts the REST request
    expect(h.emitted).toEqual([]);
    h.snapshot(16, [[3988.51, 56], [3988.5, 15], [3988.49, 100], [3988.48, 10]], [[3988.59, 3], [3988.6, 47], [3988.61, 32], [3988.62, 8]]);
    expect(h.emitted.map((e) => e.type)).toEqual(['snapshot', 'delta']);
    expect(h.emitted[1]).toEqual(expect.objectContaining({ exchange: 'kucoin', symbol: 'BTC/USDT', bids: [[3988.5, 44]], asks: [[3988.61, 0]], timestamp: 1_729_816_425_625 }));
    expect(h.book()).toEqual({
      bids: [[3988.51, 56], [3988.5, 44], [3988.49, 100], [3988.48, 10]],
      asks: [[3988.59, 3], [3988.6, 47], [3988.62, 8]],
    });
    h.update(20, 21, [], [[3988.6, 1, 21]]); // sequenceStart = previous sequenceEnd + 1
    expect(h.book().asks[1]).toEqual([3988.6, 1]);
    expect(h.resyncs()).toEqual([]);
  });

  it('drops cached messages the snapshot contains (sequenceEnd <= sequence) and fetches a newer snapshot, backing off, while it is behind the first one left', () => {
    const h = new Harness();
    h.update(101, 105, [[10, 1, 104]]);
    h.snapshot(99, [[9, 1]], [[11, 1]]); // 99 + 1 < sequenceStart 101
    expect(h.emitted).toEqual([]);
    expect(h.resyncs()).toEqual(['stale']);
    h.scheduler.flush(); // the retry waits retryDelay / 10
    expect(h.scheduler.now()).toBe(50);
    expect(h.requests).toHaveLength(2);
    h.snapshot(98, [[9, 1]], [[11, 1]]); // still behind: the wait doubles
    h.scheduler.flush();
    expect(h.scheduler.now()).toBe(150);
    expect(h.requests).toHaveLength(3);
    h.update(106, 106, [[9, 2, 106]]);
    h.snapshot(105, [[10, 1], [9, 1]], [[11, 1]]); // the first message is inside the snapshot
    expect(h.emitted.map((e) => e.type)).toEqual(['snapshot', 'delta']);
    expect(h.book()).toEqual({ bids: [[10, 1], [9, 2]], asks: [[11, 1]] });
    expect(h.resyncs()).toEqual(['stale', 'stale']);
  });

  it('live: a message already in the book is ignored; an overlapping one (sequenceStart <= local < sequenceEnd) applies only its newer changes; a lost one (sequenceStart > local + 1) restarts: resync gap, new snapshot', () => {
    const h = new Harness();
    h.update(10, 10);
    h.snapshot(10, [[9, 1]], [[11, 1]]);
    h.update(8, 10, [[9, 5, 9]]); // sequenceEnd 10 <= 10
    expect(h.book().bids).toEqual([[9, 1]]);
    h.update(9, 12, [[9, 7, 10], [8, 2, 12]]); // overlaps: only sequence 12 is new
    expect(h.book().bids).toEqual([[9, 1], [8, 2]]);
    h.update(14, 15, [[9, 3, 15]]); // 13 is lost
    expect(h.resyncs()).toEqual(['gap']);
    expect(h.requests).toHaveLength(2);
    h.update(16, 16, [[9, 4, 16]]);
    h.snapshot(14, [[9, 2.5], [8, 2]], [[11, 1]]); // 14 + 1 lies in the held 14..15
    expect(h.emitted.slice(-3).map((e) => e.type)).toEqual(['snapshot', 'delta', 'delta']);
    expect(h.book().bids).toEqual([[9, 4], [8, 2]]);
  });

  it('a limited snapshot side is a known window: changes beyond its last price are neither applied nor reported; fewer than depth known levels → resync depth and a new snapshot; a short side is the whole side', () => {
    const h = new Harness(2, 3);
    h.update(1, 1);
    h.snapshot(1, [[10, 1], [9, 1], [8, 1]], [[11, 1], [12, 1]]); // bids: 3 of limit 3 → window ≥ 8; asks: 2 < 3 → the whole side
    h.update(2, 3, [[7.5, 4, 2], [8.5, 2, 3]], [[30, 1, 2]]);
    expect(h.emitted.at(-1)).toEqual(expect.objectContaining({ type: 'delta', bids: [[8.5, 2]], asks: [[30, 1]] }));
    expect(h.book()).toEqual({ bids: [[10, 1], [9, 1], [8.5, 2], [8, 1]], asks: [[11, 1], [12, 1], [30, 1]] });
    h.update(4, 4, [[10, 0, 4], [9, 0, 4], [7, 0, 4]]); // a removal beyond the window is not reported either
    expect(h.emitted.at(-1)).toEqual(expect.objectContaining({ bids: [[10, 0], [9, 0]] }));
    expect(h.resyncs()).toEqual([]);
    const emitted = h.emitted.length;
    h.update(5, 5, [[8.5, 0, 5]]); // one known bid left, 2 wanted: nothing below 8 can be shown
    expect(h.emitted).toHaveLength(emitted);
    expect(h.resyncs()).toEqual(['depth']);
    expect(h.requests).toHaveLength(2);
    h.snapshot(5, [[8, 1], [7.5, 4], [7, 2]], [[11, 1], [12, 1], [30, 1]]);
    expect(h.book()).toEqual({ bids: [[8, 1], [7.5, 4], [7, 2]], asks: [[11, 1], [12, 1], [30, 1]] });
  });

  it('restarts on an invalid frame (resync gap) and on a reconnect (resync reconnect)', () => {
    const h = new Harness();
    h.status('connected');
    h.update(1, 1);
    h.snapshot(1, [[9, 1]], [[11, 1]]);
    h.status('invalid');
    h.status('disconnected');
    h.status('connected');
    expect(h.resyncs()).toEqual(['gap', 'reconnect']);
  });

  it('reports a 429 and retries after the wait it asked for; a fatal refusal errors the stream', () => {
    const h = new Harness();
    h.update(1, 1);
    h.requests[0]!.error(new KucoinRestError('kucoin order book BTC-USDT (level2_100): HTTP 429 429000: Too Many Requests (rate limited), retrying after 2000 ms', { retryAfterMs: 2000, kind: 'exchange' }));
    expect(h.raised).toContainEqual(expect.objectContaining({ type: 'error', kind: 'exchange', message: expect.stringMatching(/429/) }));
    h.scheduler.maxFrames = 1999;
    h.scheduler.flush();
    expect(h.requests).toHaveLength(1);
    h.scheduler.maxFrames = 1_000_000;
    h.scheduler.flush();
    expect(h.requests).toHaveLength(2);
    h.requests[1]!.error(new KucoinRestError('kucoin order book BTC-USDT (level2_100): HTTP 400 900001: Trading pair does not exist', { fatal: true, kind: 'exchange' }));
    expect((h.error as Error).message).toBe('kucoin book BTC/USDT: kucoin order book BTC-USDT (level2_100): HTTP 400 900001: Trading pair does not exist');
  });

  it('restarts with an overflow event when more messages pile up than it may hold while the snapshot is in flight', () => {
    const h = new Harness();
    for (let sequence = 1; sequence <= 5; sequence++) h.update(sequence, sequence);
    expect(h.raised).toContainEqual(expect.objectContaining({ type: 'overflow', capacity: 4 }));
    expect(h.resyncs()).toEqual(['stale']);
  });

  it('fetches the snapshot of a quiet symbol after quietFetchAfter and goes live without any message', () => {
    const h = new Harness();
    h.scheduler.flush();
    expect(h.requests).toHaveLength(1);
    h.snapshot(7, [[9, 1]], [[11, 1]]);
    expect(h.emitted.map((e) => e.type)).toEqual(['snapshot']);
    h.update(8, 8, [[9, 2, 8]]);
    expect(h.book().bids).toEqual([[9, 2]]);
  });

  it('property: whatever the timing of the REST snapshot, lost messages, invalid frames and reconnects, a live book is always exactly the top of the truth, never a level beyond the known window', () => {
    const DEPTH = 8;
    const LIMIT = 15;
    type Action = 'step' | 'push' | 'drop' | 'answer' | 'invalid' | 'reconnect';
    const action = fc.constantFrom<Action>('step', 'step', 'step', 'push', 'push', 'push', 'drop', 'answer', 'answer', 'invalid', 'reconnect');
    let compared = 0;
    let windowed = 0;
    fc.assert(
      fc.property(fc.array(action, { minLength: 5, maxLength: 80 }), fc.integer({ min: 1, max: 10_000 }), (actions, seed) => {
        const market = new SimulatedMarket(marketSpecFor('BTC/USDT'), { seed, levels: 30, now: () => 0 });
        const feed = new KucoinLevel2Feed(1_000_000);
        const h = new Harness(DEPTH, LIMIT);
        let unpushed = false; // steps recorded but not yet pushed (or dropped): the truth is ahead of any book
        let missed = false; // a push was dropped and no later push reached the book yet
        const answer = (): void => {
          const open = h.requests.at(-1);
          if (!open?.observed) return;
          const truth = market.truth(LIMIT);
          open.next({ sequence: feed.sequence, timestamp: 0, bids: truth.bids, asks: truth.asks });
          open.complete(); // answered: no longer an open request
        };
        const push = (): void => {
          const taken = feed.take();
          unpushed = false;
          if (!taken) return;
          h.update(taken.start, taken.end, [...taken.bids], [...taken.asks]);
          missed = false;
        };
        /** A book that is live, up to date and not being resynced must be exactly the truth's top levels. */
        const check = (): void => {
          if (h.lastSnapshotAt < 0 || h.lastResyncAt > h.lastSnapshotAt || unpushed || missed || h.requests.at(-1)?.observed) return;
          const book = h.book();
          const truth = market.truth();
          expect(book.bids).toEqual(truth.bids.slice(0, book.bids.length));
          expect(book.asks).toEqual(truth.asks.slice(0, book.asks.length));
          expect(book.bids.length).toBeGreaterThanOrEqual(Math.min(DEPTH, truth.bids.length));
          expect(book.asks.length).toBeGreaterThanOrEqual(Math.min(DEPTH, truth.asks.length));
          if (book.bids.length < truth.bids.length) windowed++;
          compared++;
        };
        for (const item of actions) {
          if (item === 'step') {
            feed.record(market.step());
            unpushed = true;
          } else if (item === 'push') push();
          else if (item === 'drop') {
            if (feed.take()) missed = true;
            unpushed = false;
          } else if (item === 'answer') answer();
          else if (item === 'invalid') h.status('invalid');
          else {
            h.status('disconnected');
            h.status('connected');
          }
          h.scheduler.flush();
          check();
        }
      }),
      { numRuns: 300, seed: 1515 },
    );
    expect(compared).toBeGreaterThan(400);
    expect(windowed).toBeGreaterThan(100); // the market is deeper than the snapshot: the window was exercised
  });
});
