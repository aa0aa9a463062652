import { map } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import type { BookEvent } from '../../../lib/model/book-event';
import type { Ticker } from '../../../lib/model/ticker';
import { orderBook } from '../../../lib/operators/order-book';
import { mockExchangeClient } from '../../../lib/testing/mock/mock-exchange-client';

const ticker = (symbol: string, bid: number): Ticker => ({
  type: 'ticker', exchange: 'binance', symbol, price: bid, bid, bidSize: 1, ask: bid + 1, askSize: 1,
  high24h: bid, low24h: bid, volume24h: 1, change24h: 0, timestamp: 0, localTimestamp: 0,
});

describe('mockExchangeClient', () => {
  it('serves the given streams per symbol, merged for multi-symbol calls, so user pipelines can be marble-tested', () => {
    new TestScheduler((a, b) => expect(a).toEqual(b)).run(({ cold, expectObservable }) => {
      const bn = mockExchangeClient('binance', {
        tickers: { 'BTC/USDT': cold('a--b', { a: ticker('BTC/USDT', 1), b: ticker('BTC/USDT', 2) }), 'ETH/USDT': cold('-c', { c: ticker('ETH/USDT', 3) }) },
      });
      expectObservable(bn.tickers(['BTC/USDT', 'ETH/USDT']).pipe(map((t) => `${t.symbol}@${t.bid}`))).toBe('ac-b', {
        a: 'BTC/USDT@1',
        b: 'BTC/USDT@2',
        c: 'ETH/USDT@3',
      });
      expectObservable(bn.ticker('SOL/USDT')).toBe('');
    });
  });

  it('feeds books through orderBook() like a real client', () => {
    new TestScheduler((a, b) => expect(a).toEqual(b)).run(({ cold, expectObservable }) => {
      const snapshot: BookEvent = { type: 'snapshot', exchange: 'kraken', symbol: 'BTC/USD', bids: [[10, 1]], asks: [[11, 1]], timestamp: 0, localTimestamp: 0 };
      const delta: BookEvent = { type: 'delta', exchange: 'kraken', symbol: 'BTC/USD', bids: [[10.5, 2]], asks: [], timestamp: 1, localTimestamp: 1 };
      const kr = mockExchangeClient('kraken', { books: { 'BTC/USD': cold('s-d', { s: snapshot, d: delta }) } });
      expectObservable(kr.book('BTC/USD').pipe(orderBook({ depth: 1 }), map((s) => s.bids[0]![0]))).toBe('x-y', { x: 10, y: 10.5 });
    });
  });
});
