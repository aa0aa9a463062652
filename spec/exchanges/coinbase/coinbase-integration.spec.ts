import { firstValueFrom, type Subscription, take, toArray } from 'rxjs';
import { coinbase } from '../../../lib/exchanges/coinbase/coinbase';
import type { BookEvent } from '../../../lib/model/book-event';
import type { ExchangeClient } from '../../../lib/model/client';
import type { ExchangeEvent } from '../../../lib/model/exchange-event';
import type { OrderBookState } from '../../../lib/model/order-book-state';
import type { Trade } from '../../../lib/model/trade';
import { CoinbaseSimulator } from '../../../lib/testing/coinbase/coinbase-simulator';
import type { CoinbaseSimulatorOptions } from '../../../lib/testing/coinbase/coinbase-simulator-options';
import { eventsOfType, expectBookMatchesTruth, latestBook } from '../../helpers/book-truth';
import { waitFor } from '../../helpers/wait-for';

const SYMBOLS = ['BTC/USD', 'ETH/USD', 'SOL/USD'];
const DEPTH = 20;

describe('Coinbase against the simulator', () => {
  let sim: CoinbaseSimulator;
  let cb: ExchangeClient;
  let events: ExchangeEvent[];
  const subscriptions: Subscription[] = [];

  async function start(options: CoinbaseSimulatorOptions = {}): Promise<void> {
    sim = await CoinbaseSimulator.start({ symbols: SYMBOLS, seed: 42, stepsPerSecond: 50, bookLevels: 200, heartbeatIntervalMs: 50, ...options });
    cb = coinbase({ wsUrl: sim.wsUrl, restUrl: sim.restUrl, pingInterval: 150, pingTimeout: 150, reconnect: { delay: 20, maxDelay: 100 } });
    events = [];
    subscriptions.push(cb.events$.subscribe((e) => events.push(e)));
  }
  afterEach(async () => {
    subscriptions.splice(0).forEach((s) => s.unsubscribe());
    await sim.stop();
  });

  function watchBook(symbol: string): () => OrderBookState | undefined {
    return latestBook(cb.book(symbol), DEPTH, subscriptions);
  }

  /** Pauses the market, waits until the client's book shows exactly the ground truth, resumes. */
  async function expectBookEqualsTruth(symbol: string, latest: () => OrderBookState | undefined, what: string): Promise<void> {
    await expectBookMatchesTruth(sim, () => sim.truth(symbol, DEPTH), latest, `${symbol} book to equal the ground truth ${what}`);
  }

  const eventsOf = <T extends ExchangeEvent['type']>(type: T) => eventsOfType(events, type);

  it('streams tickers and trades of several products over ONE socket, trades with the taker side', async () => {
    await start();
    const takerSides = new Map<string, string>();
    sim.onStep((step) => step.trades.forEach((t) => takerSides.set(String(t.id), t.side)));
    const tickers = firstValueFrom(cb.tickers(SYMBOLS).pipe(take(15), toArray()));
    const trades = firstValueFrom(cb.trades(SYMBOLS).pipe(take(30), toArray()));
    const [t, tr] = await Promise.all([tickers, trades]);
    expect(new Set(t.map((x) => x.symbol))).toEqual(new Set(SYMBOLS));
    for (const x of t) {
      expect(x).toEqual(expect.objectContaining({ type: 'ticker', exchange: 'coinbase' }));
      expect(x.bid).toBeLessThan(x.ask);
      expect(Number.isFinite(x.change24h) && Number.isFinite(x.volume24h) && x.high24h >= x.low24h).toBe(true);
    }
    expect(new Set(tr.map((x) => x.symbol)).size).toBeGreaterThan(1);
    for (const x of tr) {
      expect(x.side).toBe(takerSides.get(x.id)); // live trades only, each with the simulated taker side
      expect(x.price > 0 && x.amount > 0).toBe(true);
    }
    expect(sim.connectionCount).toBe(1);
    expect(events.filter((e) => e.type === 'subscribe').map((e) => (e as { streams: readonly string[] }).streams)).toEqual(
      expect.arrayContaining([['heartbeats'], ['ticker:BTC-USD', 'ticker:ETH-USD', 'ticker:SOL-USD'], ['market_trades:BTC-USD', 'market_trades:ETH-USD', 'market_trades:SOL-USD']]),
    );
  });

  it('keeps the book equal to the ground truth, gives a late subscriber its own snapshot, closes the socket after the last', async () => {
    await start();
    const latest = watchBook('BTC/USD');
    await waitFor(() => latest() !== undefined, 'a first book');
    sim.step(200);
    await expectBookEqualsTruth('BTC/USD', latest, 'after 200 more steps');
    const late: BookEvent[] = [];
    subscriptions.push(cb.book('BTC/USD').subscribe((e) => late.push(e)));
    await waitFor(() => late.length > 0, 'a snapshot for the late subscriber');
    expect(late[0]!.type).toBe('snapshot');
    subscriptions.splice(1).forEach((s) => s.unsubscribe());
    await waitFor(() => sim.connections.size === 0, 'the server to see the socket closed');
    expect(eventsOf('close').at(-1)).toEqual(expect.objectContaining({ code: 1000 }));
    expect(sim.closures).toEqual([]);
  });

  it('recovers the exact books through every fault, with the expected event for each', async () => {
    await start();
    const btc = watchBook('BTC/USD');
    const eth = watchBook('ETH/USD');
    await waitFor(() => btc() !== undefined && eth() !== undefined, 'first books');
    await expectBookEqualsTruth('BTC/USD', btc, 'initially');
    const resyncs = (reason: string) => eventsOf('resync').filter((e) => e.reason === reason).length;

    // a lost l2_data message: a connection-wide gap, BOTH books resync with a fresh snapshot
    sim.dropNextFrame('l2_data');
    await waitFor(() => resyncs('gap') >= 2, 'gap resyncs of both books');
    expect(eventsOf('resync').map((e) => e.symbol).sort()).toEqual(['BTC/USD', 'ETH/USD']);
    await expectBookEqualsTruth('BTC/USD', btc, 'after a lost l2_data message');
    await expectBookEqualsTruth('ETH/USD', eth, 'after a lost l2_data message');

    // a lost heartbeat (unknown channel to the books): still a gap for every book
    let before = resyncs('gap');
    sim.dropNextFrame('heartbeats');
    await waitFor(() => resyncs('gap') >= before + 2, 'gap resyncs after a lost heartbeat');
    await expectBookEqualsTruth('ETH/USD', eth, 'after a lost heartbeat');

    // malformed JSON: a decode error carrying the frame, and (its sequence_num is lost) a resync
    before = resyncs('gap');
    sim.sendMalformed('invalid-json');
    await waitFor(() => eventsOf('error').some((e) => e.kind === 'decode' && e.frame !== undefined), 'a decode error');
    sim.step(1);
    await waitFor(() => resyncs('gap') > before, 'a resync after a malformed frame');
    // a schema mismatch for one product: a decode error, and that book resyncs
    before = resyncs('gap');
    sim.sendMalformed('schema', undefined, 'ETH/USD');
    await waitFor(() => resyncs('gap') > before, 'a resync after a bad l2_data frame');
    await expectBookEqualsTruth('BTC/USD', btc, 'after malformed frames');
    await expectBookEqualsTruth('ETH/USD', eth, 'after malformed frames');

    // dropped connection: reconnect, resubscribe everything, resync 'reconnect'
    sim.dropConnections();
    await waitFor(() => eventsOf('reconnect').length > 0 && resyncs('reconnect') >= 2, 'reconnect + resync');
    await expectBookEqualsTruth('BTC/USD', btc, 'after a dropped connection');

    // half-open socket: detected by the ping timeout, terminated and reconnected
    const opensBefore = eventsOf('open').length;
    sim.goSilent();
    await waitFor(() => eventsOf('error').some((e) => e.kind === 'transport' && /half-open/.test(e.message)), 'half-open detection');
    await waitFor(() => eventsOf('open').length > opensBefore, 'a new socket');
    await expectBookEqualsTruth('BTC/USD', btc, 'after a half-open socket');

    // a server close with a close frame
    sim.closeAll(1000, 'bye');
    await waitFor(() => eventsOf('close').some((e) => e.reason === 'bye') && eventsOf('open').length > opensBefore + 1, 'reopen after close');
    await expectBookEqualsTruth('ETH/USD', eth, 'after a server close');
    expect(sim.closures).toEqual([]);
  });

  it('fills trades missed while disconnected from the resubscribe snapshot, without duplicates', async () => {
    await start({ autoStart: false });
    const simulated: string[] = [];
    sim.onStep((step) => step.symbol === 'BTC/USD' && simulated.push(...step.trades.map((t) => String(t.id))));
    sim.step(30); // history: in the first snapshot, never delivered
    const received: Trade[] = [];
    subscriptions.push(cb.trades('BTC/USD').subscribe((t) => received.push(t)));
    await waitFor(() => Object.keys(sim.subscriptions(1)).includes('market_trades'), 'the trades subscription');
    const seeded = simulated.length;
    expect(seeded).toBeGreaterThan(0);
    while (simulated.length < seeded + 5) sim.step(1);
    await waitFor(() => received.length === simulated.length - seeded, 'live trades');
    sim.dropConnections();
    const missedFrom = simulated.length;
    while (simulated.length < missedFrom + 5) sim.step(1); // nobody is connected: only the next snapshot has them
    await waitFor(() => received.length === simulated.length - seeded, 'the missed trades after the reconnect');
    expect(received.map((t) => t.id)).toEqual(simulated.slice(seeded));
  });

  it('honours the subscribe-within-5-seconds rule and keeps quiet channels open with heartbeats', async () => {
    await start({ subscribeDeadlineMs: 1000, quietChannelTimeoutMs: 200, heartbeatIntervalMs: 20 });
    const btc = watchBook('BTC/USD');
    await waitFor(() => btc() !== undefined, 'a first book');
    sim.dropConnections(); // and again after a reconnect
    await waitFor(() => sim.connectionCount === 2 && Object.keys(sim.subscriptions(2)).length === 2, 'resubscribed after a reconnect');
    for (const id of [1, 2]) {
      const first = sim.controlLog.find((e) => e.connection === id)!;
      expect(JSON.parse(first.text).type).toBe('subscribe');
    }
    expect(sim.subscriptions(2)).toEqual({ heartbeats: ['heartbeats'], level2: ['BTC-USD'] });
    // the market goes quiet for many quiet timeouts; the heartbeats keep the level2 channel open
    sim.pause();
    const beats = sim.heartbeatCount;
    await waitFor(() => sim.heartbeatCount >= beats + 30, 'thirty heartbeats (three quiet timeouts)');
    sim.step(5);
    await expectBookEqualsTruth('BTC/USD', btc, 'after a quiet period');
    subscriptions.splice(1).forEach((s) => s.unsubscribe());
    await waitFor(() => sim.connections.size === 0, 'the socket closed by the client');
    expect(sim.closures).toEqual([]);
  });

  it('turns bad arguments and exchange errors into errors, never a throw', async () => {
    await start({ autoStart: false });
    expect(() => cb.book('BTCUSD')).not.toThrow();
    await expect(firstValueFrom(cb.book('BTCUSD'))).rejects.toThrow(/invalid symbol/);
    await expect(firstValueFrom(cb.book('BTC/USD', { depth: 0 }))).rejects.toThrow(/depth/);
    await expect(firstValueFrom(cb.ticker('nope'))).rejects.toThrow(/invalid symbol/);
    await expect(firstValueFrom(cb.ticker('DOGE/USD'))).rejects.toThrow('coinbase: unknown symbol "DOGE/USD" (GET /api/v3/brokerage/market/products does not list it)');
    const tickers: unknown[] = [];
    subscriptions.push(cb.ticker('BTC/USD').subscribe({ next: (t) => tickers.push(t), error: (e: unknown) => fail(e) }));
    await waitFor(() => Object.keys(sim.subscriptions(1)).length === 2, 'ticker and heartbeats subscribed');
    // a step's ticker is sent after both subscriptions replies: once it is here, so are they
    const stepUntil = (count: number) => () => tickers.length >= count || (sim.step(1), false);
    await waitFor(stepUntil(2), 'a ticker update');
    sim.sendError('something went wrong'); // an error reply while no request is pending: an event, nothing else
    await waitFor(() => eventsOf('error').some((e) => e.kind === 'exchange' && e.message === 'coinbase error: something went wrong'), 'the error reply');
    await waitFor(stepUntil(3), 'tickers flowing after the error reply');
    expect(sim.connectionCount).toBe(1);
  });
});
