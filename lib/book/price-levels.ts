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
   * Seed of the deterministic level-height generator of the skip list (any 32-bit integer except 0).
   * Only affects internal layout and speed, never the content. Default: a fixed constant.
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

/** Maximum tower height; with p = 1/4 this is comfortable far beyond 10^8 levels. */
const MAX_HEIGHT = 16;
const DEFAULT_SEED = 0x2545f491;

/** Removed levels kept in the index before it is rebuilt: at most max(this, live levels). */
const MIN_TOMBSTONES_BEFORE_REBUILD = 1024;

/**
 * One price level. Linked into the skip list while `quantity > 0`; a removed level (`quantity === 0`)
 * is unlinked but may stay in the index as a tombstone. `key` sorts ascending = best first on both sides.
 */
class LevelNode {
  /** Frozen `[price, quantity]` handed out by `frozenTop`, reset whenever `quantity` changes. */
  frozen: BookLevel | undefined = undefined;

  constructor(
    readonly key: number,
    readonly price: number,
    public quantity: number,
    readonly next: (LevelNode | null)[],
  ) {}
}

function emptyTower(height: number): (LevelNode | null)[] {
  const tower: (LevelNode | null)[] = [];
  for (let i = 0; i < height; i++) tower.push(null);
  return tower;
}

/**
 * One side of an order book: price levels kept sorted best first.
 *
 * Design: a skip list ordered by a sort key (`-price` for bids, `price` for asks, so the best level is
 * always the first node) plus a `Map<price, node>` index.
 * - `set` on an existing level with a new quantity: O(1) (map lookup, no list walk).
 * - insert / remove: O(log n) expected; the walk starts at the best level, so changes near the top
 *   (the common case) are the cheapest.
 * - `bestPrice` / `bestQuantity`: O(1). `top(n)` / `forEachTop(n)`: O(n) in `n`, never in the book size.
 * - Tower heights come from a seeded xorshift generator: deterministic, no `Math.random`.
 * - Removed levels stay in the index as tombstones (re-adding the price reuses the node) and the index
 *   is rebuilt from the live levels once tombstones outnumber them (amortized O(1)). Reason: in V8, a
 *   `Map` that repeatedly deletes and re-adds the same keys (exactly what a book does near its top)
 *   keeps the deleted entries in its hash chains until the next rehash, so every re-add of a removed
 *   price walks a chain that grows with the book size (measured: ~2 µs per delete+set at 50 000 keys).
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
  private readonly sign: number;
  private readonly head: LevelNode;
  /** Every linked level plus tombstones (removed levels, `quantity === 0`) awaiting the next rebuild. */
  private index = new Map<number, LevelNode>();
  private liveCount = 0;
  private tombstones = 0;
  /** Scratch buffer of predecessors, reused by every insert/remove (no per-call allocation). */
  private readonly preceding: LevelNode[];
  /** Number of tower levels currently in use (>= 1). */
  private height = 1;
  private random: number;

  constructor(side: BookSide, options: PriceLevelsOptions = {}) {
    if (side !== 'bid' && side !== 'ask') throw new TypeError(`invalid book side "${String(side)}": expected "bid" or "ask"`);
    this.side = side;
    this.sign = side === 'bid' ? -1 : 1;
    this.head = new LevelNode(-Infinity, 0, 0, emptyTower(MAX_HEIGHT));
    this.preceding = new Array<LevelNode>(MAX_HEIGHT).fill(this.head);
    this.random = (options.seed ?? DEFAULT_SEED) | 0 || DEFAULT_SEED;
  }

  /** Number of levels held. */
  get size(): number {
    return this.liveCount;
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
    const existing = this.index.get(price);
    if (existing === undefined) {
      if (quantity !== 0) this.insertNew(price, quantity);
    } else if (existing.quantity === 0) {
      if (quantity !== 0) this.revive(existing, quantity);
    } else if (quantity === 0) {
      this.remove(existing);
    } else if (existing.quantity !== quantity) {
      existing.quantity = quantity;
      existing.frozen = undefined;
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
    const quantity = this.index.get(price)?.quantity;
    return quantity === 0 ? undefined : quantity;
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
    return this.head.next[0]?.price;
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
    return this.head.next[0]?.quantity;
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
    let node = this.head.next[0];
    while (node !== null && node !== undefined && out.length < n) {
      out.push([node.price, node.quantity]);
      node = node.next[0];
    }
    return out;
  }

  /**
   * Like `top(n)`, but the returned array and each tuple are frozen. A level's frozen tuple is reused
   * across calls while its quantity is unchanged, so a call allocates only the outer array plus a
   * tuple per changed level. Meant for immutable emitted states.
   *
   * @example
   * ```ts
   * const levels = bids.frozenTop(10);
   * Object.isFrozen(levels); // true
   * ```
   */
  frozenTop(n: number): readonly BookLevel[] {
    const out: BookLevel[] = [];
    let node = this.head.next[0];
    while (node !== null && node !== undefined && out.length < n) {
      let level = node.frozen;
      if (level === undefined) {
        level = Object.freeze([node.price, node.quantity] as const);
        node.frozen = level;
      }
      out.push(level);
      node = node.next[0];
    }
    return Object.freeze(out);
  }

  /**
   * The worst (last) price of this side, found by descending the skip list: O(log n) expected.
   *
   * @example
   * ```ts
   * while (bids.size > depth) bids.set(bids.worstPrice()!, 0); // truncate to `depth`, cheaply
   * ```
   */
  worstPrice(): number | undefined {
    let node = this.head;
    for (let i = this.height - 1; i >= 0; i--) {
      let next = node.next[i];
      while (next !== null && next !== undefined) {
        node = next;
        next = node.next[i];
      }
    }
    return node === this.head ? undefined : node.price;
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
    let node = this.head.next[0];
    for (let count = 0; node !== null && node !== undefined && count < n; count++) {
      fn(node.price, node.quantity);
      node = node.next[0];
    }
  }

  /**
   * Keeps only the best `n` levels (all of them when `n >= size`, none when `n <= 0`).
   * Cost O(n), independent of the number of levels removed.
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
    if (n >= this.liveCount) return;
    const keep = Math.floor(n);
    if (keep === 0) {
      this.clear();
      return;
    }
    // Walk the kept levels; `last[i]` ends as the last kept node whose tower reaches level i.
    const last = this.preceding;
    for (let i = 0; i < this.height; i++) last[i] = this.head;
    let node = this.head.next[0] ?? null;
    for (let count = 0; node !== null && count < keep; count++) {
      for (let i = 0; i < node.next.length; i++) last[i] = node;
      node = node.next[0] ?? null;
    }
    for (let i = 0; i < this.height; i++) last[i]!.next[i] = null;
    this.liveCount = keep;
    this.shrinkHeight();
    this.rebuildIndex();
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
    this.head.next.fill(null);
    this.index.clear();
    this.height = 1;
    this.liveCount = 0;
    this.tombstones = 0;
  }

  /** Fills `preceding[0 .. height-1]` with the last node before `key` at each level. */
  private findPreceding(key: number): void {
    let node = this.head;
    for (let i = this.height - 1; i >= 0; i--) {
      let next = node.next[i] ?? null;
      while (next !== null && next.key < key) {
        node = next;
        next = node.next[i] ?? null;
      }
      this.preceding[i] = node;
    }
  }

  private insertNew(price: number, quantity: number): void {
    const node = new LevelNode(this.sign * price, price, quantity, emptyTower(this.randomHeight()));
    this.link(node);
    this.index.set(price, node);
  }

  /** Re-adds a tombstoned level (keeps its node and tower height). */
  private revive(node: LevelNode, quantity: number): void {
    node.quantity = quantity;
    this.tombstones--;
    this.link(node);
  }

  private link(node: LevelNode): void {
    const towerHeight = node.next.length;
    this.findPreceding(node.key);
    if (towerHeight > this.height) {
      for (let i = this.height; i < towerHeight; i++) this.preceding[i] = this.head;
      this.height = towerHeight;
    }
    for (let i = 0; i < towerHeight; i++) {
      const before = this.preceding[i]!;
      node.next[i] = before.next[i] ?? null;
      before.next[i] = node;
    }
    this.liveCount++;
  }

  /** Unlinks `node` and leaves it in the index as a tombstone. */
  private remove(node: LevelNode): void {
    this.findPreceding(node.key);
    for (let i = 0; i < node.next.length; i++) {
      const before = this.preceding[i]!;
      if (before.next[i] === node) before.next[i] = node.next[i] ?? null;
      node.next[i] = null; // a tombstone retains no other node
    }
    node.quantity = 0;
    node.frozen = undefined;
    this.liveCount--;
    this.tombstones++;
    this.shrinkHeight();
    if (this.tombstones > MIN_TOMBSTONES_BEFORE_REBUILD && this.tombstones > this.liveCount) this.rebuildIndex();
  }

  /** Replaces the index with a fresh `Map` of the linked levels only (drops tombstones). */
  private rebuildIndex(): void {
    const index = new Map<number, LevelNode>();
    for (let node = this.head.next[0] ?? null; node !== null; node = node.next[0] ?? null) index.set(node.price, node);
    this.index = index;
    this.tombstones = 0;
  }

  private shrinkHeight(): void {
    while (this.height > 1 && this.head.next[this.height - 1] === null) this.height--;
  }

  /** Geometric height with p = 1/4 from a xorshift32 stream. */
  private randomHeight(): number {
    let x = this.random;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.random = x;
    let height = 1;
    while (height < MAX_HEIGHT && (x & 3) === 0) {
      height++;
      x >>>= 2;
    }
    return height;
  }
}
