import { asyncScheduler, Observable } from 'rxjs';
import type { BybitBookPayload } from '../../../lib/exchanges/bybit/bybit-book-decode';
import { BybitBookSync } from '../../../lib/exchanges/bybit/bybit-book-sync';
import type { RaisedEvent, StreamListener, StreamStatus } from '../../../lib/exchanges/common/stream-listener';
import type { BookEvent, BookLevel } from '../../../lib/model/book-event';

/** A book listener wired to a recording context: what it emitted, raised and asked for, in order. */
function harness(depth = 3) {
  const log: string[] = [];
  const emitted: BookEvent[] = [];
  let listener!: StreamListener;
  new Observable<BookEvent>((subscriber) => {
    listener = new BybitBookSync(subscriber, {
      key: 'linear:orderbook.3.BTCUSDT',
      scheduler: asyncScheduler,
      raise: (event: RaisedEvent) => log.push(event.type === 'resync' ? `resync ${event.reason}` : event.type === 'error' ? `error ${event.message}` : event.type),
      resubscribe: () => log.push('resubscribe'),
    }, { symbol: 'BTC/USDT:USDT', depth });
  }).subscribe((event) => {
    emitted.push(event);
    log.push(`${event.type} ${JSON.stringify([event.bids, event.asks])}`);
  });
  const message = (type: 'snapshot' | 'delta', u: number, seq: number, bids: BookLevel[], asks: BookLevel[]): void =>
    listener.data({ type, bids, asks, updateId: u, sequence: seq, timestamp: 1000 + u } satisfies BybitBookPayload, 5);
  const status = (s: StreamStatus): void => listener.status(s);
  return { log, emitted, message, status };
}

const SNAPSHOT_BIDS: BookLevel[] = [[100, 1], [99, 2], [98, 3]];
const SNAPSHOT_ASKS: BookLevel[] = [[101, 1], [102, 2], [103, 3]];

describe('BybitBookSync: every Bybit book rule', () => {
  it('emits the subscription snapshot best first, then deltas as sent while u rises by 1 and seq increases; size 0 deletes', () => {
    const t = harness();
    t.message('snapshot', 10, 500, [[98, 3], [100, 1], [99, 2]], SNAPSHOT_ASKS);
    t.message('delta', 11, 501, [[100, 0], [97, 4]], []);
    t.message('delta', 12, 530, [], [[101, 0], [104, 1]]);
    expect(t.log).toEqual([
      `snapshot ${JSON.stringify([SNAPSHOT_BIDS, SNAPSHOT_ASKS])}`,
      'delta [[[100,0],[97,4]],[]]',
      'delta [[],[[101,0],[104,1]]]',
    ]);
    expect(t.emitted[0]).toEqual(expect.objectContaining({ exchange: 'bybit', symbol: 'BTC/USDT:USDT', timestamp: 1010, localTimestamp: 5 }));
  });

  it('ignores deltas before the first snapshot (left over from an earlier subscription)', () => {
    const t = harness();
    t.message('delta', 9, 499, [[100, 5]], []);
    t.message('snapshot', 10, 500, SNAPSHOT_BIDS, SNAPSHOT_ASKS);
    expect(t.log).toHaveLength(1);
    expect(t.emitted[0]!.type).toBe('snapshot');
  });

  it('a u gap: an error naming it, resync "gap", resubscribe; deltas ignored until the fresh snapshot', () => {
    const t = harness();
    t.message('snapshot', 10, 500, SNAPSHOT_BIDS, SNAPSHOT_ASKS);
    t.message('delta', 12, 502, [[100, 5]], []);
    t.message('delta', 13, 503, [[100, 6]], []);
    t.message('snapshot', 20, 600, SNAPSHOT_BIDS, SNAPSHOT_ASKS);
    t.message('delta', 21, 601, [[100, 7]], []);
    expect(t.log.slice(1)).toEqual([
      'error bybit book BTC/USDT:USDT: u 12 follows u 10 (expected 11)',
      'resync gap',
      'resubscribe',
      `snapshot ${JSON.stringify([SNAPSHOT_BIDS, SNAPSHOT_ASKS])}`,
      'delta [[[100,7]],[]]',
    ]);
  });

  it('a seq that does not increase is a gap too', () => {
    const t = harness();
    t.message('snapshot', 10, 500, SNAPSHOT_BIDS, SNAPSHOT_ASKS);
    t.message('delta', 11, 500, [[100, 5]], []);
    expect(t.log.slice(1)).toEqual(['error bybit book BTC/USDT:USDT: seq 500 does not increase (previous 500)', 'resync gap', 'resubscribe']);
  });

  it('a snapshot mid-stream resets the book: resync "reset" and the new snapshot, no resubscribe', () => {
    const t = harness();
    t.message('snapshot', 10, 500, SNAPSHOT_BIDS, SNAPSHOT_ASKS);
    t.message('snapshot', 11, 501, [[90, 1]], [[91, 1]]);
    t.message('delta', 12, 502, [[90, 2]], []);
    expect(t.log.slice(1)).toEqual(['resync reset', 'snapshot [[[90,1]],[[91,1]]]', 'delta [[[90,2]],[]]']);
  });

  it('u = 1 (a Bybit service restart) resets the book, and deltas go on from u = 2', () => {
    const t = harness();
    t.message('snapshot', 10, 500, SNAPSHOT_BIDS, SNAPSHOT_ASKS);
    t.message('delta', 11, 501, [[100, 5]], []);
    t.message('snapshot', 1, 502, [[90, 1]], [[91, 1]]);
    t.message('delta', 2, 503, [[90, 2]], []);
    expect(t.log.slice(2)).toEqual(['resync reset', 'snapshot [[[90,1]],[[91,1]]]', 'delta [[[90,2]],[]]']);
  });

  it('the snapshot answering another subscriber\'s resubscription replaces the book without a reset (a restart still is one)', () => {
    const t = harness();
    let listener!: BybitBookSync;
    new Observable<BookEvent>((subscriber) => {
      listener = new BybitBookSync(subscriber, { key: 'k', scheduler: asyncScheduler, raise: (e) => t.log.push(e.type), resubscribe: () => undefined }, { symbol: 'X', depth: 3 });
    }).subscribe((event) => t.log.push(event.type));
    const feed = (u: number): void => listener.data({ type: 'snapshot', bids: SNAPSHOT_BIDS, asks: SNAPSHOT_ASKS, updateId: u, sequence: u, timestamp: 1 }, 1);
    listener.expectFreshSnapshot(); // not live yet: nothing to expect
    feed(10);
    listener.expectFreshSnapshot();
    feed(10);
    feed(11);
    listener.expectFreshSnapshot();
    feed(1);
    expect(t.log).toEqual(['snapshot', 'snapshot', 'resync', 'snapshot', 'resync', 'snapshot']);
  });

  it('depth 1 is snapshot-only: each replaces the book silently, an unchanged one may repeat u, a lower u is a restart', () => {
    const t = harness(1);
    t.message('snapshot', 10, 500, [[100, 1]], [[101, 1]]);
    t.message('snapshot', 11, 501, [[100, 2]], [[101, 1]]);
    t.message('snapshot', 11, 501, [[100, 2]], [[101, 1]]);
    t.message('snapshot', 1, 502, [[100, 3]], [[101, 1]]);
    expect(t.log).toEqual(['snapshot [[[100,1]],[[101,1]]]', 'snapshot [[[100,2]],[[101,1]]]', 'snapshot [[[100,2]],[[101,1]]]', 'resync reset', 'snapshot [[[100,3]],[[101,1]]]']);
  });

  it('more levels than the depth (a deletion was lost) or a crossed book: resync "gap" and resubscribe', () => {
    const t = harness();
    t.message('snapshot', 10, 500, SNAPSHOT_BIDS, SNAPSHOT_ASKS);
    t.message('delta', 11, 501, [[97, 1]], []);
    expect(t.log.slice(1)).toEqual(['error bybit book BTC/USDT:USDT: 4 levels on a side of a depth-3 book (a deletion was lost) after u 11', 'resync gap', 'resubscribe']);
    const crossed = harness();
    crossed.message('snapshot', 10, 500, SNAPSHOT_BIDS, SNAPSHOT_ASKS);
    crossed.message('delta', 11, 501, [[101.5, 1], [98, 0]], []);
    expect(crossed.log.slice(1)).toEqual(['error bybit book BTC/USDT:USDT: a crossed book (bid 101.5 >= ask 101) after u 11', 'resync gap', 'resubscribe']);
    const oversized = harness();
    oversized.message('snapshot', 10, 500, [...SNAPSHOT_BIDS, [97, 1]], SNAPSHOT_ASKS);
    expect(oversized.log).toEqual(['error bybit book BTC/USDT:USDT: 4 levels on a side of a depth-3 book (a deletion was lost) in the snapshot u 10', 'resync gap', 'resubscribe']);
  });

  it('a reconnect resyncs without resubscribing (the hub does); an invalid frame or a gap resubscribes', () => {
    const t = harness();
    t.status('connected');
    t.message('snapshot', 10, 500, SNAPSHOT_BIDS, SNAPSHOT_ASKS);
    t.status('disconnected');
    t.status('connected');
    t.message('snapshot', 30, 700, SNAPSHOT_BIDS, SNAPSHOT_ASKS);
    t.status('invalid');
    t.status('gap');
    expect(t.log.filter((entry) => !entry.startsWith('snapshot'))).toEqual(['resync reconnect', 'resync gap', 'resubscribe', 'resync gap', 'resubscribe']);
  });
});
