import { OrderBook } from '../../book/order-book';
import type { PriceLevels } from '../../book/price-levels';
import { BITFINEX_CHECKSUM_LEVELS, bitfinexChecksum } from './bitfinex-checksum';
import type { BitfinexLevel } from './bitfinex-payloads';

/**
 * The local book of one Bitfinex `P0` subscription: an {@link OrderBook} (quantities ≥ 0, best
 * first) plus, per level, the `PRICE:AMOUNT` text the frames carried, so the checksum is computed
 * on Bitfinex's own texts.
 *
 * @example
 * ```ts
 * const book = new BitfinexOrderBook();
 * book.apply({ price: 6000, count: 1, amount: 1, priceText: '6000', amountText: '1' });
 * book.checksum(); // crc32('6000:1') | 0
 * ```
 */
export class BitfinexOrderBook {
  private readonly book = new OrderBook();
  private readonly bidTexts = new Map<number, string>();
  private readonly askTexts = new Map<number, string>();
  private readonly topBids: string[] = [];
  private readonly topAsks: string[] = [];
  /** Bound once: `forEachTop` calls it without a per-checksum closure. */
  private readonly collectBid = (price: number): void => {
    this.topBids.push(this.bidTexts.get(price)!);
  };
  private readonly collectAsk = (price: number): void => {
    this.topAsks.push(this.askTexts.get(price)!);
  };

  get bids(): PriceLevels {
    return this.book.bids;
  }

  get asks(): PriceLevels {
    return this.book.asks;
  }

  /**
   * Applies one level: count 0 deletes the price from the side its amount's sign names (1: bids,
   * −1: asks); otherwise the level is set to `|amount|` on that side (see {@link bitfinexChange}).
   */
  apply(level: BitfinexLevel): void {
    const bid = level.amount > 0;
    const side = bid ? this.book.bids : this.book.asks;
    const texts = bid ? this.bidTexts : this.askTexts;
    if (level.count === 0) {
      side.set(level.price, 0);
      texts.delete(level.price);
    } else {
      side.set(level.price, bid ? level.amount : -level.amount);
      texts.set(level.price, `${level.priceText}:${level.amountText}`);
    }
  }

  /** Replaces the whole book with `levels` (a snapshot; count-0 levels are skipped). */
  replace(levels: readonly BitfinexLevel[]): void {
    this.clear();
    for (let i = 0; i < levels.length; i++) if (levels[i]!.count > 0) this.apply(levels[i]!);
  }

  /** Removes the levels past the best `depth` of each side; calls `removed(bid, price)` for each. */
  truncate(depth: number, removed: (bid: boolean, price: number) => void): void {
    this.cut(this.book.bids, this.bidTexts, depth, true, removed);
    this.cut(this.book.asks, this.askTexts, depth, false, removed);
  }

  /** Bitfinex's checksum of the top 25 levels a side (see {@link bitfinexChecksum}). */
  checksum(): number {
    this.topBids.length = 0;
    this.topAsks.length = 0;
    this.book.bids.forEachTop(BITFINEX_CHECKSUM_LEVELS, this.collectBid);
    this.book.asks.forEachTop(BITFINEX_CHECKSUM_LEVELS, this.collectAsk);
    return bitfinexChecksum(this.topBids, this.topAsks);
  }

  clear(): void {
    this.book.clear();
    this.bidTexts.clear();
    this.askTexts.clear();
  }

  private cut(side: PriceLevels, texts: Map<number, string>, depth: number, bid: boolean, removed: (bid: boolean, price: number) => void): void {
    while (side.size > depth) {
      const price = side.worstPrice()!;
      side.set(price, 0);
      texts.delete(price);
      removed(bid, price);
    }
  }
}

/**
 * The quantity a Bitfinex level leaves at its price on its side: `|amount|`, or 0 when count is 0.
 *
 * @example
 * ```ts
 * bitfinexChange({ price: 7364.9, count: 3, amount: -0.42, priceText: '7364.9', amountText: '-0.42' }); // 0.42
 * ```
 */
export function bitfinexChange(level: BitfinexLevel): number {
  return level.count === 0 ? 0 : Math.abs(level.amount);
}
