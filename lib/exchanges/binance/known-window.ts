import type { BookLevel } from '../../model/book-event';

/**
 * What one side of a book synchronised from a limited REST snapshot knows: a snapshot with `limit=N`
 * that returned N levels (or more) says nothing about prices beyond its N-th, so the side only knows
 * the window from the best price to that boundary — every diff inside it is applied, prices outside
 * it are unknown and must not be reported. A side that returned fewer than N levels is the whole
 * side: everything is known. The window's boundary price never moves; its level count does (a
 * removal inside shrinks it, an insertion grows it) and is kept exactly with a set of the known
 * prices — only for partial sides, one comparison and one set operation per level.
 *
 * @example
 * ```ts
 * const bids = new KnownSide('bids');
 * bids.reset([[100, 1], [99, 5]], 2);   // limit 2, two levels: the window is [99, ∞)
 * bids.apply([[98.5, 4], [100, 0]]);     // [[100, 0]]: 98.5 is outside the window
 * bids.count;                            // 1
 * ```
 */
export class KnownSide {
  private boundary: number;
  private known: Set<number> | undefined;

  constructor(private readonly side: 'bids' | 'asks') {
    this.boundary = side === 'bids' ? -Infinity : Infinity;
  }

  /** Levels known inside the window; `Infinity` when the whole side is known. */
  get count(): number {
    return this.known ? this.known.size : Infinity;
  }

  /**
   * Starts over from a snapshot side (best first) fetched with `limit` (`undefined`: the snapshot is
   * the whole book). With `limit` levels or more the side is partial, bounded by its worst level.
   */
  reset(levels: readonly BookLevel[], limit: number | undefined): void {
    if (limit === undefined || levels.length < limit || levels.length === 0) {
      this.known = undefined;
      this.boundary = this.side === 'bids' ? -Infinity : Infinity;
      return;
    }
    this.boundary = levels[levels.length - 1]![0];
    this.known = new Set();
    for (let i = 0; i < levels.length; i++) this.known.add(levels[i]![0]);
  }

  /**
   * Applies diff levels to the window and returns those inside it (the same array when all are).
   * Quantity 0 inside the window forgets the price (a removal of a price it never had is a no-op).
   */
  apply(levels: readonly BookLevel[]): readonly BookLevel[] {
    const known = this.known;
    if (!known) return levels;
    const bids = this.side === 'bids';
    const boundary = this.boundary;
    let inside: BookLevel[] | undefined;
    for (let i = 0; i < levels.length; i++) {
      const level = levels[i]!;
      const price = level[0];
      if (bids ? price < boundary : price > boundary) {
        inside ??= levels.slice(0, i);
        continue;
      }
      if (level[1] === 0) known.delete(price);
      else known.add(price);
      inside?.push(level);
    }
    return inside ?? levels;
  }
}
