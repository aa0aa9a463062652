import { priceOfTicks, ticksOfPrice } from '../harness/price-grid';
import type { LevelChange, SimulatedMarket } from '../harness/simulated-market';
import type { WireLevel } from './deribit-wire';

/**
 * One `change` notification of a {@link DeribitBookFeed}: the `change_id` link and the levels in
 * Deribit's `[action, price, amount]` form.
 *
 * @example
 * ```ts
 * const change: DeribitBookChange = { prevChangeId: 100, changeId: 103, bids: [['new', 64999.5, 1200]], asks: [] };
 * ```
 */
export interface DeribitBookChange {
  readonly prevChangeId: number;
  readonly changeId: number;
  readonly bids: WireLevel[];
  readonly asks: WireLevel[];
}

/**
 * The `book.{instrument}.100ms` feed of one simulated market, shared by every subscriber (one
 * `change_id` chain, as on Deribit): it keeps the book as published, so each market change becomes
 * `new` (a price it did not hold), `change` or `delete` (amount 0); `change_id`s advance by 1 to 4
 * (Deribit's ids are not consecutive: they count matching-engine changes, a notification aggregates
 * 100 ms of them). While nobody holds the channel nothing is tracked; the next {@link snapshot}
 * starts again from the market's book, further along the chain.
 *
 * @example
 * ```ts
 * const feed = new DeribitBookFeed(market, 14_202_051_597);
 * const snapshot = feed.snapshot();               // every level 'new'
 * const change = feed.next(step.changes, step.updateId);
 * ```
 */
export class DeribitBookFeed {
  private readonly bids = new Map<number, number>();
  private readonly asks = new Map<number, number>();
  private tracking = false;

  constructor(
    private readonly market: SimulatedMarket,
    /** The last `change_id` of the chain. */
    public changeId: number,
  ) {}

  /** The whole book now as a snapshot's levels (every one `new`), tracking from here on. */
  snapshot(): { readonly changeId: number; readonly bids: WireLevel[]; readonly asks: WireLevel[] } {
    const { bids, asks } = this.market.truth();
    if (!this.tracking) {
      this.bids.clear();
      this.asks.clear();
      for (const [price, amount] of bids) this.bids.set(price, amount);
      for (const [price, amount] of asks) this.asks.set(price, amount);
      this.tracking = true;
      this.changeId += 7; // the chain went on while nobody listened
    }
    return { changeId: this.changeId, bids: bids.map(([p, q]) => ['new', p, q] as const), asks: asks.map(([p, q]) => ['new', p, q] as const) };
  }

  /** Nobody holds the channel any more: stop tracking until the next {@link snapshot}. */
  idle(): void {
    this.tracking = false;
  }

  /** `true` while subscribers are being fed. */
  get active(): boolean {
    return this.tracking;
  }

  /** The notification of one market step's net changes (the feed advances even when it is then withheld). */
  next(changes: readonly LevelChange[], updateId: number): DeribitBookChange {
    const bids: WireLevel[] = [];
    const asks: WireLevel[] = [];
    for (const { side, price, quantity } of changes) {
      const book = side === 'bid' ? this.bids : this.asks;
      const out = side === 'bid' ? bids : asks;
      const held = book.has(price);
      if (quantity === 0) {
        if (!held) continue;
        book.delete(price);
        out.push(['delete', price, 0]);
      } else {
        book.set(price, quantity);
        out.push([held ? 'change' : 'new', price, quantity]);
      }
    }
    return this.advance(bids, asks, 1 + (updateId % 4));
  }

  /**
   * A notification that breaks the book rules without changing it: `delete-missing` deletes a price
   * the book does not hold, `change-missing` changes one, `new-existing` adds the best bid again.
   */
  broken(kind: 'delete-missing' | 'change-missing' | 'new-existing'): DeribitBookChange {
    const { grid } = this.market;
    let lowest = Infinity;
    for (const price of this.bids.keys()) lowest = Math.min(lowest, price);
    // half the lowest bid held: below every bid, so not held
    const missing = priceOfTicks(grid, Math.max(1, Math.floor(ticksOfPrice(grid, Number.isFinite(lowest) ? lowest : 2 * grid.tickSize) / 2)));
    const [bestPrice, bestAmount] = this.market.truth(1).bids[0] ?? [grid.tickSize, 1];
    const level: WireLevel = kind === 'delete-missing' ? ['delete', missing, 0] : kind === 'change-missing' ? ['change', missing, bestAmount] : ['new', bestPrice, bestAmount];
    return this.advance([level], [], 1);
  }

  private advance(bids: WireLevel[], asks: WireLevel[], by: number): DeribitBookChange {
    const prevChangeId = this.changeId;
    this.changeId += by;
    return { prevChangeId, changeId: this.changeId, bids, asks };
  }
}
