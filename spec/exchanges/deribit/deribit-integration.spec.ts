import { firstValueFrom, type Subscription, take, toArray } from 'rxjs';
import { deribit } from '../../../lib/exchanges/deribit/deribit';
import { UnknownSymbolError } from '../../../lib/exchanges/common/unknown-symbol-error';
import type { ExchangeClient } from '../../../lib/model/client';
import type { DerivativeTicker } from '../../../lib/model/derivative-ticker';
import type { ExchangeEvent } from '../../../lib/model/exchange-event';
import type { OrderBookState } from '../../../lib/model/order-book-state';
import type { Ticker } from '../../../lib/model/ticker';
import type { Trade } from '../../../lib/model/trade';
import { DeribitSimulator } from '../../../lib/testing/deribit/deribit-simulator';
import type { SimulatedTrade } from '../../../lib/testing/harness/simulated-market';
import { eventsOfType, expectBookMatchesTruth, latestBook } from '../../helpers/book-truth';
import { waitFor } from '../../helpers/wait-for';

const BTC = 'BTC/USD:BTC';
const ETH = 'ETH/USD:ETH';
const USDC = 'BTC/USDC:USDC';
const DATED = 'BTC/USD:BTC-261225';
const SPOT = 'BTC/USDC';

describe('Deribit against the simulator (perpetuals, a dated future and spot on one socket)', () => {
  let sim: DeribitSimulator;
  let db: ExchangeClient;
  let events: ExchangeEvent[];
  const subscriptions: Subscription[] = [];

  beforeEach(async () => {
    sim = await DeribitSimulator.start({ symbols: [BTC, ETH, USDC, DATED, SPOT], seed: 42, stepsPerSecond: 50, heartbeatIntervalMs: 400 });
    db = deribit({ wsUrl: sim.wsUrl, restUrl: sim.restUrl, pingInterval: 300, pingTimeout: 1000, reconnect: { delay: 20, maxDelay: 100 } });
    events = [];
    subscriptions.push(db.events$.subscribe((e) => events.push(e)));
  });
  afterEach(async () => {
    subscriptions.splice(0).forEach((s) => s.unsubscribe());
    await sim.stop();
  });

  const eventsOf = <T extends ExchangeEvent['type']>(type: T) => eventsOfType(events, type);
  const resyncs = (reason: string, symbol: string): number => eventsOf('resync').filter((e) => e.reason === reason && e.symbol === symbol).length;

  /** Keeps the latest orderBook state of `symbol` (the whole book). */
  function watchBook(symbol: string): () => OrderBookState | undefined {
    return latestBook(db.book(symbol), 10_000, subscriptions);
  }

  /** Pauses the market, waits until the client's book shows exactly the ground truth, resumes. */
  async function expectBookEqualsTruth(symbol: string, latest: () => OrderBookState | undefined, what: string): Promise<void> {
    await expectBookMatchesTruth(sim, () => sim.truth(symbol), latest, `${symbol} book to equal the ground truth ${what}`);
  }

  it('lists perpetuals (inverse and linear), dated futures and spot pairs from get_instruments (future, then spot)', async () => {
    const list = await firstValueFrom(db.instruments());
    expect(list.map((i) => [i.symbol, i.native, i.type, i.settle, i.priceTick, i.sizeStep])).toEqual([
      [BTC, 'BTC-PERPETUAL', 'perpetual', 'BTC', 0.5, 1],
      [ETH, 'ETH-PERPETUAL', 'perpetual', 'ETH', 0.05, 1],
      [USDC, 'BTC_USDC-PERPETUAL', 'perpetual', 'USDC', 1, 0.001],
      [DATED, 'BTC-25DEC26', 'future', 'BTC', 2.5, 1],
      [SPOT, 'BTC_USDC', 'spot', undefined, 1, 0.0001],
    ]);
    expect(sim.restLog.map((r) => [r.path, r.query['currency'], r.query['kind']])).toEqual([
      ['/api/v2/public/get_instruments', 'any', 'future'],
      ['/api/v2/public/get_instruments', 'any', 'spot'],
    ]);
  });

  it('keeps every kind of book equal to the ground truth, all on one socket, verifying each change', async () => {
    const books = [BTC, ETH, USDC, DATED, SPOT].map((symbol) => [symbol, watchBook(symbol)] as const);
    await waitFor(() => books.every(([, latest]) => latest() !== undefined), 'first books');
    sim.step(100);
    for (const [symbol, latest] of books) await expectBookEqualsTruth(symbol, latest, 'after 100 more steps');
    expect(sim.connectionCount).toBe(1);
    expect(eventsOf('resync')).toEqual([]);
    expect(eventsOf('error')).toEqual([]);
    const subscribes = sim.requests.filter((r) => r.message?.method === 'public/subscribe');
    expect(subscribes.flatMap((r) => r.message.params.channels).sort()).toEqual(
      ['BTC-PERPETUAL', 'ETH-PERPETUAL', 'BTC_USDC-PERPETUAL', 'BTC-25DEC26', 'BTC_USDC'].map((native) => `book.${native}.100ms`).sort(),
    );
  });

  it('ticker and derivativeTicker share the ticker channel: bid/ask, last, 24 h stats, mark, index, funding, open interest; no next funding time', async () => {
    const tickers: Ticker[] = [];
    const derivatives: DerivativeTicker[] = [];
    const dated: DerivativeTicker[] = [];
    subscriptions.push(db.ticker(BTC).subscribe((t) => tickers.push(t)));
    subscriptions.push(db.derivativeTicker(BTC).subscribe((d) => derivatives.push(d)));
    subscriptions.push(db.derivativeTicker(DATED).subscribe((d) => dated.push(d)));
    await waitFor(() => tickers.length > 2 && derivatives.length > 2 && dated.length > 0, 'tickers');
    sim.setFunding(BTC, -0.00025);
    await waitFor(() => derivatives.at(-1)!.fundingRate === -0.00025, 'the new funding rate');
    sim.pause();
    const top = sim.market(BTC).top();
    const stats = sim.market(BTC).stats();
    const shown = (): number[] => {
      const t = tickers.at(-1)!;
      return [t.bid, t.bidSize, t.ask, t.askSize, t.price, t.high24h, t.low24h];
    };
    // the last ticker of the paused market arrives (frames still on the way on a loaded machine)
    await waitFor(() => JSON.stringify(shown()) === JSON.stringify([top.bid, top.bidSize, top.ask, top.askSize, stats.last, stats.high, stats.low]), 'the ticker of the paused market');
    await waitFor(() => derivatives.at(-1)!.timestamp === tickers.at(-1)!.timestamp, 'the derivative ticker of the same notification');
    const last = tickers.at(-1)!;
    expect(last.volume24h).toBeCloseTo(stats.volume / stats.last, 6); // inverse: Deribit's stats.volume is in BTC
    expect(last.change24h).toBeCloseTo(((stats.last - stats.open) / stats.open) * 100, 4);
    const derivative = derivatives.at(-1)!;
    expect(derivative).toEqual({
      type: 'derivative_ticker',
      exchange: 'deribit',
      symbol: BTC,
      markPrice: expect.any(Number),
      indexPrice: expect.any(Number),
      lastPrice: stats.last,
      fundingRate: -0.00025,
      nextFundingTime: undefined,
      openInterest: expect.any(Number),
      timestamp: expect.any(Number),
      localTimestamp: expect.any(Number),
    });
    expect(Math.abs(derivative.markPrice! - (top.bid + top.ask) / 2) / derivative.markPrice!).toBeLessThan(0.01);
    expect(dated.at(-1)!.fundingRate).toBeUndefined(); // dated futures have no funding
    expect(dated.at(-1)!.openInterest).toBeGreaterThan(0);
    await expect(firstValueFrom(db.derivativeTicker(SPOT))).rejects.toThrow(/perpetual or future symbol/);
  });

  it('trades of two instruments in one call, equal to the market steps in order, with the taker side', async () => {
    const produced: Record<string, SimulatedTrade[]> = { [BTC]: [], [USDC]: [] };
    const stop = sim.onStep((step) => produced[step.symbol]?.push(...step.trades));
    const trades = await firstValueFrom(db.trades([BTC, USDC]).pipe(take(40), toArray()));
    stop();
    for (const symbol of [BTC, USDC]) {
      const mine = trades.filter((t: Trade) => t.symbol === symbol).map((t) => [t.price, t.amount, t.side]);
      const truth = produced[symbol]!.map((t) => [t.price, t.amount, t.side]);
      expect(mine.length).toBeGreaterThan(0);
      const start = truth.findIndex((t) => JSON.stringify(t) === JSON.stringify(mine[0]));
      expect(truth.slice(start, start + mine.length)).toEqual(mine);
    }
    expect(trades.filter((t) => t.symbol === BTC).every((t) => /^\d+$/.test(t.id))).toBe(true);
    expect(trades.filter((t) => t.symbol === USDC).every((t) => /^USDC-\d+$/.test(t.id))).toBe(true);
  });

  it('recovers the exact books through every fault, with the expected event for each', async () => {
    const btc = watchBook(BTC);
    const eth = watchBook(ETH);
    await waitFor(() => btc() !== undefined && eth() !== undefined, 'first books');
    await expectBookEqualsTruth(BTC, btc, 'initially');

    // a lost notification: prev_change_id break → error naming the ids, resync 'gap', fresh snapshot
    sim.skipChange(BTC);
    await waitFor(() => resyncs('gap', BTC) === 1, 'a gap resync');
    expect(eventsOf('error')).toContainEqual(expect.objectContaining({ kind: 'exchange', symbol: BTC, message: expect.stringMatching(/prev_change_id \d+ is not the previous change_id \d+/) }));
    await expectBookEqualsTruth(BTC, btc, 'after a change_id break');

    // actions that do not fit the book: each one a resync 'gap'
    for (const [kind, pattern] of [
      ['delete-missing', /delete of bid .* which the book does not hold/],
      ['change-missing', /change of bid .* which the book does not hold/],
      ['new-existing', /new bid .* which the book already holds/],
    ] as const) {
      const before = resyncs('gap', ETH);
      sim.sendBadAction(ETH, kind);
      await waitFor(() => resyncs('gap', ETH) === before + 1, `a resync after ${kind}`);
      expect(eventsOf('error').at(-1)).toEqual(expect.objectContaining({ kind: 'exchange', symbol: ETH, message: expect.stringMatching(pattern) }));
      await expectBookEqualsTruth(ETH, eth, `after ${kind}`);
    }

    // malformed frames: decode errors, the book of that channel resyncs
    sim.sendMalformed('invalid-json', BTC);
    await waitFor(() => resyncs('gap', BTC) === 2, 'a resync after a truncated frame');
    sim.sendMalformed('schema', BTC);
    await waitFor(() => resyncs('gap', BTC) === 3, 'a resync after a frame with wrong types');
    expect(eventsOf('error').filter((e) => e.kind === 'decode')).toHaveLength(2);
    await expectBookEqualsTruth(BTC, btc, 'after malformed frames');

    // a dropped connection: reconnect, resync 'reconnect', fresh snapshots
    sim.dropConnections();
    await waitFor(() => resyncs('reconnect', BTC) === 1 && resyncs('reconnect', ETH) === 1, 'reconnect resyncs');
    await expectBookEqualsTruth(BTC, btc, 'after a reconnect');
    await expectBookEqualsTruth(ETH, eth, 'after a reconnect');
  });

  it('a second subscriber of the same book gets its own snapshot without making the first one report a reset', async () => {
    const first = watchBook(BTC);
    await waitFor(() => first() !== undefined, 'the first book');
    sim.step(20);
    const second = watchBook(BTC);
    await waitFor(() => second() !== undefined, 'the second book');
    sim.step(20);
    await expectBookEqualsTruth(BTC, first, 'for the first subscriber');
    await expectBookEqualsTruth(BTC, second, 'for the second subscriber');
    expect(eventsOf('resync')).toEqual([]);
    const control = sim.requests.filter((r) => r.message?.params?.channels?.includes('book.BTC-PERPETUAL.100ms'));
    expect(control.map((r) => r.message.method)).toEqual(['public/subscribe', 'public/unsubscribe', 'public/subscribe']);
  });

  it('an unknown symbol errors its own stream (checked against get_instruments); a refused channel errors only its stream', async () => {
    await expect(firstValueFrom(db.ticker('DOGE/USD:DOGE'))).rejects.toBeInstanceOf(UnknownSymbolError);
    const tickers: Ticker[] = [];
    subscriptions.push(db.tickers([BTC, 'NOPE/USD:NOPE', ETH]).subscribe((t) => tickers.push(t)));
    await waitFor(() => new Set(tickers.map((t) => t.symbol)).size === 2, 'tickers of the listed symbols');
    expect(eventsOf('error')).toContainEqual(expect.objectContaining({ symbol: 'NOPE/USD:NOPE', message: expect.stringMatching(/unknown symbol/) }));

    // Deribit refuses a channel by leaving it out of the reply's channels
    sim.failNextSubscription(USDC);
    const refused = firstValueFrom(db.trades(USDC));
    await expect(refused).rejects.toThrow(/refused trades\.BTC_USDC-PERPETUAL\.100ms: deribit did not subscribe/);
    const count = tickers.length;
    await waitFor(() => tickers.length > count + 3, 'the other streams to keep flowing');
  });

  it('stays within the limits: subscriptions paced under the credits (batched, at most 100 channels a request), no too_many_requests', async () => {
    await sim.stop();
    const symbols = Array.from({ length: 40 }, (_, i) => `C${i}/USD:C${i}`);
    sim = await DeribitSimulator.start({ symbols, seed: 3, stepsPerSecond: 5, bookLevels: 20, heartbeatIntervalMs: 400 });
    db = deribit({ wsUrl: sim.wsUrl, restUrl: sim.restUrl, pingInterval: 300, pingTimeout: 1000 });
    events = [];
    subscriptions.push(db.events$.subscribe((e) => events.push(e)));
    const seen = new Set<string>();
    // one book every 20 ms (a message each, unpaced: 14 × 3 000 credits would empty the 30 000 pool), then 106 more streams at once
    for (const symbol of symbols.slice(0, 14)) {
      subscriptions.push(db.book(symbol).subscribe((e) => seen.add(e.symbol)));
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    for (const symbol of symbols.slice(14)) subscriptions.push(db.book(symbol).subscribe((e) => seen.add(e.symbol)));
    for (const symbol of symbols) subscriptions.push(db.ticker(symbol).subscribe(), db.trades(symbol).subscribe());
    await waitFor(() => seen.size === symbols.length && sim.subscriptions(1).length === 120, 'every book and all 120 channels', 1000);
    const subscribes = sim.requests.filter((r) => r.message?.method === 'public/subscribe');
    expect(Math.max(...subscribes.map((r) => r.message.params.channels.length))).toBeLessThanOrEqual(100);
    expect(subscribes.length).toBeLessThan(14); // batched while waiting for the budget
    expect(subscribes.some((r) => r.message.params.channels.length === 100)).toBe(true); // a full request: the rest in the next one
    expect(eventsOf('error')).toEqual([]);
    expect(eventsOf('close')).toEqual([]);
    expect(sim.connectionCount).toBe(1);
  });

  it('a silent server (half-open) is found by the ping timeout; the client reconnects and the books resync', async () => {
    const btc = watchBook(BTC);
    await waitFor(() => btc() !== undefined, 'a book');
    sim.goSilent();
    await waitFor(() => eventsOf('error').some((e) => e.kind === 'transport' && /half-open/.test(e.message)), 'half-open detection');
    await waitFor(() => resyncs('reconnect', BTC) === 1 && eventsOf('open').length === 2, 'the reconnect');
    await expectBookEqualsTruth(BTC, btc, 'after a half-open socket');
  });

  it('turns on heartbeats and answers every test_request with public/test, so the connection is kept', async () => {
    const book = watchBook(BTC);
    await waitFor(() => book() !== undefined, 'a book');
    const heartbeat = sim.requests.find((r) => r.message?.method === 'public/set_heartbeat');
    expect(heartbeat?.message.params).toEqual({ interval: 10 });
    expect(sim.requests.findIndex((r) => r.message?.method === 'public/set_heartbeat')).toBeLessThan(sim.requests.findIndex((r) => r.message?.method === 'public/subscribe'));
    await waitFor(() => sim.requests.filter((r) => r.message?.method === 'public/test').length >= 4, 'four public/test answers', 1000);
    expect(sim.connectionCount).toBe(1);
    expect(eventsOf('close')).toEqual([]);
    expect(eventsOf('error')).toEqual([]);
  });
});
