import type { MarketStep } from '../harness/simulated-market';
import type { KucoinWireChange } from './kucoin-wire';

/**
 * What one `/market/level2` push carries: the sequences it covers and, per side, the latest change
 * of each price touched in them (in first-touched order).
 *
 * @example
 * ```ts
 * const push: KucoinLevel2Push = { start: 101, end: 104, bids: [[65000.1, 0.5, 103]], asks: [] };
 * ```
 */
export interface KucoinLevel2Push {
  readonly start: number;
  readonly end: number;
  readonly bids: readonly KucoinWireChange[];
  readonly asks: readonly KucoinWireChange[];
}

/**
 * KuCoin's level-2 sequence for one simulated market: every level change of a market step takes the
 * next sequence, and so does every trade (a match event changes no level by itself: its sequence is
 * a hole in the changes, as in KuCoin's own examples). {@link take} hands out what happened since the
 * last take as one push: `start`..`end` are consecutive with the previous push, and a price changed
 * twice appears once with its latest size and sequence ("the sequence on each record only represents
 * the last modification of the price").
 *
 * @example
 * ```ts
 * const feed = new KucoinLevel2Feed(14_000_000_000);
 * feed.record(market.step());
 * const push = feed.take(); // undefined when nothing happened since the last take
 * ```
 */
export class KucoinLevel2Feed {
  private first: number | undefined;
  private readonly bids = new Map<number, KucoinWireChange>();
  private readonly asks = new Map<number, KucoinWireChange>();

  constructor(
    /** The sequence of the book now (what a REST snapshot returns). */
    public sequence: number,
  ) {}

  /** Numbers what `step` changed (levels, then trades) and keeps the changes for the next push. */
  record(step: MarketStep): void {
    this.first ??= this.sequence + 1;
    for (const change of step.changes) {
      const sequence = ++this.sequence;
      (change.side === 'bid' ? this.bids : this.asks).set(change.price, [change.price, change.quantity, sequence]);
    }
    this.sequence += step.trades.length;
  }

  /** Everything since the last take, or `undefined` when nothing happened; clears what it hands out. */
  take(): KucoinLevel2Push | undefined {
    if (this.first === undefined) return undefined;
    const push: KucoinLevel2Push = { start: this.first, end: this.sequence, bids: [...this.bids.values()], asks: [...this.asks.values()] };
    this.first = undefined;
    this.bids.clear();
    this.asks.clear();
    return push;
  }
}
