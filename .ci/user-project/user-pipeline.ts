// A user's project, as a user writes it: strict TypeScript, skipLibCheck off, no @types/ws, a
// pinned rxjs of their own, and a marble test of their own pipeline built on rxmarket operators.
import * as assert from 'node:assert/strict';
import { TestScheduler } from 'rxjs/testing';
import { map } from 'rxjs';
import { conflateBy, type Ticker } from 'rxmarket';
import { mockExchangeClient, type BinanceSimulatorOptions } from 'rxmarket/testing';

const options: BinanceSimulatorOptions = { symbols: ['BTC/USDT'], seed: 1 };
void options;

const ticker = (bid: number): Ticker => ({
  type: 'ticker', exchange: 'binance', symbol: 'BTC/USDT', price: bid, bid, bidSize: 1, ask: bid + 1, askSize: 1,
  high24h: bid, low24h: bid, volume24h: 1, change24h: 0, timestamp: 0, localTimestamp: 0,
});

const scheduler = new TestScheduler((actual, expected) => assert.deepEqual(actual, expected));
scheduler.run(({ cold, expectObservable }) => {
  const client = mockExchangeClient('binance', { tickers: { 'BTC/USDT': cold('a-b-c 6ms d|', { a: ticker(1), b: ticker(2), c: ticker(3), d: ticker(4) }) } });
  // conflateBy's default scheduler is rxjs's asyncScheduler: with ONE rxjs copy the user's
  // TestScheduler virtualises it; with two copies this marble test would see no conflated values.
  const bids$ = client.ticker('BTC/USDT').pipe(conflateBy((t) => t.symbol, { window: 5 }), map((t) => t.bid));
  expectObservable(bids$).toBe('a----c 5ms d|', { a: 1, c: 3, d: 4 });
});
console.log('user project: strict types without @types/ws, one rxjs copy, marble test of a user pipeline: ok');
