import { TestScheduler } from 'rxjs/testing';
import type { ExchangeId } from '../../lib/model/exchange-id';
import type { OrderBookState } from '../../lib/model/order-book-state';
import type { Ticker } from '../../lib/model/ticker';

/** A TestScheduler comparing frames with Jest's deep equality. */
export function marbles(): TestScheduler {
  return new TestScheduler((actual, expected) => expect(actual).toEqual(expected));
}

/** A ticker with a given top of book; everything else neutral. */
export function ticker(
  exchange: ExchangeId,
  symbol: string,
  top: { bid: number; ask: number; bidSize?: number; askSize?: number; at?: number; exchangeAt?: number },
): Ticker {
  const at = top.at ?? 0;
  return {
    type: 'ticker',
    exchange,
    symbol,
    price: (top.bid + top.ask) / 2,
    bid: top.bid,
    bidSize: top.bidSize ?? 1,
    ask: top.ask,
    askSize: top.askSize ?? 1,
    high24h: 0,
    low24h: 0,
    volume24h: 0,
    change24h: 0,
    timestamp: top.exchangeAt ?? at,
    localTimestamp: at,
  };
}

/** An order-book state with the given levels. */
export function bookState(
  exchange: ExchangeId,
  symbol: string,
  bids: [number, number][],
  asks: [number, number][],
  at = 0,
): OrderBookState {
  return { exchange, symbol, bids, asks, timestamp: at, localTimestamp: at };
}
