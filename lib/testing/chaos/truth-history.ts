import type { BookLevel } from '../../model/book-event';
import type { MarketStep, SimulatedMarket } from '../harness/simulated-market';

/**
 * What a {@link TruthHistory} needs from a simulator: its markets and a step hook (every exchange
 * simulator built on the harness has both).
 *
 * @example
 * ```ts
 * const source: TruthSource = sim; // BinanceSimulator
 * ```
 */
export interface TruthSource {
  market(symbol: string): SimulatedMarket;
  onStep(listener: (step: MarketStep) => void): () => void;
}

/**
 * A canonical text of the top `depth` levels per side, best first: equal texts, equal books.
 *
 * @example
 * ```ts
 * bookKey([[100, 1]], [[101, 2]], 10); // '100x1,|101x2,'
 * ```
 */
export function bookKey(bids: readonly BookLevel[], asks: readonly BookLevel[], depth: number): string {
  let key = '';
  const bidCount = Math.min(depth, bids.length);
  for (let i = 0; i < bidCount; i++) key += `${bids[i]![0]}x${bids[i]![1]},`;
  key += '|';
  const askCount = Math.min(depth, asks.length);
  for (let i = 0; i < askCount; i++) key += `${asks[i]![0]}x${asks[i]![1]},`;
  return key;
}

interface SymbolHistory {
  /** Update id of `keys[0]`. */
  baseId: number;
  readonly keys: string[];
}

/**
 * The ground truth of every step of a simulator's markets, as {@link bookKey}s of the top `depth`
 * levels indexed by update id (steps are consecutive), so a book a client emitted can be checked
 * against the truth at the update id it claims to be at — or, when the client's events carry no
 * sequence, at *some* update id not older than the last one it was verified at.
 *
 * @example
 * ```ts
 * const history = new TruthHistory(sim, ['BTC/USDT'], 20);
 * const id = history.find('BTC/USDT', bookKey(bids, asks, 20), lastVerifiedId); // undefined: no such state
 * history.dispose();
 * ```
 */
export class TruthHistory {
  private readonly bySymbol = new Map<string, SymbolHistory>();
  private readonly unsubscribe: () => void;

  constructor(
    private readonly source: TruthSource,
    symbols: readonly string[],
    /** Levels per side compared. */
    readonly depth: number,
    /** Hard bound of states kept per symbol (the oldest go first). */
    private readonly capacity = 200_000,
  ) {
    for (const symbol of symbols) {
      const market = source.market(symbol);
      const image = market.truth(depth);
      this.bySymbol.set(symbol, { baseId: market.updateId, keys: [bookKey(image.bids, image.asks, depth)] });
    }
    this.unsubscribe = source.onStep((step) => this.record(step));
  }

  /** Update id of the newest state of `symbol`. */
  latestId(symbol: string): number {
    const history = this.history(symbol);
    return history.baseId + history.keys.length - 1;
  }

  /** Update id of the oldest state still remembered. */
  oldestId(symbol: string): number {
    return this.history(symbol).baseId;
  }

  /** The key of `symbol` right after update `updateId`, if remembered. */
  keyAt(symbol: string, updateId: number): string | undefined {
    const history = this.history(symbol);
    return history.keys[updateId - history.baseId];
  }

  /** The first update id ≥ `fromId` whose state has `key`, or `undefined`. */
  find(symbol: string, key: string, fromId: number): number | undefined {
    const history = this.history(symbol);
    for (let i = Math.max(0, fromId - history.baseId); i < history.keys.length; i++) {
      if (history.keys[i] === key) return history.baseId + i;
    }
    return undefined;
  }

  /** The last update id < `beforeId` whose state has `key` (diagnostics: a book gone back in time). */
  findBefore(symbol: string, key: string, beforeId: number): number | undefined {
    const history = this.history(symbol);
    for (let i = Math.min(history.keys.length, beforeId - history.baseId) - 1; i >= 0; i--) {
      if (history.keys[i] === key) return history.baseId + i;
    }
    return undefined;
  }

  /** Forgets states older than `updateId` (nobody will be verified before it again). */
  forgetBefore(symbol: string, updateId: number): void {
    const history = this.history(symbol);
    const drop = Math.min(history.keys.length - 1, updateId - history.baseId);
    if (drop <= 0) return;
    history.keys.splice(0, drop);
    history.baseId += drop;
  }

  /** Stops recording. */
  dispose(): void {
    this.unsubscribe();
  }

  private record(step: MarketStep): void {
    const history = this.bySymbol.get(step.symbol);
    if (!history) return;
    const image = this.source.market(step.symbol).truth(this.depth);
    const expectedId = history.baseId + history.keys.length;
    if (step.updateId !== expectedId) {
      // Cannot happen with the harness (ids are consecutive); start over rather than mis-index.
      history.keys.length = 0;
      history.baseId = step.updateId;
    }
    history.keys.push(bookKey(image.bids, image.asks, this.depth));
    if (history.keys.length > this.capacity) {
      const drop = history.keys.length - this.capacity;
      history.keys.splice(0, drop);
      history.baseId += drop;
    }
  }

  private history(symbol: string): SymbolHistory {
    const history = this.bySymbol.get(symbol);
    if (!history) throw new RangeError(`TruthHistory: not recording "${symbol}"`);
    return history;
  }
}
