import { NEVER, type Observable } from 'rxjs';
import type { BookEvent } from '../../lib/model/book-event';
import type { BookOptions, ExchangeClient } from '../../lib/model/client';
import type { ExchangeEvent } from '../../lib/model/exchange-event';
import type { ExchangeId } from '../../lib/model/exchange-id';
import type { Ticker } from '../../lib/model/ticker';
import type { Trade } from '../../lib/model/trade';
import { venues } from '../../lib/operators/venues';
import { marbles, ticker } from './marble-helpers';

interface FakeClient extends ExchangeClient {
  readonly calls: string[];
}

function fakeClient(
  exchange: ExchangeId,
  streams: { ticker?: (s: string) => Observable<Ticker>; events$?: Observable<ExchangeEvent> } = {},
): FakeClient {
  const calls: string[] = [];
  return {
    exchange,
    calls,
    events$: streams.events$ ?? NEVER,
    ticker: (s) => (calls.push(`ticker ${s}`), streams.ticker ? streams.ticker(s) : NEVER),
    tickers: (ss) => (calls.push(`tickers ${typeof ss === 'string' ? ss : ss.join(',')}`), NEVER as Observable<Ticker>),
    trades: (ss) => (calls.push(`trades ${typeof ss === 'string' ? ss : ss.join(',')}`), NEVER as Observable<Trade>),
    book: (s: string, o?: BookOptions) => (calls.push(`book ${s} ${o ? JSON.stringify(o) : '-'}`), NEVER as Observable<BookEvent>),
    derivativeTicker: () => NEVER,
    instruments: () => NEVER,
  };
}

describe('venues', () => {
  it('merges the same stream of every venue; each event keeps its own exchange and symbol', () => {
    marbles().run(({ cold, expectObservable }) => {
      const t = {
        b: ticker('binance', 'ETH/BTC', { bid: 1, ask: 2 }),
        k: ticker('kraken', 'ETH/BTC', { bid: 3, ask: 4 }),
      };
      const bn = fakeClient('binance', { ticker: () => cold('b---b|', t) });
      const kr = fakeClient('kraken', { ticker: () => cold('--k|', t) });
      expectObservable(venues([bn, kr]).ticker('ETH/BTC')).toBe('b-k-b|', t);
      expect(bn.calls).toEqual(['ticker ETH/BTC']);
      expect(kr.calls).toEqual(['ticker ETH/BTC']);
    });
  });

  it('maps quote currencies only when told: a per-exchange map subscribes each venue to its own symbol, and only those venues', () => {
    const bn = fakeClient('binance');
    const cb = fakeClient('coinbase');
    const kr = fakeClient('kraken');
    const v = venues([bn, cb, kr]);
    v.ticker({ binance: 'BTC/USDT', kraken: 'BTC/USD' });
    v.tickers({ binance: ['BTC/USDT', 'ETH/USDT'], coinbase: 'BTC/USD' });
    v.trades({ kraken: ['BTC/USD'] });
    v.book({ coinbase: 'BTC/USD' }, { depth: 10 });
    expect(bn.calls).toEqual(['ticker BTC/USDT', 'tickers BTC/USDT,ETH/USDT']);
    expect(cb.calls).toEqual(['tickers BTC/USD', 'book BTC/USD {"depth":10}']);
    expect(kr.calls).toEqual(['ticker BTC/USD', 'trades BTC/USD']);
  });

  it('passes shared symbols and lists to every venue', () => {
    const bn = fakeClient('binance');
    const kr = fakeClient('kraken');
    const v = venues([bn, kr]);
    v.tickers('ETH/BTC');
    v.trades(['ETH/BTC', 'SOL/BTC']);
    v.book('ETH/BTC');
    expect(bn.calls).toEqual(['tickers ETH/BTC', 'trades ETH/BTC,SOL/BTC', 'book ETH/BTC -']);
    expect(kr.calls).toEqual(bn.calls);
  });

  it('merges events$ and exposes exchanges, clients and venue()', () => {
    marbles().run(({ cold, expectObservable }) => {
      const e = {
        o: { type: 'open', exchange: 'binance', connection: 1, url: 'ws://x', timestamp: 0 } as ExchangeEvent,
        r: { type: 'resync', exchange: 'kraken', symbol: 'BTC/USD', reason: 'checksum', timestamp: 1 } as ExchangeEvent,
      };
      const bn = fakeClient('binance', { events$: cold('o--', e) });
      const kr = fakeClient('kraken', { events$: cold('-r-', e) });
      const v = venues([bn, kr]);
      expectObservable(v.events$).toBe('or-', e);
      expect(v.exchanges).toEqual(['binance', 'kraken']);
      expect(v.clients).toEqual([bn, kr]);
      expect(v.venue('kraken')).toBe(kr);
    });
  });

  it('rejects mistakes when built or when a stream is requested', () => {
    const bn = fakeClient('binance');
    expect(() => venues([])).toThrow(TypeError);
    expect(() => venues([bn, fakeClient('binance')])).toThrow(/two clients/);
    const v = venues([bn]);
    expect(() => v.ticker({ kraken: 'BTC/USD' })).toThrow(/"kraken" is not one of binance/);
    expect(() => v.ticker({})).toThrow(/names no exchange/);
    expect(() => v.venue('coinbase')).toThrow(TypeError);
  });

  it('is cold: nothing is subscribed until the merged stream is', () => {
    marbles().run(({ cold, expectObservable, expectSubscriptions }) => {
      const stream = cold('a|', { a: ticker('binance', 'BTC/USDT', { bid: 1, ask: 2 }) });
      const v = venues([fakeClient('binance', { ticker: () => stream })]);
      const merged = v.ticker('BTC/USDT');
      expectObservable(merged, '---^').toBe('---a|', { a: ticker('binance', 'BTC/USDT', { bid: 1, ask: 2 }) });
      expectSubscriptions(stream.subscriptions).toBe('---^!');
    });
  });
});
