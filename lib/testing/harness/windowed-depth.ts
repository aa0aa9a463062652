import type { BookLevel } from '../../model/book-event';
import type { BookImage } from './ground-truth-book';
import type { MarketStep, SimulatedMarket } from './simulated-market';

/**
 * One pushed update of a {@link WindowedDepth}: the update ids it covers (`first`..`last`), the
 * levels of the top `depth` that changed in them (absolute quantities, best first; `0` for a level
 * that left the range, deleted or pushed below it), and the whole top `depth` after them.
 *
 * @example
 * ```ts
 * const update: WindowedUpdate = { first: 101, last: 103, bids: [[100, 2]], asks: [[101, 0]], image: market.truth(20) };
 * ```
 */
export interface WindowedUpdate {
  readonly first: number;
  readonly last: number;
  readonly bids: BookLevel[];
  readonly asks: BookLevel[];
  /** The top `depth` after the update, best first. */
  readonly image: BookImage;
}

/**
 * The depth-limited incremental feed many venues push (a stream of the top N levels): after every
 * market step it compares the new top `depth` with the previous one and remembers, per level, the
 * latest quantity within that range; {@link take} hands out everything since the last take as one
 * update covering consecutive update ids. A level that leaves the range gets an explicit `0`, and a
 * level that enters it (even one that was there before and only returns) gets its quantity, so
 * applying the update to the top `depth` at ANY update id it covers yields exactly the new top
 * `depth` — which is what a REST snapshot + buffered updates procedure relies on.
 *
 * @example
 * ```ts
 * const feed = new WindowedDepth(market, 100);
 * sim.onStep((step) => feed.add(step));
 * const update = feed.take(); // undefined when nothing changed in the top 100 since the last take
 * ```
 */
export class WindowedDepth {
  private image: BookImage;
  private first: number | undefined;
  private last = 0;
  private readonly bids = new Map<number, number>();
  private readonly asks = new Map<number, number>();

  constructor(
    private readonly market: SimulatedMarket,
    readonly depth: number,
  ) {
    this.image = market.truth(depth);
  }

  /** The top `depth` as of the last step added. */
  get current(): BookImage {
    return this.image;
  }

  /** `true` when nothing changed within the range since the last {@link take}. */
  get isEmpty(): boolean {
    return this.bids.size === 0 && this.asks.size === 0;
  }

  /** Records what `step` (of this market, just taken) changed within the top `depth`. */
  add(step: MarketStep): void {
    const next = this.market.truth(this.depth);
    record(this.image.bids, next.bids, this.bids);
    record(this.image.asks, next.asks, this.asks);
    this.image = next;
    this.first ??= step.updateId;
    this.last = step.updateId;
  }

  /**
   * Everything since the last take, or `undefined` when nothing changed within the range: steps
   * that changed only deeper levels are then kept, so the next update still starts right after the
   * last one taken (its `first` = previous `last` + 1). With `whole`, any step since the last take
   * is enough (for a venue that pushes the whole range, whose `image` is what counts). Clears what
   * it hands out.
   */
  take(whole = false): WindowedUpdate | undefined {
    if (this.first === undefined || (this.isEmpty && !whole)) return undefined;
    const update: WindowedUpdate = {
      first: this.first,
      last: this.last,
      bids: [...this.bids.entries()].sort((a, b) => b[0] - a[0]),
      asks: [...this.asks.entries()].sort((a, b) => a[0] - b[0]),
      image: this.image,
    };
    this.first = undefined;
    this.bids.clear();
    this.asks.clear();
    return update;
  }
}

/** Records into `changes` every level whose quantity within the range differs between `before` and `after`. */
function record(before: readonly BookLevel[], after: readonly BookLevel[], changes: Map<number, number>): void {
  const previous = new Map(before);
  for (const [price, quantity] of after) {
    if (previous.get(price) !== quantity) changes.set(price, quantity);
    previous.delete(price);
  }
  for (const price of previous.keys()) changes.set(price, 0);
}
