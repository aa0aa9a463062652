import fc from 'fast-check';
import { PriceLevels, isValidLevel, type BookSide } from '../../lib/book/price-levels';
import { ReferenceLevels } from './reference-levels';

describe('isValidLevel', () => {
  it('accepts finite positive prices with finite non-negative quantities', () => {
    expect(isValidLevel(100.5, 2)).toBe(true);
    expect(isValidLevel(0.00000001, 0)).toBe(true);
    expect(PriceLevels.isValidLevel(1, 1)).toBe(true);
  });

  it.each([
    [NaN, 1],
    [1, NaN],
    [Infinity, 1],
    [1, Infinity],
    [-Infinity, 1],
    [1, -1],
    [0, 1],
    [-5, 1],
  ])('rejects [%p, %p]', (price, quantity) => {
    expect(isValidLevel(price, quantity)).toBe(false);
  });
});

describe('PriceLevels', () => {
  it('rejects an unknown side', () => {
    expect(() => new PriceLevels('mid' as BookSide)).toThrow(TypeError);
  });

  it('orders bids highest first', () => {
    const bids = new PriceLevels('bid');
    bids.set(100, 1);
    bids.set(102, 2);
    bids.set(101, 3);
    expect(bids.top(10)).toEqual([
      [102, 2],
      [101, 3],
      [100, 1],
    ]);
    expect(bids.bestPrice()).toBe(102);
    expect(bids.bestQuantity()).toBe(2);
  });

  it('orders asks lowest first', () => {
    const asks = new PriceLevels('ask');
    asks.set(100, 1);
    asks.set(102, 2);
    asks.set(101, 3);
    expect(asks.top(10)).toEqual([
      [100, 1],
      [101, 3],
      [102, 2],
    ]);
    expect(asks.bestPrice()).toBe(100);
    expect(asks.bestQuantity()).toBe(1);
  });

  it('is empty at first', () => {
    const asks = new PriceLevels('ask');
    expect(asks.size).toBe(0);
    expect(asks.bestPrice()).toBeUndefined();
    expect(asks.bestQuantity()).toBeUndefined();
    expect(asks.top(5)).toEqual([]);
    expect(asks.get(1)).toBeUndefined();
  });

  it('updates an existing level in place and removes on quantity 0', () => {
    const asks = new PriceLevels('ask');
    asks.set(10, 1);
    asks.set(11, 1);
    asks.set(10, 5);
    expect(asks.get(10)).toBe(5);
    expect(asks.size).toBe(2);
    asks.set(10, 0);
    expect(asks.get(10)).toBeUndefined();
    expect(asks.size).toBe(1);
    expect(asks.bestPrice()).toBe(11);
  });

  it('treats removing an absent level as a no-op', () => {
    const bids = new PriceLevels('bid');
    bids.set(10, 1);
    bids.set(9, 0);
    expect(bids.size).toBe(1);
    expect(bids.top(5)).toEqual([[10, 1]]);
  });

  it('never stores an invalid level and keeps the existing one', () => {
    const bids = new PriceLevels('bid');
    bids.set(10, 1);
    bids.set(10, NaN);
    bids.set(10, -1);
    bids.set(10, Infinity);
    bids.set(NaN, 1);
    bids.set(Infinity, 1);
    bids.set(-3, 1);
    bids.set(0, 1);
    expect(bids.size).toBe(1);
    expect(bids.top(10)).toEqual([[10, 1]]);
  });

  it('top(n) returns at most n fresh tuples the caller may mutate', () => {
    const asks = new PriceLevels('ask');
    for (let p = 1; p <= 5; p++) asks.set(p, p * 10);
    const first = asks.top(2);
    expect(first).toEqual([
      [1, 10],
      [2, 20],
    ]);
    (first as unknown as number[][])[0]![1] = 999;
    first.push([0, 0]);
    expect(asks.top(2)).toEqual([
      [1, 10],
      [2, 20],
    ]);
    expect(asks.top(0)).toEqual([]);
    expect(asks.top(Infinity)).toHaveLength(5);
  });

  it('frozenTop(n) is frozen and reuses tuples of unchanged levels only', () => {
    const bids = new PriceLevels('bid');
    bids.set(10, 1);
    bids.set(9, 2);
    const before = bids.frozenTop(5);
    expect(Object.isFrozen(before)).toBe(true);
    expect(before.every((level) => Object.isFrozen(level))).toBe(true);
    bids.set(10, 3);
    const after = bids.frozenTop(5);
    expect(after).toEqual([
      [10, 3],
      [9, 2],
    ]);
    expect(before).toEqual([
      [10, 1],
      [9, 2],
    ]);
    expect(after[1]).toBe(before[1]); // unchanged level: shared tuple
    expect(after[0]).not.toBe(before[0]);
  });

  it('forEachTop visits at most n levels best first', () => {
    const asks = new PriceLevels('ask');
    for (let p = 5; p >= 1; p--) asks.set(p, p);
    const seen: number[][] = [];
    asks.forEachTop(3, (price, qty) => seen.push([price, qty]));
    expect(seen).toEqual([
      [1, 1],
      [2, 2],
      [3, 3],
    ]);
  });

  it('truncate(n) keeps only the best n levels and stays usable', () => {
    const bids = new PriceLevels('bid');
    for (let p = 1; p <= 100; p++) bids.set(p, 1);
    bids.truncate(3);
    expect(bids.size).toBe(3);
    expect(bids.top(10)).toEqual([
      [100, 1],
      [99, 1],
      [98, 1],
    ]);
    expect(bids.get(50)).toBeUndefined();
    bids.set(50, 2);
    bids.set(99, 0);
    expect(bids.top(10)).toEqual([
      [100, 1],
      [98, 1],
      [50, 2],
    ]);
    bids.truncate(10);
    expect(bids.size).toBe(3);
    bids.truncate(0);
    expect(bids.size).toBe(0);
    expect(bids.bestPrice()).toBeUndefined();
  });

  it('clear() empties the side and it can be refilled', () => {
    const asks = new PriceLevels('ask');
    for (let p = 1; p <= 50; p++) asks.set(p, 1);
    asks.clear();
    expect(asks.size).toBe(0);
    expect(asks.top(5)).toEqual([]);
    asks.set(7, 7);
    expect(asks.top(5)).toEqual([[7, 7]]);
  });

  it('re-adds removed prices at the right place and survives index rebuilds under heavy churn', () => {
    const bids = new PriceLevels('bid');
    const reference = new ReferenceLevels('bid');
    let s = 99;
    const next = (): number => {
      // mulberry32: good low bits (a plain LCG would cycle through few grid prices)
      s = (s + 0x6d2b79f5) | 0;
      let t = Math.imul(s ^ (s >>> 15), 1 | s);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return (t ^ (t >>> 14)) >>> 0;
    };
    // 60 000 random set/remove operations on 4 000 grid prices: thousands of removals, re-adds,
    // re-centred and regrown arrays.
    const seenPrices: number[] = [];
    for (let i = 0; i < 60_000; i++) {
      const price = 1 + (next() % 4000) / 4;
      seenPrices.push(price);
      const quantity = next() % 3 === 0 ? 0 : (next() % 1000) + 1;
      bids.set(price, quantity);
      reference.set(price, quantity);
      if (i % 5000 === 0) {
        // drain most of the book to pile up tombstones
        for (const [p] of reference.sorted().slice(5)) {
          bids.set(p, 0);
          reference.set(p, 0);
        }
      }
    }
    expect(bids.size).toBe(reference.levels.size);
    expect(bids.top(Infinity)).toEqual(reference.sorted());
    let mismatches = 0;
    for (let tick = 0; tick < 4000; tick++) {
      const price = 1 + tick / 4;
      if (bids.get(price) !== reference.levels.get(price)) mismatches++;
    }
    expect(mismatches).toBe(0);
    // Memory stays bounded: the arrays shrink once a book has emptied out.
    for (const [p] of reference.sorted().slice(5)) bids.set(p, 0);
    expect(bids.top(Infinity)).toEqual(reference.sorted().slice(0, 5));
    expect(new Set(seenPrices).size).toBeGreaterThan(3000); // the churn really covered the grid
    const capacity = (bids as unknown as { keys: Float64Array }).keys.length;
    expect(capacity).toBeLessThanOrEqual(Math.max(256, 8 * bids.size + 16));
  });

  it('holds a large book in order (10 000 levels, random insertion order)', () => {
    const asks = new PriceLevels('ask');
    const prices = Array.from({ length: 10_000 }, (_, i) => 1000 + i * 0.5);
    // deterministic shuffle
    let s = 12345;
    for (let i = prices.length - 1; i > 0; i--) {
      s = (s * 1103515245 + 12345) >>> 0;
      const j = s % (i + 1);
      [prices[i], prices[j]] = [prices[j]!, prices[i]!];
    }
    for (const p of prices) asks.set(p, p);
    expect(asks.size).toBe(10_000);
    const all = asks.top(Infinity);
    const outOfOrder = all.findIndex((level, i) => i > 0 && level[0] <= all[i - 1]![0]);
    expect(outOfOrder).toBe(-1);
    expect(all.every(([price, qty]) => price === qty)).toBe(true);
    expect(asks.bestPrice()).toBe(1000);
  });
});

type Op =
  | { readonly kind: 'set'; readonly price: number; readonly quantity: number }
  | { readonly kind: 'truncate'; readonly n: number }
  | { readonly kind: 'clear' };

/** Prices on a coarse grid (many duplicates) plus the odd invalid one. */
const priceArb = fc.oneof(
  { weight: 20, arbitrary: fc.integer({ min: 1, max: 80 }).map((tick) => tick * 0.25) },
  { weight: 1, arbitrary: fc.constantFrom(NaN, Infinity, -Infinity, -1, 0) },
);

/** Quantities: frequent 0 (removal), positive, and the odd invalid one. */
const quantityArb = fc.oneof(
  { weight: 5, arbitrary: fc.constant(0) },
  { weight: 12, arbitrary: fc.double({ min: 0.001, max: 1000, noNaN: true }) },
  { weight: 1, arbitrary: fc.constantFrom(NaN, Infinity, -Infinity, -0.5) },
);

const opArb: fc.Arbitrary<Op> = fc.oneof(
  { weight: 40, arbitrary: fc.record({ kind: fc.constant('set' as const), price: priceArb, quantity: quantityArb }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('truncate' as const), n: fc.integer({ min: -1, max: 60 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('clear' as const) }) },
);

describe('PriceLevels (property: equals a naive sorted Map)', () => {
  it.each(['bid', 'ask'] as const)('%s side: levels, order, best, get, top(n), frozenTop(n), size after every operation', (side) => {
    fc.assert(
      fc.property(
        fc.array(opArb, { minLength: 1, maxLength: 250 }),
        fc.integer(),
        fc.integer({ min: 0, max: 30 }),
        (ops, seed, n) => {
          const levels = new PriceLevels(side, { seed });
          const reference = new ReferenceLevels(side);
          for (const op of ops) {
            if (op.kind === 'set') {
              levels.set(op.price, op.quantity);
              reference.set(op.price, op.quantity);
              expect(levels.get(op.price)).toBe(reference.levels.get(op.price));
            } else if (op.kind === 'truncate') {
              levels.truncate(op.n);
              reference.truncate(op.n);
            } else {
              levels.clear();
              reference.clear();
            }
            const expected = reference.sorted();
            expect(levels.size).toBe(expected.length);
            expect(levels.bestPrice()).toBe(expected[0]?.[0]);
            expect(levels.worstPrice()).toBe(expected.at(-1)?.[0]);
            expect(levels.bestQuantity()).toBe(expected[0]?.[1]);
            // The cached frozen top (reused while the best n are unchanged) is never stale.
            expect(levels.frozenTop(n)).toEqual(expected.slice(0, n));
          }
          const expected = reference.sorted();
          expect(levels.top(Infinity)).toEqual(expected);
          expect(levels.top(n)).toEqual(expected.slice(0, n));
          expect(levels.frozenTop(n)).toEqual(expected.slice(0, n));
          const visited: number[][] = [];
          levels.forEachTop(n, (p, q) => visited.push([p, q]));
          expect(visited).toEqual(expected.slice(0, n));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('truncate(n) for random n equals the reference, then further updates still match', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<BookSide>('bid', 'ask'),
        fc.uniqueArray(fc.integer({ min: 1, max: 500 }), { minLength: 0, maxLength: 200 }),
        fc.integer({ min: 0, max: 250 }),
        fc.array(fc.tuple(fc.integer({ min: 1, max: 500 }), fc.integer({ min: 0, max: 3 })), { maxLength: 50 }),
        (side, prices, n, after) => {
          const levels = new PriceLevels(side);
          const reference = new ReferenceLevels(side);
          for (const p of prices) {
            levels.set(p, p);
            reference.set(p, p);
          }
          levels.truncate(n);
          reference.truncate(n);
          expect(levels.top(Infinity)).toEqual(reference.sorted());
          for (const [p, q] of after) {
            levels.set(p, q);
            reference.set(p, q);
          }
          expect(levels.top(Infinity)).toEqual(reference.sorted());
          expect(levels.size).toBe(reference.levels.size);
        },
      ),
      { numRuns: 300 },
    );
  });
});
