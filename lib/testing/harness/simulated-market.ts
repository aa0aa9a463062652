import type { BookLevel } from '../../model/book-event';
import { type BookImage, type BookSide, GroundTruthBook } from './ground-truth-book';
import type { MarketSpec } from './market-spec';
import {
  type PriceGrid,
  priceGrid,
  priceOfTicks,
  quantityOfUnits,
  roundTo,
  ticksOfPrice,
  unitsOfQuantity,
} from './price-grid';
import {
  type RandomSource,
  randomChance,
  randomInt,
  randomPick,
  randomTopBiasedIndex,
  seededRandom,
} from './seeded-random';

/**
 * Options of a {@link SimulatedMarket}.
 *
 * @example
 * ```ts
 * new SimulatedMarket(marketSpecFor('BTC/USDT'), { seed: 42, levels: 200 });
 * ```
 */
export interface SimulatedMarketOptions {
  /** Seed; combined with the symbol, so each market of one simulator gets its own sequence (default 1). */
  readonly seed?: number;
  /** Levels kept on each side of the book (default 1000). */
  readonly levels?: number;
  /** Update id of the initial book; each step adds one (default: a seeded value in [1e8, 9e8]). */
  readonly initialUpdateId?: number;
  /** Steps remembered for {@link SimulatedMarket.bookAt} (default 2000). */
  readonly historySize?: number;
  /** Upper bound of random book operations per step; each step performs 1..this many (default 20). */
  readonly maxOperationsPerStep?: number;
  /** Clock for trade and step timestamps, epoch ms (default `Date.now`). */
  readonly now?: () => number;
}

/**
 * One changed level: `quantity` is absolute, `0` means the level was removed.
 *
 * @example
 * ```ts
 * const change: LevelChange = { side: 'ask', price: 65000.01, quantity: 0 };
 * ```
 */
export interface LevelChange {
  readonly side: BookSide;
  readonly price: number;
  readonly quantity: number;
}

/**
 * A simulated public trade. `side` is the taker's side (`buy` lifted the ask).
 *
 * @example
 * ```ts
 * const trade: SimulatedTrade = { id: 1001, price: 65000.01, amount: 0.012, side: 'buy', timestamp: Date.now() };
 * ```
 */
export interface SimulatedTrade {
  readonly id: number;
  readonly price: number;
  readonly amount: number;
  readonly side: 'buy' | 'sell';
  readonly timestamp: number;
}

/**
 * What one {@link SimulatedMarket.step} did. `changes` are net per level (coalesced, first-touched
 * order, never a no-op); the book after the step is the book before plus `changes`.
 *
 * @example
 * ```ts
 * const step: MarketStep = market.step();
 * console.log(step.updateId, step.changes.length, step.trades.length, step.topChanged);
 * ```
 */
export interface MarketStep {
  readonly symbol: string;
  /** Previous step's `updateId` + 1. */
  readonly updateId: number;
  readonly timestamp: number;
  readonly changes: readonly LevelChange[];
  readonly trades: readonly SimulatedTrade[];
  /** `true` when the best bid/ask price or size changed. */
  readonly topChanged: boolean;
}

/**
 * Best bid and ask with their sizes (`NaN` for an empty side).
 *
 * @example
 * ```ts
 * const { bid, ask }: TopOfBook = market.top();
 * ```
 */
export interface TopOfBook {
  readonly bid: number;
  readonly bidSize: number;
  readonly ask: number;
  readonly askSize: number;
}

/**
 * Rolling 24 h statistics of a market, consistent with the trades it produced.
 * Prices are on the tick grid, quantities on the quantity grid, `quoteVolume` is rounded to the
 * price decimals and `priceChangePercent` to 3 decimals.
 *
 * @example
 * ```ts
 * const s: MarketStats = market.stats();
 * console.log(s.last, s.high, s.low, s.volume, s.priceChangePercent);
 * ```
 */
export interface MarketStats extends TopOfBook {
  readonly openTime: number;
  readonly closeTime: number;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly last: number;
  readonly lastQuantity: number;
  /** Base-currency volume. */
  readonly volume: number;
  /** Quote-currency volume. */
  readonly quoteVolume: number;
  readonly priceChange: number;
  /** Percent, 3 decimals (1.5 = +1.5 %). */
  readonly priceChangePercent: number;
  readonly weightedAveragePrice: number;
  /** Price of the last trade before the window (taken as the open). */
  readonly previousClose: number;
  readonly firstTradeId: number;
  readonly lastTradeId: number;
  readonly tradeCount: number;
}

const DAY_MS = 86_400_000;

/** Mixes a symbol into a seed so several markets of one simulator get different sequences. */
function seedForSymbol(seed: number, symbol: string): number {
  let hash = (seed ^ 0x9e3779b9) >>> 0;
  for (let i = 0; i < symbol.length; i++) hash = Math.imul(hash ^ symbol.charCodeAt(i), 0x01000193) >>> 0;
  return hash;
}

interface UndoRecord {
  readonly updateId: number;
  /** Flattened triples: side (0 bid, 1 ask), ticks, units before the step. */
  readonly before: readonly number[];
}

/**
 * A seeded random market for one symbol, shared by every exchange simulator: a mid price that
 * random-walks on a realistic tick grid, a ground-truth order book ({@link GroundTruthBook}, kept
 * at `levels` per side and never crossed), trades and 24 h statistics. Nothing happens until
 * {@link step} is called: the simulator (or a test) drives it, so runs are reproducible.
 *
 * @example
 * ```ts
 * const market = new SimulatedMarket(marketSpecFor('BTC/USDT'), { seed: 7, levels: 100 });
 * const step = market.step();           // 1..20 level operations, maybe trades
 * market.truth(10);                     // top 10 of the ground truth, best first
 * market.bookAt(step.updateId - 1);     // the book just before that step
 * ```
 */
export class SimulatedMarket {
  readonly symbol: string;
  readonly grid: PriceGrid;
  private readonly book: GroundTruthBook;
  private readonly random: RandomSource;
  private readonly levelsPerSide: number;
  private readonly maxOperations: number;
  private readonly historySize: number;
  private readonly now: () => number;
  private readonly typicalUnits: number;
  private readonly history: UndoRecord[] = [];
  private currentUpdateId: number;
  private centerTicks: number;
  private nextTradeId: number;
  // statistics
  private readonly openTime: number;
  private readonly openTicks: number;
  private highTicks: number;
  private lowTicks: number;
  private lastTicks: number;
  private lastUnits: number;
  private volumeUnits: number;
  private quoteVolume: number;
  private readonly firstTradeId: number;
  private tradeCount: number;
  /** Step being built: `${side}:${ticks}` → units before the step. */
  private touched = new Map<string, number>();

  constructor(spec: MarketSpec, options: SimulatedMarketOptions = {}) {
    this.symbol = spec.symbol;
    this.grid = priceGrid(spec.tickSize, spec.quantityDecimals);
    this.book = new GroundTruthBook(this.grid);
    this.random = seededRandom(seedForSymbol(options.seed ?? 1, spec.symbol));
    this.levelsPerSide = Math.max(1, options.levels ?? 1000);
    this.maxOperations = Math.max(1, options.maxOperationsPerStep ?? 20);
    this.historySize = Math.max(0, options.historySize ?? 2000);
    this.now = options.now ?? Date.now;
    const typicalQuantity = spec.typicalQuantity ?? 5000 / spec.initialPrice;
    this.typicalUnits = Math.max(1, unitsOfQuantity(this.grid, typicalQuantity));
    this.currentUpdateId = options.initialUpdateId ?? randomInt(this.random, 100_000_000, 900_000_000);

    const midTicks = Math.max(2, ticksOfPrice(this.grid, spec.initialPrice));
    this.centerTicks = midTicks;
    this.book.setUnits('bid', midTicks, this.randomUnits());
    this.book.setUnits('ask', midTicks + 1, this.randomUnits());
    this.refill('bid');
    this.refill('ask');
    this.touched.clear();

    // 24 h statistics "before" the simulation started, seeded and plausible.
    this.openTime = this.now() - DAY_MS;
    this.openTicks = Math.max(1, Math.round(midTicks * (1 + (this.random() - 0.5) * 0.06)));
    this.highTicks = Math.round(Math.max(this.openTicks, midTicks) * (1 + this.random() * 0.02));
    this.lowTicks = Math.max(1, Math.round(Math.min(this.openTicks, midTicks) * (1 - this.random() * 0.02)));
    this.lastTicks = midTicks;
    this.lastUnits = this.randomUnits();
    this.volumeUnits = this.typicalUnits * randomInt(this.random, 2_000, 20_000);
    this.quoteVolume = quantityOfUnits(this.grid, this.volumeUnits) * priceOfTicks(this.grid, (this.openTicks + midTicks) / 2);
    this.tradeCount = randomInt(this.random, 100_000, 2_000_000);
    this.nextTradeId = randomInt(this.random, 10_000_000, 900_000_000);
    this.firstTradeId = this.nextTradeId - this.tradeCount;
  }

  /** Update id of the current book (the last step's, or the initial one). */
  get updateId(): number {
    return this.currentUpdateId;
  }

  /** Advances the market by one step and returns what changed. */
  step(): MarketStep {
    const updateId = ++this.currentUpdateId;
    const timestamp = this.now();
    const topBefore = this.topKey();
    const trades: SimulatedTrade[] = [];
    this.touched = new Map();

    if (randomChance(this.random, 0.5)) this.centerTicks += randomPick(this.random, [-2, -1, 1, 2]);
    const operations = randomInt(this.random, 1, this.maxOperations);
    for (let i = 0; i < operations; i++) this.randomOperation(trades, timestamp);
    let changes = this.collectChanges();
    while (changes.length === 0) {
      this.updateLevel(randomPick(this.random, ['bid', 'ask'] as const));
      changes = this.collectChanges();
    }
    this.remember(updateId);
    return { symbol: this.symbol, updateId, timestamp, changes, trades, topChanged: this.topKey() !== topBefore };
  }

  /**
   * Advances the market by one scripted step instead of a random one: sets each level (`quantity` 0
   * removes it; prices and quantities are snapped to the grid), with no trade and no refill. For
   * tests that need an exact book change, e.g. removing the best bid.
   */
  applyChanges(changes: readonly LevelChange[]): MarketStep {
    const updateId = ++this.currentUpdateId;
    const topBefore = this.topKey();
    this.touched = new Map();
    for (const change of changes) this.set(change.side, ticksOfPrice(this.grid, change.price), unitsOfQuantity(this.grid, change.quantity));
    const applied = this.collectChanges();
    this.remember(updateId);
    return { symbol: this.symbol, updateId, timestamp: this.now(), changes: applied, trades: [], topChanged: this.topKey() !== topBefore };
  }

  /** The ground truth now: both sides, best first, at most `depth` levels each. */
  truth(depth = Infinity): BookImage {
    return this.book.image(depth);
  }

  /**
   * The ground truth as it was right after update `updateId` (within the last `historySize`
   * steps), or `undefined` when that is too old or in the future.
   */
  bookAt(updateId: number, depth = Infinity): BookImage | undefined {
    if (updateId === this.currentUpdateId) return this.book.image(depth);
    if (updateId > this.currentUpdateId || this.currentUpdateId - updateId > this.history.length) return undefined;
    const past = this.book.clone();
    for (let i = this.history.length - 1; i >= 0; i--) {
      const record = this.history[i]!;
      if (record.updateId <= updateId) break;
      const before = record.before;
      for (let j = 0; j < before.length; j += 3) {
        past.setUnits(before[j] === 0 ? 'bid' : 'ask', before[j + 1]!, before[j + 2]!);
      }
    }
    return past.image(depth);
  }

  /** Best bid and ask with sizes. */
  top(): TopOfBook {
    const bid = this.book.bestTicks('bid');
    const ask = this.book.bestTicks('ask');
    return {
      bid: bid === undefined ? NaN : priceOfTicks(this.grid, bid),
      bidSize: bid === undefined ? NaN : quantityOfUnits(this.grid, this.book.unitsAt('bid', bid)),
      ask: ask === undefined ? NaN : priceOfTicks(this.grid, ask),
      askSize: ask === undefined ? NaN : quantityOfUnits(this.grid, this.book.unitsAt('ask', ask)),
    };
  }

  /** Levels on `side` now. */
  depth(side: BookSide): number {
    return this.book.depth(side);
  }

  /** `true` if best bid ≥ best ask (never, unless there is a bug). */
  isCrossed(): boolean {
    return this.book.isCrossed();
  }

  /** Rolling 24 h statistics now. */
  stats(): MarketStats {
    const open = priceOfTicks(this.grid, this.openTicks);
    const last = priceOfTicks(this.grid, this.lastTicks);
    const volume = quantityOfUnits(this.grid, this.volumeUnits);
    const priceChange = roundTo(last - open, this.grid.priceDecimals);
    return {
      ...this.top(),
      openTime: this.openTime,
      closeTime: this.now(),
      open,
      high: priceOfTicks(this.grid, this.highTicks),
      low: priceOfTicks(this.grid, this.lowTicks),
      last,
      lastQuantity: quantityOfUnits(this.grid, this.lastUnits),
      volume,
      quoteVolume: roundTo(this.quoteVolume, this.grid.priceDecimals),
      priceChange,
      priceChangePercent: roundTo((priceChange / open) * 100, 3),
      weightedAveragePrice: roundTo(this.quoteVolume / volume, this.grid.priceDecimals),
      previousClose: open,
      firstTradeId: this.firstTradeId,
      lastTradeId: this.nextTradeId - 1,
      tradeCount: this.tradeCount,
    };
  }

  private randomOperation(trades: SimulatedTrade[], timestamp: number): void {
    const roll = this.random();
    if (roll < 0.12) this.trade(trades, timestamp);
    else if (roll < 0.42) this.insertNearTop(randomPick(this.random, ['bid', 'ask'] as const));
    else if (roll < 0.85) this.updateLevel(randomPick(this.random, ['bid', 'ask'] as const));
    else this.removeLevel(randomPick(this.random, ['bid', 'ask'] as const));
    this.refill('bid');
    this.refill('ask');
  }

  /** A taker hits the best level of the other side; buys are likelier when the center is above the mid. */
  private trade(trades: SimulatedTrade[], timestamp: number): void {
    const bid = this.book.bestTicks('bid');
    const ask = this.book.bestTicks('ask');
    if (bid === undefined || ask === undefined) return;
    const pull = Math.max(-0.3, Math.min(0.3, (this.centerTicks - (bid + ask) / 2) / 10));
    const side = this.random() < 0.5 + pull ? 'buy' : 'sell';
    const makerSide: BookSide = side === 'buy' ? 'ask' : 'bid';
    const ticks = side === 'buy' ? ask : bid;
    const available = this.book.unitsAt(makerSide, ticks);
    const units = randomChance(this.random, 0.3) ? available : randomInt(this.random, 1, available);
    this.set(makerSide, ticks, available - units);
    const id = this.nextTradeId++;
    trades.push({
      id,
      price: priceOfTicks(this.grid, ticks),
      amount: quantityOfUnits(this.grid, units),
      side,
      timestamp,
    });
    this.lastTicks = ticks;
    this.lastUnits = units;
    if (ticks > this.highTicks) this.highTicks = ticks;
    if (ticks < this.lowTicks) this.lowTicks = ticks;
    this.volumeUnits += units;
    this.quoteVolume += priceOfTicks(this.grid, ticks) * quantityOfUnits(this.grid, units);
    this.tradeCount++;
  }

  /** A new order near the top, possibly inside the spread, never crossing. */
  private insertNearTop(side: BookSide): void {
    const bid = this.book.bestTicks('bid');
    const ask = this.book.bestTicks('ask');
    const mid = bid !== undefined && ask !== undefined ? (bid + ask) / 2 : this.centerTicks;
    const eager = side === 'bid' ? this.centerTicks > mid : this.centerTicks < mid;
    const improve = eager ? 3 : 1;
    let ticks: number;
    if (side === 'bid') {
      ticks = (bid ?? (ask ?? this.centerTicks + 1) - 1) + randomInt(this.random, -8, improve);
      if (ask !== undefined) ticks = Math.min(ticks, ask - 1);
      if (ticks < 1) return;
    } else {
      ticks = (ask ?? (bid ?? this.centerTicks - 1) + 1) - randomInt(this.random, -8, improve);
      if (bid !== undefined) ticks = Math.max(ticks, bid + 1);
    }
    this.set(side, ticks, this.randomUnits());
  }

  /** A new size for an existing level, mostly near the top. */
  private updateLevel(side: BookSide): void {
    const depth = this.book.depth(side);
    if (depth === 0) return;
    const ticks = this.book.ticksAt(side, randomTopBiasedIndex(this.random, depth))!;
    const current = this.book.unitsAt(side, ticks);
    let units = this.randomUnits();
    if (units === current) units += 1;
    this.set(side, ticks, units);
  }

  /** A cancelled level, mostly near the top (refill keeps the side's depth). */
  private removeLevel(side: BookSide): void {
    const depth = this.book.depth(side);
    if (depth <= 1) return;
    this.set(side, this.book.ticksAt(side, randomTopBiasedIndex(this.random, depth))!, 0);
  }

  /** Keeps `side` at exactly `levelsPerSide` levels by trimming or extending its deep end. */
  private refill(side: BookSide): void {
    while (this.book.depth(side) > this.levelsPerSide) this.set(side, this.book.worstTicks(side)!, 0);
    while (this.book.depth(side) < this.levelsPerSide) {
      const worst = this.book.worstTicks(side);
      const gap = randomChance(this.random, 0.6) ? 1 : randomInt(this.random, 2, 4);
      let ticks: number;
      if (side === 'bid') {
        ticks = worst === undefined ? (this.book.bestTicks('ask') ?? this.centerTicks + 1) - 1 : worst - gap;
        if (ticks < 1) return;
      } else {
        ticks = worst === undefined ? (this.book.bestTicks('bid') ?? this.centerTicks - 1) + 1 : worst + gap;
      }
      this.set(side, ticks, this.randomUnits());
    }
  }

  private set(side: BookSide, ticks: number, units: number): void {
    const previous = this.book.setUnits(side, ticks, units);
    const key = `${side === 'bid' ? 0 : 1}:${ticks}`;
    if (!this.touched.has(key)) this.touched.set(key, previous);
  }

  /** Net changes of the step so far (levels whose quantity really differs from before the step). */
  private collectChanges(): LevelChange[] {
    const changes: LevelChange[] = [];
    for (const [key, before] of this.touched) {
      const separator = key.indexOf(':');
      const side: BookSide = key.charCodeAt(0) === 48 ? 'bid' : 'ask';
      const ticks = Number(key.slice(separator + 1));
      const units = this.book.unitsAt(side, ticks);
      if (units !== before) {
        changes.push({ side, price: priceOfTicks(this.grid, ticks), quantity: quantityOfUnits(this.grid, units) });
      }
    }
    return changes;
  }

  private remember(updateId: number): void {
    if (this.historySize === 0) return;
    const before: number[] = [];
    for (const [key, units] of this.touched) {
      before.push(key.charCodeAt(0) === 48 ? 0 : 1, Number(key.slice(key.indexOf(':') + 1)), units);
    }
    this.history.push({ updateId, before });
    if (this.history.length > this.historySize) this.history.shift();
  }

  private randomUnits(): number {
    const factor = Math.min(20, -Math.log(1 - this.random()));
    return Math.max(1, Math.round(this.typicalUnits * factor));
  }

  private topKey(): string {
    const bid = this.book.bestTicks('bid');
    const ask = this.book.bestTicks('ask');
    const bidUnits = bid === undefined ? 0 : this.book.unitsAt('bid', bid);
    const askUnits = ask === undefined ? 0 : this.book.unitsAt('ask', ask);
    return `${bid}:${bidUnits}:${ask}:${askUnits}`;
  }
}

/**
 * Applies `changes` to a plain price→quantity book image (best first), returning a new image.
 * A reference replay for tests: `applyLevelChanges(before, step.changes)` equals the truth after.
 *
 * @example
 * ```ts
 * const after = applyLevelChanges(market.truth(), market.step().changes);
 * ```
 */
export function applyLevelChanges(image: BookImage, changes: readonly LevelChange[]): BookImage {
  const bids = new Map<number, number>(image.bids.map(([price, quantity]) => [price, quantity]));
  const asks = new Map<number, number>(image.asks.map(([price, quantity]) => [price, quantity]));
  for (const change of changes) {
    const side = change.side === 'bid' ? bids : asks;
    if (change.quantity === 0) side.delete(change.price);
    else side.set(change.price, change.quantity);
  }
  const sorted = (map: Map<number, number>, descending: boolean): BookLevel[] =>
    [...map.entries()].sort((a, b) => (descending ? b[0] - a[0] : a[0] - b[0]));
  return { bids: sorted(bids, true), asks: sorted(asks, false) };
}
