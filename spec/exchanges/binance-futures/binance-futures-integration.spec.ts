import { firstValueFrom, type Subscription, take, toArray } from 'rxjs';
import { binanceFutures } from '../../../lib/exchanges/binance-futures/binance-futures';
import type { ExchangeClient } from '../../../lib/model/client';
import type { DerivativeTicker } from '../../../lib/model/derivative-ticker';
import type { ExchangeEvent } from '../../../lib/model/exchange-event';
import type { OrderBookState } from '../../../lib/model/order-book-state';
import type { Ticker } from '../../../lib/model/ticker';
import type { Trade } from '../../../lib/model/trade';
import { BinanceFuturesSimulator } from '../../../lib/testing/binance-futures/binance-futures-simulator';
import { eventsOfType, expectBookMatchesTruth, latestBook } from '../../helpers/book-truth';
import { closeAndAwaitReopen, dropAndAwaitResync, silenceAndAwaitNewSocket } from '../../helpers/connection-recovery';
import { waitFor } from '../../helpers/wait-for';

const SYMBOLS = ['BTC/USDT:USDT', 'ETH/USDT:USDT', 'SOL/USDT:USDT'];
const DEPTH = 20;

describe('Binance USD-M against the simulator', () => {
  let sim: BinanceFuturesSimulator;
  let bf: ExchangeClient;
  let events: ExchangeEvent[];
  const subscriptions: Subscription[] = [];

  beforeEach(async () => {
    sim = await BinanceFuturesSimulator.start({ symbols: SYMBOLS, seed: 42, stepsPerSecond: 50, depthIntervalMs: 20, tickerIntervalMs: 50, markPriceIntervalMs: 50, bookLevels: 300 });
    bf = binanceFutures({ wsUrl: sim.wsUrl, restUrl: sim.restUrl, pingInterval: 300, pingTimeout: 200, reconnect: { delay: 20, maxDelay: 100 }, openInterestInterval: 100 });
    events = [];
    subscriptions.push(bf.events$.subscribe((e) => events.push(e)));
  });
  afterEach(async () => {
    subscriptions.splice(0).forEach((s) => s.unsubscribe());
    await sim.stop();
  });

  function watchBook(symbol: string, depth = 1000): () => OrderBookState | undefined {
    return latestBook(bf.book(symbol, { depth }), DEPTH, subscriptions);
  }

  /** Pauses the market, waits until the client's book shows exactly the ground truth, resumes. */
  async function expectBookEqualsTruth(symbol: string, latest: () => OrderBookState | undefined, what: string): Promise<void> {
    await expectBookMatchesTruth(sim, () => sim.truth(symbol, DEPTH), latest, `${symbol} book to equal the ground truth ${what}`);
  }

  const eventsOf = <T extends ExchangeEvent['type']>(type: T) => eventsOfType(events, type);
  const openUrls = () => eventsOf('open').map((e) => new URL(e.url).pathname);

  it('streams tickers (24 h statistics + book ticker) and aggregate trades, each stream on its routed endpoint', async () => {
    const tickers: Ticker[] = [];
    const trades: Trade[] = [];
    subscriptions.push(bf.tickers(SYMBOLS).subscribe((t) => tickers.push(t)));
    subscriptions.push(bf.trades(SYMBOLS).subscribe((t) => trades.push(t)));
    await waitFor(() => tickers.length >= 12 && trades.length >= 30, '12 tickers and 30 trades');
    expect(new Set(tickers.map((t) => t.symbol))).toEqual(new Set(SYMBOLS));
    for (const t of tickers) {
      expect(t).toEqual(expect.objectContaining({ type: 'ticker', exchange: 'binanceFutures' }));
      expect(t.bid).toBeLessThan(t.ask);
      expect(t.bidSize > 0 && t.askSize > 0 && t.high24h >= t.low24h && Number.isFinite(t.change24h)).toBe(true);
    }
    for (const t of trades) expect(['buy', 'sell']).toContain(t.side);
    // tickers need /market (@ticker) and /public (@bookTicker); trades ride on /market
    expect(new Set(openUrls())).toEqual(new Set(['/market/stream', '/public/stream']));
    expect(sim.connectionCount).toBe(2);
    const byPath = new Map([...sim.connections].map((c) => [c.url, sim.subscriptions(c)]));
    expect(new Set(byPath.get('/market/stream'))).toEqual(new Set(SYMBOLS.flatMap((s) => [`${s.split('/')[0]!.toLowerCase()}usdt@ticker`, `${s.split('/')[0]!.toLowerCase()}usdt@aggTrade`])));
    expect(new Set(byPath.get('/public/stream'))).toEqual(new Set(SYMBOLS.map((s) => `${s.split('/')[0]!.toLowerCase()}usdt@bookTicker`)));
  });

  it('derivative tickers: mark, index, funding and next funding as pushed, open interest as answered by REST, last price from @ticker', async () => {
    const received: DerivativeTicker[] = [];
    subscriptions.push(bf.derivativeTicker('BTC/USDT:USDT').subscribe((d) => received.push(d)));
    await waitFor(() => received.filter((d) => d.openInterest !== undefined && d.lastPrice !== undefined).length >= 5, 'derivative tickers with open interest and last price');
    const pushes = sim.markPricePushes('BTC/USDT:USDT');
    for (const d of received) {
      const push = pushes.find((p) => p.time === d.timestamp);
      expect(push).toBeDefined();
      expect([d.markPrice, d.indexPrice, d.fundingRate, d.nextFundingTime]).toEqual([push!.state.markPrice, push!.state.indexPrice, push!.state.fundingRate, push!.state.nextFundingTime]);
      expect(d).toEqual(expect.objectContaining({ type: 'derivative_ticker', exchange: 'binanceFutures', symbol: 'BTC/USDT:USDT' }));
      if (d.openInterest !== undefined) expect(sim.openInterestAnswers('BTC/USDT:USDT')).toContain(d.openInterest);
    }
    expect(received.at(-1)!.nextFundingTime! % (8 * 3_600_000)).toBe(0);
    // open interest is polled at the configured interval, by one poller however many subscribers
    const polls = sim.restLog.filter((r) => r.path === '/fapi/v1/openInterest').length;
    subscriptions.push(bf.derivativeTicker('BTC/USDT:USDT').subscribe());
    await waitFor(() => sim.restLog.filter((r) => r.path === '/fapi/v1/openInterest').length >= polls + 3, 'more open interest polls');
    const queries = sim.restLog.filter((r) => r.path === '/fapi/v1/openInterest').map((r) => r.query['symbol']);
    expect(new Set(queries)).toEqual(new Set(['BTCUSDT']));
    // a spot symbol is refused on its own stream
    await expect(firstValueFrom(bf.derivativeTicker('BTC/USDT'))).rejects.toThrow(/BTC\/USDT/);
  });

  it('a failed open-interest poll is an error event; the derivative stream goes on and the poll recovers', async () => {
    const received: DerivativeTicker[] = [];
    await firstValueFrom(bf.instruments()); // the catalog is loaded first: the next REST request is the poll
    sim.failRest(429, 1, 0);
    subscriptions.push(bf.derivativeTicker('ETH/USDT:USDT').subscribe((d) => received.push(d)));
    await waitFor(() => eventsOf('error').some((e) => e.kind === 'exchange' && /open interest of ETHUSDT: HTTP 429/.test(e.message)), 'the 429 to be reported');
    await waitFor(() => received.some((d) => d.openInterest !== undefined), 'open interest after the failure');
    expect(received.length).toBeGreaterThan(0);
  });

  it('keeps the book equal to the ground truth after many updates, and closes the socket on the last unsubscribe', async () => {
    const latest = watchBook('BTC/USDT:USDT');
    await waitFor(() => latest() !== undefined, 'a first book');
    sim.step(200);
    await expectBookEqualsTruth('BTC/USDT:USDT', latest, 'after 200 more steps');
    expect(openUrls()).toEqual(['/public/stream']);
    subscriptions.splice(1).forEach((s) => s.unsubscribe());
    await waitFor(() => sim.connections.size === 0, 'the server to see the socket closed');
    expect(eventsOf('close').at(-1)).toEqual(expect.objectContaining({ code: 1000 }));
    expect(eventsOf('resync')).toEqual([]);
  });

  it('recovers the exact book through every fault, with the expected event for each', async () => {
    const btc = watchBook('BTC/USDT:USDT');
    const eth = watchBook('ETH/USDT:USDT', 100);
    await waitFor(() => btc() !== undefined && eth() !== undefined, 'first books');
    await expectBookEqualsTruth('BTC/USDT:USDT', btc, 'initially');

    // a withheld depth event: the next one's pu names it → gap → resync → fresh snapshot
    sim.skipDepthEvent('BTC/USDT:USDT');
    await waitFor(() => eventsOf('resync').some((e) => e.reason === 'gap' && e.symbol === 'BTC/USDT:USDT'), 'a gap resync');
    await expectBookEqualsTruth('BTC/USDT:USDT', btc, 'after a gap');

    // a wrong pu on an intact event: the continuity rule alone catches it
    const gapsBefore = eventsOf('resync').filter((e) => e.symbol === 'ETH/USDT:USDT').length;
    sim.breakPu('ETH/USDT:USDT');
    await waitFor(() => eventsOf('resync').filter((e) => e.symbol === 'ETH/USDT:USDT' && e.reason === 'gap').length > gapsBefore, 'a resync after a pu break');
    await expectBookEqualsTruth('ETH/USDT:USDT', eth, 'after a pu break');

    // malformed JSON: a decode error event carrying the frame; a schema mismatch on a depth stream resyncs that book
    sim.sendMalformed('invalid-json');
    await waitFor(() => eventsOf('error').some((e) => e.kind === 'decode' && e.frame !== undefined), 'a decode error');
    const resyncsBefore = eventsOf('resync').length;
    sim.sendMalformed('schema', undefined, 'btcusdt@depth@100ms');
    await waitFor(() => eventsOf('resync').length > resyncsBefore, 'a resync after a bad depth frame');
    await expectBookEqualsTruth('BTC/USDT:USDT', btc, 'after malformed frames');

    // dropped connection: reconnect, resubscribe, resync 'reconnect'
    await dropAndAwaitResync(sim, () => events);
    await expectBookEqualsTruth('BTC/USDT:USDT', btc, 'after a dropped connection');
    await expectBookEqualsTruth('ETH/USDT:USDT', eth, 'after a dropped connection');

    // half-open socket: detected by the ping timeout, terminated and reconnected
    await silenceAndAwaitNewSocket(sim, () => events);
    await expectBookEqualsTruth('BTC/USDT:USDT', btc, 'after a half-open socket');

    // REST 429 with Retry-After while resyncing: an exchange error event, then the book syncs anyway
    sim.failRest(429, 1, 0);
    sim.skipDepthEvent('BTC/USDT:USDT');
    await waitFor(() => eventsOf('error').some((e) => e.kind === 'exchange' && /429/.test(e.message)), 'the 429 to be reported');
    await expectBookEqualsTruth('BTC/USDT:USDT', btc, 'after a 429');

    // the 24 h close (1000): a close event, then a reconnect
    await closeAndAwaitReopen(sim, () => events, 'daily');
    await expectBookEqualsTruth('BTC/USDT:USDT', btc, 'after the 24 h close');
    await expectBookEqualsTruth('ETH/USDT:USDT', eth, 'at the end');
  });

  it('a book on a quiet market syncs (an event whose pu is the snapshot id bridges it) and follows the market when it moves', async () => {
    sim.pause();
    sim.flush();
    const latest = watchBook('SOL/USDT:USDT');
    await waitFor(() => latest() !== undefined, 'a snapshot of the quiet book (fetched after the quiet period)');
    sim.step(30);
    await expectBookEqualsTruth('SOL/USDT:USDT', latest, 'after the market moved');
    expect(eventsOf('resync')).toEqual([]);
  });

  it('errors the stream of an unknown symbol with a clear message while other streams carry on', async () => {
    const trades: unknown[] = [];
    subscriptions.push(bf.trades('BTC/USDT:USDT').subscribe((t) => trades.push(t)));
    const error = await new Promise<Error>((resolve) => subscriptions.push(bf.book('NOPE/USDT:USDT').subscribe({ error: resolve })));
    expect(error.message).toBe('binanceFutures: unknown symbol "NOPE/USDT:USDT" (GET /fapi/v1/exchangeInfo does not list it)');
    const count = trades.length;
    await waitFor(() => trades.length > count + 2, 'more trades after the failed book');
    // in a multi-symbol call only the unknown symbol fails
    const tickers = await firstValueFrom(bf.tickers(['NOPE/USDT:USDT', 'ETH/USDT:USDT']).pipe(take(2), toArray()));
    expect(tickers.map((t) => t.symbol)).toEqual(['ETH/USDT:USDT', 'ETH/USDT:USDT']);
    expect(eventsOf('error')).toContainEqual(expect.objectContaining({ kind: 'exchange', symbol: 'NOPE/USDT:USDT' }));
  });

  it('rejects invalid arguments as an erroring Observable, not a throw', async () => {
    await expect(firstValueFrom(bf.ticker('btcusdt'))).rejects.toThrow(/BASE\/QUOTE/);
    await expect(firstValueFrom(bf.book('BTC/USDT:USDT', { depth: 0 }))).rejects.toThrow(/depth/);
    await expect(firstValueFrom(bf.book('BTC/USDT:USDT', { depth: 1001 }))).rejects.toThrow(/depth/);
    expect(() => binanceFutures({ openInterestInterval: 0 })).toThrow(RangeError);
  });

  it('rounds a book depth up to a limit the REST endpoint takes', async () => {
    const latest = watchBook('ETH/USDT:USDT', 30);
    await waitFor(() => latest() !== undefined, 'a book');
    expect(sim.restLog.filter((r) => r.path === '/fapi/v1/depth').map((r) => r.query['limit'])).toEqual(['50']);
  });

  it('answers the server pings (keepalive) and stays connected', async () => {
    await sim.stop();
    sim = await BinanceFuturesSimulator.start({ symbols: ['BTC/USDT:USDT'], seed: 5, serverPingIntervalMs: 50, pongTimeoutMs: 10_000 });
    bf = binanceFutures({ wsUrl: sim.wsUrl, restUrl: sim.restUrl });
    subscriptions.push(bf.events$.subscribe((e) => events.push(e)));
    subscriptions.push(bf.trades('BTC/USDT:USDT').subscribe());
    await waitFor(() => sim.controlLog.filter((e) => e.kind === 'pong').length >= 5, 'five pongs to the server pings');
    expect(eventsOf('close')).toEqual([]);
    expect(sim.connectionCount).toBe(1);
  });

  it('adds streams within 10 control messages per second per socket and opens a second socket past 1024 streams', async () => {
    const extra = Array.from({ length: 1100 }, (_, i) => `X${i}/USDT:USDT`);
    await sim.stop();
    sim = await BinanceFuturesSimulator.start({ symbols: ['BTC/USDT:USDT'], seed: 3, listedSymbols: extra });
    bf = binanceFutures({ wsUrl: sim.wsUrl, restUrl: sim.restUrl });
    subscriptions.push(bf.events$.subscribe((e) => events.push(e)));
    await firstValueFrom(bf.instruments());
    for (let i = 0; i < 40; i++) {
      subscriptions.push(bf.trades(extra[i]!).subscribe());
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    subscriptions.push(bf.trades(extra.slice(40)).subscribe());
    await waitFor(() => sim.connectionCount === 2 && eventsOf('subscribe').reduce((n, e) => n + e.streams.length, 0) === 1100, 'all 1100 streams subscribed');
    const messages = sim.controlLog.filter((e) => e.kind !== 'pong');
    for (let i = 10; i < messages.length; i++) {
      if (messages[i]!.connection === messages[i - 10]!.connection) expect(messages[i]!.at - messages[i - 10]!.at).toBeGreaterThan(1000);
    }
    expect(eventsOf('close')).toEqual([]);
    expect(openUrls()).toEqual(['/market/stream', '/market/stream']);
  });

  it('a client reading events$ sees no resync on a healthy run of several books', async () => {
    const books = SYMBOLS.map((symbol) => watchBook(symbol, 100));
    await waitFor(() => books.every((b) => b() !== undefined), 'every book');
    await firstValueFrom(bf.trades(SYMBOLS).pipe(take(20), toArray()));
    expect(eventsOf('resync')).toEqual([]);
    expect(eventsOf('error')).toEqual([]);
  });
});
