import { OrderBook } from '../../book/order-book';
import type { BookLevel } from '../../model/book-event';
import { OkxBookChecksum } from './okx-checksum';

/**
 * Levels as numbers and the frame's own level arrays, index for index (what both a socket `books`
 * push and a REST snapshot give).
 *
 * @example
 * ```ts
 * const levels: OkxLevels = { bids: [[100.1, 2]], asks: [], rawBids: [['100.10', '2', '0', '1']], rawAsks: [] };
 * ```
 */
export interface OkxLevels {
  readonly bids: readonly BookLevel[];
  readonly asks: readonly BookLevel[];
  readonly rawBids: readonly (readonly string[])[];
  readonly rawAsks: readonly (readonly string[])[];
}

/**
 * One instrument's local book for OKX: an {@link OrderBook} plus, per price, the level exactly as
 * OKX last sent it, so the checksum hashes the wire strings (`"100.10"` stays `"100.10"`).
 *
 * @example
 * ```ts
 * const local = new OkxLocalBook();
 * local.applySnapshot(snapshot);
 * local.applyDelta(update);
 * local.checksum() === update.checksum;
 * ```
 */
export class OkxLocalBook {
  readonly book = new OrderBook();
  private readonly bidTexts = new Map<number, readonly string[]>();
  private readonly askTexts = new Map<number, readonly string[]>();
  private readonly hasher: OkxBookChecksum;

  constructor(hasher: OkxBookChecksum = new OkxBookChecksum()) {
    this.hasher = hasher;
  }

  /** Replaces the book with `levels`. */
  applySnapshot(levels: OkxLevels): void {
    this.clear();
    this.applyDelta(levels);
  }

  /** Applies absolute sizes; size 0 removes the level. */
  applyDelta(levels: OkxLevels): void {
    this.book.applyDelta(levels.bids, levels.asks);
    remember(this.bidTexts, levels.bids, levels.rawBids);
    remember(this.askTexts, levels.asks, levels.rawAsks);
  }

  /** OKX's signed CRC32 of the top 25 per side (`undefined` if a level's text is missing). */
  checksum(): number | undefined {
    return this.hasher.of(this.book.bids, this.bidTexts, this.book.asks, this.askTexts);
  }

  /** Both sides, best first. */
  image(): { bids: BookLevel[]; asks: BookLevel[] } {
    return { bids: this.book.bids.top(this.book.bids.size), asks: this.book.asks.top(this.book.asks.size) };
  }

  clear(): void {
    this.book.clear();
    this.bidTexts.clear();
    this.askTexts.clear();
  }
}

function remember(texts: Map<number, readonly string[]>, levels: readonly BookLevel[], raw: readonly (readonly string[])[]): void {
  for (let i = 0; i < levels.length; i++) {
    const level = levels[i]!;
    if (level[1] === 0) texts.delete(level[0]);
    else texts.set(level[0], raw[i]!);
  }
}
