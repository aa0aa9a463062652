/**
 * The examples of docs/testing.md, executed: if this file changes, update the guide (and back).
 * They import from the library's source paths; in an application they read `from 'rxmarket'` and
 * `from 'rxmarket/testing'`.
 */
import { filter, firstValueFrom, map, type Observable, Subject, take, toArray } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { binance } from '../../lib/exchanges/binance/binance';
import { kraken } from '../../lib/exchanges/kraken/kraken';
import type { ExchangeEvent } from '../../lib/model/exchange-event';
import type { OrderBookState } from '../../lib/model/order-book-state';
import type { Ticker } from '../../lib/model/ticker';
import { conflateBy } from '../../lib/operators/conflate-by';
import { orderBook } from '../../lib/operators/order-book';
import { BinanceSimulator } from '../../lib/testing/binance/binance-simulator';
import { KrakenSimulator } from '../../lib/testing/kraken/kraken-simulator';

// --- the user's pipeline under test (docs/testing.md, "Marble tests") ---
/** Spreads wider than `bps` basis points, at most one alert per exchange+symbol per second. */
function wideSpreads(bps: number) {
  return (tickers$: Observable<Ticker>) =>
    tickers$.pipe(
      map((t) => ({ exchange: t.exchange, symbol: t.symbol, bps: ((t.ask - t.bid) / t.ask) * 10_000 })),
      filter((s) => s.bps > bps),
      conflateBy((s) => `${s.exchange} ${s.symbol}`, { window: 1_000 }),
    );
}

const tick = (bid: number, ask: number): Ticker => ({
  type: 'ticker', exchange: 'kraken', symbol: 'BTC/USD', price: bid, bid, bidSize: 1, ask, askSize: 1,
  high24h: 0, low24h: 0, volume24h: 0, change24h: 0, timestamp: 0, localTimestamp: 0,
});

describe('docs/testing.md examples', () => {
  it('marble test of a user pipeline (virtual time)', () => {
    new TestScheduler((actual, expected) => expect(actual).toEqual(expected)).run(({ cold, expectObservable }) => {
      const tickers$ = cold('a b c 996ms d', { a: tick(100, 100.5), b: tick(100, 100.01), c: tick(100, 101), d: tick(100, 102) });
      // a opens a 1 s window; b is too narrow; c and d arrive inside the window: only the latest (d) is emitted when it ends
      expectObservable(tickers$.pipe(wideSpreads(10))).toBe('a 999ms d', {
        a: { exchange: 'kraken', symbol: 'BTC/USD', bps: expect.closeTo(49.75, 2) },
        d: { exchange: 'kraken', symbol: 'BTC/USD', bps: expect.closeTo(196.08, 2) },
      });
    });
  });

  it('integration test against simulators, with a fault', async () => {
    const sim = await KrakenSimulator.start({ symbols: ['BTC/USD'], seed: 42 });
    const kr = kraken({ wsUrl: sim.wsUrl, reconnect: { delay: 20, maxDelay: 200 } });
    const events: ExchangeEvent[] = [];
    const eventsSub = kr.events$.subscribe((e) => events.push(e)); // events$ is hot: listen first
    const states = new Subject<OrderBookState>();
    let latest: OrderBookState | undefined;
    const bookSub = kr.book('BTC/USD').pipe(orderBook({ depth: 10 })).subscribe((s) => {
      latest = s;
      states.next(s);
    });
    try {
      await firstValueFrom(states.pipe(take(5), toArray())); // the book is live
      sim.corruptNextChecksum('BTC/USD'); // fault: the next book message carries a wrong CRC32
      await firstValueFrom(states.pipe(filter(() => events.some((e) => e.type === 'resync' && e.reason === 'checksum'))));
      sim.pause(); // freeze the market, then the local book must converge to the truth
      const truth = sim.truth('BTC/USD', 10);
      for (let i = 0; i < 250 && JSON.stringify([latest?.bids, latest?.asks]) !== JSON.stringify([truth.bids, truth.asks]); i++) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      expect({ bids: latest?.bids, asks: latest?.asks }).toEqual({ bids: truth.bids, asks: truth.asks });
    } finally {
      bookSub.unsubscribe();
      eventsSub.unsubscribe();
      await sim.stop();
    }
  });

  it('a simulator is an ordinary endpoint: the same client code, a local URL', async () => {
    const sim = await BinanceSimulator.start({ symbols: ['BTC/USDT'], seed: 1 });
    try {
      const bn = binance({ wsUrl: sim.wsUrl, restUrl: sim.restUrl });
      const trades = await firstValueFrom(bn.trades('BTC/USDT').pipe(take(3), toArray()));
      expect(trades.map((t) => t.symbol)).toEqual(['BTC/USDT', 'BTC/USDT', 'BTC/USDT']);
    } finally {
      await sim.stop();
    }
  });
});
