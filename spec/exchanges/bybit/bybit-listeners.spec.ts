import { asyncScheduler, firstValueFrom, Observable, of } from 'rxjs';
import { bybitLinearInstrument, fetchBybitInstruments } from '../../../lib/exchanges/bybit/bybit-instruments';
import { type BybitTopOfBook, spotTicker, tickerListener, topOfBookListener } from '../../../lib/exchanges/bybit/bybit-listeners';
import type { BybitSpotStats } from '../../../lib/exchanges/bybit/bybit-tickers';
import type { ListenerFactory } from '../../../lib/exchanges/common/stream-hub';
import type { HttpRequest, HttpTransport } from '../../../lib/socket/http-transport';
import { marbles } from '../../operators/marble-helpers';

const stats = (price: number, at: number): BybitSpotStats => ({ price, high24h: 2, low24h: 1, volume24h: 3, change24h: 0.5, timestamp: at, localTimestamp: at + 0.5 });
const top = (bid: number, at: number): BybitTopOfBook => ({ bid, bidSize: 1, ask: bid + 1, askSize: 2, timestamp: at, localTimestamp: at + 0.5 });

/** Drives a listener factory by hand; returns what it emitted and how often it resubscribed. */
function drive<T>(factory: ListenerFactory<T>) {
  const emitted: T[] = [];
  let resubscribes = 0;
  let listener!: ReturnType<ListenerFactory<T>>;
  new Observable<T>((subscriber) => {
    listener = factory(subscriber, { key: 'k', scheduler: asyncScheduler, raise: () => undefined, resubscribe: () => resubscribes++ });
  }).subscribe((value) => emitted.push(value));
  return { emitted, listener, resubscribes: () => resubscribes };
}

describe('spotTicker (tickers + orderbook.1)', () => {
  it('emits once both streams have spoken, then on every message of either, stamped with the newer one', () => {
    marbles().run(({ cold, expectObservable }) => {
      const stats$ = cold('a----b', { a: stats(100, 1), b: stats(101, 6) });
      const top$ = cold('--x-y--', { x: top(99, 3), y: top(98, 5) });
      const ticker = (price: number, bid: number, at: number) => ({
        type: 'ticker', exchange: 'bybit', symbol: 'BTC/USDT', price, bid, bidSize: 1, ask: bid + 1, askSize: 2,
        high24h: 2, low24h: 1, volume24h: 3, change24h: 0.5, timestamp: at, localTimestamp: at + 0.5,
      });
      expectObservable(spotTicker('BTC/USDT', stats$, top$)).toBe('--x-yb', { x: ticker(100, 99, 3), y: ticker(100, 98, 5), b: ticker(101, 98, 6) });
    });
  });
});

describe('Bybit stream listeners', () => {
  it('tickerListener forwards what it picks (nothing while incomplete) and resubscribes after a bad ticker frame', () => {
    const run = drive<number>(tickerListener((payload) => payload.derivative?.markPrice));
    run.listener.data({ derivative: { markPrice: 5 } }, 1);
    run.listener.data({ stats: {} }, 1);
    run.listener.status('invalid');
    run.listener.status('connected');
    expect([run.emitted, run.resubscribes()]).toEqual([[5], 1]);
  });

  it('topOfBookListener takes the best level of each side of a snapshot, and skips an empty side', () => {
    const run = drive(topOfBookListener);
    run.listener.data({ type: 'snapshot', bids: [[100, 1]], asks: [[101, 2]], updateId: 1, sequence: 1, timestamp: 9 }, 10);
    run.listener.data({ type: 'snapshot', bids: [], asks: [[101, 2]], updateId: 2, sequence: 2, timestamp: 10 }, 11);
    run.listener.status('invalid');
    expect(run.emitted).toEqual([{ bid: 100, bidSize: 1, ask: 101, askSize: 2, timestamp: 9, localTimestamp: 10 }]);
    expect(run.resubscribes()).toBe(1);
  });
});

describe('Bybit instruments', () => {
  const entry = { symbol: 'BTCUSDT', contractType: 'LinearPerpetual', status: 'Trading', baseCoin: 'BTC', quoteCoin: 'USDT', settleCoin: 'USDT', deliveryTime: '0', priceFilter: { tickSize: '0.10' }, lotSizeFilter: { qtyStep: '0.001' } };

  it('maps perpetuals, USDC perpetuals and dated futures to unified symbols; other contract types are left out', () => {
    expect(bybitLinearInstrument(entry)?.symbol).toBe('BTC/USDT:USDT');
    expect(bybitLinearInstrument({ ...entry, symbol: 'BTCPERP', quoteCoin: 'USDC', settleCoin: 'USDC' })?.symbol).toBe('BTC/USDC:USDC');
    expect(bybitLinearInstrument({ ...entry, symbol: 'BTCUSDT-25DEC26', contractType: 'LinearFutures', deliveryTime: '1798185600000' })).toEqual(
      expect.objectContaining({ symbol: 'BTC/USDT:USDT-261225', type: 'future', settle: 'USDT' }),
    );
    expect(bybitLinearInstrument({ ...entry, contractType: 'InversePerpetual' })).toBeUndefined();
    expect(bybitLinearInstrument({ ...entry, contractType: 'LinearFutures', deliveryTime: '0' })).toBeUndefined();
  });

  /** A transport answering each URL with the next body of its category. */
  function transport(pages: Record<'spot' | 'linear', object[]>): { http: HttpTransport; urls: string[] } {
    const urls: string[] = [];
    const http: HttpTransport = (request: HttpRequest) => {
      urls.push(request.url);
      const category = new URL(request.url).searchParams.get('category') as 'spot' | 'linear';
      return of({ status: 200, headers: {}, body: JSON.stringify(pages[category].shift()) });
    };
    return { http, urls };
  }
  const body = (category: string, list: object[], nextPageCursor?: string) => ({ retCode: 0, retMsg: 'OK', result: { category, list, ...(nextPageCursor === undefined ? {} : { nextPageCursor }) } });

  it('follows nextPageCursor until it is empty, in both categories, and skips entries without the fields it reads', async () => {
    const { http, urls } = transport({
      spot: [body('spot', [{ symbol: 'BTCUSDT', baseCoin: 'BTC', quoteCoin: 'USDT', status: 'Trading', lotSizeFilter: { basePrecision: '0.000001' }, priceFilter: { tickSize: '0.1' } }, { symbol: 'BROKEN' }])],
      linear: [body('linear', [entry], 'c1'), body('linear', [{ ...entry, symbol: 'ETHUSDT', baseCoin: 'ETH' }], 'c2'), body('linear', [], '')],
    });
    const list = await firstValueFrom(fetchBybitInstruments(http, 'https://api.bybit.com/'));
    expect(list.map((i) => i.symbol)).toEqual(['BTC/USDT', 'BTC/USDT:USDT', 'ETH/USDT:USDT']);
    expect(urls).toEqual([
      'https://api.bybit.com/v5/market/instruments-info?category=spot&limit=1000',
      'https://api.bybit.com/v5/market/instruments-info?category=linear&limit=1000',
      'https://api.bybit.com/v5/market/instruments-info?category=linear&limit=1000&cursor=c1',
      'https://api.bybit.com/v5/market/instruments-info?category=linear&limit=1000&cursor=c2',
    ]);
  });

  it('errors on a retCode other than 0 and on a cursor that does not advance', async () => {
    const failing = transport({ spot: [{ retCode: 10006, retMsg: 'Too many visits!', result: {} }], linear: [body('linear', [])] });
    await expect(firstValueFrom(fetchBybitInstruments(failing.http, 'https://api.bybit.com'))).rejects.toThrow(/category=spot/);
    const coded = transport({ spot: [{ retCode: 10006, retMsg: 'Too many visits!', result: { category: 'spot', list: [] } }], linear: [body('linear', [])] });
    await expect(firstValueFrom(fetchBybitInstruments(coded.http, 'https://api.bybit.com'))).rejects.toThrow('retCode 10006 Too many visits!');
    const looping = transport({ spot: [body('spot', [])], linear: [body('linear', [], 'same'), body('linear', [], 'same')] });
    await expect(firstValueFrom(fetchBybitInstruments(looping.http, 'https://api.bybit.com'))).rejects.toThrow(/cursor does not advance/);
  });
});
