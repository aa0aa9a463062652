import { firstValueFrom, type Subscription, take, toArray } from 'rxjs';
import { bybit } from '../../../lib/exchanges/bybit/bybit';
import { UnknownSymbolError } from '../../../lib/exchanges/common/unknown-symbol-error';
import type { ExchangeClient } from '../../../lib/model/client';
import type { DerivativeTicker } from '../../../lib/model/derivative-ticker';
import type { ExchangeEvent } from '../../../lib/model/exchange-event';
import type { OrderBookState } from '../../../lib/model/order-book-state';
import type { Ticker } from '../../../lib/model/ticker';
import type { Trade } from '../../../lib/model/trade';
import { BybitSimulator } from '../../../lib/testing/bybit/bybit-simulator';
import type { SimulatedTrade } from '../../../lib/testing/harness/simulated-market';
import { eventsOfType, expectBookMatchesTruth, latestBook } from '../../helpers/book-truth';
import { waitFor } from '../../helpers/wait-for';

const SPOT = 'BTC/USDT';
const PERP = 'BTC/USDT:USDT';
const DEPTH = 50;

describe('Bybit against the simulator (spot and linear on one client)', () => {
  let sim: BybitSimulator;
  let by: ExchangeClient;
  let events: ExchangeEvent[];
  const subscriptions: Subscription[] = [];

  beforeEach(async () => {
    sim = await BybitSimulator.start({ symbols: [SPOT, 'ETH/USDT', PERP, 'ETH/USDT:USDT'], seed: 42, stepsPerSecond: 50, bookLevels: 200 });
    by = bybit({ wsUrl: sim.wsUrl, restUrl: sim.restUrl, pingInterval: 300, pingTimeout: 200, reconnect: { delay: 20, maxDelay: 100 } });
    events = [];
    subscriptions.push(by.events$.subscribe((e) => events.push(e)));
  });
  afterEach(async () => {
    subscriptions.splice(0).forEach((s) => s.unsubscribe());
    await sim.stop();
  });

  const eventsOf = <T extends ExchangeEvent['type']>(type: T) => eventsOfType(events, type);

  /** Keeps the latest orderBook state of `symbol` (the whole subscribed depth). */
  function watchBook(symbol: string, depth = DEPTH): () => OrderBookState | undefined {
    return latestBook(by.book(symbol, { depth }), depth, subscriptions);
  }

  /** Pauses the market, waits until the client's book shows exactly the ground truth, resumes. */
  async function expectBookEqualsTruth(symbol: string, latest: () => OrderBookState | undefined, what: string, depth = DEPTH): Promise<void> {
    await expectBookMatchesTruth(sim, () => sim.truth(symbol, depth), latest, `${symbol} book to equal the ground truth ${what}`);
  }

  it('lists spot and linear instruments from the paginated instruments endpoint', async () => {
    await sim.stop();
    sim = await BybitSimulator.start({ symbols: [SPOT, PERP, 'ETH/USDT:USDT', 'SOL/USDT:USDT'], instrumentsPageLimit: 1 });
    by = bybit({ wsUrl: sim.wsUrl, restUrl: sim.restUrl });
    const list = await firstValueFrom(by.instruments());
    expect(list.map((i) => [i.symbol, i.native, i.type, i.priceTick, i.sizeStep])).toEqual([
      [SPOT, 'BTCUSDT', 'spot', 0.1, 0.000001],
      [PERP, 'BTCUSDT', 'perpetual', 0.1, 0.001],
      ['ETH/USDT:USDT', 'ETHUSDT', 'perpetual', 0.01, 0.01],
      ['SOL/USDT:USDT', 'SOLUSDT', 'perpetual', 0.01, 0.1],
    ]);
    // linear came in three pages of one, following nextPageCursor; spot in one page
    const linear = sim.restLog.filter((r) => r.query['category'] === 'linear');
    expect(linear.map((r) => r.query['cursor'] !== undefined)).toEqual([false, true, true]);
    expect(sim.restLog.filter((r) => r.query['category'] === 'spot')).toHaveLength(1);
  });

  it('keeps a spot and a linear book equal to the ground truth, on one socket per category', async () => {
    const spot = watchBook(SPOT);
    const perp = watchBook(PERP, 200);
    await waitFor(() => spot() !== undefined && perp() !== undefined, 'first books');
    sim.step(100);
    await expectBookEqualsTruth(SPOT, spot, 'after 100 more steps');
    await expectBookEqualsTruth(PERP, perp, 'after 100 more steps', 200);
    expect(sim.connectionCount).toBe(2);
    expect(eventsOf('open').map((e) => new URL(e.url).pathname).sort()).toEqual(['/v5/public/linear', '/v5/public/spot']);
    expect(eventsOf('resync')).toEqual([]);
  });

  it('a second subscriber of the same book gets its own snapshot without making the first one report a reset', async () => {
    const first = watchBook(PERP);
    await waitFor(() => first() !== undefined, 'the first book');
    sim.step(20);
    const second = watchBook(PERP);
    await waitFor(() => second() !== undefined, 'the second book');
    sim.step(20);
    await expectBookEqualsTruth(PERP, first, 'for the first subscriber');
    await expectBookEqualsTruth(PERP, second, 'for the second subscriber');
    expect(eventsOf('resync')).toEqual([]);
    expect(sim.requests.filter((r) => r.message?.args?.includes('orderbook.50.BTCUSDT')).map((r) => r.message.op)).toEqual(['subscribe', 'unsubscribe', 'subscribe']);
  });

  it('ticker: linear from the merged tickers topic, spot from tickers + orderbook.1 (spot tickers carry no best bid/ask)', async () => {
    const spotTickers: Ticker[] = [];
    const perpTickers: Ticker[] = [];
    subscriptions.push(by.ticker(SPOT).subscribe((t) => spotTickers.push(t)));
    subscriptions.push(by.ticker(PERP).subscribe((t) => perpTickers.push(t)));
    await waitFor(() => spotTickers.length > 3 && perpTickers.length > 3, 'tickers of both categories');
    sim.pause();
    await new Promise((resolve) => setTimeout(resolve, 60));
    for (const [symbol, tickers] of [[SPOT, spotTickers], [PERP, perpTickers]] as const) {
      const top = sim.market(symbol).top();
      const stats = sim.market(symbol).stats();
      const last = tickers.at(-1)!;
      expect([last.bid, last.bidSize, last.ask, last.askSize]).toEqual([top.bid, top.bidSize, top.ask, top.askSize]);
      expect([last.price, last.high24h, last.low24h, last.volume24h]).toEqual([stats.last, stats.high, stats.low, stats.volume]);
      expect(last.change24h).toBeCloseTo((stats.priceChange / stats.open) * 100, symbol === SPOT ? 2 : 4);
    }
    expect(sim.subscriptions(1).concat(sim.subscriptions(2)).sort()).toEqual(['orderbook.1.BTCUSDT', 'tickers.BTCUSDT', 'tickers.BTCUSDT']);
  });

  it('derivativeTicker merges snapshot + deltas: mark, index, funding, next funding, open interest; a funding change arrives as a delta', async () => {
    const derivatives: DerivativeTicker[] = [];
    subscriptions.push(by.derivativeTicker(PERP).subscribe((d) => derivatives.push(d)));
    await waitFor(() => derivatives.length > 2, 'derivative tickers');
    sim.setFunding(PERP, -0.00025, 1_900_000_000_000);
    await waitFor(() => derivatives.at(-1)!.fundingRate === -0.00025, 'the funding delta');
    sim.pause();
    await new Promise((resolve) => setTimeout(resolve, 60));
    const fields = sim.tickerFields(PERP);
    expect(derivatives.at(-1)).toEqual({
      type: 'derivative_ticker',
      exchange: 'bybit',
      symbol: PERP,
      markPrice: Number(fields['markPrice']),
      indexPrice: Number(fields['indexPrice']),
      lastPrice: Number(fields['lastPrice']),
      fundingRate: -0.00025,
      nextFundingTime: 1_900_000_000_000,
      openInterest: Number(fields['openInterest']),
      timestamp: expect.any(Number),
      localTimestamp: expect.any(Number),
    });
    expect(derivatives.every((d) => Object.values(d).every((v) => v !== undefined && v !== 0))).toBe(true);
    await expect(firstValueFrom(by.derivativeTicker(SPOT))).rejects.toThrow(/perpetual or future symbol/);
  });

  it('trades of spot and linear symbols in one call (two sockets), equal to the market steps in order', async () => {
    const produced: Record<string, SimulatedTrade[]> = { [SPOT]: [], [PERP]: [] };
    const stop = sim.onStep((step) => produced[step.symbol]?.push(...step.trades));
    const trades = await firstValueFrom(by.trades([SPOT, PERP]).pipe(take(40), toArray()));
    stop();
    for (const symbol of [SPOT, PERP]) {
      const mine = trades.filter((t: Trade) => t.symbol === symbol).map((t) => [t.price, t.amount, t.side]);
      const truth = produced[symbol]!.map((t) => [t.price, t.amount, t.side]);
      expect(mine.length).toBeGreaterThan(0);
      // the client joined mid-stream: its trades are a contiguous run of the market's
      const start = truth.findIndex((t) => JSON.stringify(t) === JSON.stringify(mine[0]));
      expect(truth.slice(start, start + mine.length)).toEqual(mine);
    }
    expect(trades.filter((t) => t.symbol === SPOT).every((t) => /^\d+$/.test(t.id))).toBe(true);
    expect(trades.filter((t) => t.symbol === PERP).every((t) => /^[0-9a-f]{8}-/.test(t.id))).toBe(true);
  });

  it('recovers the exact books through every fault, with the expected event for each', async () => {
    const spot = watchBook(SPOT);
    const perp = watchBook(PERP);
    await waitFor(() => spot() !== undefined && perp() !== undefined, 'first books');
    await expectBookEqualsTruth(PERP, perp, 'initially');
    const resyncs = (reason: string, symbol: string): number => eventsOf('resync').filter((e) => e.reason === reason && e.symbol === symbol).length;

    // Bybit resends a snapshot mid-stream: resync 'reset', the new snapshot replaces the book
    sim.resetBook(PERP);
    await waitFor(() => resyncs('reset', PERP) === 1, 'a reset resync');
    await expectBookEqualsTruth(PERP, perp, 'after a mid-stream snapshot');

    // a service restart: a u = 1 snapshot, deltas go on from 2 without a gap
    sim.resetBook(SPOT, { restart: true });
    await waitFor(() => resyncs('reset', SPOT) === 1, 'a reset resync after u = 1');
    sim.step(20);
    await expectBookEqualsTruth(SPOT, spot, 'after a u = 1 restart');
    expect(resyncs('gap', SPOT)).toBe(0);

    // a lost delta: u gap → resync 'gap' + an error naming the u, resubscribe, fresh snapshot
    sim.skipDelta(PERP);
    await waitFor(() => resyncs('gap', PERP) === 1, 'a gap resync');
    expect(eventsOf('error')).toContainEqual(expect.objectContaining({ kind: 'exchange', symbol: PERP, message: expect.stringMatching(/u \d+ follows u \d+ \(expected \d+\)/) }));
    await expectBookEqualsTruth(PERP, perp, 'after a u gap');

    // malformed frames: decode errors, the book of that topic resyncs
    sim.sendMalformed('invalid-json', SPOT);
    await waitFor(() => resyncs('gap', SPOT) === 1, 'a resync after a truncated frame');
    sim.sendMalformed('schema', PERP);
    await waitFor(() => resyncs('gap', PERP) === 2, 'a resync after a frame with wrong types');
    expect(eventsOf('error').filter((e) => e.kind === 'decode')).toHaveLength(2);
    await expectBookEqualsTruth(SPOT, spot, 'after malformed frames');
    await expectBookEqualsTruth(PERP, perp, 'after malformed frames');

    // dropped connections (both sockets): reconnect, resync 'reconnect', fresh snapshots
    sim.dropConnections();
    await waitFor(() => resyncs('reconnect', SPOT) === 1 && resyncs('reconnect', PERP) === 1, 'reconnect resyncs');
    await expectBookEqualsTruth(SPOT, spot, 'after dropped connections');
    await expectBookEqualsTruth(PERP, perp, 'after dropped connections');

    // half-open sockets: found by the ping timeout ({"op":"ping"} unanswered), terminated, reopened
    const opens = eventsOf('open').length;
    sim.goSilent();
    await waitFor(() => eventsOf('error').filter((e) => e.kind === 'transport' && /half-open/.test(e.message)).length >= 2, 'half-open detection on both sockets');
    await waitFor(() => eventsOf('open').length >= opens + 2, 'two new sockets');
    await expectBookEqualsTruth(SPOT, spot, 'after half-open sockets');
    await expectBookEqualsTruth(PERP, perp, 'after half-open sockets');
    expect(eventsOf('close').filter((e) => e.code === 1000)).toEqual([]);
  });

  it('errors the stream of an unknown symbol (checked against instruments-info) while other streams carry on', async () => {
    const trades: Trade[] = [];
    subscriptions.push(by.trades(PERP).subscribe((t) => trades.push(t)));
    const error = await new Promise<Error>((resolve) => subscriptions.push(by.book('NOPE/USDT:USDT').subscribe({ error: resolve })));
    expect(error).toBeInstanceOf(UnknownSymbolError);
    expect(error.message).toBe('bybit: unknown symbol "NOPE/USDT:USDT" (GET /v5/market/instruments-info (spot, linear) does not list it)');
    const count = trades.length;
    await waitFor(() => trades.length > count + 2, 'more trades after the failed book');
    expect(sim.requests.some((r) => r.text.includes('NOPE'))).toBe(false);
  });

  it('a topic Bybit refuses errors only its own stream (error:handler not found), the other symbols flow', async () => {
    sim.failNextSubscription('ETH/USDT');
    const trades: Trade[] = [];
    subscriptions.push(by.trades([SPOT, 'ETH/USDT']).subscribe({ next: (t) => trades.push(t), error: (e: unknown) => fail(e) }));
    await waitFor(() => eventsOf('error').some((e) => e.kind === 'exchange' && e.symbol === 'ETH/USDT'), 'the refusal event');
    expect(eventsOf('error')).toContainEqual(expect.objectContaining({ symbol: 'ETH/USDT', message: expect.stringContaining('error:handler not found,topic:publicTrade.ETHUSDT') }));
    const count = trades.length;
    await waitFor(() => trades.length > count + 2, 'more BTC/USDT trades');
    expect(new Set(trades.map((t) => t.symbol))).toEqual(new Set([SPOT]));
  });

  it('rejects invalid arguments as an erroring Observable, not a throw', async () => {
    await expect(firstValueFrom(by.book(SPOT, { depth: 30 }))).rejects.toThrow('bybit book depth must be one of 1, 50, 200, 1000, got 30');
    await expect(firstValueFrom(by.ticker('btcusdt'))).rejects.toThrow(/BASE\/QUOTE/);
  });

  it('keeps its sockets alive with {"op":"ping"} where the server drops silent connections', async () => {
    await sim.stop();
    sim = await BybitSimulator.start({ symbols: [SPOT, PERP], idleTimeoutMs: 400 });
    by = bybit({ wsUrl: sim.wsUrl, restUrl: sim.restUrl, pingInterval: 100, pingTimeout: 300 });
    subscriptions.push(by.events$.subscribe((e) => events.push(e)));
    const trades: Trade[] = [];
    subscriptions.push(by.trades([SPOT, PERP]).subscribe((t) => trades.push(t)));
    await waitFor(() => sim.requests.filter((r) => r.message?.op === 'ping').length >= 20, 'twenty pings');
    expect(sim.requests.filter((r) => r.message?.op === 'ping').every((r) => r.text === '{"op":"ping"}')).toBe(true);
    expect(new Set(sim.requests.filter((r) => r.message?.op === 'ping').map((r) => r.category))).toEqual(new Set(['spot', 'linear']));
    expect(sim.connectionCount).toBe(2);
    expect(eventsOf('error')).toEqual([]);
  });

  it('subscribes at most 10 topics per request (Bybit spot refuses more) and routes each to its category', async () => {
    await sim.stop();
    const symbols = ['BTC/USDT', 'ETH/USDT', 'SOL/USDT', 'XRP/USDT', 'DOGE/USDT', 'ADA/USDT', 'BTC/USDT:USDT'];
    sim = await BybitSimulator.start({ symbols, bookLevels: 60 });
    by = bybit({ wsUrl: sim.wsUrl, restUrl: sim.restUrl });
    subscriptions.push(by.events$.subscribe((e) => events.push(e)));
    const spot = symbols.slice(0, 6);
    const tickers: Ticker[] = [];
    subscriptions.push(by.tickers(symbols).subscribe((t) => tickers.push(t)));
    subscriptions.push(by.trades(spot).subscribe());
    await waitFor(() => new Set(tickers.map((t) => t.symbol)).size === symbols.length, 'a ticker of every symbol');
    const subscribes = sim.requests.filter((r) => r.message?.op === 'subscribe');
    expect(subscribes.every((r) => r.message.args.length <= 10)).toBe(true);
    const spotTopics = subscribes.filter((r) => r.category === 'spot').flatMap((r) => r.message.args);
    expect(spotTopics).toHaveLength(18); // tickers + orderbook.1 + publicTrade of 6 symbols
    expect(subscribes.filter((r) => r.category === 'linear').flatMap((r) => r.message.args)).toEqual(['tickers.BTCUSDT']);
    expect(eventsOf('error')).toEqual([]);
  });
});
