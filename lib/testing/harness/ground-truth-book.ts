import type { BookLevel } from '../../model/book-event';
import { type PriceGrid, priceOfTicks, quantityOfUnits } from './price-grid';

/**
 * A side of an order book.
 *
 * @example
 * ```ts
 * const side: BookSide = 'bid';
 * ```
 */
export type BookSide = 'bid' | 'ask';

/**
 * Both sides of a book, best first, as plain levels.
 *
 * @example
 * ```ts
 * const { bids, asks }: BookImage = market.book.image(10);
 * ```
 */
export interface BookImage {
  /** Best (highest) first. */
  readonly bids: BookLevel[];
  /** Best (lowest) first. */
  readonly asks: BookLevel[];
}

/**
 * The simulators' oracle: a deliberately naive order book (a `Map` per side plus a sorted array
 * of prices), written independently of `lib/book` so the library can be checked against it.
 * Prices are kept as integer ticks and quantities as integer units of the market's grid, so no
 * floating-point drift ever creeps in.
 *
 * @example
 * ```ts
 * const book = new GroundTruthBook(priceGrid(0.01, 5));
 * book.setUnits('bid', 6500000, 25000); // 65000.00 x 0.25
 * book.image(); // { bids: [[65000, 0.25]], asks: [] }
 * ```
 */
export class GroundTruthBook {
  private readonly bidUnits = new Map<number, number>();
  private readonly askUnits = new Map<number, number>();
  /** Bid ticks, best (highest) first. */
  private readonly bidTicks: number[] = [];
  /** Ask ticks, best (lowest) first. */
  private readonly askTicks: number[] = [];

  constructor(readonly grid: PriceGrid) {}

  /** Sets the quantity (in units) at `ticks`; `0` removes the level. Returns the previous units (0 if none). */
  setUnits(side: BookSide, ticks: number, units: number): number {
    const map = side === 'bid' ? this.bidUnits : this.askUnits;
    const order = side === 'bid' ? this.bidTicks : this.askTicks;
    const previous = map.get(ticks) ?? 0;
    if (units === 0) {
      if (previous !== 0) {
        map.delete(ticks);
        order.splice(this.indexOf(side, ticks), 1);
      }
    } else {
      if (previous === 0) order.splice(this.indexOf(side, ticks), 0, ticks);
      map.set(ticks, units);
    }
    return previous;
  }

  /** Quantity units at `ticks` (0 when the level does not exist). */
  unitsAt(side: BookSide, ticks: number): number {
    return (side === 'bid' ? this.bidUnits : this.askUnits).get(ticks) ?? 0;
  }

  /** Number of levels on `side`. */
  depth(side: BookSide): number {
    return side === 'bid' ? this.bidTicks.length : this.askTicks.length;
  }

  /** Ticks of the level at `index` (0 = best), or `undefined`. */
  ticksAt(side: BookSide, index: number): number | undefined {
    return side === 'bid' ? this.bidTicks[index] : this.askTicks[index];
  }

  /** Best level's ticks, or `undefined` for an empty side. */
  bestTicks(side: BookSide): number | undefined {
    return this.ticksAt(side, 0);
  }

  /** Worst (deepest) level's ticks, or `undefined` for an empty side. */
  worstTicks(side: BookSide): number | undefined {
    return this.ticksAt(side, this.depth(side) - 1);
  }

  /** `true` when the best bid is at or above the best ask. */
  isCrossed(): boolean {
    const bid = this.bestTicks('bid');
    const ask = this.bestTicks('ask');
    return bid !== undefined && ask !== undefined && bid >= ask;
  }

  /** The levels of `side` as `[price, quantity]`, best first, at most `depth` of them. */
  levels(side: BookSide, depth = Infinity): BookLevel[] {
    const order = side === 'bid' ? this.bidTicks : this.askTicks;
    const map = side === 'bid' ? this.bidUnits : this.askUnits;
    const count = Math.min(depth, order.length);
    const result: BookLevel[] = new Array(count);
    for (let i = 0; i < count; i++) {
      const ticks = order[i]!;
      result[i] = [priceOfTicks(this.grid, ticks), quantityOfUnits(this.grid, map.get(ticks)!)];
    }
    return result;
  }

  /** Both sides, best first, at most `depth` levels each. */
  image(depth = Infinity): BookImage {
    return { bids: this.levels('bid', depth), asks: this.levels('ask', depth) };
  }

  /** An independent copy. */
  clone(): GroundTruthBook {
    const copy = new GroundTruthBook(this.grid);
    for (const ticks of this.bidTicks) copy.setUnits('bid', ticks, this.bidUnits.get(ticks)!);
    for (const ticks of this.askTicks) copy.setUnits('ask', ticks, this.askUnits.get(ticks)!);
    return copy;
  }

  /** Position of `ticks` in the side's order (where it is, or where it would be inserted). */
  private indexOf(side: BookSide, ticks: number): number {
    const order = side === 'bid' ? this.bidTicks : this.askTicks;
    let low = 0;
    let high = order.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      const value = order[middle]!;
      const before = side === 'bid' ? value > ticks : value < ticks;
      if (before) low = middle + 1;
      else high = middle;
    }
    return low;
  }
}
