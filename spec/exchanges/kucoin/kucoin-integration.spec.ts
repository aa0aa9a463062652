import { firstValueFrom, type Subscription } from 'rxjs';
import { kucoin } from '../../../lib/exchanges/kucoin/kucoin';
import type { ExchangeClient } from '../../../lib/model/client';
import type { ExchangeEvent } from '../../../lib/model/exchange-event';
import type { OrderBookState } from '../../../lib/model/order-book-state';
import type { Ticker } from '../../../lib/model/ticker';
import type { Trade } from '../../../lib/model/trade';
import { KucoinSimulator } from '../../../lib/testing/kucoin/kucoin-simulator';
import type { KucoinSimulatorOptions } from '../../../lib/testing/kucoin/kucoin-simulator-options';
import { eventsOfType, expectBookMatchesTruth, latestBook } from '../../helpers/book-truth';
import { dropAndAwaitResync, silenceAndAwaitNewSocket } from '../../helpers/connection-recovery';
import { waitFor } from '../../helpers/wait-for';

const SYMBOLS = ['BTC/USDT', 'ETH/USDT', 'SOL/USDT'];
const DEPTH = 20;

describe('KuCoin against the simulator', () => {
  let sim: KucoinSimulator;
  let kc: ExchangeClient;
  let events: ExchangeEvent[];
  const subscriptions: Subscription[] = [];

  async function start(options: KucoinSimulatorOptions = {}, pingInterval = 300): Promise<void> {
    sim = await KucoinSimulator.start({ symbols: SYMBOLS, seed: 42, stepsPerSecond: 50, bookIntervalMs: 10, tickerIntervalMs: 50, bookLevels: 300, ...options });
    kc = kucoin({ restUrl: sim.restUrl, pingInterval, pingTimeout: 500, reconnect: { delay: 20, maxDelay: 100 } });
    events = [];
    subscriptions.push(kc.events$.subscribe((e) => events.push(e)));
  }

  beforeEach(() => start());
  afterEach(async () => {
    subscriptions.splice(0).forEach((s) => s.unsubscribe());
    await sim.stop();
  });

  /** Keeps the latest orderBook state of `symbol`. */
  function watchBook(symbol: string, depth = 50): () => OrderBookState | undefined {
    return latestBook(kc.book(symbol, { depth }), DEPTH, subscriptions);
  }

  /** Pauses the market, waits until the client's book shows exactly the ground truth, resumes. */
  async function expectBookEqualsTruth(symbol: string, latest: () => OrderBookState | undefined, what: string): Promise<void> {
    await expectBookMatchesTruth(sim, () => sim.truth(symbol, DEPTH), latest, `${symbol} book to equal the ground truth ${what}`);
  }

  const eventsOf = <T extends ExchangeEvent['type']>(type: T) => eventsOfType(events, type);
  const restCalls = (path: string) => sim.restLog.filter((r) => r.path === path).length;

  it('streams tickers (the symbol snapshot) and trades of several symbols over ONE socket, one request per channel naming every symbol', async () => {
    const t: Ticker[] = [];
    const tr: Trade[] = [];
    subscriptions.push(kc.tickers(SYMBOLS).subscribe((x) => t.push(x)), kc.trades(SYMBOLS).subscribe((x) => tr.push(x)));
    await waitFor(() => t.length >= 9 && tr.length >= 30, '9 tickers and 30 trades');
    expect(new Set(t.map((x) => x.symbol))).toEqual(new Set(SYMBOLS));
    for (const x of t) {
      expect(x).toEqual(expect.objectContaining({ type: 'ticker', exchange: 'kucoin' }));
      expect(x.bid).toBeLessThan(x.ask);
      expect(x.bidSize > 0 && x.askSize > 0 && x.price > 0).toBe(true);
      expect(Number.isFinite(x.change24h) && x.volume24h > 0 && x.high24h >= x.low24h).toBe(true);
    }
    for (const x of tr) {
      expect(['buy', 'sell']).toContain(x.side);
      expect(x.price > 0 && x.amount > 0 && x.localTimestamp >= x.timestamp - 1000).toBe(true);
    }
    expect(sim.connectionCount).toBe(1);
    expect(sim.subscriptions(1).sort()).toEqual(SYMBOLS.flatMap((s) => ['/market/snapshot', '/market/match'].map((c) => `${c}:${s.replace('/', '-')}`)).sort());
    const subscribes = sim.requests.filter((r) => r.text.includes('"subscribe"')).map((r) => JSON.parse(r.text).topic as string);
    expect(subscribes.sort()).toEqual(['/market/match:BTC-USDT,ETH-USDT,SOL-USDT', '/market/snapshot:BTC-USDT,ETH-USDT,SOL-USDT']);
    expect(restCalls('/api/v1/bullet-public')).toBe(1);
    expect(eventsOf('error')).toEqual([]);
  });

  it('keeps the book equal to the ground truth after many updates (REST level2_100 + level2 increments), never a level beyond the snapshot, and closes the socket on the last unsubscribe', async () => {
    const latest = watchBook('BTC/USDT');
    const whole = { bids: new Map<number, number>(), asks: new Map<number, number>() }; // every level the stream ever showed
    subscriptions.push(
      kc.book('BTC/USDT').subscribe((event) => {
        if (event.type === 'snapshot') for (const side of [whole.bids, whole.asks]) side.clear();
        for (const [side, levels] of [[whole.bids, event.bids], [whole.asks, event.asks]] as const) for (const [p, q] of levels) q === 0 ? side.delete(p) : side.set(p, q);
      }),
    );
    await waitFor(() => latest() !== undefined, 'a first book');
    sim.step(200);
    await expectBookEqualsTruth('BTC/USDT', latest, 'after 200 more steps');
    sim.pause();
    sim.flush();
    const bids = () => [...whole.bids].sort((a, b) => b[0] - a[0]);
    const asks = () => [...whole.asks].sort((a, b) => a[0] - b[0]);
    const truth = sim.truth('BTC/USDT');
    const shown = () => JSON.stringify({ bids: bids(), asks: asks() });
    await waitFor(() => shown() === JSON.stringify({ bids: truth.bids.slice(0, bids().length), asks: truth.asks.slice(0, asks().length) }), 'every level shown to be the truth');
    expect(truth.bids).toHaveLength(300); // the market is 300 levels deep; the public snapshot shows 100
    expect(bids().length >= 50 && bids().length < 150 && asks().length >= 50 && asks().length < 150).toBe(true);
    sim.resume();
    expect(sim.restLog.find((r) => r.path.startsWith('/api/v1/market/orderbook/'))).toEqual(expect.objectContaining({ path: '/api/v1/market/orderbook/level2_100', query: { symbol: 'BTC-USDT' } }));
    subscriptions.splice(1).forEach((s) => s.unsubscribe());
    await waitFor(() => sim.connections.size === 0, 'the server to see the socket closed');
    expect(eventsOf('close').at(-1)).toEqual(expect.objectContaining({ code: 1000 }));
    expect(eventsOf('resync')).toEqual([]);
  });

  it('subscribes nothing before the welcome message', async () => {
    subscriptions.splice(0).forEach((s) => s.unsubscribe());
    await sim.stop();
    await start({ welcomeDelayMs: 200 });
    const tr: Trade[] = [];
    subscriptions.push(kc.trades('BTC/USDT').subscribe((x) => tr.push(x)));
    await waitFor(() => tr.length > 3, 'trades after the welcome');
    const welcomedAt = sim.welcomedAt(1)!;
    const controls = sim.requests.filter((r) => r.connection === 1 && !r.text.includes('"ping"'));
    expect(controls.length).toBeGreaterThan(0);
    for (const request of controls) expect(request.at).toBeGreaterThanOrEqual(welcomedAt);
    expect(eventsOf('error')).toEqual([]);
  });

  it('recovers the exact book through every fault, with the expected event for each', async () => {
    const btc = watchBook('BTC/USDT');
    const eth = watchBook('ETH/USDT', 20);
    await waitFor(() => btc() !== undefined && eth() !== undefined, 'first books');
    await expectBookEqualsTruth('BTC/USDT', btc, 'initially');

    // a sequence break: gap → resync → fresh REST snapshot
    let snapshots = restCalls('/api/v1/market/orderbook/level2_100');
    sim.skipBookUpdate('BTC/USDT');
    await waitFor(() => eventsOf('resync').some((e) => e.reason === 'gap' && e.symbol === 'BTC/USDT'), 'a gap resync');
    await expectBookEqualsTruth('BTC/USDT', btc, 'after a sequence break');
    expect(restCalls('/api/v1/market/orderbook/level2_100')).toBeGreaterThan(snapshots);

    // malformed JSON: a decode error event carrying the frame; a schema mismatch on the book: decode error and resync
    sim.sendMalformed('invalid-json', 'BTC/USDT');
    await waitFor(() => eventsOf('error').some((e) => e.kind === 'decode' && e.frame !== undefined), 'a decode error');
    const resyncsBefore = eventsOf('resync').length;
    sim.sendMalformed('schema', 'BTC/USDT');
    await waitFor(() => eventsOf('resync').length > resyncsBefore, 'a resync after a bad book frame');
    await expectBookEqualsTruth('BTC/USDT', btc, 'after malformed frames');

    // dropped connection: a fresh token, reconnect, resubscribe, resync 'reconnect'
    let tokens = sim.tokensIssued;
    await dropAndAwaitResync(sim, () => events);
    await expectBookEqualsTruth('BTC/USDT', btc, 'after a dropped connection');
    await expectBookEqualsTruth('ETH/USDT', eth, 'after a dropped connection');
    expect(sim.tokensIssued).toBeGreaterThan(tokens);

    // the token expires: 401 on the socket, a normal close, a fresh token and recovery
    tokens = sim.tokensIssued;
    let opens = eventsOf('open').length;
    sim.expireTokens();
    await waitFor(() => eventsOf('error').some((e) => e.kind === 'exchange' && /401: token is expired/.test(e.message)) && eventsOf('open').length > opens, 'the expired token reported, then a new socket');
    expect(sim.tokensIssued).toBeGreaterThan(tokens);
    expect(new URL(eventsOf('open').at(-1)!.url).searchParams.get('token')).not.toBe(new URL(eventsOf('open').at(-2)!.url).searchParams.get('token'));
    await expectBookEqualsTruth('BTC/USDT', btc, 'after an expired token');

    // half-open socket: detected by the ping timeout, terminated and reconnected
    await silenceAndAwaitNewSocket(sim, () => events);
    await expectBookEqualsTruth('BTC/USDT', btc, 'after a half-open socket');

    // REST 429 while resyncing: an exchange error event naming it, then the book syncs anyway
    sim.failRest(429, 1, 50);
    sim.skipBookUpdate('BTC/USDT');
    await waitFor(() => eventsOf('error').some((e) => e.kind === 'exchange' && /429/.test(e.message)), 'the 429 to be reported');
    await expectBookEqualsTruth('BTC/USDT', btc, 'after a 429');

    // the token request fails on the reconnect: a transport error, retried with backoff
    sim.failRest(500, 2);
    opens = eventsOf('open').length;
    sim.closeAll(1000, 'bye');
    await waitFor(() => eventsOf('open').length > opens, 'reopen after a normal close and failed token requests');
    expect(eventsOf('close')).toContainEqual(expect.objectContaining({ code: 1000, reason: 'bye' }));
    expect(eventsOf('error').some((e) => e.kind === 'transport' && /bullet-public: HTTP 500/.test(e.message))).toBe(true);
    await expectBookEqualsTruth('BTC/USDT', btc, 'after a server close');
    await expectBookEqualsTruth('ETH/USDT', eth, 'at the end');
  });

  it('errors a book for an unknown symbol with a clear message while other streams carry on', async () => {
    const trades: Trade[] = [];
    subscriptions.push(kc.trades('BTC/USDT').subscribe((t) => trades.push(t)));
    const error = await new Promise<Error>((resolve) => subscriptions.push(kc.book('NOPE/USDT').subscribe({ error: resolve })));
    expect(error.message).toBe('kucoin: unknown symbol "NOPE/USDT" (GET /api/v2/symbols does not list it)');
    const count = trades.length;
    await waitFor(() => trades.length > count + 2, 'more trades after the failed book');
    expect(sim.requests.some((r) => r.text.includes('NOPE'))).toBe(false);
  });

  it('a topic the server refuses errors only its own stream: the joined request is split until it is alone; the others keep flowing', async () => {
    sim.refuseSymbol('ETH/USDT');
    const trades: Trade[] = [];
    let failed: unknown;
    subscriptions.push(kc.trades(SYMBOLS).subscribe({ next: (t) => trades.push(t), error: (e: unknown) => (failed = e) }));
    await waitFor(() => eventsOf('error').some((e) => e.symbol === 'ETH/USDT'), 'the refusal to be reported');
    expect(eventsOf('error').find((e) => e.symbol === 'ETH/USDT')?.message).toBe('kucoin trades ETH/USDT failed: kucoin refused /market/match:ETH-USDT: kucoin error 404: topic /market/match:ETH-USDT is not found');
    const count = trades.length;
    await waitFor(() => new Set(trades.slice(count).map((t) => t.symbol)).size === 2 && trades.length > count + 10, 'BTC and SOL trades after the refusal');
    expect(trades.slice(count).some((t) => t.symbol === 'ETH/USDT')).toBe(false);
    expect(failed).toBeUndefined();
    expect(sim.subscriptions(1).sort()).toEqual(['/market/match:BTC-USDT', '/market/match:SOL-USDT']);
  });

  it('a transient refusal of a joined request costs nothing: the halves are subscribed again and every stream flows', async () => {
    sim.failNextSubscription('SOL/USDT');
    const trades: Trade[] = [];
    let failed: unknown;
    subscriptions.push(kc.trades(SYMBOLS).subscribe({ next: (t) => trades.push(t), error: (e: unknown) => (failed = e) }));
    await waitFor(() => new Set(trades.map((t) => t.symbol)).size === 3, 'trades of every symbol');
    expect(eventsOf('error').map((e) => e.message)).toEqual([expect.stringMatching(/^kucoin error 404: topic \/market\/match:SOL-USDT is not found \(answering subscribe .*retried in halves/)]);
    expect(failed).toBeUndefined();
  });

  it('rejects invalid arguments as an erroring Observable, not a throw', async () => {
    await expect(firstValueFrom(kc.ticker('btc-usdt'))).rejects.toThrow(/BASE\/QUOTE/);
    await expect(firstValueFrom(kc.book('BTC/USDT', { depth: 101 }))).rejects.toThrow('kucoin book depth must be an integer from 1 to 100 (the public snapshot has 100 levels), got 101');
    await expect(firstValueFrom(kc.derivativeTicker('BTC/USDT'))).rejects.toThrow(/kucoin has no derivatives/);
  });

  it('keeps the socket alive with {"type":"ping"} at the server pingInterval when it is shorter than the client one, past the server idle timeout', async () => {
    subscriptions.splice(0).forEach((s) => s.unsubscribe());
    await sim.stop();
    await start({ pingIntervalMs: 150, idleTimeoutMs: 1200 }, 60_000);
    subscriptions.push(kc.trades('BTC/USDT').subscribe());
    // a ping every 150 ms, answered within the 500 ms ping timeout: one per 500 ms (the client alone would wait 60 s)
    await waitFor(() => sim.requests.filter((r) => r.text.includes('"type":"ping"')).length >= 5, 'five application pings, past the 1.2 s idle timeout');
    expect(JSON.parse(sim.requests.find((r) => r.text.includes('"ping"'))!.text)).toEqual({ id: expect.any(String), type: 'ping' });
    expect(eventsOf('error')).toEqual([]); // pong, welcome and acks are understood
    expect(eventsOf('close')).toEqual([]);
    expect(sim.connectionCount).toBe(1);
  });

  it('opens a second socket past 100 topics, never names more than 100 symbols in a request, and stays within 100 messages per 10 s per socket', async () => {
    subscriptions.splice(0).forEach((s) => s.unsubscribe());
    await sim.stop();
    const extra = Array.from({ length: 130 }, (_, i) => `X${i}/USDT`);
    await start({ symbols: ['BTC/USDT'], listedSymbols: extra }, 10_000);
    subscriptions.push(kc.trades(extra).subscribe(), kc.tickers(extra.slice(0, 20)).subscribe());
    await waitFor(() => sim.connections.size === 2 && sim.subscriptions(1).length + sim.subscriptions(2).length === 150, 'all 150 topics subscribed');
    expect(sim.subscriptions(1)).toHaveLength(100);
    for (const request of sim.requests.filter((r) => r.text.includes('"subscribe"'))) {
      expect((JSON.parse(request.text).topic as string).split(',').length).toBeLessThanOrEqual(100);
    }
    for (const connection of [1, 2]) {
      const sent = sim.requests.filter((r) => r.connection === connection);
      for (let i = 100; i < sent.length; i++) expect(sent[i]!.at - sent[i - 100]!.at).toBeGreaterThan(10_000);
    }
    expect(eventsOf('error')).toEqual([]);
  });
});
