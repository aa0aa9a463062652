import type { BookLevel } from '../../model/book-event';
import type { BookImage } from './ground-truth-book';

/**
 * The levels that turn book image `before` into `after`, per side: every level whose quantity
 * changed or that entered, and `[price, 0]` for every level that is gone — including one merely
 * pushed out of a depth window. That is the delta of venues that keep a fixed window and delete
 * what leaves it themselves (Bybit `orderbook.{depth}`, OKX `books`).
 *
 * @example
 * ```ts
 * const before = market.truth(50);
 * market.step();
 * const { bids, asks } = bookWindowDelta(before, market.truth(50)); // applying it to `before` gives the new top 50
 * ```
 */
export function bookWindowDelta(before: BookImage, after: BookImage): { bids: BookLevel[]; asks: BookLevel[] } {
  return { bids: sideDelta(before.bids, after.bids), asks: sideDelta(before.asks, after.asks) };
}

function sideDelta(before: readonly BookLevel[], after: readonly BookLevel[]): BookLevel[] {
  const previous = new Map(before);
  const changes: BookLevel[] = [];
  for (const [price, quantity] of after) {
    if (previous.get(price) !== quantity) changes.push([price, quantity]);
    previous.delete(price);
  }
  for (const price of previous.keys()) changes.push([price, 0]);
  return changes;
}
