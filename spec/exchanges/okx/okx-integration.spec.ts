import { firstValueFrom, type Subscription, take, tap, toArray } from 'rxjs';
import { okx, type OkxOptions } from '../../../lib/exchanges/okx/okx';
import type { ExchangeClient } from '../../../lib/model/client';
import type { DerivativeTicker } from '../../../lib/model/derivative-ticker';
import type { ExchangeEvent } from '../../../lib/model/exchange-event';
import type { OrderBookState } from '../../../lib/model/order-book-state';
import type { Ticker } from '../../../lib/model/ticker';
import type { Trade } from '../../../lib/model/trade';
import { orderBook } from '../../../lib/operators/order-book';
import { OkxSimulator } from '../../../lib/testing/okx/okx-simulator';
import type { OkxSimulatorOptions } from '../../../lib/testing/okx/okx-simulator-options';
import { eventsOfType, expectBookMatchesTruth, latestBook } from '../../helpers/book-truth';
import { waitFor } from '../../helpers/wait-for';

const SPOT = 'BTC/USDT';
const SWAP = 'BTC/USDT:USDT';
const SYMBOLS = [SPOT, 'ETH/USDT', SWAP, 'ETH/USDT:USDT'];

describe('OKX against the simulator', () => {
  let sim: OkxSimulator;
  let ok: ExchangeClient;
  let events: ExchangeEvent[];
  const subscriptions: Subscription[] = [];

  async function start(simOptions: OkxSimulatorOptions = {}, clientOptions: OkxOptions = {}): Promise<void> {
    sim = await OkxSimulator.start({ symbols: SYMBOLS, seed: 21, stepsPerSecond: 50, bookLevels: 120, ...simOptions });
    ok = okx({ wsUrl: sim.wsUrl, restUrl: sim.restUrl, pingInterval: 150, pingTimeout: 200, reconnect: { delay: 20, maxDelay: 100 }, ...clientOptions });
    events = [];
    subscriptions.push(ok.events$.subscribe((e) => events.push(e)));
  }
  afterEach(async () => {
    subscriptions.splice(0).forEach((s) => s.unsubscribe());
    await sim.stop();
  });

  const eventsOf = <T extends ExchangeEvent['type']>(type: T) => eventsOfType(events, type);

  const snapshots = new Map<string, number>();
  const snapshotsOf = (symbol: string): number => snapshots.get(symbol) ?? 0;

  function watchBook(symbol: string): () => OrderBookState | undefined {
    const book$ = ok.book(symbol).pipe(tap((e) => e.type === 'snapshot' && snapshots.set(symbol, (snapshots.get(symbol) ?? 0) + 1)));
    return latestBook(book$, 1000, subscriptions);
  }

  /**
   * Pauses the market, pushes what is pending, waits until the client's book is exactly the truth,
   * resumes. After a resync, OKX's procedure needs one more update to start from: the market runs
   * until the book came back with a new snapshot first.
   */
  async function expectBookEqualsTruth(symbol: string, latest: () => OrderBookState | undefined, what: string, snapshotsBefore?: number): Promise<void> {
    if (snapshotsBefore !== undefined) await waitFor(() => (snapshots.get(symbol) ?? 0) > snapshotsBefore, `a new ${symbol} snapshot ${what}`);
    await expectBookMatchesTruth(sim, () => sim.truth(symbol), latest, `${symbol} book to equal the ground truth ${what}`);
  }

  it('trades and tickers of spot and swap symbols on ONE client and ONE socket', async () => {
    await start();
    const [trades, tickers] = await Promise.all([
      firstValueFrom(ok.trades([SPOT, SWAP]).pipe(take(40), toArray())),
      firstValueFrom(ok.tickers([SPOT, SWAP]).pipe(take(20), toArray())),
    ]);
    expect(new Set(trades.map((t: Trade) => t.symbol))).toEqual(new Set([SPOT, SWAP]));
    for (const t of trades) expect(t.exchange === 'okx' && t.price > 0 && t.amount > 0 && /^\d+$/.test(t.id) && ['buy', 'sell'].includes(t.side)).toBe(true);
    expect(new Set(tickers.map((t: Ticker) => t.symbol))).toEqual(new Set([SPOT, SWAP]));
    for (const t of tickers) expect(t.bid < t.ask && t.volume24h > 0 && t.high24h >= t.low24h && Number.isFinite(t.change24h)).toBe(true);
    expect(sim.connectionCount).toBe(1);
    const subscribes = sim.controlLog.filter((e) => e.text.includes('"op":"subscribe"')).map((e) => JSON.parse(e.text).args);
    expect(subscribes.flat()).toEqual(
      expect.arrayContaining([
        { channel: 'trades', instId: 'BTC-USDT' },
        { channel: 'trades', instId: 'BTC-USDT-SWAP' },
        { channel: 'tickers', instId: 'BTC-USDT-SWAP' },
      ]),
    );
  });

  it('books of spot and swap equal the truth after many steps: every update chained and every checksum verified, no resync', async () => {
    await start();
    const spot = watchBook(SPOT);
    const swap = watchBook(SWAP);
    await waitFor(() => spot() !== undefined && swap() !== undefined, 'first books');
    await new Promise((resolve) => setTimeout(resolve, 300)); // ~15 steps live
    await expectBookEqualsTruth(SPOT, spot, 'after live steps');
    await expectBookEqualsTruth(SWAP, swap, 'after live steps');
    expect(eventsOf('resync')).toEqual([]);
    expect(eventsOf('error')).toEqual([]);
    expect(sim.restLog.filter((r) => r.path === '/api/v5/market/books')).toEqual([]); // socket snapshots: no REST needed
  });

  it('a second subscriber of a live book gets its own snapshot (bridged from REST) without resubscribing; both equal the truth', async () => {
    await start();
    const first = watchBook(SWAP);
    await waitFor(() => first() !== undefined, 'first book');
    const subscribes = () => sim.controlLog.filter((e) => e.text.includes('"op":"subscribe"') && e.text.includes('"books"')).length;
    const before = subscribes();
    let second: OrderBookState | undefined;
    subscriptions.push(ok.book(SWAP).pipe(orderBook({ depth: 1000 })).subscribe({ next: (s) => (second = s), error: (e: unknown) => fail(e) }));
    await waitFor(() => second !== undefined, 'the second subscriber\'s book');
    await expectBookEqualsTruth(SWAP, first, 'for the first subscriber');
    await expectBookEqualsTruth(SWAP, () => second, 'for the second subscriber');
    expect(subscribes()).toBe(before); // one subscription on the socket, shared
    expect(sim.restLog.filter((r) => r.query['instId'] === 'BTC-USDT-SWAP')).toHaveLength(1);
    expect(eventsOf('resync')).toEqual([]);
  });

  it("OKX's documented exceptions pass without a resync: a keepalive update with the same seqId, a maintenance sequence reset", async () => {
    await start({ bookKeepaliveMs: 80 });
    const book = watchBook(SWAP);
    await waitFor(() => book() !== undefined, 'first book');
    sim.pause();
    await waitFor(() => sim.keepalivesSent >= 2, 'keepalive updates while nothing changes');
    sim.resetSequence(SWAP);
    sim.step(5);
    sim.flush();
    sim.step(5);
    await expectBookEqualsTruth(SWAP, book, 'after keepalives and a sequence reset');
    expect(eventsOf('resync')).toEqual([]);
  });

  it('recovers the exact book after every fault, with the expected event for each (REST bridge by seqId)', async () => {
    await start();
    const spot = watchBook(SPOT);
    const swap = watchBook(SWAP);
    await waitFor(() => spot() !== undefined && swap() !== undefined, 'first books');
    const resyncCount = () => eventsOf('resync').length;

    let swapSnapshots = snapshotsOf(SWAP);
    sim.corruptNextChecksum(SWAP);
    await waitFor(() => eventsOf('resync').some((e) => e.reason === 'checksum' && e.symbol === SWAP), 'a checksum resync');
    await expectBookEqualsTruth(SWAP, swap, 'after a wrong checksum', swapSnapshots);
    expect(sim.restLog.some((r) => r.query['instId'] === 'BTC-USDT-SWAP' && r.query['sz'] === '400')).toBe(true);

    let count = resyncCount();
    let spotSnapshots = snapshotsOf(SPOT);
    sim.skipBookUpdate(SPOT);
    await waitFor(() => eventsOf('resync').slice(count).some((e) => e.reason === 'gap' && e.symbol === SPOT), 'a gap resync');
    await expectBookEqualsTruth(SPOT, spot, 'after a lost update', spotSnapshots);

    count = resyncCount();
    spotSnapshots = snapshotsOf(SPOT);
    sim.sendMalformed('invalid-json', SPOT);
    await waitFor(() => eventsOf('error').some((e) => e.kind === 'decode' && e.frame !== undefined), 'a decode error');
    await waitFor(() => eventsOf('resync').slice(count).some((e) => e.reason === 'gap' && e.symbol === SPOT), 'a resync after a truncated book frame');
    await expectBookEqualsTruth(SPOT, spot, 'after a truncated frame', spotSnapshots);

    count = resyncCount();
    swapSnapshots = snapshotsOf(SWAP);
    sim.sendMalformed('schema', SWAP);
    await waitFor(() => eventsOf('resync').slice(count).some((e) => e.reason === 'gap' && e.symbol === SWAP), 'a resync after a bad book frame');
    await expectBookEqualsTruth(SWAP, swap, 'after wrong types', swapSnapshots);

    spotSnapshots = snapshotsOf(SPOT);
    sim.failRest(2);
    sim.corruptNextChecksum(SPOT);
    await waitFor(() => eventsOf('error').some((e) => e.kind === 'exchange' && /50011|429/.test(e.message)), 'a rate-limit error');
    await expectBookEqualsTruth(SPOT, spot, 'after REST 429s during a resync', spotSnapshots);

    count = resyncCount();
    spotSnapshots = snapshotsOf(SPOT);
    swapSnapshots = snapshotsOf(SWAP);
    sim.dropConnections();
    await waitFor(() => eventsOf('resync').slice(count).filter((e) => e.reason === 'reconnect').length === 2, 'both books resynced on reconnect');
    await expectBookEqualsTruth(SPOT, spot, 'after a dropped connection', spotSnapshots);
    await expectBookEqualsTruth(SWAP, swap, 'after a dropped connection', swapSnapshots);

    count = resyncCount();
    swapSnapshots = snapshotsOf(SWAP);
    sim.goSilent();
    await waitFor(() => eventsOf('error').some((e) => e.kind === 'transport' && /half-open/.test(e.message)), 'the half-open socket found');
    await expectBookEqualsTruth(SWAP, swap, 'after a silent server', swapSnapshots);
    expect(eventsOf('resync').slice(count).some((e) => e.reason === 'reconnect')).toBe(true);
  });

  it("OKX's 2026 channel (checksum 0, no socket snapshot): books come from REST snapshots bridged by seqId, through stale snapshots and gaps", async () => {
    await start({ checksum: 'zero', socketSnapshots: false });
    const firstId = sim.market(SWAP).updateId;
    const swap = watchBook(SWAP);
    await waitFor(() => swap() !== undefined, 'first book');
    await expectBookEqualsTruth(SWAP, swap, 'initially');
    const requests = () => sim.restLog.filter((r) => r.path === '/api/v5/market/books').length;
    expect(requests()).toBeGreaterThanOrEqual(1);

    // a snapshot from an older cache: seqId below the first buffered prevSeqId → fetched again
    await waitFor(() => sim.market(SWAP).updateId - firstId > 60, 'market history for old snapshots');
    const before = requests();
    const swapSnapshots = snapshotsOf(SWAP);
    sim.serveStaleSnapshots(SWAP, 40, 2);
    sim.skipBookUpdate(SWAP);
    await waitFor(() => eventsOf('resync').some((e) => e.reason === 'gap'), 'a gap');
    await waitFor(() => requests() >= before + 3, 'two stale snapshots refused and a third fetched');
    await expectBookEqualsTruth(SWAP, swap, 'after stale snapshots', swapSnapshots);
    expect(eventsOf('error')).toEqual([]);
  });

  it("bookSnapshots: 'rest' follows OKX's REST procedure even while the socket still pushes snapshots (checksums still verified)", async () => {
    await start({}, { bookSnapshots: 'rest' });
    const spot = watchBook(SPOT);
    await waitFor(() => spot() !== undefined, 'first book');
    expect(sim.restLog.filter((r) => r.query['instId'] === 'BTC-USDT')).toHaveLength(1);
    await new Promise((resolve) => setTimeout(resolve, 200));
    await expectBookEqualsTruth(SPOT, spot, 'bridged from REST');
    const spotSnapshots = snapshotsOf(SPOT);
    sim.corruptNextChecksum(SPOT);
    await waitFor(() => eventsOf('resync').some((e) => e.reason === 'checksum'), 'checksums verified on the REST-bridged book');
    await expectBookEqualsTruth(SPOT, spot, 'after a checksum resync', spotSnapshots);
  });

  it('an unknown symbol errors its own stream (instrument list); a refused subscription errors only its symbol; the others keep flowing', async () => {
    await start({ listedSymbols: ['SOL/USDT'] });
    await expect(firstValueFrom(ok.book('NOPE/USDT'))).rejects.toThrow(/okx: unknown symbol "NOPE\/USDT".*instruments/);
    await expect(firstValueFrom(ok.ticker('BTC/USDT:BTC'))).rejects.toThrow(/unknown symbol/);
    await expect(firstValueFrom(ok.derivativeTicker(SPOT))).rejects.toThrow(/perpetual or future symbol/);
    // listed but refused by the venue (60018): only that symbol fails
    const tickers: Ticker[] = [];
    subscriptions.push(ok.tickers(['SOL/USDT', SPOT]).subscribe({ next: (t) => tickers.push(t), error: (e: unknown) => fail(e) }));
    await waitFor(() => tickers.filter((t) => t.symbol === SPOT).length >= 3, 'BTC/USDT tickers keep flowing');
    expect(eventsOf('error')).toContainEqual(expect.objectContaining({ kind: 'exchange', symbol: 'SOL/USDT', message: expect.stringMatching(/60018.*SOL-USDT/) }));
    expect(tickers.every((t) => t.symbol === SPOT)).toBe(true);
  });

  it('instruments() lists spot pairs and swaps (BASE/QUOTE:SETTLE, contract size) from GET /api/v5/public/instruments', async () => {
    await start();
    const list = await firstValueFrom(ok.instruments());
    expect(list.map((i) => i.symbol).sort()).toEqual([...SYMBOLS].sort());
    expect(list.find((i) => i.symbol === SWAP)).toEqual({
      exchange: 'okx',
      symbol: SWAP,
      native: 'BTC-USDT-SWAP',
      base: 'BTC',
      quote: 'USDT',
      settle: 'USDT',
      type: 'perpetual',
      active: true,
      status: 'live',
      priceTick: 0.1,
      sizeStep: 0.01,
      contractSize: 0.01,
    });
    expect(sim.restLog.filter((r) => r.path === '/api/v5/public/instruments').map((r) => r.query['instType']).sort()).toEqual(['SPOT', 'SWAP']);
  });

  it('derivativeTicker: mark, index, funding (rate settling at fundingTime), open interest and last price, as the simulator sent them; fields not received yet are undefined', async () => {
    await start({ markPriceIntervalMs: 30, fundingIntervalMs: 60, openInterestIntervalMs: 60 });
    const seen: DerivativeTicker[] = [];
    subscriptions.push(ok.derivativeTicker(SWAP).subscribe({ next: (d) => seen.push(d), error: (e: unknown) => fail(e) }));
    await waitFor(() => seen.some((d) => d.markPrice !== undefined && d.indexPrice !== undefined && d.fundingRate !== undefined && d.openInterest !== undefined && d.lastPrice !== undefined), 'every field');
    // the first push brings one channel's fields: the others are undefined, none is 0
    const first = seen[0]!;
    const fields = [first.markPrice, first.indexPrice, first.lastPrice, first.fundingRate, first.nextFundingTime, first.openInterest];
    expect(fields.filter((v) => v === undefined).length).toBeGreaterThanOrEqual(4);
    expect(fields).not.toContain(0);
    sim.pause();
    await new Promise((resolve) => setTimeout(resolve, 200)); // the last pushes of the paused market arrive
    const latest = seen.at(-1)!;
    const sent = sim.derivativeSent(SWAP);
    expect(latest).toEqual(
      expect.objectContaining({
        type: 'derivative_ticker',
        exchange: 'okx',
        symbol: SWAP,
        markPrice: sent.markPrice,
        indexPrice: sent.indexPrice,
        fundingRate: sent.fundingRate,
        nextFundingTime: sent.fundingTime,
        openInterest: sent.openInterest,
      }),
    );
    expect(latest.lastPrice).toBeGreaterThan(0);
    expect(latest.nextFundingTime! % (8 * 3_600_000)).toBe(0);
  });

  it('keepalive: text pings keep the socket open past OKX\'s idle close; without them the server closes it (4004) and the client reconnects', async () => {
    await start({ idleTimeoutMs: 300 });
    const tickers: Ticker[] = [];
    subscriptions.push(ok.ticker(SPOT).subscribe((t) => tickers.push(t)));
    await new Promise((resolve) => setTimeout(resolve, 900));
    expect(eventsOf('close')).toEqual([]);
    expect(sim.controlLog.filter((e) => e.text === 'ping').length).toBeGreaterThan(3);
    subscriptions.splice(0).forEach((s) => s.unsubscribe());
    await sim.stop();

    await start({ idleTimeoutMs: 300 }, { pingInterval: 60_000, pingTimeout: 60_000 });
    subscriptions.push(ok.ticker(SPOT).subscribe());
    await waitFor(() => eventsOf('close').some((e) => e.code === 4004), 'the idle close');
    await waitFor(() => eventsOf('open').length >= 2, 'a reconnect');
  });
});
