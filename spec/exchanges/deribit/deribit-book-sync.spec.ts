import { asyncScheduler, Observable } from 'rxjs';
import type { DeribitBookPayload } from '../../../lib/exchanges/deribit/deribit-book-decode';
import { DeribitBookSync } from '../../../lib/exchanges/deribit/deribit-book-sync';
import type { DeribitBookLevel } from '../../../lib/exchanges/deribit/deribit-codecs';
import type { RaisedEvent, StreamListener, StreamStatus } from '../../../lib/exchanges/common/stream-listener';
import type { BookEvent } from '../../../lib/model/book-event';

/** A book listener wired to a recording context: what it emitted, raised and asked for, in order. */
function harness() {
  const log: string[] = [];
  const emitted: BookEvent[] = [];
  let listener!: DeribitBookSync;
  new Observable<BookEvent>((subscriber) => {
    listener = new DeribitBookSync(
      subscriber,
      {
        key: 'book.BTC-PERPETUAL.100ms',
        scheduler: asyncScheduler,
        raise: (event: RaisedEvent) => log.push(event.type === 'resync' ? `resync ${event.reason}` : event.type === 'error' ? `error ${event.message}` : event.type),
        resubscribe: () => log.push('resubscribe'),
      },
      'BTC/USD:BTC',
    );
  }).subscribe((event) => {
    emitted.push(event);
    log.push(`${event.type} ${JSON.stringify([event.bids, event.asks])}`);
  });
  const snapshot = (changeId: number, bids: DeribitBookLevel[], asks: DeribitBookLevel[]): void =>
    listener.data({ type: 'snapshot', changeId, prevChangeId: undefined, timestamp: 1000 + changeId, bids, asks } satisfies DeribitBookPayload, 5);
  const change = (prevChangeId: number, changeId: number, bids: DeribitBookLevel[], asks: DeribitBookLevel[] = []): void =>
    listener.data({ type: 'change', changeId, prevChangeId, timestamp: 1000 + changeId, bids, asks } satisfies DeribitBookPayload, 6);
  const status = (s: StreamStatus): void => (listener as StreamListener).status(s);
  return { log, emitted, snapshot, change, status, listener };
}

const BIDS: DeribitBookLevel[] = [['new', 99, 20], ['new', 100, 10], ['new', 98, 30]];
const ASKS: DeribitBookLevel[] = [['new', 101, 10], ['new', 102, 20]];
const SNAPSHOT = 'snapshot [[[100,10],[99,20],[98,30]],[[101,10],[102,20]]]';

describe('DeribitBookSync: every Deribit book rule', () => {
  it('emits the subscription snapshot best first, then each change with absolute amounts (delete → 0) while prev_change_id links', () => {
    const t = harness();
    t.snapshot(500, BIDS, ASKS);
    t.change(500, 503, [['change', 100, 15], ['delete', 98, 0], ['new', 97, 5]], [['new', 100.5, 3]]);
    t.change(503, 504, [], [['delete', 101, 0]]);
    expect(t.log).toEqual([SNAPSHOT, 'delta [[[100,15],[98,0],[97,5]],[[100.5,3]]]', 'delta [[],[[101,0]]]']);
    expect(t.emitted[0]).toEqual(expect.objectContaining({ exchange: 'deribit', symbol: 'BTC/USD:BTC', timestamp: 1500, localTimestamp: 5 }));
    expect(t.emitted[1]).toEqual(expect.objectContaining({ type: 'delta', timestamp: 1503, localTimestamp: 6 }));
  });

  it('ignores changes before the first snapshot (left over from an earlier subscription)', () => {
    const t = harness();
    t.change(400, 401, [['change', 100, 1]]);
    t.snapshot(500, BIDS, ASKS);
    expect(t.log).toEqual([SNAPSHOT]);
  });

  it('a prev_change_id that is not the previous change_id: an error naming both, resync "gap", resubscribe; changes ignored until the fresh snapshot', () => {
    const t = harness();
    t.snapshot(500, BIDS, ASKS);
    t.change(501, 502, [['change', 100, 11]]);
    t.change(502, 503, [['change', 100, 12]]);
    t.snapshot(600, BIDS, ASKS);
    t.change(600, 601, [['change', 100, 13]]);
    expect(t.log).toEqual([
      SNAPSHOT,
      'error deribit book BTC/USD:BTC: prev_change_id 501 is not the previous change_id 500 (a notification was lost), change_id 502',
      'resync gap',
      'resubscribe',
      SNAPSHOT,
      'delta [[[100,13]],[]]',
    ]);
  });

  it.each([
    ['a new level the book holds', [['new', 99, 1]], [], 'new bid 99, which the book already holds'],
    ['a change of a level the book lacks', [['change', 95, 1]], [], 'change of bid 95, which the book does not hold'],
    ['a delete of a level the book lacks', [], [['delete', 110, 0]], 'delete of ask 110, which the book does not hold'],
    ['a new level of amount 0', [['new', 97, 0]], [], 'new bid 97 with amount 0'],
    ['a change to amount 0', [], [['change', 101, 0]], 'change of ask 101 to amount 0'],
  ] as const)('%s is a sync violation: an error naming it, resync "gap", resubscribe, nothing emitted', (_what, bids, asks, detail) => {
    const t = harness();
    t.snapshot(500, BIDS, ASKS);
    t.change(500, 501, [...bids] as DeribitBookLevel[], [...asks] as DeribitBookLevel[]);
    t.change(501, 502, [['change', 100, 9]]); // ignored: the book is not live until the fresh snapshot
    expect(t.log).toEqual([SNAPSHOT, `error deribit book BTC/USD:BTC: ${detail} (change_id 501)`, 'resync gap', 'resubscribe']);
  });

  it('levels of one notification apply in order: a level deleted and added again, or added then changed, is sound', () => {
    const t = harness();
    t.snapshot(500, BIDS, ASKS);
    t.change(500, 501, [['delete', 100, 0], ['new', 100, 7], ['new', 96, 1], ['change', 96, 2]]);
    expect(t.log.at(-1)).toBe('delta [[[100,0],[100,7],[96,1],[96,2]],[]]');
    t.change(501, 502, [['delete', 96, 0]]); // 96 is held after the previous notification
    expect(t.log.at(-1)).toBe('delta [[[96,0]],[]]');
  });

  it('a snapshot that is not all new levels, or lists a price twice, is refused like a broken change', () => {
    const t = harness();
    t.snapshot(500, [['change', 100, 1]], ASKS);
    expect(t.log).toEqual(['error deribit book BTC/USD:BTC: snapshot change_id 500 carries a "change" level (bid 100): a snapshot lists new levels only', 'resync gap', 'resubscribe']);
    t.snapshot(600, BIDS, [['new', 101, 1], ['new', 101, 2]]);
    expect(t.log.slice(3)).toEqual(['error deribit book BTC/USD:BTC: snapshot change_id 600: new ask 101, which the book already holds', 'resync gap', 'resubscribe']);
    expect(t.emitted).toEqual([]);
  });

  it('an unrequested snapshot mid-stream replaces the book with resync "reset"; one a joining subscriber asked for replaces it silently', () => {
    const t = harness();
    t.snapshot(500, BIDS, ASKS);
    t.snapshot(520, [['new', 90, 1]], [['new', 91, 1]]);
    expect(t.log.slice(1)).toEqual(['resync reset', 'snapshot [[[90,1]],[[91,1]]]']);
    t.listener.expectFreshSnapshot();
    t.snapshot(530, BIDS, ASKS);
    t.change(530, 531, [['delete', 98, 0]]);
    expect(t.log.slice(3)).toEqual([SNAPSHOT, 'delta [[[98,0]],[]]']);
  });

  it('a reconnect resyncs "reconnect" without resubscribing (the hub does); an invalid frame or a gap resyncs "gap" and resubscribes', () => {
    const t = harness();
    t.snapshot(500, BIDS, ASKS);
    t.status('disconnected');
    t.status('connected');
    t.snapshot(600, BIDS, ASKS);
    t.status('invalid');
    t.snapshot(700, BIDS, ASKS);
    t.status('gap');
    expect(t.log).toEqual([SNAPSHOT, 'resync reconnect', SNAPSHOT, 'resync gap', 'resubscribe', SNAPSHOT, 'resync gap', 'resubscribe']);
  });
});
