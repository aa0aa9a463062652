import { candles, type Candle } from '../../lib/operators/candles';
import type { Trade } from '../../lib/model/trade';
import { marbles } from './marble-helpers';

const trade = (timestamp: number, price: number, amount: number, side: Trade['side'], symbol = 'BTC/USD'): Trade => ({
  type: 'trade',
  exchange: 'kraken',
  symbol,
  id: `${timestamp}-${price}`,
  price,
  amount,
  side,
  timestamp,
  localTimestamp: timestamp + 0.5,
});

const bar = (start: number, values: Partial<Candle>, symbol = 'BTC/USD'): Candle => ({
  type: 'candle',
  exchange: 'kraken',
  symbol,
  interval: 1_000,
  start,
  end: start + 1_000,
  open: 0,
  high: 0,
  low: 0,
  close: 0,
  volume: 0,
  buyVolume: 0,
  sellVolume: 0,
  trades: 0,
  vwap: 0,
  timestamp: 0,
  localTimestamp: 0,
  ...values,
});

describe('candles()', () => {
  it('builds OHLCV bars by trade time, volume per taker side, each emitted when a later bar begins; the last on completion', () => {
    marbles().run(({ cold, expectObservable }) => {
      const trades = cold('a b c d e |', {
        a: trade(10_100, 100, 1, 'buy'),
        b: trade(10_500, 103, 2, 'sell'),
        c: trade(10_999, 99, 1, 'buy'),
        d: trade(12_050, 101, 4, 'sell'), // 11 000–12 000 had no trade: no bar
        e: trade(12_900, 102, 1, 'unknown'),
      });
      expectObservable(trades.pipe(candles({ interval: 1_000 }))).toBe('---x-(y|)', {
        x: bar(10_000, { open: 100, high: 103, low: 99, close: 99, volume: 4, buyVolume: 2, sellVolume: 2, trades: 3, vwap: (100 + 206 + 99) / 4, timestamp: 10_999, localTimestamp: 10_999.5 }),
        y: bar(12_000, { open: 101, high: 102, low: 101, close: 102, volume: 5, buyVolume: 0, sellVolume: 4, trades: 2, vwap: (404 + 102) / 5, timestamp: 12_900, localTimestamp: 12_900.5 }),
      });
    });
  });

  it('keeps one bar per exchange + symbol; a trade older than the open bar is ignored', () => {
    marbles().run(({ cold, expectObservable }) => {
      const trades = cold('a b c d e |', {
        a: trade(1_100, 10, 1, 'buy'),
        b: trade(1_200, 20, 1, 'sell', 'ETH/USD'),
        c: trade(2_100, 11, 1, 'buy'),
        d: trade(1_900, 12, 1, 'buy'), // late: its bar (1 000) was emitted when c arrived
        e: trade(2_300, 21, 1, 'buy', 'ETH/USD'),
      });
      expectObservable(trades.pipe(candles({ interval: 1_000 }))).toBe('--x-y(zw|)', {
        x: bar(1_000, { open: 10, high: 10, low: 10, close: 10, volume: 1, buyVolume: 1, trades: 1, vwap: 10, timestamp: 1_100, localTimestamp: 1_100.5 }),
        y: bar(1_000, { open: 20, high: 20, low: 20, close: 20, volume: 1, sellVolume: 1, trades: 1, vwap: 20, timestamp: 1_200, localTimestamp: 1_200.5 }, 'ETH/USD'),
        z: bar(2_000, { open: 11, high: 11, low: 11, close: 11, volume: 1, buyVolume: 1, trades: 1, vwap: 11, timestamp: 2_100, localTimestamp: 2_100.5 }),
        w: bar(2_000, { open: 21, high: 21, low: 21, close: 21, volume: 1, buyVolume: 1, trades: 1, vwap: 21, timestamp: 2_300, localTimestamp: 2_300.5 }, 'ETH/USD'),
      });
    });
  });

  it('closeAfter: a quiet bar closes on the scheduler clock, closeAfter ms after its end', () => {
    const scheduler = marbles();
    scheduler.run(({ hot, expectObservable }) => {
      // trade times on the same clock as the scheduler (frame = ms)
      const trades = hot('-a 1200ms b', { a: trade(1, 100, 1, 'buy'), b: trade(1_202, 101, 1, 'buy') });
      expectObservable(trades.pipe(candles({ interval: 1_000, closeAfter: 50, scheduler })), '^ 2000ms !').toBe('1050ms x', {
        x: bar(0, { open: 100, high: 100, low: 100, close: 100, volume: 1, buyVolume: 1, trades: 1, vwap: 100, timestamp: 1, localTimestamp: 1.5 }),
      });
    });
  });

  it('rejects a bad interval when built, and passes errors through', () => {
    expect(() => candles({ interval: 0 })).toThrow(TypeError);
    marbles().run(({ cold, expectObservable }) => {
      expectObservable(cold('a #', { a: trade(5, 1, 1, 'buy') }).pipe(candles({ interval: 1_000 }))).toBe('-#');
    });
  });
});
