import { from, lastValueFrom, map, toArray } from 'rxjs';
import { sizesInBaseUnits, toBaseUnitsWhere } from '../../lib/cli/dashboard/base-unit-sizes';
import { deribitEntry } from '../../lib/cli/exchanges/deribit-entry';
import { EXCHANGES } from '../../lib/cli/exchanges/exchange-registry';
import type { OrderBookState } from '../../lib/model/order-book-state';
import { arbitrage } from '../../lib/operators/arbitrage';

const deribitInverse: OrderBookState = { exchange: 'deribit', symbol: 'BTC/USD:BTC', bids: [[49_900, 4_990]], asks: [[50_000, 10_000]], timestamp: 1, localTimestamp: Date.now() };
const bybitLinear: OrderBookState = { exchange: 'bybit', symbol: 'BTC/USDT:USDT', bids: [[50_100, 1]], asks: [[50_200, 1]], timestamp: 1, localTimestamp: Date.now() };

describe('sizes of inverse contracts in base units (the demo and arb compare one unit across venues)', () => {
  it('turns quote-currency amounts into base units, prices and timestamps unchanged', () => {
    expect(sizesInBaseUnits(deribitInverse)).toEqual({ ...deribitInverse, bids: [[49_900, 0.1]], asks: [[50_000, 0.2]] });
  });

  it('Deribit says which symbols count USD: its inverse contracts, not its linear ones or spot; other venues count the base', () => {
    expect(['BTC/USD:BTC', 'ETH/USD:ETH', 'BTC/USD:BTC-261225'].map((s) => deribitEntry.quoteSizedSymbol!(s))).toEqual([true, true, true]);
    expect(['BTC/USDC:USDC', 'BTC/USDC'].map((s) => deribitEntry.quoteSizedSymbol!(s))).toEqual([false, false]);
    expect(EXCHANGES.filter((e) => e.quoteSizedSymbol !== undefined).map((e) => e.id)).toEqual(['deribit']);
  });

  it('an arbitrage between a Deribit inverse perpetual and a linear one sizes the opportunity in BTC, not in USD', async () => {
    const quoteSized = toBaseUnitsWhere((s) => s.exchange === 'deribit' && deribitEntry.quoteSizedSymbol!(s.symbol));
    const signals = await lastValueFrom(
      from([deribitInverse, bybitLinear]).pipe(map(quoteSized), arbitrage({ symbols: { deribit: 'BTC/USD:BTC', bybit: 'BTC/USDT:USDT' } }), toArray()),
    );
    expect(signals).toEqual([expect.objectContaining({ type: 'opportunity', buyExchange: 'deribit', sellExchange: 'bybit', size: 0.2 })]);
  });
});
