import { Subject, merge } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { orderBook } from '../../lib/operators/order-book';
import type { BookDelta, BookEvent, BookLevel, BookSnapshot } from '../../lib/model/book-event';
import type { ExchangeId } from '../../lib/model/exchange-id';
import type { OrderBookState } from '../../lib/model/order-book-state';
import fc from 'fast-check';
import { ReferenceLevels } from '../book/reference-levels';

function snapshot(bids: BookLevel[], asks: BookLevel[], timestamp = 1, symbol = 'BTC/USDT', exchange: ExchangeId = 'binance'): BookSnapshot {
  return { type: 'snapshot', exchange, symbol, bids, asks, timestamp, localTimestamp: timestamp + 0.5 };
}

function delta(bids: BookLevel[], asks: BookLevel[], timestamp = 2, symbol = 'BTC/USDT', exchange: ExchangeId = 'binance'): BookDelta {
  return { type: 'delta', exchange, symbol, bids, asks, timestamp, localTimestamp: timestamp + 0.5 };
}

function state(bids: BookLevel[], asks: BookLevel[], timestamp: number, symbol = 'BTC/USDT', exchange: ExchangeId = 'binance'): OrderBookState {
  return { exchange, symbol, bids, asks, timestamp, localTimestamp: timestamp + 0.5 };
}

function testScheduler(): TestScheduler {
  return new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
}

describe('orderBook()', () => {
  it('emits the state after a snapshot and after each delta', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const source = cold<BookEvent>('s-d-e|', {
        s: snapshot([[100, 1], [99, 2]], [[101, 1], [102, 3]], 1),
        d: delta([[100, 0]], [[100.5, 4]], 2),
        e: delta([[99.5, 7]], [[102, 0]], 3),
      });
      expectObservable(source.pipe(orderBook())).toBe('a-b-c|', {
        a: state([[100, 1], [99, 2]], [[101, 1], [102, 3]], 1),
        b: state([[99, 2]], [[100.5, 4], [101, 1], [102, 3]], 2),
        c: state([[99.5, 7], [99, 2]], [[100.5, 4], [101, 1]], 3),
      });
    });
  });

  it('ignores deltas before the first snapshot (no state emitted)', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const source = cold<BookEvent>('d-e-s-f|', {
        d: delta([[100, 1]], [], 1),
        e: delta([], [[101, 1]], 2),
        s: snapshot([[90, 1]], [[91, 1]], 3),
        f: delta([[90.5, 2]], [], 4),
      });
      expectObservable(source.pipe(orderBook())).toBe('----a-b|', {
        a: state([[90, 1]], [[91, 1]], 3),
        b: state([[90.5, 2], [90, 1]], [[91, 1]], 4),
      });
    });
  });

  it('a new snapshot resets the book', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const source = cold<BookEvent>('s-d-r-e|', {
        s: snapshot([[100, 1]], [[101, 1]], 1),
        d: delta([[99, 5]], [[102, 5]], 2),
        r: snapshot([[50, 1]], [[60, 1]], 3),
        e: delta([[51, 2]], [], 4),
      });
      expectObservable(source.pipe(orderBook())).toBe('a-b-c-d|', {
        a: state([[100, 1]], [[101, 1]], 1),
        b: state([[100, 1], [99, 5]], [[101, 1], [102, 5]], 2),
        c: state([[50, 1]], [[60, 1]], 3),
        d: state([[51, 2], [50, 1]], [[60, 1]], 4),
      });
    });
  });

  it('emits at most `depth` levels per side, best first, and deeper levels move up after removals', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const source = cold<BookEvent>('s-d|', {
        s: snapshot([[97, 1], [100, 1], [98, 1], [99, 1]], [[104, 1], [101, 1], [103, 1], [102, 1]], 1),
        d: delta([[100, 0]], [[101, 0]], 2),
      });
      expectObservable(source.pipe(orderBook({ depth: 2 }))).toBe('a-b|', {
        a: state([[100, 1], [99, 1]], [[101, 1], [102, 1]], 1),
        b: state([[99, 1], [98, 1]], [[102, 1], [103, 1]], 2),
      });
    });
  });

  it('defaults to depth 10 and accepts Infinity', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const bids = Array.from({ length: 15 }, (_, i): BookLevel => [100 - i, 1]);
      const source = cold<BookEvent>('s|', { s: snapshot(bids, [], 1) });
      expectObservable(source.pipe(orderBook())).toBe('a|', { a: state(bids.slice(0, 10), [], 1) });
      expectObservable(source.pipe(orderBook({ depth: Infinity }))).toBe('a|', { a: state(bids, [], 1) });
    });
  });

  it('keeps one book per exchange + symbol on a merged stream', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const btc = cold<BookEvent>('s---d|', {
        s: snapshot([[100, 1]], [[101, 1]], 1, 'BTC/USDT'),
        d: delta([[100, 2]], [], 5, 'BTC/USDT'),
      });
      const eth = cold<BookEvent>('-s-d-|', {
        s: snapshot([[10, 1]], [[11, 1]], 2, 'ETH/USDT'),
        d: delta([], [[10.5, 3]], 4, 'ETH/USDT'),
      });
      const kraken = cold<BookEvent>('--d--e|', {
        d: delta([[1, 1]], [], 3, 'BTC/USDT', 'kraken'), // no kraken snapshot yet: ignored
        e: snapshot([[200, 9]], [], 6, 'BTC/USDT', 'kraken'),
      });
      expectObservable(merge(btc, eth, kraken).pipe(orderBook())).toBe('ab-cde|', {
        a: state([[100, 1]], [[101, 1]], 1, 'BTC/USDT'),
        b: state([[10, 1]], [[11, 1]], 2, 'ETH/USDT'),
        c: state([[10, 1]], [[10.5, 3], [11, 1]], 4, 'ETH/USDT'),
        d: state([[100, 2]], [[101, 1]], 5, 'BTC/USDT'),
        e: state([[200, 9]], [], 6, 'BTC/USDT', 'kraken'),
      });
    });
  });

  it('skips invalid levels (NaN, Infinity, negative) instead of storing them', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const source = cold<BookEvent>('s-d|', {
        s: snapshot([[100, 1], [NaN, 1], [99, Infinity]], [[101, 1], [102, -1]], 1),
        d: delta([[100, NaN], [-98, 1]], [[Infinity, 1], [101, 2]], 2),
      });
      expectObservable(source.pipe(orderBook())).toBe('a-b|', {
        a: state([[100, 1]], [[101, 1]], 1),
        b: state([[100, 1]], [[101, 2]], 2),
      });
    });
  });

  it('emitted states are frozen and never change after later deltas', () => {
    const input = new Subject<BookEvent>();
    const emitted: OrderBookState[] = [];
    input.pipe(orderBook({ depth: 3 })).subscribe((s) => emitted.push(s));

    input.next(snapshot([[100, 1], [99, 2]], [[101, 1], [102, 2]], 1));
    const first = emitted[0]!;
    const firstCopy = JSON.parse(JSON.stringify(first)) as unknown;

    input.next(delta([[100, 5], [99, 0], [99.5, 3]], [[101, 0], [100.5, 9]], 2));
    input.next(delta([[100, 0]], [[102, 7]], 3));
    input.next(snapshot([[1, 1]], [[2, 2]], 4));

    expect(emitted).toHaveLength(4);
    expect(first).toEqual(firstCopy);
    expect(emitted[1]).toEqual(state([[100, 5], [99.5, 3]], [[100.5, 9], [102, 2]], 2));
    for (const s of emitted) {
      expect(Object.isFrozen(s)).toBe(true);
      expect(Object.isFrozen(s.bids)).toBe(true);
      expect(Object.isFrozen(s.asks)).toBe(true);
      for (const level of [...s.bids, ...s.asks]) expect(Object.isFrozen(level)).toBe(true);
    }
    expect(emitted[1]!.bids).not.toBe(first.bids);
    expect(() => {
      (first.bids as BookLevel[]).push([1, 1]);
    }).toThrow(TypeError);
    expect(first).toEqual(firstCopy);
  });

  it('a state read only after later events still shows the book as it was at its emission ', () => {
    const input = new Subject<BookEvent>();
    const emitted: OrderBookState[] = [];
    input.pipe(orderBook({ depth: 2 })).subscribe((s) => emitted.push(s));
    input.next(snapshot([[100, 1], [99, 2], [98, 3]], [[101, 1]], 1));
    input.next(delta([[100, 0], [99, 9]], [[101, 0], [100.5, 4]], 2));
    input.next(snapshot([[1, 1]], [[2, 2]], 3));
    // Nothing was read before here.
    expect(emitted[0]).toEqual(state([[100, 1], [99, 2]], [[101, 1]], 1));
    expect(emitted[1]).toEqual(state([[99, 9], [98, 3]], [[100.5, 4]], 2));
    expect({ ...emitted[2]! }).toEqual(state([[1, 1]], [[2, 2]], 3)); // spread sees bids and asks
    expect(JSON.parse(JSON.stringify(emitted[2]))).toEqual(state([[1, 1]], [[2, 2]], 3));
    expect(() => {
      (emitted[1] as { bids: unknown }).bids = [];
    }).toThrow(TypeError);
  });

  it('property: every state, read at the end, equals the reference top at its emission', () => {
    const price = fc.integer({ min: 1, max: 40 }).map((tick) => 100 + tick / 2);
    const level = fc.tuple(price, fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 50 }))).map((l): BookLevel => l);
    const event = fc.record({ type: fc.constantFrom('snapshot' as const, 'delta' as const, 'delta' as const), bids: fc.array(level, { maxLength: 8 }), asks: fc.array(level, { maxLength: 8 }) });
    fc.assert(
      fc.property(fc.array(event, { minLength: 1, maxLength: 40 }), fc.constantFrom(1, 3, 10, Infinity), (events, depth) => {
        const input = new Subject<BookEvent>();
        const emitted: OrderBookState[] = [];
        input.pipe(orderBook({ depth })).subscribe((s) => emitted.push(s));
        const bids = new ReferenceLevels('bid');
        const asks = new ReferenceLevels('ask');
        const expected: OrderBookState[] = [];
        let started = false;
        events.forEach((e, i) => {
          if (e.type === 'snapshot') {
            started = true;
            bids.clear();
            asks.clear();
          }
          input.next(e.type === 'snapshot' ? snapshot(e.bids, e.asks, i) : delta(e.bids, e.asks, i));
          if (!started) return;
          for (const [p, q] of e.bids) bids.set(p, q);
          for (const [p, q] of e.asks) asks.set(p, q);
          expected.push(state(bids.sorted().slice(0, depth), asks.sorted().slice(0, depth), i));
        });
        expect(emitted).toEqual(expected);
      }),
      { numRuns: 200 },
    );
  });

  it('each subscription has its own books', () => {
    const input = new Subject<BookEvent>();
    const op = orderBook();
    const a: OrderBookState[] = [];
    const b: OrderBookState[] = [];
    const stream = input.pipe(op);
    stream.subscribe((s) => a.push(s));
    input.next(snapshot([[100, 1]], [], 1));
    stream.subscribe((s) => b.push(s));
    input.next(delta([[99, 1]], [], 2)); // b has no snapshot yet: ignored for b
    expect(a).toHaveLength(2);
    expect(b).toHaveLength(0);
  });

  it('rejects an invalid depth at construction time', () => {
    expect(() => orderBook({ depth: 0 })).toThrow(TypeError);
    expect(() => orderBook({ depth: -1 })).toThrow(TypeError);
    expect(() => orderBook({ depth: 2.5 })).toThrow(TypeError);
    expect(() => orderBook({ depth: NaN })).toThrow(TypeError);
  });

  it('propagates completion and errors of the source', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const source = cold<BookEvent>('s-#', { s: snapshot([[1, 1]], [], 1) }, new Error('boom'));
      expectObservable(source.pipe(orderBook())).toBe('a-#', { a: state([[1, 1]], [], 1) }, new Error('boom'));
    });
  });
});
