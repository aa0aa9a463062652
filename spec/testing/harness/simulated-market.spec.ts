import type { BookLevel } from '../../../lib/model/book-event';
import type { BookImage } from '../../../lib/testing/harness/ground-truth-book';
import { marketSpecFor } from '../../../lib/testing/harness/market-spec';
import { type MarketStep, SimulatedMarket } from '../../../lib/testing/harness/simulated-market';

const fixedClock = () => 1_700_000_000_000;

function market(seed = 11, levels = 50, symbol = 'BTC/USDT'): SimulatedMarket {
  return new SimulatedMarket(marketSpecFor(symbol), { seed, levels, now: fixedClock });
}

/** Independent reference replay: plain Maps, sorted at the end. */
function replay(image: BookImage, step: MarketStep): BookImage {
  const bids = new Map(image.bids.map(([p, q]) => [p, q] as [number, number]));
  const asks = new Map(image.asks.map(([p, q]) => [p, q] as [number, number]));
  for (const change of step.changes) {
    const side = change.side === 'bid' ? bids : asks;
    if (change.quantity === 0) side.delete(change.price);
    else side.set(change.price, change.quantity);
  }
  const levels = (m: Map<number, number>): BookLevel[] => [...m.entries()];
  return {
    bids: levels(bids).sort((a, b) => b[0] - a[0]),
    asks: levels(asks).sort((a, b) => a[0] - b[0]),
  };
}

describe('SimulatedMarket', () => {
  it('is deterministic for a seed and differs between seeds and symbols', () => {
    const a = market(7);
    const b = market(7);
    const stepsA = Array.from({ length: 200 }, () => a.step());
    const stepsB = Array.from({ length: 200 }, () => b.step());
    expect(stepsB).toEqual(stepsA);
    expect(b.truth()).toEqual(a.truth());
    expect(b.stats()).toEqual(a.stats());
    expect(market(8).truth()).not.toEqual(market(7).truth());
    expect(market(7, 50, 'ETH/USDT').step()).not.toEqual(market(7).step());
  });

  it('never crosses, keeps the configured depth, and numbers update ids one by one', () => {
    const m = market(3, 40);
    let previousId = m.updateId;
    for (let i = 0; i < 3000; i++) {
      const step = m.step();
      expect(step.updateId).toBe(previousId + 1);
      previousId = step.updateId;
      expect(step.changes.length).toBeGreaterThan(0);
      const truth = m.truth();
      expect(truth.bids.length).toBe(40);
      expect(truth.asks.length).toBe(40);
      expect(truth.bids[0]![0]).toBeLessThan(truth.asks[0]![0]);
      expect(m.isCrossed()).toBe(false);
    }
  });

  it('emits changes that rebuild the truth exactly, on the price and quantity grid', () => {
    const m = market(5, 60);
    let image = m.truth();
    const touchedTop = { near: 0, all: 0 };
    for (let i = 0; i < 1500; i++) {
      const tenthBid = image.bids[9]![0];
      const tenthAsk = image.asks[9]![0];
      const step = m.step();
      for (const change of step.changes) {
        expect(Number(change.price.toFixed(2))).toBe(change.price);
        expect(Number(change.quantity.toFixed(5))).toBe(change.quantity);
        expect(change.quantity).toBeGreaterThanOrEqual(0);
        touchedTop.all++;
        if (change.price >= tenthBid && change.price <= tenthAsk) touchedTop.near++;
      }
      image = replay(image, step);
      expect(image).toEqual(m.truth());
    }
    // most of the action is near the top: within the top 10 of 60 levels (uniform would be ~1/6)
    expect(touchedTop.near / touchedTop.all).toBeGreaterThan(0.4);
  });

  it('trades at the best level of the other side and keeps 24 h stats consistent', () => {
    // one operation per step, so a trade's price can be checked against the book before the step
    const m = new SimulatedMarket(marketSpecFor('BTC/USDT'), { seed: 9, levels: 30, maxOperationsPerStep: 1, now: fixedClock });
    let tradeCount = 0;
    let volume = m.stats().volume;
    let lastTradeId = m.stats().lastTradeId;
    for (let i = 0; i < 1000; i++) {
      const before = m.truth(1);
      const step = m.step();
      for (const trade of step.trades) {
        expect(trade.id).toBe(lastTradeId + 1);
        lastTradeId = trade.id;
        expect(trade.amount).toBeGreaterThan(0);
        volume += trade.amount;
        tradeCount++;
      }
      const first = step.trades[0];
      if (first) expect(first.price).toBe(first.side === 'buy' ? before.asks[0]![0] : before.bids[0]![0]);
      const stats = m.stats();
      expect(stats.high).toBeGreaterThanOrEqual(stats.last);
      expect(stats.low).toBeLessThanOrEqual(stats.last);
      const lastTrade = step.trades[step.trades.length - 1];
      if (lastTrade) {
        expect(stats.last).toBe(lastTrade.price);
        expect(stats.lastQuantity).toBe(lastTrade.amount);
      }
      expect(stats.bid).toBe(m.truth(1).bids[0]![0]);
      expect(stats.askSize).toBe(m.truth(1).asks[0]![1]);
    }
    expect(tradeCount).toBeGreaterThan(50);
    const stats = m.stats();
    expect(stats.volume).toBeCloseTo(volume, 4);
    expect(stats.lastTradeId).toBe(lastTradeId);
    expect(stats.priceChange).toBeCloseTo(stats.last - stats.open, 6);
  });

  it('moves the price around (a random walk, not a constant)', () => {
    const m = market(13, 50);
    const mids = new Set<number>();
    for (let i = 0; i < 2000; i++) {
      m.step();
      const { bid, ask } = m.top();
      mids.add((bid + ask) / 2);
    }
    expect(mids.size).toBeGreaterThan(20);
  });

  it('remembers past books by update id', () => {
    const m = market(21, 40);
    const recorded = new Map<number, BookImage>();
    for (let i = 0; i < 100; i++) recorded.set(m.step().updateId, m.truth());
    for (const [id, image] of recorded) expect(m.bookAt(id)).toEqual(image);
    expect(m.bookAt(m.updateId + 1)).toBeUndefined();
    const small = new SimulatedMarket(marketSpecFor('BTC/USDT'), { levels: 10, historySize: 5 });
    const start = small.updateId;
    for (let i = 0; i < 10; i++) small.step();
    expect(small.bookAt(start)).toBeUndefined();
    expect(small.bookAt(small.updateId - 5)).toBeDefined();
  });

  it('applies a scripted step exactly (no trade, no refill), remembered in the history like a random one', () => {
    const m = market(5, 20);
    const before = m.truth();
    const [best, second] = before.bids;
    const step = m.applyChanges([
      { side: 'bid', price: best![0], quantity: 0 },
      { side: 'ask', price: before.asks[2]![0], quantity: 1.5 },
      { side: 'bid', price: second![0], quantity: second![1] }, // unchanged: not a change
    ]);
    expect(step.updateId).toBe(m.updateId);
    expect(step.trades).toEqual([]);
    expect(step.topChanged).toBe(true);
    expect(step.changes).toEqual([
      { side: 'bid', price: best![0], quantity: 0 },
      { side: 'ask', price: before.asks[2]![0], quantity: 1.5 },
    ]);
    expect(m.truth()).toEqual(replay(before, step));
    expect(m.truth().bids).toHaveLength(19);
    expect(m.bookAt(step.updateId - 1)).toEqual(before);
  });
});
