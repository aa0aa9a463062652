import { firstValueFrom, type Subscription } from 'rxjs';
import { coinbase } from '../../../lib/exchanges/coinbase/coinbase';
import type { CoinbaseInstrument } from '../../../lib/exchanges/coinbase/coinbase-instruments';
import type { BookEvent } from '../../../lib/model/book-event';
import type { ExchangeClient } from '../../../lib/model/client';
import type { ExchangeEvent } from '../../../lib/model/exchange-event';
import type { OrderBookState } from '../../../lib/model/order-book-state';
import type { Ticker } from '../../../lib/model/ticker';
import type { Trade } from '../../../lib/model/trade';
import { orderBook } from '../../../lib/operators/order-book';
import { CoinbaseSimulator } from '../../../lib/testing/coinbase/coinbase-simulator';
import { waitFor } from '../../helpers/wait-for';

const PRODUCTS_PATH = '/api/v3/brokerage/market/products';
const DEPTH = 20;

/**
 * Coinbase refuses an unknown product with an error reply that names no request, so the client checks
 * symbols against the products list; and it serves USDC books under the USD product (`product_id`
 * `BTC-USD` on the wire), which the client maps from the list's `alias`/`alias_to`.
 */
describe('Coinbase symbols: checked against the products list, USDC aliases mapped', () => {
  let sim: CoinbaseSimulator;
  let cb: ExchangeClient;
  let events: ExchangeEvent[];
  const subscriptions: Subscription[] = [];

  beforeEach(async () => {
    sim = await CoinbaseSimulator.start({ symbols: ['BTC/USD', 'ETH/USD'], seed: 11, stepsPerSecond: 50, bookLevels: 100, heartbeatIntervalMs: 50 });
    cb = coinbase({ wsUrl: sim.wsUrl, restUrl: sim.restUrl, pingInterval: 150, pingTimeout: 250, reconnect: { delay: 20, maxDelay: 100 } });
    events = [];
    subscriptions.push(cb.events$.subscribe((e) => events.push(e)));
  });
  afterEach(async () => {
    subscriptions.splice(0).forEach((s) => s.unsubscribe());
    await sim.stop();
  });

  function watch<T>(stream: ReturnType<ExchangeClient['ticker']> | ReturnType<ExchangeClient['trades']> | ReturnType<ExchangeClient['book']>) {
    const seen: T[] = [];
    const state: { error?: Error } = {};
    subscriptions.push((stream as ReturnType<ExchangeClient['ticker']>).subscribe({ next: (v) => seen.push(v as T), error: (e: Error) => (state.error = e) }));
    return { seen, state };
  }

  function watchBook(symbol: string): () => OrderBookState | undefined {
    let latest: OrderBookState | undefined;
    subscriptions.push(cb.book(symbol).pipe(orderBook({ depth: DEPTH })).subscribe({ next: (s) => (latest = s), error: (e: unknown) => fail(e) }));
    return () => latest;
  }

  async function expectBookEqualsTruth(symbol: string, latest: () => OrderBookState | undefined, what: string): Promise<void> {
    sim.pause();
    const truth = () => sim.truth(symbol, DEPTH);
    await waitFor(() => {
      const state = latest();
      return state !== undefined && JSON.stringify([state.bids, state.asks]) === JSON.stringify([truth().bids, truth().asks]);
    }, `${symbol} book to equal the ground truth ${what}`);
    sim.resume();
  }

  it('errors ticker, trades and book of an unlisted product with a clear message while the others flow', async () => {
    const btc = watch<Ticker>(cb.ticker('BTC/USD'));
    await waitFor(() => btc.seen.length > 0, 'a BTC/USD ticker');
    const nope = watch<Ticker>(cb.ticker('NOPE/USD'));
    const nopeTrades = watch<Trade>(cb.trades('NOPE/USD'));
    const nopeBook = watch<BookEvent>(cb.book('NOPE/USD'));
    await waitFor(() => nope.state.error !== undefined && nopeTrades.state.error !== undefined && nopeBook.state.error !== undefined, 'the NOPE/USD streams to error');
    expect(nope.state.error!.message).toBe('coinbase: unknown symbol "NOPE/USD" (GET /api/v3/brokerage/market/products does not list it)');
    expect(nopeTrades.state.error!.message).toMatch(/unknown symbol "NOPE\/USD"/);
    expect(nopeBook.state.error!.message).toMatch(/unknown symbol "NOPE\/USD"/);
    expect(nope.seen).toEqual([]);
    const count = btc.seen.length;
    await waitFor(() => btc.seen.length > count + 3, 'more BTC/USD tickers after the refusal');
    expect(btc.state.error).toBeUndefined();
    expect(sim.controlLog.some((entry) => entry.text.includes('NOPE'))).toBe(false); // never sent to the exchange
  });

  it('tickers() with an unlisted product among listed ones: only that one fails, reported on events$', async () => {
    const tickers = watch<Ticker>(cb.tickers(['BTC/USD', 'NOPE/USD', 'ETH/USD']));
    await waitFor(() => new Set(tickers.seen.map((t) => t.symbol)).size === 2, 'tickers of both listed products');
    expect(tickers.state.error).toBeUndefined();
    expect(events.filter((e) => e.type === 'error' && e.symbol === 'NOPE/USD').map((e) => (e as { message: string }).message)).toEqual([
      'coinbase ticker NOPE/USD failed: coinbase: unknown symbol "NOPE/USD" (GET /api/v3/brokerage/market/products does not list it)',
    ]);
  });

  it('fetches the products list once per client and serves instruments() from it, aliases included', async () => {
    const list = (await firstValueFrom(cb.instruments())) as readonly CoinbaseInstrument[];
    expect(list.map((i) => [i.symbol, i.native, i.servedAs, i.base, i.quote, i.type, i.active])).toEqual([
      ['BTC/USD', 'BTC-USD', 'BTC-USD', 'BTC', 'USD', 'spot', true],
      ['BTC/USDC', 'BTC-USDC', 'BTC-USD', 'BTC', 'USDC', 'spot', true],
      ['ETH/USD', 'ETH-USD', 'ETH-USD', 'ETH', 'USD', 'spot', true],
      ['ETH/USDC', 'ETH-USDC', 'ETH-USD', 'ETH', 'USDC', 'spot', true],
    ]);
    expect(list[0]!.priceTick).toBe(sim.market('BTC/USD').grid.tickSize);
    await firstValueFrom(cb.ticker('ETH/USD'));
    await firstValueFrom(cb.trades('BTC/USDC'));
    expect(sim.restLog.filter((r) => r.path === PRODUCTS_PATH)).toHaveLength(1);
    expect(sim.restLog[0]!.query).toEqual({ product_type: ['SPOT'] });
  });

  it('errors the streams of a product the list shows delisted, without subscribing it', async () => {
    sim.delist('ETH/USD');
    const eth = watch<BookEvent>(cb.book('ETH/USD'));
    await waitFor(() => eth.state.error !== undefined, 'the delisted book to error');
    expect(eth.state.error!.message).toBe('coinbase: ETH/USD is delisted (GET /api/v3/brokerage/market/products status "delisted")');
    expect(sim.controlLog.some((entry) => entry.text.includes('ETH-USD'))).toBe(false);
  });

  it('labels BTC/USDC book, ticker and trades as BTC/USDC, served from the BTC-USD product, the book equal to the truth', async () => {
    const book = watch<BookEvent>(cb.book('BTC/USDC'));
    const latest = watchBook('BTC/USDC');
    const tickers = watch<Ticker>(cb.ticker('BTC/USDC'));
    const trades = watch<Trade>(cb.trades('BTC/USDC'));
    await waitFor(() => book.seen.length > 5 && tickers.seen.length > 2 && trades.seen.length > 2, 'BTC/USDC book events, tickers and trades');
    expect(new Set([...book.seen, ...tickers.seen, ...trades.seen].map((e) => e.symbol))).toEqual(new Set(['BTC/USDC']));
    expect(book.seen[0]!.type).toBe('snapshot');
    await expectBookEqualsTruth('BTC/USDC', latest, 'of the USD product serving it');
    expect([book.state.error, tickers.state.error, trades.state.error]).toEqual([undefined, undefined, undefined]);
  });

  it('gives BTC/USD and BTC/USDC on one client their own labelled events; both books verify, also after a gap', async () => {
    const usd = watch<BookEvent>(cb.book('BTC/USD'));
    const usdc = watch<BookEvent>(cb.book('BTC/USDC'));
    const usdBook = watchBook('BTC/USD');
    const usdcBook = watchBook('BTC/USDC');
    const usdTrades = watch<Trade>(cb.trades('BTC/USD'));
    const usdcTrades = watch<Trade>(cb.trades('BTC/USDC'));
    await waitFor(() => usd.seen.length > 5 && usdc.seen.length > 5 && usdTrades.seen.length > 0 && usdcTrades.seen.length > 0, 'events of both');
    expect(new Set(usd.seen.map((e) => e.symbol))).toEqual(new Set(['BTC/USD']));
    expect(new Set(usdc.seen.map((e) => e.symbol))).toEqual(new Set(['BTC/USDC']));
    expect(new Set(usdTrades.seen.map((e) => e.symbol))).toEqual(new Set(['BTC/USD']));
    expect(new Set(usdcTrades.seen.map((e) => e.symbol))).toEqual(new Set(['BTC/USDC']));
    await expectBookEqualsTruth('BTC/USD', usdBook, 'with BTC/USDC beside it');
    await expectBookEqualsTruth('BTC/USDC', usdcBook, 'with BTC/USD beside it');

    sim.dropNextFrame('l2_data');
    await waitFor(() => ['BTC/USD', 'BTC/USDC'].every((s) => events.some((e) => e.type === 'resync' && e.symbol === s && e.reason === 'gap')), 'gap resyncs of both');
    await expectBookEqualsTruth('BTC/USD', usdBook, 'after a gap');
    await expectBookEqualsTruth('BTC/USDC', usdcBook, 'after a gap');
  });
});
