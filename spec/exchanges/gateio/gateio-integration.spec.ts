import { firstValueFrom, type Subscription } from 'rxjs';
import { gateio } from '../../../lib/exchanges/gateio/gateio';
import type { ExchangeClient } from '../../../lib/model/client';
import type { ExchangeEvent } from '../../../lib/model/exchange-event';
import type { OrderBookState } from '../../../lib/model/order-book-state';
import type { Ticker } from '../../../lib/model/ticker';
import type { Trade } from '../../../lib/model/trade';
import { GateioSimulator } from '../../../lib/testing/gateio/gateio-simulator';
import type { GateioSimulatorOptions } from '../../../lib/testing/gateio/gateio-simulator-options';
import { eventsOfType, expectBookMatchesTruth, latestBook } from '../../helpers/book-truth';
import { closeAndAwaitReopen, dropAndAwaitResync, silenceAndAwaitNewSocket } from '../../helpers/connection-recovery';
import { waitFor } from '../../helpers/wait-for';

const SYMBOLS = ['BTC/USDT', 'ETH/USDT', 'SOL/USDT'];
const DEPTH = 20;

describe('Gate.io against the simulator', () => {
  let sim: GateioSimulator;
  let gt: ExchangeClient;
  let events: ExchangeEvent[];
  const subscriptions: Subscription[] = [];

  async function start(options: GateioSimulatorOptions = {}, pingInterval = 300): Promise<void> {
    sim = await GateioSimulator.start({ symbols: SYMBOLS, seed: 42, stepsPerSecond: 50, fastBookIntervalMs: 10, bookIntervalMs: 20, tickerIntervalMs: 50, bookLevels: 300, ...options });
    gt = gateio({ wsUrl: sim.wsUrl, restUrl: sim.restUrl, pingInterval, pingTimeout: 500, reconnect: { delay: 20, maxDelay: 100 } });
    events = [];
    subscriptions.push(gt.events$.subscribe((e) => events.push(e)));
  }

  beforeEach(() => start());
  afterEach(async () => {
    subscriptions.splice(0).forEach((s) => s.unsubscribe());
    await sim.stop();
  });

  /** Keeps the latest orderBook state of `symbol`. */
  function watchBook(symbol: string, depth = 100): () => OrderBookState | undefined {
    return latestBook(gt.book(symbol, { depth }), DEPTH, subscriptions);
  }

  /** Pauses the market, waits until the client's book shows exactly the ground truth, resumes. */
  async function expectBookEqualsTruth(symbol: string, latest: () => OrderBookState | undefined, what: string): Promise<void> {
    await expectBookMatchesTruth(sim, () => sim.truth(symbol, DEPTH), latest, `${symbol} book to equal the ground truth ${what}`);
  }

  const eventsOf = <T extends ExchangeEvent['type']>(type: T) => eventsOfType(events, type);
  const bookRequests = () => sim.restLog.filter((r) => r.path === '/api/v4/spot/order_book').length;

  it('streams tickers (24 h figures from spot.tickers, best bid/ask and sizes from spot.book_ticker) and trades of several symbols over ONE socket', async () => {
    const t: Ticker[] = [];
    const tr: Trade[] = [];
    subscriptions.push(gt.tickers(SYMBOLS).subscribe((x) => t.push(x)), gt.trades(SYMBOLS).subscribe((x) => tr.push(x)));
    await waitFor(() => t.length >= 12 && tr.length >= 30, '12 tickers and 30 trades');
    expect(new Set(t.map((x: Ticker) => x.symbol))).toEqual(new Set(SYMBOLS));
    for (const x of t) {
      expect(x).toEqual(expect.objectContaining({ type: 'ticker', exchange: 'gateio' }));
      expect(x.bid).toBeLessThan(x.ask);
      expect(x.bidSize > 0 && x.askSize > 0 && x.price > 0).toBe(true);
      expect(Number.isFinite(x.change24h) && Number.isFinite(x.volume24h) && x.high24h >= x.low24h).toBe(true);
    }
    for (const x of tr) {
      expect(['buy', 'sell']).toContain(x.side);
      expect(x.price > 0 && x.amount > 0 && x.localTimestamp >= x.timestamp - 1000).toBe(true);
    }
    expect(sim.connectionCount).toBe(1);
    expect(sim.subscriptions(1).sort()).toEqual(
      SYMBOLS.flatMap((s) => ['spot.tickers', 'spot.book_ticker', 'spot.trades'].map((c) => `${c}:${s.replace('/', '_')}`)).sort(),
    );
  });

  it('keeps the 100-level book equal to the ground truth after many updates, and closes the socket on the last unsubscribe', async () => {
    const latest = watchBook('BTC/USDT');
    await waitFor(() => latest() !== undefined, 'a first book');
    sim.step(200);
    await expectBookEqualsTruth('BTC/USDT', latest, 'after 200 more steps');
    subscriptions.splice(1).forEach((s) => s.unsubscribe());
    await waitFor(() => sim.connections.size === 0, 'the server to see the socket closed');
    expect(eventsOf('close').at(-1)).toEqual(expect.objectContaining({ code: 1000 }));
    expect(eventsOf('resync')).toEqual([]);
  });

  it('keeps a 20-level book (spot.order_book_update at 20ms) equal to the top 20 of the truth', async () => {
    const latest = watchBook('ETH/USDT', 20);
    await waitFor(() => latest() !== undefined, 'a first book');
    sim.step(300);
    await expectBookEqualsTruth('ETH/USDT', latest, 'after 300 steps');
    expect(sim.subscriptions(1)).toContain('spot.order_book_update:ETH_USDT:20ms');
    expect(sim.restLog.find((r) => r.path === '/api/v4/spot/order_book')?.query).toEqual({ currency_pair: 'ETH_USDT', limit: '20', with_id: 'true' });
  });

  it('recovers the exact book through every fault, with the expected event for each', async () => {
    const btc = watchBook('BTC/USDT');
    const eth = watchBook('ETH/USDT', 20);
    await waitFor(() => btc() !== undefined && eth() !== undefined, 'first books');
    await expectBookEqualsTruth('BTC/USDT', btc, 'initially');

    // a sequence break: gap → resync → fresh REST snapshot
    let snapshots = bookRequests();
    sim.skipBookUpdate('BTC/USDT');
    await waitFor(() => eventsOf('resync').some((e) => e.reason === 'gap' && e.symbol === 'BTC/USDT'), 'a gap resync');
    await expectBookEqualsTruth('BTC/USDT', btc, 'after a sequence break');
    expect(bookRequests()).toBeGreaterThan(snapshots);

    // full=true: the whole book replaces the local one, resync 'reset', no REST request needed
    snapshots = bookRequests();
    sim.resetBook('BTC/USDT');
    await waitFor(() => eventsOf('resync').some((e) => e.reason === 'reset' && e.symbol === 'BTC/USDT'), 'a reset resync');
    await expectBookEqualsTruth('BTC/USDT', btc, 'after a full=true push');
    expect(bookRequests()).toBe(snapshots);

    // malformed JSON: a decode error event carrying the frame; the streams go on
    sim.sendMalformed('invalid-json', 'BTC/USDT');
    await waitFor(() => eventsOf('error').some((e) => e.kind === 'decode' && e.frame !== undefined), 'a decode error');
    // a schema mismatch on the book: decode error, and that book resyncs
    const resyncsBefore = eventsOf('resync').length;
    sim.sendMalformed('schema', 'BTC/USDT');
    await waitFor(() => eventsOf('resync').length > resyncsBefore, 'a resync after a bad book frame');
    await expectBookEqualsTruth('BTC/USDT', btc, 'after malformed frames');

    // dropped connection: reconnect, resubscribe, resync 'reconnect'
    await dropAndAwaitResync(sim, () => events);
    await expectBookEqualsTruth('BTC/USDT', btc, 'after a dropped connection');
    await expectBookEqualsTruth('ETH/USDT', eth, 'after a dropped connection');

    // half-open socket: detected by the ping timeout, terminated and reconnected
    await silenceAndAwaitNewSocket(sim, () => events);
    await expectBookEqualsTruth('BTC/USDT', btc, 'after a half-open socket');

    // REST 429 while resyncing: an exchange error event naming it, then the book syncs anyway
    sim.failRest(429, 1, 0);
    sim.skipBookUpdate('BTC/USDT');
    await waitFor(() => eventsOf('error').some((e) => e.kind === 'exchange' && /429/.test(e.message)), 'the 429 to be reported');
    await expectBookEqualsTruth('BTC/USDT', btc, 'after a 429');

    // a server close (1000): a close event, then a reconnect
    await closeAndAwaitReopen(sim, () => events, 'bye');
    await expectBookEqualsTruth('BTC/USDT', btc, 'after a server close');
    await expectBookEqualsTruth('ETH/USDT', eth, 'at the end');
  });

  it('starts from a full=true push without a REST snapshot when the server sends one first', async () => {
    subscriptions.splice(0).forEach((s) => s.unsubscribe());
    await sim.stop();
    await start({ fullOnSubscribe: true });
    const latest = watchBook('SOL/USDT');
    await waitFor(() => latest() !== undefined, 'a first book');
    sim.step(50);
    await expectBookEqualsTruth('SOL/USDT', latest, 'after 50 steps');
    expect(bookRequests()).toBe(0);
    expect(eventsOf('resync')).toEqual([]);
  });

  it('errors a book for an unknown symbol with a clear message while other streams carry on', async () => {
    const trades: Trade[] = [];
    subscriptions.push(gt.trades('BTC/USDT').subscribe((t) => trades.push(t)));
    const error = await new Promise<Error>((resolve) => subscriptions.push(gt.book('NOPE/USDT').subscribe({ error: resolve })));
    expect(error.message).toBe('gateio: unknown symbol "NOPE/USDT" (GET /api/v4/spot/currency_pairs does not list it)');
    const count = trades.length;
    await waitFor(() => trades.length > count + 2, 'more trades after the failed book');
    expect(sim.requests.some((r) => r.text.includes('NOPE'))).toBe(false);
  });

  it('a subscription the server refuses errors only its own stream; the other symbols keep flowing', async () => {
    sim.failNextSubscription('ETH/USDT');
    const trades: Trade[] = [];
    let failed: unknown;
    subscriptions.push(gt.trades(['BTC/USDT', 'ETH/USDT', 'SOL/USDT']).subscribe({ next: (t) => trades.push(t), error: (e: unknown) => (failed = e) }));
    await waitFor(() => eventsOf('error').some((e) => e.symbol === 'ETH/USDT'), 'the refusal to be reported');
    expect(eventsOf('error').find((e) => e.symbol === 'ETH/USDT')?.message).toBe(
      'gateio trades ETH/USDT failed: gateio refused spot.trades:ETH_USDT: gateio error 2: unknown currency pair: ETH_USDT',
    );
    const count = trades.length;
    await waitFor(() => new Set(trades.slice(count).map((t) => t.symbol)).size === 2 && trades.length > count + 10, 'BTC and SOL trades after the refusal');
    expect(trades.slice(count).some((t) => t.symbol === 'ETH/USDT')).toBe(false);
    expect(failed).toBeUndefined();
  });

  it('rejects invalid arguments as an erroring Observable, not a throw', async () => {
    await expect(firstValueFrom(gt.ticker('btc_usdt'))).rejects.toThrow(/BASE\/QUOTE/);
    await expect(firstValueFrom(gt.book('BTC/USDT', { depth: 50 }))).rejects.toThrow('gateio book depth must be one of 20, 100, got 50');
    subscriptions.push(gt.book('BTC/USDT', { depth: 100 }).subscribe());
    await expect(firstValueFrom(gt.book('BTC/USDT', { depth: 20 }))).rejects.toThrow(/one book interval per pair and client: BTC_USDT is already streamed at 100ms, asked for 20ms/);
  });

  it('keeps the socket alive with spot.ping carrying time (seconds), and every request carries a time the server accepts', async () => {
    subscriptions.push(gt.trades('BTC/USDT').subscribe());
    await waitFor(() => sim.requests.filter((r) => r.text.includes('spot.ping')).length >= 3, 'three application pings');
    for (const request of sim.requests) {
      const message = JSON.parse(request.text) as { time: number; channel: string };
      expect(Number.isInteger(message.time) && Math.abs(message.time - request.at / 1000) <= 2).toBe(true);
    }
    expect(JSON.parse(sim.requests.find((r) => r.text.includes('spot.ping'))!.text)).toEqual({ time: expect.any(Number), channel: 'spot.ping' });
    expect(eventsOf('error')).toEqual([]); // spot.pong and subscribe acknowledgements are understood
    expect(eventsOf('close')).toEqual([]);
  });

  it('sends at most 20 control requests per second per socket and opens a second socket past 100 streams', async () => {
    subscriptions.splice(0).forEach((s) => s.unsubscribe());
    await sim.stop();
    const extra = Array.from({ length: 130 }, (_, i) => `X${i}/USDT`);
    await start({ symbols: ['BTC/USDT'], listedSymbols: extra }, 10_000);
    subscriptions.push(gt.trades(extra).subscribe());
    const subscribes = () => sim.requests.filter((r) => r.text.includes('"subscribe"'));
    await waitFor(() => subscribes().length === 130, 'all 130 streams subscribed');
    expect(sim.connectionCount).toBe(2);
    for (const connection of [1, 2]) {
      const sent = subscribes().filter((r) => r.connection === connection); // per socket: the budget is per connection
      expect(sent.length).toBeGreaterThan(20);
      for (let i = 20; i < sent.length; i++) expect(sent[i]!.at - sent[i - 20]!.at).toBeGreaterThan(1000);
    }
    expect(eventsOf('error')).toEqual([]);
  });
});
