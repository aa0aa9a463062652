import type { Subscription } from 'rxjs';
import { binance, type BinanceOptions } from '../../../lib/exchanges/binance/binance';
import type { BookEvent } from '../../../lib/model/book-event';
import type { ExchangeClient } from '../../../lib/model/client';
import type { ExchangeEvent } from '../../../lib/model/exchange-event';
import type { OrderBookState } from '../../../lib/model/order-book-state';
import { orderBook } from '../../../lib/operators/order-book';
import { BinanceSimulator } from '../../../lib/testing/binance/binance-simulator';
import type { BinanceSimulatorOptions } from '../../../lib/testing/binance/binance-simulator-options';
import { waitFor } from '../../helpers/wait-for';

/** Issue 11, Binance: the book's known window, shared snapshots, stale snapshots, serverShutdown. */
describe('Binance hardening against the simulator', () => {
  let sim: BinanceSimulator;
  let bn: ExchangeClient;
  let events: ExchangeEvent[];
  const subscriptions: Subscription[] = [];

  async function start(options: BinanceSimulatorOptions = {}, clientOptions: BinanceOptions = {}): Promise<void> {
    sim = await BinanceSimulator.start({ symbols: ['BTC/USDT', 'ETH/USDT'], seed: 21, stepsPerSecond: 50, depthIntervalMs: 20, bookLevels: 400, ...options });
    bn = binance({ wsUrl: sim.wsUrl, restUrl: sim.restUrl, pingInterval: 2_000, pingTimeout: 2_000, reconnect: { delay: 20, maxDelay: 200 }, ...clientOptions });
    events = [];
    subscriptions.push(bn.events$.subscribe((e) => events.push(e)));
  }
  afterEach(async () => {
    subscriptions.splice(0).forEach((s) => s.unsubscribe());
    await sim.stop();
  });

  const eventsOf = <T extends ExchangeEvent['type']>(type: T) => events.filter((e): e is Extract<ExchangeEvent, { type: T }> => e.type === type);
  const depthRequests = () => sim.restLog.filter((r) => r.path === '/api/v3/depth');

  function watchBook(symbol: string, depth: number, shown = depth): () => OrderBookState | undefined {
    let latest: OrderBookState | undefined;
    subscriptions.push(
      bn
        .book(symbol, { depth })
        .pipe(orderBook({ depth: shown }))
        .subscribe({ next: (s) => (latest = s), error: (e: unknown) => fail(e) }),
    );
    return () => latest;
  }

  /** Pauses the market, waits until the book shows exactly the truth's top `depth`, resumes. */
  async function expectTruth(symbol: string, latest: () => OrderBookState | undefined, depth: number, what: string): Promise<void> {
    sim.pause();
    sim.flush();
    const truth = () => sim.truth(symbol, depth);
    await waitFor(() => {
      const state = latest();
      return state !== undefined && JSON.stringify([state.bids, state.asks]) === JSON.stringify([truth().bids, truth().asks]);
    }, `${symbol} top ${depth} to equal the truth ${what}`).catch((error: Error) => {
      expect({ client: latest() && [latest()!.bids, latest()!.asks], truth: [truth().bids, truth().asks] }).toBeUndefined();
      throw error;
    });
    sim.resume();
  }

  it('a book of depth 1 stays the truth: the snapshot is fetched with a margin and nothing beyond what it knew is shown', async () => {
    // more levels than the snapshot returns (the side is partial), and a top level removed again and again
    await start({ bookLevels: 150, stepsPerSecond: 100 });
    const latest = watchBook('BTC/USDT', 1);
    await waitFor(() => latest() !== undefined, 'a first book');
    for (let round = 0; round < 25; round++) {
      sim.step(40);
      await expectTruth('BTC/USDT', latest, 1, `after round ${round}`);
    }
    expect(depthRequests()[0]!.query['limit']).toBe('100'); // margin over the depth asked (1), same weight as limit=1
  });

  it('repro: the best bid removed after the snapshot never shows a level below the second (the issue\'s 98.5 while 99×5 exists)', async () => {
    await start({ autoStart: false, bookLevels: 300 });
    const latest = watchBook('BTC/USDT', 1);
    sim.step(1);
    sim.flush();
    await waitFor(() => latest() !== undefined, 'a first book');
    const [b1, b2, b3] = sim.truth('BTC/USDT', 3).bids;
    // touch the third level only, then remove the best: the truth's best is now the second level
    sim.applyStep('BTC/USDT', [{ side: 'bid', price: b3![0], quantity: b3![1] * 2 }]);
    sim.applyStep('BTC/USDT', [{ side: 'bid', price: b1![0], quantity: 0 }]);
    sim.flush();
    await waitFor(() => latest()!.bids[0]?.[0] !== b1![0], 'the removal to arrive');
    expect(latest()!.bids).toEqual([b2]);

    // the known window is 100 levels (limit=100): take all of them away at once → resync 'depth', new snapshot
    const known = sim.truth('BTC/USDT', 100).bids;
    sim.applyStep('BTC/USDT', known.map(([price]) => ({ side: 'bid' as const, price, quantity: 0 })));
    sim.flush();
    await waitFor(() => eventsOf('resync').some((e) => e.reason === 'depth'), 'a depth resync');
    await expectTruth('BTC/USDT', latest, 1, 'after the window was emptied');
    expect(depthRequests().map((r) => r.query['limit'])).toEqual(['100', '100']);
  });

  it('subscribers of the same book share one REST snapshot: at start, after a gap and after a reconnect', async () => {
    await start({ autoStart: false });
    const seen: BookEvent[][] = [[], [], []];
    for (const [i, depth] of [10, 50, 100].entries()) subscriptions.push(bn.book('BTC/USDT', { depth }).subscribe((e) => seen[i]!.push(e)));
    sim.resume();
    await waitFor(() => seen.every((s) => s.some((e) => e.type === 'snapshot')), 'three books');
    expect(depthRequests()).toHaveLength(1);
    expect(depthRequests()[0]!.query['limit']).toBe('500'); // widened to the deepest subscriber's need

    sim.skipDepthEvent('BTC/USDT');
    await waitFor(() => seen.every((s) => s.filter((e) => e.type === 'snapshot').length === 2), 'three books after a gap');
    expect(depthRequests()).toHaveLength(2);

    sim.dropConnections();
    await waitFor(() => seen.every((s) => s.filter((e) => e.type === 'snapshot').length === 3), 'three books after a reconnect');
    expect(depthRequests()).toHaveLength(3);
    expect(eventsOf('resync').filter((e) => e.reason === 'reconnect')).toHaveLength(3);
  });

  it('a snapshot that never bridges the stream raises resync "stale" each time, is re-requested with backoff, and recovers', async () => {
    await start();
    sim.step(1_600);
    // 1500 updates behind (30 s at 50 steps/s): a snapshot that far back bridges the buffered diffs only once
    // they span 1500 updates, so none of the first answers can (a lag of 60 bridged legitimately within 1.2 s
    // when a loaded machine delayed the answers)
    sim.serveStaleSnapshots('BTC/USDT', 1_500);
    const latest = watchBook('BTC/USDT', 20);
    await waitFor(() => eventsOf('resync').filter((e) => e.reason === 'stale').length >= 3, 'three stale snapshots');
    expect(latest()).toBeUndefined(); // nothing shown from a snapshot that does not connect to the stream
    const stale = eventsOf('resync').filter((e) => e.reason === 'stale').length;
    expect(depthRequests().length).toBeLessThanOrEqual(stale + 1); // one request per stale answer, no busy loop
    sim.serveFreshSnapshots();
    await expectTruth('BTC/USDT', latest, 20, 'once REST is fresh again');
  });

  it('keeps snapshots within the REST weight budget, and says so when one has to wait (never a silent wait)', async () => {
    await start({}, { snapshotWeightPerMinute: 5 }); // room for one limit-100 snapshot (weight 5) per minute
    const books = [watchBook('BTC/USDT', 10), watchBook('ETH/USDT', 10)];
    await waitFor(() => eventsOf('error').some((e) => /REST weight budget/.test(e.message)), 'the wait to be reported');
    expect(eventsOf('error').filter((e) => /REST weight budget/.test(e.message))).toEqual([
      expect.objectContaining({ kind: 'exchange', message: expect.stringMatching(/^binance depth snapshot of (BTC|ETH)USDT \(limit 100\) waits \d+ ms: the REST weight budget \(5 per minute\) is used up$/) }),
    ]);
    await waitFor(() => books.some((book) => book() !== undefined), 'the first book');
    expect(depthRequests()).toHaveLength(1); // the other one waits for the next minute
    expect(books.filter((book) => book() !== undefined)).toHaveLength(1);
    expect(() => binance({ snapshotWeightPerMinute: 0 })).toThrow(RangeError);
  });

  for (const shape of ['event', 'bare'] as const) {
    it(`serverShutdown (${shape}): moves to a new socket, resubscribed and resynced, before the server drops the old one`, async () => {
      await start();
      const btc = watchBook('BTC/USDT', 20);
      const eth = watchBook('ETH/USDT', 20);
      const tickers: unknown[] = [];
      subscriptions.push(bn.ticker('BTC/USDT').subscribe((t) => tickers.push(t)));
      await waitFor(() => btc() !== undefined && eth() !== undefined && sim.subscriptions([...sim.connections][0]!).length === 3, 'books and ticker');
      const old = [...sim.connections][0]!;
      let oldClosed: { code: number; by: 'client' | 'server' } | undefined;
      old.onClose((code) => (oldClosed = { code, by: sim.shutdownClosures > 0 ? 'server' : 'client' }));

      sim.announceShutdown(old, { closeAfterMs: 15_000, shape });
      await waitFor(() => [...sim.connections].some((c) => c !== old && sim.subscriptions(c).length === 3), 'a new socket with every stream');
      await waitFor(() => eventsOf('resync').filter((e) => e.reason === 'reconnect').length === 2, 'both books resynced');
      await expectTruth('BTC/USDT', btc, 20, 'on the new socket');
      await expectTruth('ETH/USDT', eth, 20, 'on the new socket');
      const count = tickers.length;
      await waitFor(() => tickers.length > count, 'tickers on the new socket');

      await waitFor(() => oldClosed !== undefined, 'the old socket closed');
      expect(oldClosed).toEqual({ code: 1000, by: 'client' }); // left normally by the client, well before the deadline
      expect(sim.shutdownClosures).toBe(0);
      expect(eventsOf('close')).toEqual([expect.objectContaining({ code: 1000, reason: expect.stringMatching(/serverShutdown/) })]);
      expect(eventsOf('reconnect')).toEqual([expect.objectContaining({ delay: 0 })]);
      expect(eventsOf('error')).toEqual([]);
    });
  }
});
