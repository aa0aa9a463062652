import type { BookLevel } from '../model/book-event';

/**
 * Which side of a book a {@link PriceLevels} holds: `bid` (best = highest price) or `ask` (best = lowest price).
 *
 * @example
 * ```ts
 * const side: BookSide = 'bid';
 * ```
 */
export type BookSide = 'bid' | 'ask';

/**
 * Options of {@link PriceLevels}.
 *
 * @example
 * ```ts
 * const options: PriceLevelsOptions = { seed: 42 };
 * ```
 */
export interface PriceLevelsOptions {
  /**
   * Kept for compatibility: seeded the level heights of the former skip-list layout. The sorted-array
   * layout has nothing random, so the seed is accepted and ignored (it never affected the content).
   */
  readonly seed?: number;
}

/**
 * `true` when `[price, quantity]` may be stored in a book: both finite, `price > 0`, `quantity >= 0`.
 * NaN, ±Infinity, negative quantities and non-positive prices are rejected.
 *
 * @example
 * ```ts
 * isValidLevel(100.5, 0); // true (a removal)
 * isValidLevel(100.5, NaN); // false
 * ```
 */
export function isValidLevel(price: number, quantity: number): boolean {
  // Every comparison with NaN is false, so NaN fails both lines.
  return price > 0 && price < Infinity && quantity >= 0 && quantity < Infinity;
}

/** Capacity of a side's arrays when it first holds a level. */
const MIN_CAPACITY = 16;
/** Shifts shorter than this are done by a loop; longer ones by `copyWithin` (memmove). */
const LOOP_SHIFT_LIMIT = 24;
/** Arrays larger than this are reallocated smaller once less than an eighth of them is in use. */
const SHRINK_ABOVE_CAPACITY = 256;

/**
 * One side of an order book: price levels kept sorted best first.
 *
 * Design: two parallel `Float64Array`s, sort keys (`price` for bids, `-price` for asks) and quantities,
 * sorted ascending so the best level is at the END of the live range, with spare room kept at both
 * ends of the arrays.
 * - Lookup: a galloping search from the best end, then a binary search: O(log r) where `r` is the
 *   distance from the best level, so changes near the top (the common case) are the cheapest.
 * - Insert / remove: the shorter of the two parts moves by one slot (the part between the level and
 *   the best end for changes near the top, a few slots); when that end has no room, the live range is
 *   re-centred in arrays sized to twice the level count (amortized O(1), and the arrays shrink again
 *   after a book has emptied out).
 * - `bestPrice` / `bestQuantity` / `worstPrice`: O(1). `top(n)` / `forEachTop(n)`: O(n) in `n`.
 * - No object per level: a 1000-level side is two arrays of a few thousand doubles, nothing for the
 *   garbage collector to trace.
 * - `frozenTop(n)` returns the same frozen array while no level among the best `n` changed, and
 *   otherwise reuses the frozen tuples of the levels that did not change.
 *
 * Invalid levels (see {@link isValidLevel}) are ignored by `set`: the book is never corrupted by NaN,
 * Infinity or negative numbers.
 *
 * @example
 * ```ts
 * const bids = new PriceLevels('bid');
 * bids.set(100, 2);
 * bids.set(101, 1);
 * bids.top(2); // [[101, 1], [100, 2]]
 * bids.set(101, 0); // removes 101
 * bids.bestPrice(); // 100
 * ```
 */
export class PriceLevels {
  /** `true` when `isValidLevel(price, quantity)`; same as the exported function. */
  static readonly isValidLevel = isValidLevel;

  readonly side: BookSide;
  /** `price = sign * key`: `1` for bids, `-1` for asks. */
  private readonly sign: number;
  /** Sort keys, ascending over `[lo, hi)`: the best level is at `hi - 1`. */
  private keys = new Float64Array(0);
  /** Quantity of the level whose key has the same index. */
  private quantities = new Float64Array(0);
  private lo = 0;
  private hi = 0;
  /** The array last returned by `frozenTop`, and the `n` it was built for. */
  private frozenCache: readonly BookLevel[] | undefined = undefined;
  private frozenCacheDepth = 0;
  /** Smallest rank (0 = best level) changed since `frozenCache` was built; `Infinity` when none. */
  private shallowestChange = Infinity;

  constructor(side: BookSide, _options: PriceLevelsOptions = {}) {
    if (side !== 'bid' && side !== 'ask') throw new TypeError(`invalid book side "${String(side)}": expected "bid" or "ask"`);
    this.side = side;
    this.sign = side === 'bid' ? 1 : -1;
  }

  /** Number of levels held. */
  get size(): number {
    return this.hi - this.lo;
  }

  /**
   * Sets the absolute quantity at `price`; quantity `0` removes the level (no-op when absent).
   * An invalid level (NaN, ±Infinity, negative, price <= 0) is ignored.
   *
   * @example
   * ```ts
   * asks.set(100.5, 3); // insert or update
   * asks.set(100.5, 0); // remove
   * ```
   */
  set(price: number, quantity: number): void {
    if (!isValidLevel(price, quantity)) return;
    const key = this.sign * price;
    const at = this.upperBound(key); // first index whose key is greater than `key`
    const hi = this.hi;
    if (at > this.lo && this.keys[at - 1] === key) {
      const index = at - 1;
      if (quantity === 0) this.removeAt(index);
      else if (this.quantities[index] !== quantity) {
        this.quantities[index] = quantity;
        this.changedRank(hi - 1 - index);
      }
    } else if (quantity !== 0) {
      this.insertAt(at, key, quantity);
    }
  }

  /**
   * The quantity at `price`, or `undefined` when no such level.
   *
   * @example
   * ```ts
   * bids.get(100); // 2
   * ```
   */
  get(price: number): number | undefined {
    if (!(price === price)) return undefined;
    const key = this.sign * price;
    const at = this.upperBound(key);
    return at > this.lo && this.keys[at - 1] === key ? this.quantities[at - 1] : undefined;
  }

  /**
   * The best price (highest bid / lowest ask), or `undefined` when empty. O(1).
   *
   * @example
   * ```ts
   * asks.bestPrice(); // 100.5
   * ```
   */
  bestPrice(): number | undefined {
    return this.hi > this.lo ? this.sign * this.keys[this.hi - 1]! : undefined;
  }

  /**
   * The quantity at the best price, or `undefined` when empty. O(1).
   *
   * @example
   * ```ts
   * asks.bestQuantity(); // 3
   * ```
   */
  bestQuantity(): number | undefined {
    return this.hi > this.lo ? this.quantities[this.hi - 1] : undefined;
  }

  /**
   * A new array of at most `n` new `[price, quantity]` tuples, best first. The caller may mutate it.
   *
   * @example
   * ```ts
   * bids.top(5); // [[101, 1], [100, 2]]
   * ```
   */
  top(n: number): BookLevel[] {
    const out: BookLevel[] = [];
    const keys = this.keys;
    const quantities = this.quantities;
    const stop = this.hi - Math.min(this.size, Math.max(0, n));
    for (let i = this.hi - 1; i >= stop; i--) out.push([this.sign * keys[i]!, quantities[i]!]);
    return out;
  }

  /**
   * Like `top(n)`, but the returned array and each tuple are frozen. While none of the best `n` levels
   * changed, the same frozen array is returned again; otherwise a level's frozen tuple is reused while
   * its quantity is unchanged, so a call allocates only the outer array plus a tuple per changed level.
   * Meant for immutable emitted states.
   *
   * @example
   * ```ts
   * const levels = bids.frozenTop(10);
   * Object.isFrozen(levels); // true
   * ```
   */
  frozenTop(n: number): readonly BookLevel[] {
    const previous = this.frozenCache;
    if (previous !== undefined && this.frozenCacheDepth === n && this.shallowestChange >= n) return previous;
    const count = Math.min(this.size, Math.max(0, n));
    const out = new Array<BookLevel>(count);
    const keys = this.keys;
    const quantities = this.quantities;
    const sign = this.sign;
    // Ranks above the shallowest change hold the same levels as before; below it, match by price.
    const unchanged = previous === undefined ? 0 : Math.min(this.shallowestChange, previous.length, count);
    for (let rank = 0; rank < unchanged; rank++) out[rank] = previous![rank]!;
    let old = unchanged;
    for (let rank = unchanged; rank < count; rank++) {
      const index = this.hi - 1 - rank;
      const price = sign * keys[index]!;
      const quantity = quantities[index]!;
      let level: BookLevel | undefined;
      if (previous !== undefined) {
        // Both lists are best first: skip previous levels better than `price`.
        while (old < previous.length && sign * previous[old]![0] > sign * price) old++;
        const candidate = previous[old];
        if (candidate !== undefined && candidate[0] === price && candidate[1] === quantity) level = candidate;
      }
      out[rank] = level ?? (Object.freeze([price, quantity] as const) as BookLevel);
    }
    const frozen = Object.freeze(out);
    this.frozenCache = frozen;
    this.frozenCacheDepth = n;
    this.shallowestChange = Infinity;
    return frozen;
  }

  /**
   * The worst (last) price of this side: O(1).
   *
   * @example
   * ```ts
   * while (bids.size > depth) bids.set(bids.worstPrice()!, 0); // truncate to `depth`, cheaply
   * ```
   */
  worstPrice(): number | undefined {
    return this.hi > this.lo ? this.sign * this.keys[this.lo]! : undefined;
  }

  /**
   * Calls `fn(price, quantity)` for at most `n` levels, best first, without allocating.
   * `fn` must not modify this `PriceLevels`.
   *
   * @example
   * ```ts
   * let notional = 0;
   * asks.forEachTop(10, (price, qty) => { notional += price * qty; });
   * ```
   */
  forEachTop(n: number, fn: (price: number, quantity: number) => void): void {
    const keys = this.keys;
    const quantities = this.quantities;
    const stop = this.hi - Math.min(this.size, Math.max(0, n));
    for (let i = this.hi - 1; i >= stop; i--) fn(this.sign * keys[i]!, quantities[i]!);
  }

  /**
   * Keeps only the best `n` levels (all of them when `n >= size`, none when `n <= 0`). O(1).
   *
   * @example
   * ```ts
   * bids.truncate(1000);
   * ```
   */
  truncate(n: number): void {
    if (!(n > 0)) {
      this.clear();
      return;
    }
    if (n >= this.size) return;
    const keep = Math.floor(n);
    if (keep === 0) {
      this.clear();
      return;
    }
    this.lo = this.hi - keep;
    this.changedRank(keep);
  }

  /**
   * Removes every level.
   *
   * @example
   * ```ts
   * bids.clear();
   * bids.size; // 0
   * ```
   */
  clear(): void {
    this.keys = new Float64Array(0);
    this.quantities = new Float64Array(0);
    this.lo = 0;
    this.hi = 0;
    this.frozenCache = undefined;
    this.shallowestChange = Infinity;
  }

  private changedRank(rank: number): void {
    if (rank < this.shallowestChange) this.shallowestChange = rank;
  }

  /**
   * The first index in `[lo, hi)` whose key is greater than `key` (`hi` when none): gallops from the
   * best end (1, 2, 4, … levels deep), then a binary search within the last step.
   */
  private upperBound(key: number): number {
    const keys = this.keys;
    const lo = this.lo;
    let high = this.hi; // keys[high] > key (or high === hi)
    let step = 1;
    let probe = high - 1;
    while (probe >= lo && keys[probe]! > key) {
      high = probe;
      probe = high - step;
      step <<= 1;
    }
    let low = probe < lo ? lo : probe + 1; // keys[low - 1] <= key (or low === lo)
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (keys[mid]! > key) high = mid;
      else low = mid + 1;
    }
    return low;
  }

  /** Inserts a level at index `at` (before the current `keys[at]`), moving the shorter part. */
  private insertAt(at: number, key: number, quantity: number): void {
    const rank = this.hi - at; // levels better than the new one
    const moveBestPart = rank <= at - this.lo;
    if (moveBestPart ? this.hi === this.keys.length : this.lo === 0) this.recentre(1);
    const keys = this.keys;
    const quantities = this.quantities;
    const index = this.hi - rank; // `at`, after a possible re-centre
    if (moveBestPart) {
      shift(keys, quantities, index, this.hi, 1);
      keys[index] = key;
      quantities[index] = quantity;
      this.hi++;
    } else {
      shift(keys, quantities, this.lo, index, -1);
      keys[index - 1] = key;
      quantities[index - 1] = quantity;
      this.lo--;
    }
    this.changedRank(rank);
  }

  /** Removes the level at `index`. */
  private removeAt(index: number): void {
    const rank = this.hi - 1 - index;
    if (rank <= index - this.lo) {
      shift(this.keys, this.quantities, index + 1, this.hi, -1);
      this.hi--;
    } else {
      shift(this.keys, this.quantities, this.lo, index, 1);
      this.lo++;
    }
    this.changedRank(rank);
    if (this.hi === this.lo) this.lo = this.hi = this.keys.length >> 1;
    else if (this.keys.length > SHRINK_ABOVE_CAPACITY && 8 * (this.hi - this.lo) < this.keys.length) this.recentre(0);
  }

  /** Copies the live range into new arrays of twice its size (at least `extra` + MIN_CAPACITY), centred. */
  private recentre(extra: number): void {
    const size = this.size;
    const capacity = Math.max(MIN_CAPACITY, 2 * size + extra);
    const lo = (capacity - size) >> 1;
    const keys = new Float64Array(capacity);
    const quantities = new Float64Array(capacity);
    keys.set(this.keys.subarray(this.lo, this.hi), lo);
    quantities.set(this.quantities.subarray(this.lo, this.hi), lo);
    this.keys = keys;
    this.quantities = quantities;
    this.lo = lo;
    this.hi = lo + size;
  }
}

/** Moves `[from, to)` of both arrays by `by` (±1) slots. */
function shift(keys: Float64Array, quantities: Float64Array, from: number, to: number, by: 1 | -1): void {
  if (to - from > LOOP_SHIFT_LIMIT) {
    keys.copyWithin(from + by, from, to);
    quantities.copyWithin(from + by, from, to);
  } else if (by === 1) {
    for (let i = to - 1; i >= from; i--) {
      keys[i + 1] = keys[i]!;
      quantities[i + 1] = quantities[i]!;
    }
  } else {
    for (let i = from; i < to; i++) {
      keys[i - 1] = keys[i]!;
      quantities[i - 1] = quantities[i]!;
    }
  }
}
