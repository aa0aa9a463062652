import { Observable, asyncScheduler } from 'rxjs';
import { BitfinexBookSync } from '../../../lib/exchanges/bitfinex/bitfinex-book-sync';
import type { BitfinexBookPayload, BitfinexLevel } from '../../../lib/exchanges/bitfinex/bitfinex-payloads';
import type { RaisedEvent, StreamContext } from '../../../lib/exchanges/common/stream-listener';
import type { BookEvent, BookLevel } from '../../../lib/model/book-event';
import { bookChecksum } from '../../../lib/testing/bitfinex/bitfinex-wire';

const bid = (price: number, amount: number, count = 1): BitfinexLevel => ({ price, count, amount, priceText: String(price), amountText: String(amount) });
const ask = (price: number, amount: number, count = 1): BitfinexLevel => bid(price, -amount, count);
const removeBid = (price: number): BitfinexLevel => bid(price, 1, 0);
const removeAsk = (price: number): BitfinexLevel => bid(price, -1, 0);
/** The `cs` Bitfinex would send for this book (computed by the simulator's own code). */
const cs = (bids: BookLevel[], asks: BookLevel[]): BitfinexBookPayload => ({ kind: 'checksum', checksum: bookChecksum({ bids, asks }) });

function setup(depth = 25, maxPendingChanges?: number) {
  const emitted: BookEvent[] = [];
  const raised: RaisedEvent[] = [];
  let resubscribes = 0;
  const context: StreamContext = { key: 'book:tBTCUSD:25', scheduler: asyncScheduler, raise: (e) => raised.push(e), resubscribe: () => resubscribes++ };
  let sync!: BitfinexBookSync;
  new Observable<BookEvent>((subscriber) => {
    sync = new BitfinexBookSync(subscriber, context, { symbol: 'BTC/USD', depth, ...(maxPendingChanges === undefined ? {} : { maxPendingChanges }) });
  }).subscribe((e) => emitted.push(e));
  let at = 1000;
  const feed = (payload: BitfinexBookPayload): void => sync.data(payload, at++);
  return { emitted, raised, feed, sync, resubscribes: () => resubscribes };
}

const SNAPSHOT: BitfinexBookPayload = { kind: 'snapshot', levels: [bid(100, 1), bid(99, 2), ask(101, 3), ask(102, 4)] };

describe('BitfinexBookSync', () => {
  it('emits the snapshot at once, holds updates until the cs that verifies them, then emits them as one delta', () => {
    const t = setup();
    t.feed(SNAPSHOT);
    expect(t.emitted).toEqual([{ type: 'snapshot', exchange: 'bitfinex', symbol: 'BTC/USD', bids: [[100, 1], [99, 2]], asks: [[101, 3], [102, 4]], timestamp: 1000, localTimestamp: 1000 }]);
    t.feed({ kind: 'update', level: bid(100, 1.5) });
    t.feed({ kind: 'update', level: removeAsk(101) });
    t.feed({ kind: 'update', level: ask(103, 5) });
    expect(t.emitted).toHaveLength(1); // half an iteration is never shown
    t.feed(cs([[100, 1.5], [99, 2]], [[102, 4], [103, 5]]));
    expect(t.emitted[1]).toEqual({ type: 'delta', exchange: 'bitfinex', symbol: 'BTC/USD', bids: [[100, 1.5]], asks: [[101, 0], [103, 5]], timestamp: 1004, localTimestamp: 1004 });
    t.feed(cs([[100, 1.5], [99, 2]], [[102, 4], [103, 5]])); // nothing new: nothing emitted
    expect(t.emitted).toHaveLength(2);
    expect(t.raised).toEqual([]);
  });

  it('a cs that does not match: resync "checksum", resubscribe, ignore everything until a fresh snapshot', () => {
    const t = setup();
    t.feed(SNAPSHOT);
    t.feed({ kind: 'update', level: bid(100, 7) });
    t.feed(cs([[100, 1], [99, 2]], [[101, 3], [102, 4]])); // Bitfinex's book differs from ours
    expect(t.raised).toEqual([{ type: 'resync', symbol: 'BTC/USD', reason: 'checksum' }]);
    expect(t.resubscribes()).toBe(1);
    t.feed({ kind: 'update', level: bid(98, 1) });
    t.feed(cs([[98, 1]], []));
    expect(t.emitted).toHaveLength(1);
    t.feed(SNAPSHOT);
    expect(t.emitted.map((e) => e.type)).toEqual(['snapshot', 'snapshot']);
    expect(t.raised).toHaveLength(1);
  });

  it('cuts the book to the subscribed length at each cs (a removal in the delta for each level cut), as Bitfinex checksums it', () => {
    const t = setup(2);
    t.feed(SNAPSHOT);
    t.feed({ kind: 'update', level: bid(100.5, 1) }); // pushes 99 out of the top 2
    t.feed(cs([[100.5, 1], [100, 1]], [[101, 3], [102, 4]]));
    expect(t.emitted[1]).toEqual(expect.objectContaining({ type: 'delta', bids: [[100.5, 1], [99, 0]], asks: [] }));
    expect(t.raised).toEqual([]);
  });

  it('a delete names its side by the amount sign (1: bids, -1: asks), whatever the count said before', () => {
    const t = setup();
    t.feed(SNAPSHOT);
    t.feed({ kind: 'update', level: removeBid(99) });
    t.feed({ kind: 'update', level: removeAsk(102) });
    t.feed(cs([[100, 1]], [[101, 3]]));
    expect(t.emitted[1]).toEqual(expect.objectContaining({ bids: [[99, 0]], asks: [[102, 0]] }));
  });

  it('a sequence gap or an invalid frame: resync "gap" and resubscribe; a reconnect: resync "reconnect" only (the hub resubscribes)', () => {
    const t = setup();
    t.sync.status('connected');
    expect(t.raised).toEqual([]); // nothing to resync before the first snapshot
    t.feed(SNAPSHOT);
    t.sync.status('gap');
    t.feed(SNAPSHOT);
    t.sync.status('invalid');
    t.feed(SNAPSHOT);
    t.sync.status('disconnected');
    t.sync.status('connected');
    expect(t.raised.map((e) => (e.type === 'resync' ? e.reason : e.type))).toEqual(['gap', 'gap', 'reconnect']);
    expect(t.resubscribes()).toBe(2);
  });

  it('a snapshot while live (a resubscribed channel) replaces the book: resync "reset", then the new snapshot', () => {
    const t = setup();
    t.feed(SNAPSHOT);
    t.feed({ kind: 'update', level: bid(100, 9) }); // held, never verified
    t.feed({ kind: 'snapshot', levels: [bid(90, 1), ask(91, 1)] });
    expect(t.raised).toEqual([{ type: 'resync', symbol: 'BTC/USD', reason: 'reset' }]);
    expect(t.emitted[1]).toEqual(expect.objectContaining({ type: 'snapshot', bids: [[90, 1]], asks: [[91, 1]] }));
    t.feed(cs([[90, 1]], [[91, 1]]));
    expect(t.emitted).toHaveLength(2); // the discarded update was not carried over
  });

  it('too many changes without a cs: an overflow event, resync "stale", resubscribe', () => {
    const t = setup(25, 3);
    t.feed(SNAPSHOT);
    for (let i = 0; i < 4; i++) t.feed({ kind: 'update', level: bid(90 + i, 1) });
    expect(t.raised).toEqual([
      { type: 'overflow', buffer: 'bitfinex book changes awaiting a checksum', capacity: 3, symbol: 'BTC/USD' },
      { type: 'resync', symbol: 'BTC/USD', reason: 'stale' },
    ]);
    expect(t.resubscribes()).toBe(1);
  });

  it('ignores updates and checksums before the first snapshot', () => {
    const t = setup();
    t.feed({ kind: 'update', level: bid(100, 1) });
    t.feed(cs([], []));
    expect(t.emitted).toEqual([]);
    expect(t.raised).toEqual([]);
  });
});
