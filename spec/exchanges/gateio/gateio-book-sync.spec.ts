import fc from 'fast-check';
import { Observable, Subject, VirtualAction, VirtualTimeScheduler } from 'rxjs';
import type { RaisedEvent, StreamContext, StreamStatus } from '../../../lib/exchanges/common/stream-listener';
import { GateioBookSync } from '../../../lib/exchanges/gateio/gateio-book-sync';
import type { GateioOrderBookSnapshot } from '../../../lib/exchanges/gateio/gateio-codecs';
import { GateioSnapshotError } from '../../../lib/exchanges/gateio/gateio-order-book';
import type { GateioBookUpdate } from '../../../lib/exchanges/gateio/gateio-payloads';
import type { BookEvent, BookLevel } from '../../../lib/model/book-event';
import { marketSpecFor } from '../../../lib/testing/harness/market-spec';
import { SimulatedMarket } from '../../../lib/testing/harness/simulated-market';
import { WindowedDepth } from '../../../lib/testing/harness/windowed-depth';

/** A book sync on virtual time, with the REST requests it makes answered by the test. */
class Harness {
  readonly scheduler = new VirtualTimeScheduler(VirtualAction, 1_000_000);
  readonly emitted: BookEvent[] = [];
  readonly raised: RaisedEvent[] = [];
  readonly requests: Subject<GateioOrderBookSnapshot>[] = [];
  error: unknown;
  private readonly sync: GateioBookSync;
  private readonly bids = new Map<number, number>();
  private readonly asks = new Map<number, number>();

  constructor(readonly depth = 5) {
    const context: StreamContext = { key: 'k', scheduler: this.scheduler, raise: (event) => this.raised.push(event), resubscribe: () => undefined };
    let sync!: GateioBookSync;
    new Observable<BookEvent>((subscriber) => {
      sync = new GateioBookSync(subscriber, context, {
        symbol: 'BTC/USDT',
        depth,
        fetchSnapshot: () => {
          const request = new Subject<GateioOrderBookSnapshot>();
          this.requests.push(request);
          return request;
        },
        maxBufferedUpdates: 4,
        retryDelay: 500,
        quietFetchAfter: 1000,
        random: () => 0.5,
      });
    }).subscribe({
      next: (event) => {
        this.emitted.push(event);
        if (event.type === 'snapshot') {
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

  update(first: number, last: number, bids: BookLevel[] = [], asks: BookLevel[] = [], full = false): void {
    const update: GateioBookUpdate = { first, last, full, timestamp: 1_606_294_781_123, bids, asks };
    this.sync.data(update, 1);
  }

  status(status: StreamStatus): void {
    this.sync.status(status);
  }

  /** Answers the latest REST request. */
  snapshot(id: number, bids: [string, string][], asks: [string, string][]): void {
    this.requests.at(-1)!.next({ id, current: 1_623_898_993_123, update: 1_623_898_993_121, bids, asks });
  }

  /** The book the emitted events add up to, best first. */
  book(): { bids: BookLevel[]; asks: BookLevel[] } {
    return { bids: [...this.bids].sort((a, b) => b[0] - a[0]), asks: [...this.asks].sort((a, b) => a[0] - b[0]) };
  }

  resyncs(): string[] {
    return this.raised.flatMap((e) => (e.type === 'resync' ? [e.reason] : []));
  }
}

describe('GateioBookSync: the documented local order book procedure', () => {
  it('buffers updates, fetches the snapshot, dumps u < id+1, starts at U <= id+1 <= u, then continues at U = previous u + 1', () => {
    const h = new Harness();
    h.update(48776290, 48776300, [[19137.5, 9]]); // older than the snapshot: dumped
    expect(h.requests).toHaveLength(1); // the first update starts the REST request
    h.update(48776301, 48776306, [[19137.74, 0.0001], [19088.37, 0]], [[19137.75, 0.6135]]); // straddles id + 1 = 48776304
    h.update(48776307, 48776307, [], [[19137.75, 0]]);
    expect(h.emitted).toEqual([]);
    h.snapshot(48776303, [['19137.74', '1'], ['19088.37', '2']], [['19137.75', '3'], ['19140', '4']]);
    expect(h.emitted.map((e) => e.type)).toEqual(['snapshot', 'delta', 'delta']);
    expect(h.emitted[0]).toEqual(expect.objectContaining({ exchange: 'gateio', symbol: 'BTC/USDT', timestamp: 1_623_898_993_121, bids: [[19137.74, 1], [19088.37, 2]] }));
    expect(h.book()).toEqual({ bids: [[19137.74, 0.0001]], asks: [[19140, 4]] });
    h.update(48776308, 48776310, [[19137.8, 5]]);
    expect(h.book().bids[0]).toEqual([19137.8, 5]);
    expect(h.resyncs()).toEqual([]);
  });

  it('fetches a newer snapshot when the first update left after dumping starts beyond id + 1 (the snapshot is behind)', () => {
    const h = new Harness();
    h.update(101, 105, [[10, 1]]);
    h.snapshot(99, [['9', '1']], [['11', '1']]); // 99 + 1 < U = 101
    expect(h.emitted).toEqual([]);
    h.scheduler.flush(); // the retry waits retryDelay / 10
    expect(h.requests).toHaveLength(2);
    h.snapshot(102, [['9', '1']], [['11', '1']]);
    expect(h.book()).toEqual({ bids: [[10, 1], [9, 1]], asks: [[11, 1]] });
    expect(h.resyncs()).toEqual([]);
  });

  it('a server that keeps serving snapshots behind the updates is reported (resync stale) and asked with backoff, not polled in a silent loop', () => {
    const h = new Harness();
    h.update(101, 105, [[10, 1]]);
    const requestTimes: number[] = [];
    for (let i = 0; i < 8; i++) {
      requestTimes.push(h.scheduler.now());
      h.snapshot(99, [['9', '1']], [['11', '1']]); // always behind U = 101
      h.scheduler.flush();
    }
    expect(h.requests).toHaveLength(9);
    expect(h.emitted).toEqual([]);
    expect(h.resyncs()).toEqual(Array(7).fill('stale')); // every stale answer after the first quick retry
    const waits = requestTimes.slice(1).map((t, i) => t - requestTimes[i]!);
    expect(waits[0]).toBe(50); // retryDelay / 10: a snapshot a moment too old
    for (let i = 2; i < waits.length; i++) expect(waits[i]!).toBeGreaterThan(waits[i - 1]!); // then backoff
    h.snapshot(102, [['9', '1']], [['11', '1']]); // a fresh one at last: live
    expect(h.book()).toEqual({ bids: [[10, 1], [9, 1]], asks: [[11, 1]] });
  });

  it('ignores an update already in the book (u <= local id) and restarts on a lost one (U > local id + 1): resync gap, new snapshot', () => {
    const h = new Harness();
    h.update(10, 10);
    h.snapshot(10, [['9', '1']], [['11', '1']]);
    h.update(8, 10, [[9, 5]]); // u = 10 <= 10
    expect(h.book().bids).toEqual([[9, 1]]);
    h.update(11, 12, [[9, 2]]);
    h.update(14, 15, [[9, 3]]); // 13 is lost
    expect(h.resyncs()).toEqual(['gap']);
    expect(h.requests).toHaveLength(2);
    h.update(16, 16, [[9, 4]]);
    h.snapshot(14, [['9', '2.5']], [['11', '1']]); // 14 + 1 lies in the held [14, 15]
    expect(h.emitted.slice(-3).map((e) => e.type)).toEqual(['snapshot', 'delta', 'delta']);
    expect(h.book().bids).toEqual([[9, 4]]);
  });

  it('full=true while live replaces the book: resync reset, a snapshot without the empty levels, the local id becomes u; a resent whole book is ignored', () => {
    const h = new Harness();
    h.update(48776290, 48776300);
    h.snapshot(48776300, [['19000', '1']], [['19200', '1']]);
    // the documentation's own example of a full message (it carries one level with amount "0")
    h.update(48776301, 48776306, [[19137.74, 0.0001], [19088.37, 0]], [[19137.75, 0.6135]], true);
    expect(h.resyncs()).toEqual(['reset']);
    expect(h.emitted.at(-1)).toEqual(expect.objectContaining({ type: 'snapshot', bids: [[19137.74, 0.0001]], asks: [[19137.75, 0.6135]] }));
    const count = h.emitted.length;
    h.update(48776301, 48776306, [[1, 1]], [[2, 2]], true); // the same whole book again
    expect(h.emitted).toHaveLength(count);
    h.update(48776307, 48776308, [[19137.7, 1]]);
    expect(h.book().bids).toEqual([[19137.74, 0.0001], [19137.7, 1]]);
    expect(h.requests).toHaveLength(1);
  });

  it('a full=true message before the book is live completes the start without the REST snapshot (the request in flight is dropped)', () => {
    const h = new Harness();
    h.update(5, 6, [[1, 1]]);
    expect(h.requests[0]!.observed).toBe(true);
    h.update(7, 9, [[10, 1], [9, 2]], [[11, 3]], true);
    expect(h.requests[0]!.observed).toBe(false);
    expect(h.emitted.map((e) => e.type)).toEqual(['snapshot']);
    expect(h.resyncs()).toEqual([]);
    h.update(10, 10, [[10, 0]]);
    expect(h.book()).toEqual({ bids: [[9, 2]], asks: [[11, 3]] });
  });

  it('keeps exactly the subscribed level: a level pushed below it is removed, with [price, 0] in the delta', () => {
    const h = new Harness(2);
    h.update(1, 1);
    h.snapshot(1, [['10', '1'], ['9', '1']], [['11', '1'], ['12', '1']]);
    h.update(2, 2, [[10.5, 1]]); // Gate.io may send no removal for 9, now third
    expect(h.emitted.at(-1)).toEqual(expect.objectContaining({ type: 'delta', bids: [[10.5, 1], [9, 0]] }));
    expect(h.book().bids).toEqual([[10.5, 1], [10, 1]]);
  });

  it('restarts on an invalid frame (resync gap) and on a reconnect (resync reconnect)', () => {
    const h = new Harness();
    h.status('connected');
    h.update(1, 1);
    h.snapshot(1, [['9', '1']], [['11', '1']]);
    h.status('invalid');
    h.status('disconnected');
    h.status('connected');
    expect(h.resyncs()).toEqual(['gap', 'reconnect']);
  });

  it('reports a 429 and retries after the wait it asked for; a 4xx refusal errors the stream', () => {
    const h = new Harness();
    h.update(1, 1);
    h.requests[0]!.error(new GateioSnapshotError('gateio order book BTC_USDT: HTTP 429 (rate limited)', { retryAfterMs: 2000, kind: 'exchange' }));
    expect(h.raised).toContainEqual(expect.objectContaining({ type: 'error', kind: 'exchange', message: expect.stringMatching(/429/) }));
    h.scheduler.maxFrames = 1999;
    h.scheduler.flush();
    expect(h.requests).toHaveLength(1);
    h.scheduler.maxFrames = 1_000_000;
    h.scheduler.flush();
    expect(h.requests).toHaveLength(2);
    h.requests[1]!.error(new GateioSnapshotError('gateio order book BTC_USDT: HTTP 400 INVALID_CURRENCY_PAIR: …', { fatal: true, kind: 'exchange' }));
    expect((h.error as Error).message).toBe('gateio book BTC/USDT: gateio order book BTC_USDT: HTTP 400 INVALID_CURRENCY_PAIR: …');
  });

  it('restarts with an overflow event when more updates pile up than it may hold while the snapshot is in flight', () => {
    const h = new Harness();
    for (let id = 1; id <= 5; id++) h.update(id, id);
    expect(h.raised).toContainEqual(expect.objectContaining({ type: 'overflow', capacity: 4 }));
    expect(h.resyncs()).toEqual(['stale']);
  });

  it('fetches the snapshot of a quiet pair after quietFetchAfter and goes live without any update', () => {
    const h = new Harness();
    h.scheduler.flush();
    expect(h.requests).toHaveLength(1);
    h.snapshot(7, [['9', '1']], [['11', '1']]);
    expect(h.emitted.map((e) => e.type)).toEqual(['snapshot']);
    h.update(8, 8, [[9, 2]]);
    expect(h.book().bids).toEqual([[9, 2]]);
  });

  it('property: whatever the timing of the REST snapshot, lost updates, invalid frames and whole-book pushes, the book ends equal to the top N of the truth', () => {
    const DEPTH = 10;
    type Action = 'step' | 'push' | 'drop' | 'full' | 'answer' | 'invalid';
    const action = fc.constantFrom<Action>('step', 'step', 'step', 'push', 'push', 'drop', 'full', 'answer', 'answer', 'invalid');
    let compared = 0;
    fc.assert(
      fc.property(fc.array(action, { minLength: 5, maxLength: 80 }), fc.integer({ min: 1, max: 10_000 }), (actions, seed) => {
        const market = new SimulatedMarket(marketSpecFor('BTC/USDT'), { seed, levels: 30, now: () => 0 });
        const feed = new WindowedDepth(market, DEPTH);
        const h = new Harness(DEPTH);
        const asText = (levels: BookLevel[]): [string, string][] => levels.map(([p, q]) => [String(p), String(q)]);
        for (const item of actions) {
          if (item === 'step') feed.add(market.step());
          else if (item === 'invalid') h.status('invalid');
          else if (item === 'answer') {
            const open = h.requests.at(-1);
            if (open?.observed) {
              const truth = market.truth(DEPTH);
              open.next({ id: market.updateId, current: 0, update: 0, bids: asText(truth.bids), asks: asText(truth.asks) });
            }
          } else {
            const update = feed.take(item === 'full');
            if (!update || item === 'drop') continue;
            if (item === 'full') h.update(update.first, update.last, update.image.bids, update.image.asks, true);
            else h.update(update.first, update.last, update.bids, update.asks);
          }
          h.scheduler.flush();
        }
        // final check: push what is pending (nothing withheld), answer any request, then compare
        feed.add(market.step());
        const last = feed.take(true)!;
        h.update(last.first, last.last, last.bids, last.asks);
        const open = h.requests.at(-1);
        if (open?.observed) {
          const truth = market.truth(DEPTH);
          open.next({ id: market.updateId, current: 0, update: 0, bids: asText(truth.bids), asks: asText(truth.asks) });
        }
        if (h.emitted.length === 0) return;
        expect(h.book()).toEqual(market.truth(DEPTH));
        compared++;
      }),
      { numRuns: 300, seed: 1515 },
    );
    expect(compared).toBeGreaterThan(200);
  });
});
