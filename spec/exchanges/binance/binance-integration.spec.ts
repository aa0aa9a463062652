import { firstValueFrom, type Subscription, take, toArray } from 'rxjs';
import { binance } from '../../../lib/exchanges/binance/binance';
import type { ExchangeClient } from '../../../lib/model/client';
import type { ExchangeEvent } from '../../../lib/model/exchange-event';
import type { OrderBookState } from '../../../lib/model/order-book-state';
import type { Ticker } from '../../../lib/model/ticker';
import type { Trade } from '../../../lib/model/trade';
import { BinanceSimulator } from '../../../lib/testing/binance/binance-simulator';
import { eventsOfType, expectBookMatchesTruth, latestBook } from '../../helpers/book-truth';
import { closeAndAwaitReopen, dropAndAwaitResync, silenceAndAwaitNewSocket } from '../../helpers/connection-recovery';
import { waitFor } from '../../helpers/wait-for';

const SYMBOLS = ['BTC/USDT', 'ETH/USDT', 'SOL/USDT'];
const DEPTH = 20;

describe('Binance against the simulator', () => {
  let sim: BinanceSimulator;
  let bn: ExchangeClient;
  let events: ExchangeEvent[];
  const subscriptions: Subscription[] = [];

  beforeEach(async () => {
    sim = await BinanceSimulator.start({ symbols: SYMBOLS, seed: 42, stepsPerSecond: 50, depthIntervalMs: 20, tickerIntervalMs: 50, bookLevels: 300 });
    // faults every second resync depth-1000 books (weight 250 a snapshot): allow Binance's full 6000 per minute
    bn = binance({ wsUrl: sim.wsUrl, restUrl: sim.restUrl, pingInterval: 300, pingTimeout: 200, reconnect: { delay: 20, maxDelay: 100 }, snapshotWeightPerMinute: 6000 });
    events = [];
    subscriptions.push(bn.events$.subscribe((e) => events.push(e)));
  });
  afterEach(async () => {
    subscriptions.splice(0).forEach((s) => s.unsubscribe());
    await sim.stop();
  });

  /** Keeps the latest orderBook state of `symbol`. */
  function watchBook(symbol: string, depth = 1000): () => OrderBookState | undefined {
    return latestBook(bn.book(symbol, { depth }), DEPTH, subscriptions);
  }

  /** Pauses the market, waits until the client's book shows exactly the ground truth, resumes. */
  async function expectBookEqualsTruth(symbol: string, latest: () => OrderBookState | undefined, what: string): Promise<void> {
    await expectBookMatchesTruth(sim, () => sim.truth(symbol, DEPTH), latest, `${symbol} book to equal the ground truth ${what}`);
  }

  const eventsOf = <T extends ExchangeEvent['type']>(type: T) => eventsOfType(events, type);

  it('streams tickers and trades of several symbols over ONE socket', async () => {
    const tickers = firstValueFrom(bn.tickers(SYMBOLS).pipe(take(12), toArray()));
    const trades = firstValueFrom(bn.trades(SYMBOLS).pipe(take(30), toArray()));
    const [t, tr] = await Promise.all([tickers, trades]);
    expect(new Set(t.map((x: Ticker) => x.symbol))).toEqual(new Set(SYMBOLS));
    for (const x of t) {
      expect(x).toEqual(expect.objectContaining({ type: 'ticker', exchange: 'binance' }));
      expect(x.bid).toBeLessThan(x.ask);
      expect(Number.isFinite(x.change24h) && Number.isFinite(x.volume24h) && x.high24h >= x.low24h).toBe(true);
    }
    for (const x of tr as Trade[]) {
      expect(['buy', 'sell']).toContain(x.side);
      expect(x.price > 0 && x.amount > 0 && x.localTimestamp >= x.timestamp - 1000).toBe(true);
    }
    expect(sim.connectionCount).toBe(1);
  });

  it('keeps the book equal to the ground truth after many updates, and closes the socket on the last unsubscribe', async () => {
    const latest = watchBook('BTC/USDT');
    await waitFor(() => (latest() ? true : false), 'a first book');
    sim.step(200);
    await expectBookEqualsTruth('BTC/USDT', latest, 'after 200 more steps');
    subscriptions.splice(1).forEach((s) => s.unsubscribe());
    await waitFor(() => sim.connections.size === 0, 'the server to see the socket closed');
    expect(eventsOf('close').at(-1)).toEqual(expect.objectContaining({ code: 1000 }));
  });

  it('recovers the exact book through every fault, with the expected event for each', async () => {
    const btc = watchBook('BTC/USDT');
    const eth = watchBook('ETH/USDT', 100);
    await waitFor(() => btc() !== undefined && eth() !== undefined, 'first books');
    await expectBookEqualsTruth('BTC/USDT', btc, 'initially');

    // a skipped depth event: gap → resync → fresh snapshot
    sim.skipDepthEvent('BTC/USDT');
    await waitFor(() => eventsOf('resync').some((e) => e.reason === 'gap' && e.symbol === 'BTC/USDT'), 'a gap resync');
    await expectBookEqualsTruth('BTC/USDT', btc, 'after a gap');

    // malformed JSON: a decode error event carrying the frame; the streams go on
    sim.sendMalformed('invalid-json');
    await waitFor(() => eventsOf('error').some((e) => e.kind === 'decode' && e.frame !== undefined), 'a decode error');
    // a schema mismatch on the depth stream: decode error, and that book resyncs
    const resyncsBefore = eventsOf('resync').length;
    sim.sendMalformed('schema', undefined, 'btcusdt@depth@100ms');
    await waitFor(() => eventsOf('resync').length > resyncsBefore, 'a resync after a bad depth frame');
    await expectBookEqualsTruth('BTC/USDT', btc, 'after malformed frames');

    // dropped connection: reconnect, resubscribe, resync 'reconnect'
    await dropAndAwaitResync(sim, () => events);
    await expectBookEqualsTruth('BTC/USDT', btc, 'after a dropped connection');
    await expectBookEqualsTruth('ETH/USDT', eth, 'after a dropped connection');

    // half-open socket: detected by the ping timeout, terminated and reconnected
    await silenceAndAwaitNewSocket(sim, () => events);
    await expectBookEqualsTruth('BTC/USDT', btc, 'after a half-open socket');

    // REST 429 with Retry-After while resyncing: an exchange error event, then the book syncs anyway
    sim.failRest(429, 1, 0);
    sim.skipDepthEvent('BTC/USDT');
    await waitFor(() => eventsOf('error').some((e) => e.kind === 'exchange' && /429/.test(e.message)), 'the 429 to be reported');
    await expectBookEqualsTruth('BTC/USDT', btc, 'after a 429');

    // the 24 h close (1000): a close event, then a reconnect
    await closeAndAwaitReopen(sim, () => events, 'daily');
    await expectBookEqualsTruth('BTC/USDT', btc, 'after the 24 h close');
    await expectBookEqualsTruth('ETH/USDT', eth, 'at the end');
  });

  it('errors a book for an unknown symbol with a clear message while other streams carry on', async () => {
    const tickers: Ticker[] = [];
    subscriptions.push(bn.ticker('BTC/USDT').subscribe((t) => tickers.push(t)));
    const error = await new Promise<Error>((resolve) => subscriptions.push(bn.book('NOPE/USDT').subscribe({ error: resolve })));
    expect(error.message).toBe('binance: unknown symbol "NOPE/USDT" (GET /api/v3/exchangeInfo does not list it)');
    const count = tickers.length;
    await waitFor(() => tickers.length > count + 2, 'more tickers after the failed book');
  });

  it('rejects invalid arguments as an erroring Observable, not a throw', async () => {
    await expect(firstValueFrom(bn.ticker('btcusdt'))).rejects.toThrow(/BASE\/QUOTE/);
    await expect(firstValueFrom(bn.book('BTC/USDT', { depth: 0 }))).rejects.toThrow(/depth/);
  });

  it('adds streams on the live socket within 5 control messages per second and opens a second socket past 1024 streams', async () => {
    // Binance counts ping frames in its 5 messages/s too: use the default ping interval here
    const extra = Array.from({ length: 1100 }, (_, i) => `X${i}/USDT`);
    await sim.stop();
    sim = await BinanceSimulator.start({ symbols: ['BTC/USDT'], seed: 3, listedSymbols: extra });
    bn = binance({ wsUrl: sim.wsUrl, restUrl: sim.restUrl });
    subscriptions.push(bn.events$.subscribe((e) => events.push(e)));
    for (let i = 0; i < 40; i++) {
      subscriptions.push(bn.trades(extra[i]!).subscribe());
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    subscriptions.push(bn.trades(extra.slice(40)).subscribe());
    await waitFor(() => sim.connectionCount === 2 && eventsOf('subscribe').reduce((n, e) => n + e.streams.length, 0) === 1100, 'all 1100 streams subscribed');
    const messages = sim.controlLog.filter((e) => e.kind === 'message');
    for (let i = 5; i < messages.length; i++) {
      if (messages[i]!.connection === messages[i - 5]!.connection) expect(messages[i]!.at - messages[i - 5]!.at).toBeGreaterThan(1000);
    }
    expect(eventsOf('close')).toEqual([]);
  });
});
