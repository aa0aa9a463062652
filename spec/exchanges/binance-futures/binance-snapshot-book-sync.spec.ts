import fc from 'fast-check';
import { Subject, Subscriber, VirtualTimeScheduler } from 'rxjs';
import { SnapshotError } from '../../../lib/exchanges/binance/binance-depth-snapshot';
import { type BinanceBookSnapshot, BinanceSnapshotBookSync } from '../../../lib/exchanges/binance-futures/binance-snapshot-book-sync';
import { BINANCE_FUTURES_SYNC_RULE, BINANCE_SPOT_SYNC_RULE, type BinanceSyncDiff } from '../../../lib/exchanges/binance-futures/binance-sync-rule';
import type { StreamContext } from '../../../lib/exchanges/common/stream-listener';
import type { BookEvent, BookLevel } from '../../../lib/model/book-event';
import type { ExchangeEvent } from '../../../lib/model/exchange-event';

function setup(options: { maxBufferedUpdates?: number } = {}) {
  const scheduler = new VirtualTimeScheduler();
  const emitted: BookEvent[] = [];
  const raised: Partial<ExchangeEvent>[] = [];
  const requests: Subject<BinanceBookSnapshot>[] = [];
  let errored: Error | undefined;
  const subscriber = new Subscriber<BookEvent>({ next: (e: BookEvent) => void emitted.push(e), error: (e: Error) => void (errored = e), complete: () => undefined });
  const context: StreamContext = { key: 'btcusdt@depth@100ms', scheduler, raise: (e) => raised.push(e), resubscribe: () => undefined };
  const sync = new BinanceSnapshotBookSync(subscriber, context, {
    exchange: 'binanceFutures',
    symbol: 'BTC/USDT:USDT',
    rule: BINANCE_FUTURES_SYNC_RULE,
    fetchSnapshot: () => {
      const request = new Subject<BinanceBookSnapshot>();
      requests.push(request);
      return request;
    },
    maxBufferedUpdates: options.maxBufferedUpdates ?? 100,
    retryDelay: 1000,
    quietFetchAfter: 5000,
  });
  /** Answers the latest snapshot request. */
  const answer = (lastUpdateId: number, bids: BookLevel[] = [[10, 1]], asks: BookLevel[] = [[11, 1]]) =>
    requests.at(-1)!.next({ lastUpdateId, timestamp: lastUpdateId, bids, asks });
  let clock = 0;
  const advance = (ms: number) => {
    clock += ms;
    scheduler.maxFrames = clock;
    scheduler.flush();
  };
  return { sync, emitted, raised, requests, answer, advance, errored: () => errored, subscriber };
}

/** A depth event with ids U..u and pu; one bid level tagged with u so deltas are recognisable. */
const diff = (U: number, u: number, pu: number): BinanceSyncDiff => ({ firstUpdateId: U, lastUpdateId: u, previousUpdateId: pu, timestamp: u, bids: [[1, u]], asks: [] });
const deltaIds = (emitted: BookEvent[]) => emitted.filter((e) => e.type === 'delta').map((e) => e.bids[0]![1]);

describe('BinanceSnapshotBookSync with the USD-M rule', () => {
  it('buffers, drops by id the events the snapshot contains (buffered or arriving after it), applies from the bridging event on', () => {
    const t = setup();
    t.sync.data(diff(101, 110, 90), 1);
    t.sync.data(diff(111, 120, 110), 2); // u < 125: contained
    t.sync.data(diff(121, 130, 120), 3); // U <= 125 <= u: bridges
    expect(t.requests).toHaveLength(1);
    t.answer(125);
    t.sync.data(diff(131, 140, 130), 4);
    expect(t.emitted.map((e) => e.type)).toEqual(['snapshot', 'delta', 'delta']);
    expect(deltaIds(t.emitted)).toEqual([130, 140]);
    expect(t.raised).toEqual([]);
  });

  it('drops an event that arrives after the snapshot but is older than it (8 of 12 such events in the real capture)', () => {
    const t = setup();
    t.sync.data(diff(101, 110, 90), 1);
    t.answer(125);
    t.sync.data(diff(111, 120, 110), 2); // arrives after the REST response: still dropped by id
    t.sync.data(diff(121, 130, 120), 3);
    expect(deltaIds(t.emitted)).toEqual([130]);
    expect(t.raised).toEqual([]);
  });

  it('applies an event whose u equals lastUpdateId (the AKRO case; the spot rule would drop it and never bridge)', () => {
    const t = setup();
    t.sync.data(diff(101, 125, 90), 1);
    t.answer(125);
    t.sync.data(diff(131, 140, 125), 2);
    expect(deltaIds(t.emitted)).toEqual([125, 140]);
    expect(BINANCE_SPOT_SYNC_RULE.contained(diff(101, 125, 90), 125)).toBe(true);
    expect(BINANCE_SPOT_SYNC_RULE.bridges(diff(131, 140, 125), 125)).toBe(false);
  });

  it('bridges with an event whose pu is the snapshot id when no event straddles it (a quiet market)', () => {
    const t = setup();
    t.advance(5000); // quiet: fetch without any event
    expect(t.requests).toHaveLength(1);
    t.answer(125);
    expect(t.emitted.map((e) => e.type)).toEqual(['snapshot']);
    t.sync.data(diff(133, 140, 125), 1);
    expect(deltaIds(t.emitted)).toEqual([140]);
    expect(t.raised).toEqual([]);
  });

  it('refetches silently when the snapshot is older than every buffered event (nothing emitted, no resync)', () => {
    const t = setup();
    t.sync.data(diff(201, 210, 190), 1);
    t.answer(150); // 201 > 150 and pu 190 != 150
    expect(t.emitted).toEqual([]);
    t.advance(100); // retryDelay / 10
    expect(t.requests).toHaveLength(2);
    t.answer(205);
    expect(t.emitted.map((e) => e.type)).toEqual(['snapshot', 'delta']);
    expect(t.raised).toEqual([]);
  });

  it('after the snapshot went out, a first event that does not bridge is a stale resync and a new snapshot', () => {
    const t = setup();
    t.advance(5000);
    t.answer(125);
    t.sync.data(diff(140, 150, 135), 1); // U > 125 and pu != 125: updates 126..139 were lost
    expect(t.raised).toEqual([{ type: 'resync', symbol: 'BTC/USDT:USDT', reason: 'stale' }]);
    expect(t.requests).toHaveLength(2);
    t.answer(145);
    expect(t.emitted.map((e) => e.type)).toEqual(['snapshot', 'snapshot', 'delta']);
    expect(deltaIds(t.emitted)).toEqual([150]);
  });

  it('a pu that is not the previous u is a gap: resync, new snapshot, the breaking event kept', () => {
    const t = setup();
    t.sync.data(diff(121, 130, 120), 1);
    t.answer(125);
    t.sync.data(diff(131, 140, 130), 2);
    t.sync.data(diff(151, 160, 150), 3); // the event 141..150 was lost
    expect(t.raised).toEqual([{ type: 'resync', symbol: 'BTC/USDT:USDT', reason: 'gap' }]);
    t.answer(155);
    t.sync.data(diff(161, 170, 160), 4);
    expect(t.emitted.map((e) => e.type)).toEqual(['snapshot', 'delta', 'delta', 'snapshot', 'delta', 'delta']);
    expect(deltaIds(t.emitted)).toEqual([130, 140, 160, 170]);
  });

  it('ignores an event already in the book (a duplicate), without a resync', () => {
    const t = setup();
    t.sync.data(diff(121, 130, 120), 1);
    t.answer(125);
    t.sync.data(diff(121, 130, 120), 2);
    t.sync.data(diff(131, 140, 130), 3);
    expect(deltaIds(t.emitted)).toEqual([130, 140]);
    expect(t.raised).toEqual([]);
  });

  it('resyncs on an invalid frame (gap) and on a reconnect, not on a first connect', () => {
    const t = setup();
    t.sync.status('connected');
    expect(t.raised).toEqual([]);
    t.sync.status('invalid');
    t.sync.status('disconnected');
    t.sync.status('connected');
    expect(t.raised.map((e) => (e as { reason: string }).reason)).toEqual(['gap', 'reconnect']);
  });

  it('overflows its buffer while the snapshot is slow: an overflow event and a stale resync', () => {
    const t = setup({ maxBufferedUpdates: 3 });
    for (let i = 0; i < 4; i++) t.sync.data(diff(100 + 10 * i + 1, 100 + 10 * (i + 1), 100 + 10 * i), i);
    expect(t.raised).toEqual([
      { type: 'overflow', buffer: 'binanceFutures depth buffer', capacity: 3, symbol: 'BTC/USDT:USDT' },
      { type: 'resync', symbol: 'BTC/USDT:USDT', reason: 'stale' },
    ]);
  });

  it('retries a failed snapshot after Retry-After; a fatal one errors the stream', () => {
    const t = setup();
    t.sync.data(diff(121, 130, 120), 1);
    t.requests[0]!.error(new SnapshotError('HTTP 429', { retryAfterMs: 2000, kind: 'exchange' }));
    expect(t.raised).toEqual([{ type: 'error', kind: 'exchange', message: 'HTTP 429', symbol: 'BTC/USDT:USDT' }]);
    t.advance(1999);
    expect(t.requests).toHaveLength(1);
    t.advance(1);
    expect(t.requests).toHaveLength(2);
    t.requests[1]!.error(new SnapshotError('HTTP 400 -1121 Invalid symbol.', { fatal: true, kind: 'exchange' }));
    expect(t.errored()?.message).toBe('binanceFutures book BTC/USDT:USDT: HTTP 400 -1121 Invalid symbol.');
  });

  it('property: whatever the event grouping, snapshot point and arrival order, every emitted book is the true book at its update, and a lost event is always caught', () => {
    const level = fc.tuple(fc.boolean(), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 0, max: 3 }));
    fc.assert(
      fc.property(
        fc.array(fc.array(level, { minLength: 1, maxLength: 4 }), { minLength: 4, maxLength: 30 }),
        fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 30, maxLength: 30 }),
        fc.nat(),
        fc.nat(),
        fc.option(fc.nat(), { nil: undefined }),
        (steps, sizes, snapshotSeed, arrivalSeed, lostSeed) => {
          // truth after each step k (0 = initial empty book)
          const truths: Map<number, number>[][] = [[new Map(), new Map()]];
          for (const step of steps) {
            const [bids, asks] = truths.at(-1)!.map((side) => new Map(side));
            for (const [isBid, price, quantity] of step) {
              const side = isBid ? bids! : asks!;
              if (quantity === 0) side.delete(price);
              else side.set(price, quantity);
            }
            truths.push([bids!, asks!]);
          }
          // events group consecutive steps; ids: step k is update k * 10, U = (first - 1) * 10 + 3
          const events: BinanceSyncDiff[] = [];
          let previous = 0;
          for (let first = 1, i = 0; first <= steps.length; i++) {
            const last = Math.min(steps.length, first + sizes[i % sizes.length]! - 1);
            const levels = (isBid: boolean): BookLevel[] => {
              const net = new Map<number, number>();
              for (let k = first; k <= last; k++) for (const [b, price] of steps[k - 1]!) if (b === isBid) net.set(price, truths[k]![isBid ? 0 : 1]!.get(price) ?? 0);
              return [...net.entries()];
            };
            events.push({ firstUpdateId: (first - 1) * 10 + 3, lastUpdateId: last * 10, previousUpdateId: previous, timestamp: last, bids: levels(true), asks: levels(false) });
            previous = last * 10;
            first = last + 1;
          }
          const lost = lostSeed === undefined || events.length < 3 ? undefined : 1 + (lostSeed % (events.length - 2));
          const snapshotStep = snapshotSeed % (steps.length + 1);
          const arrival = 1 + (arrivalSeed % events.length); // the snapshot answer comes after this many events
          const t = setup();
          const image = (k: number): [BookLevel[], BookLevel[]] => [[...truths[k]![0]!.entries()], [...truths[k]![1]!.entries()]];
          const answerAt = (k: number) => t.answer(k * 10, ...image(k));
          events.forEach((event, i) => {
            if (i !== lost) t.sync.data(event, i);
            if (i + 1 === arrival) answerAt(snapshotStep);
          });
          // every later request (silent refetch, resync) is answered with the final book, as often as asked
          for (let round = 0; round < 5; round++) {
            t.advance(10_000);
            const pending = t.requests.at(-1)!;
            if (pending.observed) answerAt(steps.length);
          }
          // replay what came out: after each event the book is the truth at that event's update
          const bids = new Map<number, number>();
          const asks = new Map<number, number>();
          for (const event of t.emitted) {
            if (event.type === 'snapshot') {
              bids.clear();
              asks.clear();
            }
            for (const [side, levels] of [[bids, event.bids], [asks, event.asks]] as const) for (const [p, q] of levels) q === 0 ? side.delete(p) : side.set(p, q);
            const k = event.timestamp / (event.type === 'snapshot' ? 10 : 1);
            expect([new Map([...bids].sort()), new Map([...asks].sort())]).toEqual([new Map([...truths[k]![0]!].sort()), new Map([...truths[k]![1]!].sort())]);
          }
          // nothing is lost for good: the book ends at the last update (a lost event was caught and resynced)
          const last = t.emitted.at(-1)!;
          expect(last.type === 'snapshot' ? last.timestamp / 10 : last.timestamp).toBe(steps.length);
          const resyncs = t.raised.filter((e) => e.type === 'resync');
          if (lost === undefined) expect(resyncs).toEqual([]);
          expect(t.raised.filter((e) => e.type === 'error')).toEqual([]);
        },
      ),
      { numRuns: 300 },
    );
  });
});
