import { TestScheduler } from 'rxjs/testing';
import { withQuietNotices } from '../../lib/cli/commands/arb-command';
import { arbitrageRecord } from '../../lib/cli/format/arbitrage-record';
import type { ArbitrageOpportunity } from '../../lib/operators/arbitrage-signal';

const opportunity = (buyPrice: number, sellPrice: number, size: number, fees: [number, number]): ArbitrageOpportunity => {
  const netSpread = sellPrice * (1 - fees[1]) - buyPrice * (1 + fees[0]);
  return {
    type: 'opportunity', buyExchange: 'binance', sellExchange: 'kraken', symbol: 'BTC/USDT~BTC/USD', buySymbol: 'BTC/USDT', sellSymbol: 'BTC/USD',
    buyPrice, sellPrice, size, spread: sellPrice - buyPrice, spreadPct: ((sellPrice - buyPrice) / buyPrice) * 100,
    netSpread, netSpreadPct: (netSpread / buyPrice) * 100, profit: size * netSpread, timestamp: 1786309548210, localTimestamp: 1786309548210.883,
  };
};

describe('arb output', () => {
  it('prints derived numbers without binary floating-point noise (--json)', () => {
    const raw = opportunity(65000.83, 65001.2, 0.0194, [0, 0]);
    expect(raw.spread).toBe(0.3699999999953434); // binary noise, as the CLI printed before
    const record = arbitrageRecord(raw, [0, 0]);
    expect(record).toMatchObject({ spread: 0.37, netSpread: 0.37, profit: 0.007178, buyPrice: 65000.83, size: 0.0194, localTimestamp: 1786309548210.883 });
    expect(JSON.stringify(record)).not.toMatch(/\.\d{10,}/);

    const fees: [number, number] = [0.001, 0.0026];
    const withFees = arbitrageRecord(opportunity(65000.83, 65201.2, 0.5, fees), fees);
    if (withFees.type !== 'opportunity') throw new Error('expected an opportunity');
    expect(withFees.netSpread).toBeCloseTo(65201.2 * 0.9974 - 65000.83 * 1.001, 6);
    expect(JSON.stringify(withFees)).not.toMatch(/\.\d{10,}/);

    const closed = arbitrageRecord({ type: 'closed', symbol: raw.symbol, reason: 'spread', opportunity: raw, localTimestamp: 2 }, [0, 0]);
    expect(closed.type === 'closed' && closed.opportunity.spread).toBe(0.37);
  });

  it('says when nothing was found for a while, and starts counting again after each signal', () => {
    const scheduler = new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
    scheduler.run(({ cold, expectObservable, flush }) => {
      const notices: number[] = [];
      const out$ = withQuietNotices(cold('25ms a 40ms b 5ms |'), 10, () => notices.push(scheduler.now()));
      expectObservable(out$).toBe('25ms a 40ms b 5ms |');
      flush();
      // quiet from 0: 10, 20; after a (25): 35, 45, 55, 65; after b (66) until the end (72): none
      expect(notices).toEqual([10, 20, 35, 45, 55, 65]);
    });
  });
});
