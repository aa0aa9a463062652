import fc from 'fast-check';
import type { BookEvent } from '../../lib/model/book-event';
import type { DerivativeTicker } from '../../lib/model/derivative-ticker';
import type { Ticker } from '../../lib/model/ticker';
import type { Trade } from '../../lib/model/trade';
import {
  decodeBookRecord,
  decodeDerivativeTicker,
  decodeStoredSnapshot,
  decodeTicker,
  decodeTrade,
  encodeBookRecord,
  encodeDerivativeTicker,
  encodeStoredSnapshot,
  encodeTicker,
  encodeTrade,
} from '../../lib/nats/nats-codec';
import { decodeSymbolToken, encodeSymbolToken, marketSubject } from '../../lib/nats/nats-subjects';

describe('NATS subjects', () => {
  it('encode symbols as one safe token and back', () => {
    expect(marketSubject('binance', 'book', 'BTC/USDT')).toBe('md.binance.book.BTC_USDT');
    expect(marketSubject('binanceFutures', 'derivative', 'BTC/USDT:USDT')).toBe('md.binanceFutures.derivative.BTC_USDT~USDT');
    expect(encodeSymbolToken('A.B*C>D E_F~G%H')).toBe('A%2EB%2AC%3ED%20E%5FF%7EG%25H');
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (symbol) => {
        const token = encodeSymbolToken(symbol);
        expect(token).toMatch(/^[A-Za-z0-9_~%-]*$/);
        expect(decodeSymbolToken(token)).toBe(symbol);
      }),
    );
  });
});

describe('NATS payload codec', () => {
  const delta: BookEvent = { type: 'delta', exchange: 'binance', symbol: 'BTC/USDT', bids: [[65000.5, 0], [64999.99, 1.25]], asks: [[65001, 0.001]], timestamp: 1_700_000_000_000, localTimestamp: 1_700_000_000_001.25 };
  const snapshot: BookEvent = { ...delta, type: 'snapshot' };
  const trade: Trade = { type: 'trade', exchange: 'binance', symbol: 'BTC/USDT', id: '123456789', price: 65000.5, amount: 0.01, side: 'sell', timestamp: 1, localTimestamp: 2.5 };
  const ticker: Ticker = { type: 'ticker', exchange: 'kraken', symbol: 'BTC/USD', price: 1, bid: 0.9, bidSize: 2, ask: 1.1, askSize: 3, high24h: 2, low24h: 0.5, volume24h: 1000, change24h: -1.5, timestamp: 10, localTimestamp: 11 };
  const derivative: DerivativeTicker = { type: 'derivative_ticker', exchange: 'okx', symbol: 'BTC/USDT:USDT', markPrice: 65000, indexPrice: undefined, lastPrice: 65001, fundingRate: 0.0001, nextFundingTime: undefined, openInterest: 12, timestamp: 5, localTimestamp: 6 };

  it('round-trips every kind exactly, exchange and symbol from the subject', () => {
    expect(decodeBookRecord(encodeBookRecord({ epoch: 'e1', seq: 7, event: delta }), 'binance', 'BTC/USDT')).toEqual({ epoch: 'e1', seq: 7, event: delta });
    expect(decodeBookRecord(encodeBookRecord({ epoch: 'e1', seq: 0, event: snapshot }), 'binance', 'BTC/USDT')).toEqual({ epoch: 'e1', seq: 0, event: snapshot });
    expect(decodeStoredSnapshot(encodeStoredSnapshot({ epoch: 'e1', seq: 3, streamSeq: 99, event: snapshot as BookEvent & { type: 'snapshot' } }), 'binance', 'BTC/USDT')).toEqual({ epoch: 'e1', seq: 3, streamSeq: 99, event: snapshot });
    expect(decodeTrade(encodeTrade(trade), 'binance', 'BTC/USDT')).toEqual(trade);
    expect(decodeTicker(encodeTicker(ticker), 'kraken', 'BTC/USD')).toEqual(ticker);
    expect(decodeDerivativeTicker(encodeDerivativeTicker(derivative), 'okx', 'BTC/USDT:USDT')).toEqual(derivative);
  });

  it('is compact: a two-level delta is under half the size of the event as JSON', () => {
    const wire = encodeBookRecord({ epoch: 'mx60tnoloobc', seq: 123456, event: delta }).length;
    expect(wire).toBeLessThan(JSON.stringify(delta).length / 2 + 20);
  });

  it('never throws on bad input: undefined instead', () => {
    const bytes = (s: string) => new TextEncoder().encode(s);
    for (const bad of ['', '{', 'null', '[]', '[0,"e",-1,1,1,[],[]]', '[1,"e",1,1,1,[1],[]]', '[1,"e",1,1,1,["1",2],[]]', '[2,"e",1,1,1,[],[]]', '["x",1,1,"q",1,1]']) {
      expect(decodeBookRecord(bytes(bad), 'binance', 'X')).toBeUndefined();
      expect(decodeStoredSnapshot(bytes(bad), 'binance', 'X')).toBeUndefined();
      expect(decodeTrade(bytes(bad), 'binance', 'X')).toBeUndefined();
      expect(decodeTicker(bytes(bad), 'binance', 'X')).toBeUndefined();
      expect(decodeDerivativeTicker(bytes(bad), 'binance', 'X')).toBeUndefined();
    }
    fc.assert(fc.property(fc.uint8Array(), (raw) => void decodeBookRecord(raw, 'binance', 'X')));
  });
});
