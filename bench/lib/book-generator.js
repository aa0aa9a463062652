'use strict';
/**
 * A seeded, exchange-independent generator of realistic order-book traffic for the benchmarks:
 * a book of `levelsPerSide` levels a side on a tick grid, and a sequence of updates of 1..20 net
 * level changes each. Most changes hit the top of the book, as on real venues: size changes and
 * cancels at top-biased ranks, new orders within a few ticks of the touch (sometimes inside the
 * spread), trades that consume the best level; the deep end is refilled/trimmed so the book keeps
 * its size. The book never crosses and every number is on the grid (prices `ticks * tickSize`,
 * quantities `units * 10^-quantityDecimals`), so wire text parses back to exactly these numbers.
 *
 * (rxmarket's own `SimulatedMarket` is not used for the datasets: with seed 42, 1000 levels and
 * `maxOperationsPerStep: 12` its spread widens from
 * 1 tick to ~600 USD after ~50 000 steps, which no real BTC/USDT book does.)
 *
 * @example
 * const gen = new BookGenerator({ seed: 42, levelsPerSide: 1000, tickSize: 0.01, quantityDecimals: 5, midPrice: 65_000 });
 * const snapshot = gen.image();      // { bids: [[price, qty], ...], asks: [...] } best first
 * const update = gen.next();         // { bids: [[price, qty]], asks: [...] }, qty 0 = removed
 * gen.top(10);                       // the true top 10 a side now
 */

/** mulberry32: the same generator as lib/testing/harness/seeded-random.ts. */
function seeded(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class BookSideModel {
  /** @param {1 | -1} direction 1 for asks (ascending ticks = best first), -1 for bids */
  constructor(direction) {
    this.direction = direction;
    /** ticks, best first */
    this.ticks = [];
    /** ticks → units */
    this.units = new Map();
  }

  get depth() {
    return this.ticks.length;
  }

  best() {
    return this.ticks[0];
  }

  worst() {
    return this.ticks[this.ticks.length - 1];
  }

  /** Index where `tick` is or would be inserted (best first). */
  rank(tick) {
    let low = 0;
    let high = this.ticks.length;
    const d = this.direction;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if ((this.ticks[mid] - tick) * d < 0) low = mid + 1;
      else high = mid;
    }
    return low;
  }

  set(tick, units) {
    const exists = this.units.has(tick);
    if (units === 0) {
      if (!exists) return;
      this.units.delete(tick);
      this.ticks.splice(this.rank(tick), 1);
    } else {
      if (!exists) this.ticks.splice(this.rank(tick), 0, tick);
      this.units.set(tick, units);
    }
  }
}

class BookGenerator {
  /**
   * @param {{ seed: number, levelsPerSide: number, tickSize: number, quantityDecimals: number, midPrice: number, maxChanges?: number, slack?: number }} options
   *   `slack`: each side holds `levelsPerSide .. levelsPerSide + slack` levels (default 20; 0 = exactly `levelsPerSide`)
   */
  constructor(options) {
    this.random = seeded(options.seed);
    this.levelsPerSide = options.levelsPerSide;
    this.tickSize = options.tickSize;
    // the decimals that write the tick exactly (0.01 → 2, 0.5 → 1: a rounded log10 gave 0 for 0.5 and merged half-dollar prices)
    this.priceDecimals = [...Array(13).keys()].find((d) => Number(options.tickSize.toFixed(d)) === options.tickSize) ?? 12;
    this.quantityDecimals = options.quantityDecimals;
    this.maxChanges = options.maxChanges ?? 20;
    this.slack = options.slack ?? 20;
    this.typicalUnits = Math.max(1, Math.round((5000 / options.midPrice) * 10 ** options.quantityDecimals));
    this.bids = new BookSideModel(-1);
    this.asks = new BookSideModel(1);
    const mid = Math.round(options.midPrice / options.tickSize);
    /** Fair price in ticks: new orders cluster around it; it random-walks by one tick. */
    this.center = mid;
    let bid = mid;
    let ask = mid - 1;
    for (let i = 0; i < this.levelsPerSide; i++) {
      bid -= this.deepGap();
      ask += this.deepGap();
      this.bids.set(bid, this.randomUnits());
      this.asks.set(ask, this.randomUnits());
    }
    this.pending = new Map();
  }

  price(ticks) {
    return Number((ticks * this.tickSize).toFixed(this.priceDecimals));
  }

  quantity(units) {
    return units / 10 ** this.quantityDecimals;
  }

  randomUnits() {
    return Math.max(1, Math.round(this.typicalUnits * Math.min(20, -Math.log(1 - this.random()))));
  }

  /** Distance to the next deeper level: mostly adjacent ticks, sometimes a hole of 1..2 ticks. */
  deepGap() {
    return this.random() < 0.6 ? 1 : 2 + Math.floor(this.random() * 2);
  }

  topBiasedRank(depth) {
    return Math.min(depth - 1, Math.floor(depth * this.random() ** 4));
  }

  /** Records a change (net per level within one update). */
  change(side, tick, units) {
    const book = side === 'bid' ? this.bids : this.asks;
    if (units === 0 && !book.units.has(tick)) return;
    if (units !== 0 && book.units.get(tick) === units) return;
    const key = side === 'bid' ? -tick : tick; // bids and asks never share a tick, the sign keeps them apart anyway
    if (!this.pending.has(key)) this.pending.set(key, { side, tick, before: book.units.get(tick) ?? 0 });
    book.set(tick, units);
  }

  operation() {
    const roll = this.random();
    const side = this.random() < 0.5 ? 'bid' : 'ask';
    const book = side === 'bid' ? this.bids : this.asks;
    const other = side === 'bid' ? this.asks : this.bids;
    if (roll < 0.1) {
      // a trade consumes (part of) the best level of `side`
      const best = book.best();
      const units = book.units.get(best);
      const taken = this.random() < 0.4 ? units : 1 + Math.floor(this.random() * units);
      this.change(side, best, units - taken);
    } else if (roll < 0.4) {
      // a new order a few ticks from the fair price (so the spread stays tight), never crossing
      if (this.random() < 0.3) this.center += this.random() < 0.5 ? -1 : 1;
      const distance = Math.floor(this.random() ** 2 * 12);
      let tick = side === 'bid' ? this.center - 1 - distance : this.center + distance;
      const limit = other.best() + book.direction; // one tick away from the other side
      if ((tick - limit) * book.direction < 0) tick = limit;
      this.change(side, tick, this.randomUnits());
    } else if (roll < 0.8) {
      // a size change, mostly near the top
      const tick = book.ticks[this.topBiasedRank(book.depth)];
      this.change(side, tick, this.randomUnits());
    } else if (book.depth > 2) {
      // a cancel, mostly near the top
      const tick = book.ticks[this.topBiasedRank(book.depth)];
      this.change(side, tick, 0);
    }
  }

  /** Tops each side up to `levelsPerSide` levels at the deep end (after a cancel or a trade). */
  refill() {
    for (const [side, book] of [['bid', this.bids], ['ask', this.asks]]) {
      while (book.depth < this.levelsPerSide) this.change(side, book.worst() + book.direction * this.deepGap(), this.randomUnits());
    }
  }

  /**
   * At the end of an update, cuts each side back to `levelsPerSide + slack` levels from the deep end
   * (the cut levels are flagged `trimmed`: on Kraken they leave the subscribed depth unannounced).
   */
  trim() {
    for (const [side, book] of [['bid', this.bids], ['ask', this.asks]]) {
      while (book.depth > this.levelsPerSide + this.slack) {
        const worst = book.worst();
        this.change(side, worst, 0);
        this.pending.get(side === 'bid' ? -worst : worst).trimmed = true;
      }
    }
  }

  /**
   * The next update: 1..`maxChanges` net level changes, bids best first, asks best first;
   * `trimmed`: prices among them removed only because their side outgrew its size (deep end).
   * @returns {{ bids: [number, number][], asks: [number, number][], trimmed: Set<number> }}
   */
  next() {
    for (;;) {
      const update = this.draw();
      if (update) return update;
    }
  }

  /** One attempt at an update; `undefined` (and the book restored) when it netted 0 or too many changes. */
  draw() {
    const target = 1 + Math.floor(this.random() ** 2 * this.maxChanges);
    this.pending.clear();
    let attempts = 0;
    while (this.netChanges() < target && attempts++ < target * 4) {
      this.operation();
      this.refill();
      if (this.netChanges() > this.maxChanges) break;
    }
    this.trim();
    const bids = [];
    const asks = [];
    /** Prices removed only because the side grew past its size (trimmed at the deep end). */
    const trimmed = new Set();
    for (const { side, tick, before, trimmed: wasTrimmed } of this.pending.values()) {
      const book = side === 'bid' ? this.bids : this.asks;
      const units = book.units.get(tick) ?? 0;
      if (units === before) continue;
      (side === 'bid' ? bids : asks).push([this.price(tick), this.quantity(units)]);
      if (wasTrimmed && units === 0) trimmed.add(this.price(tick));
    }
    if (bids.length + asks.length === 0 || bids.length + asks.length > this.maxChanges) {
      for (const { side, tick, before } of this.pending.values()) (side === 'bid' ? this.bids : this.asks).set(tick, before);
      return undefined;
    }
    bids.sort((a, b) => b[0] - a[0]);
    asks.sort((a, b) => a[0] - b[0]);
    return { bids, asks, trimmed };
  }

  netChanges() {
    let n = 0;
    for (const { side, tick, before } of this.pending.values()) if (((side === 'bid' ? this.bids : this.asks).units.get(tick) ?? 0) !== before) n++;
    return n;
  }

  /** The whole book, best first. */
  image() {
    return this.top(Infinity);
  }

  /** At most `n` levels a side, best first, as `[price, quantity]`. */
  top(n) {
    const side = (book) => book.ticks.slice(0, n).map((tick) => [this.price(tick), this.quantity(book.units.get(tick))]);
    return { bids: side(this.bids), asks: side(this.asks) };
  }

  /** Best ask - best bid, in ticks. */
  spreadTicks() {
    return this.asks.best() - this.bids.best();
  }
}

module.exports = { BookGenerator, seeded };
