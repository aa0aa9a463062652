import fc from 'fast-check';
import { OrderBook } from '../../lib/book/order-book';
import type { BookLevel } from '../../lib/model/book-event';
import { ReferenceLevels } from './reference-levels';

describe('OrderBook', () => {
  it('applies a snapshot then deltas', () => {
    const book = new OrderBook();
    book.applySnapshot(
      [
        [100, 1],
        [99, 2],
      ],
      [
        [101, 1],
        [102, 2],
      ],
    );
    book.applyDelta(
      [
        [100, 0],
        [99.5, 4],
      ],
      [[101, 3]],
    );
    expect(book.bids.top(10)).toEqual([
      [99.5, 4],
      [99, 2],
    ]);
    expect(book.asks.top(10)).toEqual([
      [101, 3],
      [102, 2],
    ]);
    expect(book.bestBid()).toEqual([99.5, 4]);
    expect(book.bestAsk()).toEqual([101, 3]);
    expect(book.isCrossed()).toBe(false);
  });

  it('a snapshot replaces everything held before', () => {
    const book = new OrderBook();
    book.applySnapshot([[100, 1]], [[101, 1]]);
    book.applySnapshot([[50, 5]], []);
    expect(book.bids.top(10)).toEqual([[50, 5]]);
    expect(book.asks.size).toBe(0);
    expect(book.bestAsk()).toBeUndefined();
  });

  it('skips invalid levels in snapshots and deltas without touching valid ones', () => {
    const book = new OrderBook();
    book.applySnapshot(
      [
        [100, 1],
        [NaN, 1],
        [99, -1],
      ],
      [
        [101, Infinity],
        [102, 2],
      ],
    );
    book.applyDelta([[100, NaN]], [[-102, 0]]);
    expect(book.bids.top(10)).toEqual([[100, 1]]);
    expect(book.asks.top(10)).toEqual([[102, 2]]);
  });

  it('reports crossed and locked books', () => {
    const book = new OrderBook();
    expect(book.isCrossed()).toBe(false);
    book.applySnapshot([[100, 1]], []);
    expect(book.isCrossed()).toBe(false);
    book.applyDelta([], [[100, 1]]);
    expect(book.isCrossed()).toBe(true);
    book.applyDelta([[100, 0]], []);
    book.applyDelta([[101, 1]], [[100.5, 1]]);
    expect(book.isCrossed()).toBe(true);
  });

  it('bestBid/bestAsk return fresh tuples', () => {
    const book = new OrderBook();
    book.applySnapshot([[100, 1]], [[101, 2]]);
    const bid = book.bestBid() as unknown as number[];
    bid[1] = 42;
    expect(book.bestBid()).toEqual([100, 1]);
  });

  it('clear() empties both sides', () => {
    const book = new OrderBook();
    book.applySnapshot([[100, 1]], [[101, 2]]);
    book.clear();
    expect(book.bids.size + book.asks.size).toBe(0);
    expect(book.bestBid()).toBeUndefined();
  });
});

/** A grid price, or now and then an invalid one. */
const priceArb = fc.oneof(
  { weight: 30, arbitrary: fc.integer({ min: 1, max: 60 }).map((tick) => 100 + tick * 0.5) },
  { weight: 1, arbitrary: fc.constantFrom(NaN, Infinity, -1) },
);
const quantityArb = fc.oneof(
  { weight: 4, arbitrary: fc.constant(0) },
  { weight: 10, arbitrary: fc.integer({ min: 1, max: 1_000_000 }).map((q) => q / 1000) },
  { weight: 1, arbitrary: fc.constantFrom(NaN, -Infinity, -2) },
);
const levelsArb: fc.Arbitrary<BookLevel[]> = fc.array(
  fc.tuple(priceArb, quantityArb).map((l): BookLevel => l),
  { maxLength: 25 },
);
const eventArb = fc.record({ type: fc.constantFrom('snapshot', 'delta', 'delta', 'delta', 'delta'), bids: levelsArb, asks: levelsArb });

describe('OrderBook (property: equals a naive reference)', () => {
  it('under random snapshots and deltas: same levels, order, best bid/ask, crossed flag, top(n), truncate(n)', () => {
    fc.assert(
      fc.property(
        fc.array(eventArb, { minLength: 1, maxLength: 60 }),
        fc.integer({ min: 0, max: 40 }),
        fc.integer({ min: 0, max: 40 }),
        (events, n, truncateTo) => {
          const book = new OrderBook();
          const bids = new ReferenceLevels('bid');
          const asks = new ReferenceLevels('ask');
          for (const event of events) {
            if (event.type === 'snapshot') {
              book.applySnapshot(event.bids, event.asks);
              bids.clear();
              asks.clear();
            } else {
              book.applyDelta(event.bids, event.asks);
            }
            for (const [p, q] of event.bids) bids.set(p, q);
            for (const [p, q] of event.asks) asks.set(p, q);

            const expectedBids = bids.sorted();
            const expectedAsks = asks.sorted();
            expect(book.bids.top(Infinity)).toEqual(expectedBids);
            expect(book.asks.top(Infinity)).toEqual(expectedAsks);
            expect(book.bestBid()).toEqual(expectedBids[0]);
            expect(book.bestAsk()).toEqual(expectedAsks[0]);
            const bestBid = expectedBids[0]?.[0];
            const bestAsk = expectedAsks[0]?.[0];
            expect(book.isCrossed()).toBe(bestBid !== undefined && bestAsk !== undefined && bestBid >= bestAsk);
          }
          expect(book.bids.top(n)).toEqual(bids.top(n));
          expect(book.asks.top(n)).toEqual(asks.top(n));
          book.bids.truncate(truncateTo);
          book.asks.truncate(truncateTo);
          bids.truncate(truncateTo);
          asks.truncate(truncateTo);
          expect(book.bids.top(Infinity)).toEqual(bids.sorted());
          expect(book.asks.top(Infinity)).toEqual(asks.sorted());
        },
      ),
      { numRuns: 300 },
    );
  });
});
