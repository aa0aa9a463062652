import type { BookLevel } from '../../model/book-event';
import type { BookImage } from '../harness/ground-truth-book';

/**
 * What Kraken sends for one book subscription depth after a market step: the levels of the new top
 * `depth` whose quantity changed (or that entered the range), and `qty 0` for levels that were
 * deleted. A level merely pushed out of range by a better one gets nothing — exactly Kraken's
 * documented behaviour, which clients must handle by truncating.
 *
 * @example
 * ```ts
 * const feed = new KrakenBookFeed(10, market.truth(10));
 * market.step();
 * const deeper = market.truth(10 + 64);
 * const update = feed.next({ bids: deeper.bids.slice(0, 10), asks: deeper.asks.slice(0, 10) },
 *   (side, price) => (side === 'bid' ? deeper.bids : deeper.asks).slice(10).some(([p]) => p === price)); // or undefined
 * ```
 */
export class KrakenBookFeed {
  private image: BookImage;

  constructor(
    readonly depth: number,
    initial: BookImage,
  ) {
    this.image = initial;
  }

  /** The image the subscribers hold now. */
  get current(): BookImage {
    return this.image;
  }

  /**
   * Moves to `next` (the new top `depth`); `exists(side, price)` says whether a level that left the
   * range still exists deeper in the book. Returns the update, or `undefined` when nothing changed.
   */
  next(next: BookImage, exists: (side: 'bid' | 'ask', price: number) => boolean): { bids: BookLevel[]; asks: BookLevel[] } | undefined {
    const bids = diff(this.image.bids, next.bids, (price) => exists('bid', price));
    const asks = diff(this.image.asks, next.asks, (price) => exists('ask', price));
    this.image = next;
    return bids.length === 0 && asks.length === 0 ? undefined : { bids, asks };
  }
}

function diff(before: readonly BookLevel[], after: readonly BookLevel[], exists: (price: number) => boolean): BookLevel[] {
  const previous = new Map(before);
  const changes: BookLevel[] = [];
  const kept = new Set<number>();
  for (const [price, qty] of after) {
    kept.add(price);
    if (previous.get(price) !== qty) changes.push([price, qty]);
  }
  for (const [price] of before) if (!kept.has(price) && !exists(price)) changes.push([price, 0]);
  return changes;
}
