import type { BookLevel } from '../model/book-event';
import { PriceLevels } from './price-levels';

/**
 * A mutable two-sided order book (bids + asks) fed by snapshots and absolute-quantity deltas.
 *
 * Levels that fail `isValidLevel` (NaN, ±Infinity, negative quantity, price <= 0) are skipped, never
 * stored: the adapters resync on invalid input upstream, the book itself must not be corrupted.
 * A quantity of `0` removes the level (a no-op when it is absent).
 *
 * @example
 * ```ts
 * const book = new OrderBook();
 * book.applySnapshot([[100, 1], [99, 2]], [[101, 1]]);
 * book.applyDelta([[100, 0]], [[100.5, 3]]);
 * book.bestBid(); // [99, 2]
 * book.bestAsk(); // [100.5, 3]
 * ```
 */
export class OrderBook {
  readonly bids = new PriceLevels('bid');
  readonly asks = new PriceLevels('ask');

  /**
   * Replaces both sides with the given levels (any order; duplicates: the last one wins).
   *
   * @example
   * ```ts
   * book.applySnapshot([[100, 1]], [[101, 2]]);
   * ```
   */
  applySnapshot(bids: readonly BookLevel[], asks: readonly BookLevel[]): void {
    this.bids.clear();
    this.asks.clear();
    this.applyDelta(bids, asks);
  }

  /**
   * Applies absolute quantities per level; quantity `0` removes the level.
   *
   * @example
   * ```ts
   * book.applyDelta([[100, 0]], [[101, 5]]);
   * ```
   */
  applyDelta(bids: readonly BookLevel[], asks: readonly BookLevel[]): void {
    applyLevels(this.bids, bids);
    applyLevels(this.asks, asks);
  }

  /**
   * The best (highest) bid as a new `[price, quantity]`, or `undefined` when there are no bids.
   *
   * @example
   * ```ts
   * const [price, qty] = book.bestBid() ?? [NaN, 0];
   * ```
   */
  bestBid(): BookLevel | undefined {
    return bestLevel(this.bids);
  }

  /**
   * The best (lowest) ask as a new `[price, quantity]`, or `undefined` when there are no asks.
   *
   * @example
   * ```ts
   * book.bestAsk(); // [101, 2]
   * ```
   */
  bestAsk(): BookLevel | undefined {
    return bestLevel(this.asks);
  }

  /**
   * `true` when both sides are non-empty and best bid >= best ask (crossed or locked), which a
   * consistent exchange book never is.
   *
   * @example
   * ```ts
   * if (book.isCrossed()) console.warn('book out of sync');
   * ```
   */
  isCrossed(): boolean {
    const bid = this.bids.bestPrice();
    const ask = this.asks.bestPrice();
    return bid !== undefined && ask !== undefined && bid >= ask;
  }

  /**
   * Empties both sides.
   *
   * @example
   * ```ts
   * book.clear();
   * ```
   */
  clear(): void {
    this.bids.clear();
    this.asks.clear();
  }
}

function applyLevels(side: PriceLevels, levels: readonly BookLevel[]): void {
  for (let i = 0; i < levels.length; i++) {
    const level = levels[i]!;
    side.set(level[0], level[1]); // invalid levels are ignored by `set`
  }
}

function bestLevel(side: PriceLevels): BookLevel | undefined {
  const price = side.bestPrice();
  return price === undefined ? undefined : [price, side.bestQuantity()!];
}
