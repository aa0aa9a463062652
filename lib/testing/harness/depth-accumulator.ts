import type { BookLevel } from '../../model/book-event';
import type { MarketStep } from './simulated-market';

/**
 * One aggregated diff-depth event: net changes of the steps `firstUpdateId..finalUpdateId`.
 *
 * @example
 * ```ts
 * const event: AggregatedDepth = { firstUpdateId: 157, finalUpdateId: 160, bids: [[65000, 1]], asks: [] };
 * ```
 */
export interface AggregatedDepth {
  readonly firstUpdateId: number;
  readonly finalUpdateId: number;
  /** Highest price first. */
  readonly bids: BookLevel[];
  /** Lowest price first. */
  readonly asks: BookLevel[];
}

/**
 * Collects market steps between two pushes of an incremental book feed (Binance's `@depth@100ms` /
 * `@depth`, OKX's `books` every 100 ms): the last quantity per price wins; the first and final
 * update ids are those of the first and last steps (Binance's `U`/`u`; OKX maps them to `seqId`).
 *
 * @example
 * ```ts
 * const fast = new DepthAccumulator();
 * fast.add(market.step());
 * fast.add(market.step());
 * const event = fast.take(); // U = first step id, u = second step id
 * ```
 */
export class DepthAccumulator {
  private first: number | undefined;
  private last = 0;
  private readonly bids = new Map<number, number>();
  private readonly asks = new Map<number, number>();

  /** Adds one step's changes. */
  add(step: MarketStep): void {
    this.first ??= step.updateId;
    this.last = step.updateId;
    for (const change of step.changes) (change.side === 'bid' ? this.bids : this.asks).set(change.price, change.quantity);
  }

  /** `true` when no step was added since the last {@link take}. */
  get isEmpty(): boolean {
    return this.first === undefined;
  }

  /** The aggregated event, or `undefined` when empty; resets the accumulator. */
  take(): AggregatedDepth | undefined {
    if (this.first === undefined) return undefined;
    const event: AggregatedDepth = {
      firstUpdateId: this.first,
      finalUpdateId: this.last,
      bids: [...this.bids.entries()].sort((a, b) => b[0] - a[0]),
      asks: [...this.asks.entries()].sort((a, b) => a[0] - b[0]),
    };
    this.first = undefined;
    this.bids.clear();
    this.asks.clear();
    return event;
  }
}
