import { type Observable, Subject, Subscriber, VirtualTimeScheduler } from 'rxjs';
import type { StreamContext } from '../../../lib/exchanges/common/stream-listener';
import type { RaisedEvent } from '../../../lib/exchanges/common/stream-listener';
import type { OkxRestSnapshot } from '../../../lib/exchanges/okx/okx-book-snapshot';
import { type OkxBookSettings, OkxBookSync } from '../../../lib/exchanges/okx/okx-book-sync';
import { okxChecksum } from '../../../lib/exchanges/okx/okx-checksum';
import { parseOkxLevels } from '../../../lib/exchanges/okx/okx-levels';
import type { OkxBookUpdate } from '../../../lib/exchanges/okx/okx-payloads';
import { OkxRestError } from '../../../lib/exchanges/okx/okx-rest';
import type { BookEvent } from '../../../lib/model/book-event';

type Side = [string, string][];

/** A naive book of wire strings: what OKX's book is after the messages it sent (for expected checksums). */
class WireBook {
  readonly bids = new Map<number, [string, string]>();
  readonly asks = new Map<number, [string, string]>();
  apply(bids: Side, asks: Side, replace = false): void {
    if (replace) {
      this.bids.clear();
      this.asks.clear();
    }
    for (const [side, levels] of [[this.bids, bids], [this.asks, asks]] as const) {
      for (const level of levels) (Number(level[1]) === 0 ? side.delete(Number(level[0])) : side.set(Number(level[0]), level));
    }
  }
  checksum(): number {
    const sorted = (side: Map<number, [string, string]>, descending: boolean) => [...side.entries()].sort((a, b) => (descending ? b[0] - a[0] : a[0] - b[0])).map(([, l]) => l);
    return okxChecksum(sorted(this.bids, true), sorted(this.asks, false));
  }
}

function message(action: 'snapshot' | 'update', prevSeqId: number, seqId: number, bids: Side, asks: Side, checksum?: number): OkxBookUpdate {
  return { action, bids: parseOkxLevels(bids)!, asks: parseOkxLevels(asks)!, rawBids: bids, rawAsks: asks, prevSeqId, seqId, checksum, timestamp: 1_700_000_000_000 + seqId };
}

function restBook(seqId: number | undefined, bids: Side, asks: Side): OkxRestSnapshot {
  return { bids: parseOkxLevels(bids)!, asks: parseOkxLevels(asks)!, rawBids: bids, rawAsks: asks, seqId, timestamp: 1_700_000_000_000 };
}

function setup(overrides: Partial<OkxBookSettings> = {}) {
  const scheduler = new VirtualTimeScheduler();
  const raised: RaisedEvent[] = [];
  const emitted: BookEvent[] = [];
  const requests: Subject<OkxRestSnapshot>[] = [];
  let resubscribes = 0;
  let failed: Error | undefined;
  const subscriber = new Subscriber<BookEvent>({ next: (e) => emitted.push(e), error: (e: Error) => (failed = e), complete: () => undefined });
  const context: StreamContext = { key: 'books:BTC-USDT', scheduler, raise: (e) => raised.push(e), resubscribe: () => resubscribes++ };
  const settings: OkxBookSettings = {
    symbol: 'BTC/USDT',
    fetchSnapshot: (): Observable<OkxRestSnapshot> => {
      const request = new Subject<OkxRestSnapshot>();
      requests.push(request);
      return request;
    },
    maxBufferedUpdates: 100,
    retryDelay: 100,
    socketSnapshots: true,
    ...overrides,
  };
  const sync = new OkxBookSync(subscriber, context, settings);
  /** The book the subscriber holds, from the events alone. */
  const held = () => {
    const bids = new Map<number, number>();
    const asks = new Map<number, number>();
    for (const event of emitted) {
      if (event.type === 'snapshot') {
        bids.clear();
        asks.clear();
      }
      for (const [p, q] of event.bids) (q === 0 ? bids.delete(p) : bids.set(p, q));
      for (const [p, q] of event.asks) (q === 0 ? asks.delete(p) : asks.set(p, q));
    }
    return { bids: [...bids.entries()].sort((a, b) => b[0] - a[0]), asks: [...asks.entries()].sort((a, b) => a[0] - b[0]) };
  };
  const resyncs = () => raised.filter((e) => e.type === 'resync').map((e) => (e as { reason: string }).reason);
  return { scheduler, sync, raised, emitted, requests, held, resyncs, resubscribes: () => resubscribes, failed: () => failed };
}

const SNAPSHOT_BIDS: Side = [['100.5', '2'], ['100', '1']];
const SNAPSHOT_ASKS: Side = [['101', '3'], ['101.5', '4']];

describe('OkxBookSync', () => {
  it('socket snapshot, then the prevSeqId = previous seqId chain, every checksum verified', () => {
    const t = setup();
    const wire = new WireBook();
    wire.apply(SNAPSHOT_BIDS, SNAPSHOT_ASKS, true);
    t.sync.data(message('snapshot', -1, 10, SNAPSHOT_BIDS, SNAPSHOT_ASKS, wire.checksum()), 1);
    wire.apply([['100.5', '0']], [['100.8', '1']]);
    t.sync.data(message('update', 10, 15, [['100.5', '0']], [['100.8', '1']], wire.checksum()), 2);
    expect(t.emitted.map((e) => e.type)).toEqual(['snapshot', 'delta']);
    expect(t.held()).toEqual({ bids: [[100, 1]], asks: [[100.8, 1], [101, 3], [101.5, 4]] });
    expect(t.resyncs()).toEqual([]);
    expect(t.requests).toHaveLength(0);
  });

  it("the docs' sequence example passes as it is: a no-change keepalive (seqId = prevSeqId) and a maintenance reset (seqId < prevSeqId)", () => {
    // Snapshot prevSeqId -1 seqId 10; update 10→15; no update 15→15; sequence reset 15→3; normal 3→5
    const t = setup();
    const wire = new WireBook();
    wire.apply(SNAPSHOT_BIDS, SNAPSHOT_ASKS, true);
    t.sync.data(message('snapshot', -1, 10, SNAPSHOT_BIDS, SNAPSHOT_ASKS, wire.checksum()), 1);
    wire.apply([['100.6', '1']], []);
    t.sync.data(message('update', 10, 15, [['100.6', '1']], [], wire.checksum()), 2);
    t.sync.data(message('update', 15, 15, [], [], wire.checksum()), 3);
    wire.apply([], [['101', '2']]);
    t.sync.data(message('update', 15, 3, [], [['101', '2']], wire.checksum()), 4);
    wire.apply([['100', '0']], []);
    t.sync.data(message('update', 3, 5, [['100', '0']], [], wire.checksum()), 5);
    expect(t.resyncs()).toEqual([]);
    expect(t.emitted.map((e) => e.type)).toEqual(['snapshot', 'delta', 'delta', 'delta']); // the keepalive emits nothing
    expect(t.held()).toEqual({ bids: [[100.6, 1], [100.5, 2]], asks: [[101, 2], [101.5, 4]] });
  });

  it('checksum 0 or absent is not checked (OKX retired it in 2026)', () => {
    const t = setup();
    t.sync.data(message('snapshot', -1, 10, SNAPSHOT_BIDS, SNAPSHOT_ASKS, 0), 1);
    t.sync.data(message('update', 10, 11, [['99', '1']], [], undefined), 2);
    t.sync.data(message('update', 11, 12, [['98', '1']], [], 0), 3);
    expect(t.resyncs()).toEqual([]);
    expect(t.emitted).toHaveLength(3);
  });

  it('a wrong checksum resyncs and recovers through a REST snapshot bridged by seqId', () => {
    const t = setup();
    const wire = new WireBook();
    wire.apply(SNAPSHOT_BIDS, SNAPSHOT_ASKS, true);
    t.sync.data(message('snapshot', -1, 10, SNAPSHOT_BIDS, SNAPSHOT_ASKS, wire.checksum()), 1);
    wire.apply([['100.7', '1']], []);
    t.sync.data(message('update', 10, 20, [['100.7', '1']], [], wire.checksum() ^ 1), 2);
    expect(t.resyncs()).toEqual(['checksum']);
    expect(t.requests).toHaveLength(0); // the next update starts the REST sync
    wire.apply([['100.7', '2']], []);
    t.sync.data(message('update', 20, 30, [['100.7', '2']], [], wire.checksum()), 3);
    expect(t.requests).toHaveLength(1);
    // the REST snapshot sits between two pushes: seqId 25 (prevSeqId 20 ≤ 25 < 30 bridges)
    wire.apply([], [['102', '1']]);
    t.sync.data(message('update', 30, 40, [], [['102', '1']], wire.checksum()), 4);
    t.requests[0]!.next(restBook(25, [['100.7', '1'], ...SNAPSHOT_BIDS], SNAPSHOT_ASKS));
    expect(t.emitted.map((e) => e.type)).toEqual(['snapshot', 'snapshot', 'delta', 'delta']);
    expect(t.held()).toEqual({ bids: [[100.7, 2], [100.5, 2], [100, 1]], asks: [[101, 3], [101.5, 4], [102, 1]] });
    expect(t.resyncs()).toEqual(['checksum']);
  });

  it('a broken chain (prevSeqId ≠ previous seqId) resyncs "gap"; the REST bridge drops buffered updates the snapshot contains', () => {
    const t = setup();
    t.sync.data(message('snapshot', -1, 10, SNAPSHOT_BIDS, SNAPSHOT_ASKS), 1);
    t.sync.data(message('update', 12, 14, [['99', '1']], []), 2); // 10→12 was lost
    expect(t.resyncs()).toEqual(['gap']);
    t.sync.data(message('update', 14, 16, [['98', '1']], []), 3);
    t.sync.data(message('update', 16, 18, [['97', '1']], []), 4);
    // snapshot at 16: the first two buffered updates are in it, 16→18 bridges exactly
    t.requests[0]!.next(restBook(16, [['100', '1'], ['99', '1'], ['98', '1']], SNAPSHOT_ASKS));
    expect(t.held().bids).toEqual([[100, 1], [99, 1], [98, 1], [97, 1]]);
    expect(t.emitted.map((e) => e.type)).toEqual(['snapshot', 'snapshot', 'delta']); // 12→14 and 14→16 dropped, 16→18 applied
  });

  it('OKX REST procedure (socket snapshots ignored): buffer, fetch, refetch a snapshot older than the first prevSeqId, then bridge', () => {
    const t = setup({ socketSnapshots: false });
    t.sync.data(message('snapshot', -1, 10, SNAPSHOT_BIDS, SNAPSHOT_ASKS, 123), 1); // ignored
    expect(t.emitted).toEqual([]);
    t.sync.data(message('update', 10, 20, [['99', '1']], []), 2);
    expect(t.requests).toHaveLength(1);
    t.requests[0]!.next(restBook(9, SNAPSHOT_BIDS, SNAPSHOT_ASKS)); // 9 < 10: too old
    expect(t.emitted).toEqual([]);
    t.scheduler.flush(); // the retry waits retryDelay / 10
    expect(t.requests).toHaveLength(2);
    t.requests[1]!.next(restBook(12, [...SNAPSHOT_BIDS], SNAPSHOT_ASKS)); // 10 ≤ 12 < 20: bridges
    expect(t.emitted.map((e) => e.type)).toEqual(['snapshot', 'delta']);
    expect(t.held().bids).toEqual([[100.5, 2], [100, 1], [99, 1]]);
    expect(t.resyncs()).toEqual([]);
  });

  it('a maintenance reset (seqId < prevSeqId) right after a REST snapshot is applied, not taken for an update the snapshot contains', () => {
    const t = setup({ socketSnapshots: false });
    t.sync.data(message('update', 10, 20, [['99', '1']], []), 1);
    t.requests[0]!.next(restBook(20, SNAPSHOT_BIDS, SNAPSHOT_ASKS)); // contains 10→20
    t.sync.data(message('update', 20, 3, [['98', '1']], []), 2); // the reset: its seqId 3 is below 20, yet it follows the snapshot
    t.sync.data(message('update', 3, 5, [['97', '1']], []), 3);
    expect(t.emitted.map((e) => e.type)).toEqual(['snapshot', 'delta', 'delta']);
    expect(t.held().bids).toEqual([[100.5, 2], [100, 1], [98, 1], [97, 1]]);
    expect(t.resyncs()).toEqual([]);
  });

  it('a maintenance reset among the updates buffered for the REST bridge: a snapshot from after the reset bridges its updates (no endless "too old" refetch)', () => {
    const t = setup({ socketSnapshots: false });
    t.sync.data(message('update', 10, 20, [['99', '1']], []), 1);
    t.sync.data(message('update', 20, 3, [['98', '1']], []), 2); // reset
    t.sync.data(message('update', 3, 5, [['97', '1']], []), 3);
    t.requests[0]!.next(restBook(3, [...SNAPSHOT_BIDS, ['98', '1']], SNAPSHOT_ASKS)); // taken after the reset: contains ..→3
    expect(t.emitted.map((e) => e.type)).toEqual(['snapshot', 'delta']);
    expect(t.held().bids).toEqual([[100.5, 2], [100, 1], [98, 1], [97, 1]]);
    expect(t.requests).toHaveLength(1);
  });

  it('a maintenance reset among the buffered updates: a snapshot from before the reset bridges, and the reset and what follows are applied', () => {
    const t = setup({ socketSnapshots: false });
    t.sync.data(message('update', 10, 20, [['99', '1']], []), 1);
    t.sync.data(message('update', 20, 3, [['98', '1']], []), 2); // reset
    t.sync.data(message('update', 3, 5, [['97', '1']], []), 3);
    t.requests[0]!.next(restBook(15, SNAPSHOT_BIDS, SNAPSHOT_ASKS)); // 10 ≤ 15 < 20: before the reset
    expect(t.emitted.map((e) => e.type)).toEqual(['snapshot', 'delta', 'delta', 'delta']);
    expect(t.held().bids).toEqual([[100.5, 2], [100, 1], [99, 1], [98, 1], [97, 1]]);
    expect(t.resyncs()).toEqual([]);
  });

  it('a first update after the REST snapshot that does not reach back to it (prevSeqId > snapshot seqId) is a gap', () => {
    const t = setup({ socketSnapshots: false });
    t.sync.data(message('update', 10, 20, [['99', '1']], []), 1);
    t.requests[0]!.next(restBook(20, SNAPSHOT_BIDS, SNAPSHOT_ASKS)); // contains 10→20; nothing left to bridge yet
    expect(t.emitted.map((e) => e.type)).toEqual(['snapshot']);
    t.sync.data(message('update', 25, 30, [['98', '1']], []), 2); // 20→25 lost
    expect(t.resyncs()).toEqual(['gap']);
    expect(t.requests).toHaveLength(2);
  });

  it('an unexpected socket snapshot in the middle of the stream replaces the book: resync "reset"', () => {
    const t = setup();
    t.sync.data(message('snapshot', -1, 10, SNAPSHOT_BIDS, SNAPSHOT_ASKS), 1);
    t.sync.data(message('snapshot', -1, 50, [['90', '1']], [['91', '1']]), 2);
    expect(t.resyncs()).toEqual(['reset']);
    expect(t.held()).toEqual({ bids: [[90, 1]], asks: [[91, 1]] });
  });

  it('a reconnect resyncs "reconnect" and waits for what the resubscription brings', () => {
    const t = setup();
    t.sync.data(message('snapshot', -1, 10, SNAPSHOT_BIDS, SNAPSHOT_ASKS), 1);
    t.sync.status('disconnected');
    t.sync.status('connected');
    expect(t.resyncs()).toEqual(['reconnect']);
    t.sync.data(message('snapshot', -1, 70, SNAPSHOT_BIDS, SNAPSHOT_ASKS), 2);
    expect(t.emitted.map((e) => e.type)).toEqual(['snapshot', 'snapshot']);
    expect(t.resyncs()).toEqual(['reconnect']);
  });

  it('REST errors: rate limits are retried after their back-off, an unknown instrument errors the stream', () => {
    const t = setup({ socketSnapshots: false });
    t.sync.data(message('update', 10, 20, [], []), 1);
    t.requests[0]!.error(new OkxRestError('okx book snapshot BTC-USDT: OKX error 50011 Rate limit reached.', '50011', false, 2000, 'exchange'));
    expect(t.raised).toContainEqual(expect.objectContaining({ type: 'error', kind: 'exchange', message: expect.stringMatching(/50011/) }));
    t.scheduler.flush();
    expect(t.requests).toHaveLength(2);
    t.requests[1]!.error(new OkxRestError("okx book snapshot BTC-USDT: OKX error 51001 Instrument ID doesn't exist.", '51001', true, undefined, 'exchange'));
    expect(t.failed()?.message).toMatch(/51001/);
  });

  it('a REST snapshot without seqId cannot be bridged: a socket snapshot is asked for instead, and in REST-only mode the stream errors', () => {
    const auto = setup();
    auto.sync.data(message('snapshot', -1, 10, SNAPSHOT_BIDS, SNAPSHOT_ASKS), 1);
    auto.sync.status('gap');
    auto.sync.data(message('update', 10, 11, [], []), 2);
    auto.requests[0]!.next(restBook(undefined, SNAPSHOT_BIDS, SNAPSHOT_ASKS));
    expect(auto.resubscribes()).toBe(1);
    auto.sync.data(message('update', 11, 12, [], []), 3); // ignored until the fresh snapshot
    expect(auto.requests).toHaveLength(1);
    auto.sync.data(message('snapshot', -1, 12, SNAPSHOT_BIDS, SNAPSHOT_ASKS), 4);
    expect(auto.emitted.map((e) => e.type)).toEqual(['snapshot', 'snapshot']);

    const rest = setup({ socketSnapshots: false });
    rest.sync.data(message('update', 10, 11, [], []), 1);
    rest.requests[0]!.next(restBook(undefined, SNAPSHOT_BIDS, SNAPSHOT_ASKS));
    expect(rest.failed()?.message).toMatch(/no seqId/);
  });

  it('an overflowing buffer while a snapshot is in flight restarts the sync ("overflow", resync "stale")', () => {
    const t = setup({ socketSnapshots: false, maxBufferedUpdates: 3 });
    for (let i = 0; i < 4; i++) t.sync.data(message('update', 10 + i, 11 + i, [], []), i);
    expect(t.raised).toContainEqual(expect.objectContaining({ type: 'overflow', capacity: 3 }));
    expect(t.resyncs()).toEqual(['stale']);
  });
});
