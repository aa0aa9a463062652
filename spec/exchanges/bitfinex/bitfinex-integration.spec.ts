import { firstValueFrom, type Subscription } from 'rxjs';
import { bitfinex, type BitfinexOptions } from '../../../lib/exchanges/bitfinex/bitfinex';
import type { ExchangeClient } from '../../../lib/model/client';
import type { ExchangeEvent } from '../../../lib/model/exchange-event';
import type { OrderBookState } from '../../../lib/model/order-book-state';
import type { Ticker } from '../../../lib/model/ticker';
import type { Trade } from '../../../lib/model/trade';
import { BitfinexSimulator } from '../../../lib/testing/bitfinex/bitfinex-simulator';
import type { BitfinexSimulatorOptions } from '../../../lib/testing/bitfinex/bitfinex-simulator-options';
import { eventsOfType, expectBookMatchesTruth, latestBook } from '../../helpers/book-truth';
import { silenceAndAwaitNewSocket } from '../../helpers/connection-recovery';
import { waitFor } from '../../helpers/wait-for';

const SYMBOLS = ['BTC/USD', 'ETH/USD', 'BTC/USDT'];

describe('Bitfinex against the simulator', () => {
  let sim: BitfinexSimulator;
  let bf: ExchangeClient;
  let events: ExchangeEvent[];
  const subscriptions: Subscription[] = [];

  async function start(options: BitfinexSimulatorOptions = {}, client: BitfinexOptions = {}): Promise<void> {
    sim = await BitfinexSimulator.start({ symbols: SYMBOLS, seed: 42, stepsPerSecond: 50, tickerIntervalMs: 50, bookLevels: 300, maxConnectionsPerMinute: 10_000, ...options });
    // ping timeouts ≥ 500 ms: a loaded machine's pauses must not look like half-open sockets
    bf = bitfinex({ wsUrl: sim.wsUrl, restUrl: sim.restUrl, pingInterval: 300, pingTimeout: 500, reconnect: { delay: 20, maxDelay: 100 }, connectionsPerMinute: 10_000, ...client });
    events = [];
    subscriptions.push(bf.events$.subscribe((e) => events.push(e)));
  }

  beforeEach(() => start());
  afterEach(async () => {
    subscriptions.splice(0).forEach((s) => s.unsubscribe());
    await sim.stop();
  });

  /** Keeps the latest orderBook state of `symbol`. */
  function watchBook(symbol: string, depth = 25): () => OrderBookState | undefined {
    return latestBook(bf.book(symbol, { depth }), depth, subscriptions);
  }

  /** Pauses the market, waits until the client's book shows exactly the ground truth, resumes. */
  async function expectBookEqualsTruth(symbol: string, latest: () => OrderBookState | undefined, what: string, depth = 25): Promise<void> {
    await expectBookMatchesTruth(sim, () => sim.truth(symbol, depth), latest, `${symbol} book to equal the ground truth ${what}`);
  }

  const eventsOf = <T extends ExchangeEvent['type']>(type: T) => eventsOfType(events, type);
  const resyncs = (reason: string, symbol?: string) => eventsOf('resync').filter((e) => e.reason === reason && (symbol === undefined || e.symbol === symbol));
  const sent = (what: RegExp) => sim.requests.filter((r) => what.test(r.text));

  it('streams tickers and trades of several symbols over ONE socket, after conf (sequence numbers + checksums)', async () => {
    const t: Ticker[] = [];
    const tr: Trade[] = [];
    subscriptions.push(bf.tickers(SYMBOLS).subscribe((x) => t.push(x)), bf.trades(SYMBOLS).subscribe((x) => tr.push(x)));
    await waitFor(() => new Set(t.map((x) => x.symbol)).size === 3 && tr.length >= 30, 'tickers of every symbol and 30 trades');
    for (const x of t) {
      expect(x).toEqual(expect.objectContaining({ type: 'ticker', exchange: 'bitfinex' }));
      expect(x.bid < x.ask && x.bidSize > 0 && x.askSize > 0 && x.price > 0 && x.high24h >= x.low24h && Number.isFinite(x.change24h)).toBe(true);
    }
    for (const x of tr) expect(['buy', 'sell']).toContain(x.side);
    expect(new Set(tr.map((x) => `${x.symbol} ${x.id}`)).size).toBe(tr.length); // te delivered, tu (the same trade again) not
    expect(sim.connectionCount).toBe(1);
    expect(sim.requests[0]!.text).toBe('{"event":"conf","flags":196608}');
    expect(sim.subscriptions(1).sort()).toEqual(['ticker:tBTCUSD', 'ticker:tETHUSD', 'ticker:tBTCUST', 'trades:tBTCUSD', 'trades:tETHUSD', 'trades:tBTCUST'].sort());
    expect(eventsOf('error')).toEqual([]);
  });

  it('keeps the 25-level book equal to the ground truth after many updates, and unsubscribes by channel id', async () => {
    const latest = watchBook('BTC/USD');
    const other = watchBook('ETH/USD');
    await waitFor(() => latest() !== undefined && other() !== undefined, 'first books');
    sim.step(300);
    await expectBookEqualsTruth('BTC/USD', latest, 'after 300 more steps');
    subscriptions.splice(2, 1)[0]!.unsubscribe(); // the ETH/USD book
    await waitFor(() => sent(/"unsubscribe"/).length === 1, 'an unsubscribe');
    expect(JSON.parse(sent(/"unsubscribe"/)[0]!.text)).toEqual({ event: 'unsubscribe', chanId: expect.any(Number) });
    await waitFor(() => sim.subscriptions(1).length === 1, 'the server to drop the channel');
    expect(sim.subscriptions(1)).toEqual(['book:tBTCUSD:25']);
    subscriptions.splice(1).forEach((s) => s.unsubscribe());
    await waitFor(() => sim.connections.size === 0, 'the server to see the socket closed');
    expect(eventsOf('resync')).toEqual([]);
    expect(eventsOf('error')).toEqual([]);
  });

  it('keeps a 100-level book equal to the top 100 of the truth', async () => {
    const latest = watchBook('ETH/USD', 100);
    await waitFor(() => latest() !== undefined, 'a first book');
    sim.step(300);
    await expectBookEqualsTruth('ETH/USD', latest, 'after 300 steps', 100);
    expect(sim.subscriptions(1)).toEqual(['book:tETHUSD:100']);
    expect(JSON.parse(sent(/"book"/)[0]!.text)).toEqual({ event: 'subscribe', channel: 'book', symbol: 'tETHUSD', prec: 'P0', freq: 'F0', len: '100' });
  });

  it('recovers the exact books through every fault, with the expected event for each', async () => {
    const btc = watchBook('BTC/USD');
    const eth = watchBook('ETH/USD', 100);
    await waitFor(() => btc() !== undefined && eth() !== undefined, 'first books');
    await expectBookEqualsTruth('BTC/USD', btc, 'initially');

    // a wrong checksum: resync 'checksum', that book resubscribes for a fresh snapshot
    sim.corruptNextChecksum('BTC/USD');
    await waitFor(() => resyncs('checksum', 'BTC/USD').length === 1, 'a checksum resync');
    expect(resyncs('checksum', 'ETH/USD')).toEqual([]);
    await expectBookEqualsTruth('BTC/USD', btc, 'after a bad checksum');

    // a sequence break: every book of the connection resyncs
    sim.skipSequence();
    await waitFor(() => resyncs('gap', 'BTC/USD').length > 0 && resyncs('gap', 'ETH/USD').length > 0, 'gap resyncs of both books');
    expect(eventsOf('error').some((e) => /sequence number went from \d+ to \d+/.test(e.message))).toBe(true);
    await expectBookEqualsTruth('BTC/USD', btc, 'after a sequence break');
    await expectBookEqualsTruth('ETH/USD', eth, 'after a sequence break', 100);

    // a truncated frame: a decode error with the frame, and its spent sequence number is a gap
    const gaps = resyncs('gap').length;
    sim.sendMalformed('invalid-json', 'BTC/USD');
    await waitFor(() => eventsOf('error').some((e) => e.kind === 'decode' && e.frame !== undefined) && resyncs('gap').length > gaps, 'a decode error and a gap');
    // a schema mismatch in a book update: decode error, that book resyncs
    const before = resyncs('gap', 'ETH/USD').length;
    sim.sendMalformed('schema', 'ETH/USD');
    await waitFor(() => resyncs('gap', 'ETH/USD').length > before, 'a resync after a bad book frame');
    await expectBookEqualsTruth('ETH/USD', eth, 'after malformed frames', 100);

    // dropped connection: reconnect, resubscribe, resync 'reconnect'
    sim.dropConnections();
    await waitFor(() => eventsOf('reconnect').length > 0 && resyncs('reconnect').length > 0, 'reconnect + resync');
    await expectBookEqualsTruth('BTC/USD', btc, 'after a dropped connection');

    // half-open socket: detected by the ping timeout, terminated and reconnected
    await silenceAndAwaitNewSocket(sim, () => events);
    await expectBookEqualsTruth('BTC/USD', btc, 'after a half-open socket');

    // info 20051: the client reconnects at once, before the server closes
    const opens = eventsOf('open').length;
    sim.restart(60_000);
    await waitFor(() => eventsOf('open').length > opens, 'a reconnect after info 20051');
    expect(eventsOf('close').some((e) => e.code === 1000 && e.reason === 'info 20051 (server stop/restart)')).toBe(true);
    await expectBookEqualsTruth('ETH/USD', eth, 'after info 20051', 100);

    // a server close (1000): a close event, then a reconnect
    const reopened = eventsOf('open').length;
    sim.closeAll(1000, 'bye');
    await waitFor(() => eventsOf('open').length > reopened, 'reopen after a normal close');
    expect(eventsOf('close')).toContainEqual(expect.objectContaining({ code: 1000, reason: 'bye' }));
    await expectBookEqualsTruth('BTC/USD', btc, 'at the end');
    await expectBookEqualsTruth('ETH/USD', eth, 'at the end', 100);
  });

  it('maintenance (info 20060 … 20061): subscriptions wait, then every channel is resubscribed and the books are exact again', async () => {
    const btc = watchBook('BTC/USD');
    const trades: Trade[] = [];
    subscriptions.push(bf.trades('ETH/USD').subscribe((t) => trades.push(t)));
    await waitFor(() => btc() !== undefined && trades.length > 0, 'a book and trades');
    sim.startMaintenance();
    await waitFor(() => eventsOf('error').some((e) => /info 20060/.test(e.message)), 'the maintenance notice');
    const eth = watchBook('ETH/USD'); // asked for during the maintenance: held back
    sim.step(100); // the market moves on, nothing is sent meanwhile
    expect(sent(/"book","symbol":"tETHUSD"/)).toEqual([]);
    const subscribesBefore = sent(/"subscribe"/).length;
    sim.endMaintenance();
    await waitFor(() => sent(/"subscribe"/).length === subscribesBefore + 3, 'every channel subscribed again');
    expect(sent(/"unsubscribe"/)).toHaveLength(2); // the two channels the server had
    await expectBookEqualsTruth('BTC/USD', btc, 'after the maintenance');
    await expectBookEqualsTruth('ETH/USD', eth, 'after the maintenance');
    expect(resyncs('checksum')).toEqual([]); // no stale book was ever checked against new data
    expect(resyncs('reset', 'BTC/USD')).toHaveLength(1);
  });

  it('delivers each trade once, te not tu, and fills the trades executed while reconnecting from the new snapshot', async () => {
    const executed: string[] = [];
    sim.onStep((step) => step.symbol === 'BTC/USD' && executed.push(...step.trades.map((t) => String(t.id))));
    const delivered: string[] = [];
    subscriptions.push(bf.trades('BTC/USD').subscribe((t) => delivered.push(t.id)));
    await waitFor(() => delivered.length >= 5, 'first trades');
    sim.pause();
    sim.dropConnections();
    sim.step(8); // trades executed while the client is away: only the next snapshot has them
    sim.resume();
    await waitFor(() => eventsOf('open').length === 2, 'a new socket');
    const count = delivered.length;
    await waitFor(() => delivered.length > count + 5, 'trades after the reconnect');
    sim.pause();
    await waitFor(() => delivered.at(-1) === executed.at(-1), 'the last trade');
    const span = executed.slice(executed.indexOf(delivered[0]!));
    expect(delivered).toEqual(span); // every trade since the first delivered, once, in order
  });

  it('errors a stream of an unknown symbol with a clear message, before anything is sent, while others carry on', async () => {
    const trades: Trade[] = [];
    subscriptions.push(bf.trades('BTC/USD').subscribe((t) => trades.push(t)));
    const error = await new Promise<Error>((resolve) => subscriptions.push(bf.book('NOPE/USD').subscribe({ error: resolve })));
    expect(error.message).toBe('bitfinex: unknown symbol "NOPE/USD" (GET /v2/conf/pub:info:pair,pub:map:currency:sym does not list it)');
    const count = trades.length;
    await waitFor(() => trades.length > count + 2, 'more trades after the failed book');
    expect(sent(/NOPE/)).toEqual([]);
  });

  it('a subscription the server refuses (error 10300) errors only its own stream; the other symbols keep flowing', async () => {
    sim.failNextSubscription('ETH/USD');
    const trades: Trade[] = [];
    let failed: unknown;
    subscriptions.push(bf.trades(SYMBOLS).subscribe({ next: (t) => trades.push(t), error: (e: unknown) => (failed = e) }));
    await waitFor(() => eventsOf('error').some((e) => e.symbol === 'ETH/USD'), 'the refusal to be reported');
    expect(eventsOf('error').find((e) => e.symbol === 'ETH/USD')?.message).toBe('bitfinex trades ETH/USD failed: bitfinex refused trades:tETHUSD: bitfinex error 10300: symbol: invalid');
    const count = trades.length;
    await waitFor(() => new Set(trades.slice(count).map((t) => t.symbol)).size === 2 && trades.length > count + 10, 'BTC/USD and BTC/USDT trades after the refusal');
    expect(trades.slice(count).some((t) => t.symbol === 'ETH/USD')).toBe(false);
    expect(failed).toBeUndefined();
  });

  it('rejects invalid arguments as an erroring Observable, not a throw', async () => {
    await expect(firstValueFrom(bf.ticker('btcusd'))).rejects.toThrow(/BASE\/QUOTE/);
    await expect(firstValueFrom(bf.book('BTC/USD', { depth: 50 }))).rejects.toThrow('bitfinex book depth must be one of 25, 100, got 50');
    await expect(firstValueFrom(bf.derivativeTicker('BTC/USD'))).rejects.toThrow(/bitfinex has no derivatives/);
  });

  it('keeps the socket alive with {"event":"ping","cid":n}; a quiet channel\'s heartbeats keep the sequence unbroken', async () => {
    subscriptions.splice(0).forEach((s) => s.unsubscribe());
    await sim.stop();
    await start({ symbols: ['BTC/USD'], listedSymbols: ['ETH/BTC'], heartbeatIntervalMs: 40 });
    subscriptions.push(bf.trades('ETH/BTC').subscribe(), bf.trades('BTC/USD').subscribe());
    await waitFor(() => sent(/"ping"/).length >= 3, 'three pings');
    expect(sent(/"ping"/).slice(0, 3).map((r) => JSON.parse(r.text))).toEqual([1, 2, 3].map((cid) => ({ event: 'ping', cid })));
    expect(sim.subscriptions(1)).toContain('trades:tETHBTC');
    expect(eventsOf('error')).toEqual([]); // pongs, heartbeats and subscribe replies understood; no sequence gap
    expect(eventsOf('close')).toEqual([]);
  });

  it('opens a second socket past 25 channels, and sends at most 10 control requests per second per socket', async () => {
    subscriptions.splice(0).forEach((s) => s.unsubscribe());
    await sim.stop();
    const extra = Array.from({ length: 30 }, (_, i) => `X${i}/USD`);
    await start({ symbols: ['BTC/USD'], listedSymbols: extra }, { pingInterval: 10_000 });
    subscriptions.push(bf.tickers(extra).subscribe());
    const subscribes = () => sent(/"subscribe"/);
    await waitFor(() => subscribes().length === 30, 'all 30 streams subscribed');
    expect(sim.connectionCount).toBe(2);
    expect(sim.subscriptions(1)).toHaveLength(25);
    expect(sim.subscriptions(2)).toHaveLength(5);
    const first = subscribes().filter((r) => r.connection === 1);
    for (let i = 10; i < first.length; i++) expect(first[i]!.at - first[i - 10]!.at).toBeGreaterThan(1000);
    expect(eventsOf('error')).toEqual([]);
  });

  it('a handshake past the server\'s 20 connections per minute is refused with HTTP 429, reported, and retried', async () => {
    subscriptions.splice(0).forEach((s) => s.unsubscribe());
    await sim.stop();
    await start({ symbols: ['BTC/USD'], maxConnectionsPerMinute: 1 });
    subscriptions.push(bf.trades('BTC/USD').subscribe());
    await waitFor(() => eventsOf('open').length === 1, 'the first socket');
    sim.dropConnections();
    await waitFor(() => eventsOf('error').some((e) => e.kind === 'transport' && /429/.test(e.message)), 'a refused handshake');
    await waitFor(() => eventsOf('reconnect').length >= 3, 'retries with backoff');
    expect(sim.connectionCount).toBe(1);
  });
});
