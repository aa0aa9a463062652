import { DepthAccumulator } from '../../../lib/testing/harness/depth-accumulator';
import type { MarketStep } from '../../../lib/testing/harness/simulated-market';

const step = (updateId: number, changes: MarketStep['changes']): MarketStep => ({
  symbol: 'BTC/USDT',
  updateId,
  timestamp: 0,
  changes,
  trades: [],
  topChanged: false,
});

describe('DepthAccumulator', () => {
  it('aggregates steps: U = first id, u = last id, last quantity per price wins, sorted', () => {
    const acc = new DepthAccumulator();
    expect(acc.take()).toBeUndefined();
    acc.add(step(10, [{ side: 'bid', price: 100, quantity: 1 }, { side: 'ask', price: 102, quantity: 3 }]));
    acc.add(step(11, [{ side: 'bid', price: 101, quantity: 2 }, { side: 'bid', price: 100, quantity: 0 }]));
    expect(acc.isEmpty).toBe(false);
    expect(acc.take()).toEqual({
      firstUpdateId: 10,
      finalUpdateId: 11,
      bids: [[101, 2], [100, 0]],
      asks: [[102, 3]],
    });
    expect(acc.isEmpty).toBe(true);
    acc.add(step(12, [{ side: 'ask', price: 103, quantity: 1 }]));
    expect(acc.take()).toMatchObject({ firstUpdateId: 12, finalUpdateId: 12, bids: [] });
  });
});
