import type { Subscription } from 'rxjs';
import { coinbase } from '../../../lib/exchanges/coinbase/coinbase';
import type { BookEvent } from '../../../lib/model/book-event';
import type { ExchangeClient } from '../../../lib/model/client';
import type { ExchangeEvent } from '../../../lib/model/exchange-event';
import type { OrderBookState } from '../../../lib/model/order-book-state';
import type { Ticker } from '../../../lib/model/ticker';
import { orderBook } from '../../../lib/operators/order-book';
import { CoinbaseSimulator } from '../../../lib/testing/coinbase/coinbase-simulator';
import { waitFor } from '../../helpers/wait-for';

const DEPTH = 20;
const HEALTHY = ['BTC/USD', 'ETH/USD'];
const REFUSED_ERROR = 'coinbase refused level2:SOL-USD: failure to subscribe (refused 2 times, the last time alone)';

/**
 * Coinbase refuses a whole batched (un)subscribe for one bad product, and its error names neither the
 * request nor the product. SOL-USD is delisted after the client checked it: when the books resubscribe
 * together (after a gap or a reconnect), the client must find SOL-USD, error its stream alone, and get
 * the healthy books fresh snapshots.
 */
describe('Coinbase: a refused product does not poison the others', () => {
  let sim: CoinbaseSimulator;
  let cb: ExchangeClient;
  let events: ExchangeEvent[];
  const subscriptions: Subscription[] = [];

  beforeEach(async () => {
    sim = await CoinbaseSimulator.start({ symbols: [...HEALTHY, 'SOL/USD'], aliases: {}, seed: 21, stepsPerSecond: 50, bookLevels: 100, heartbeatIntervalMs: 50 });
    cb = coinbase({ wsUrl: sim.wsUrl, restUrl: sim.restUrl, pingInterval: 150, pingTimeout: 250, reconnect: { delay: 20, maxDelay: 100 } });
    events = [];
    subscriptions.push(cb.events$.subscribe((e) => events.push(e)));
  });
  afterEach(async () => {
    subscriptions.splice(0).forEach((s) => s.unsubscribe());
    await sim.stop();
  });

  interface Watched {
    readonly events: BookEvent[];
    latest?: OrderBookState;
    error?: Error;
  }
  function watchBook(symbol: string): Watched {
    const watched: Watched = { events: [] };
    subscriptions.push(cb.book(symbol).subscribe({ next: (e) => watched.events.push(e), error: (e: Error) => (watched.error = e) }));
    subscriptions.push(cb.book(symbol).pipe(orderBook({ depth: DEPTH })).subscribe({ next: (s) => (watched.latest = s), error: () => undefined }));
    return watched;
  }
  const snapshots = (watched: Watched): number => watched.events.filter((e) => e.type === 'snapshot').length;

  async function expectBookEqualsTruth(symbol: string, watched: Watched, what: string): Promise<void> {
    sim.pause();
    const truth = () => sim.truth(symbol, DEPTH);
    await waitFor(
      () => watched.latest !== undefined && JSON.stringify([watched.latest.bids, watched.latest.asks]) === JSON.stringify([truth().bids, truth().asks]),
      `${symbol} book to equal the ground truth ${what}`,
    );
    sim.resume();
  }

  /** The `product_ids` of every level2 subscribe the simulator received, in order. */
  const level2Subscribes = (): string[][] =>
    sim.controlLog.map((entry) => JSON.parse(entry.text)).filter((m) => m.type === 'subscribe' && m.channel === 'level2').map((m) => m.product_ids);

  async function startBooks(): Promise<{ btc: Watched; eth: Watched; sol: Watched }> {
    const books = { btc: watchBook('BTC/USD'), eth: watchBook('ETH/USD'), sol: watchBook('SOL/USD') };
    await waitFor(() => Object.values(books).every((b) => snapshots(b) === 1 && b.latest !== undefined), 'three live books');
    return books;
  }

  async function expectRecovered(books: { btc: Watched; eth: Watched; sol: Watched }, snapshotsBefore: readonly number[], what: string): Promise<void> {
    await waitFor(() => snapshots(books.btc) > snapshotsBefore[0]! && snapshots(books.eth) > snapshotsBefore[1]!, `fresh snapshots of the healthy books ${what}`);
    await waitFor(() => books.sol.error !== undefined, `the refused book to error ${what}`);
    expect(books.sol.error!.message).toBe(REFUSED_ERROR);
    await expectBookEqualsTruth('BTC/USD', books.btc, what);
    await expectBookEqualsTruth('ETH/USD', books.eth, what);
    expect([books.btc.error, books.eth.error]).toEqual([undefined, undefined]);
    const refusedEvents = events.filter((e) => e.type === 'error' && /refused/.test(e.message));
    expect(refusedEvents.map((e) => (e as { message: string }).message)).toContain('failure to subscribe (refused 2 times, the last time alone)');
    expect(events.some((e) => e.type === 'error' && e.message === 'coinbase error: failure to subscribe (answering subscribe level2 BTC-USD, ETH-USD, SOL-USD)')).toBe(true);
  }

  it('after a gap: the healthy books recover with fresh snapshots, the refused one errors its own stream and leaves the set', async () => {
    const books = await startBooks();
    sim.delist('SOL/USD');
    sim.dropNextFrame('l2_data');
    await expectRecovered(books, [1, 1], 'after a gap');

    // SOL-USD left the subscription set: the next resync batches the healthy books again, and nothing is refused
    const errorsBefore = events.filter((e) => e.type === 'error' && /failure to subscribe/.test(e.message)).length;
    const btcSnapshots = snapshots(books.btc);
    sim.dropNextFrame('l2_data');
    await waitFor(() => snapshots(books.btc) > btcSnapshots, 'another resync of the healthy books');
    await expectBookEqualsTruth('ETH/USD', books.eth, 'after a second gap');
    expect(level2Subscribes().at(-1)).toEqual(['BTC-USD', 'ETH-USD']);
    expect(events.filter((e) => e.type === 'error' && /failure to subscribe/.test(e.message))).toHaveLength(errorsBefore);
  });

  it('after a reconnect: the batched resubscribe is refused, the healthy books recover, the refused one errors', async () => {
    const books = await startBooks();
    sim.delist('SOL/USD');
    sim.dropConnections();
    await expectRecovered(books, [1, 1], 'after a reconnect');
    // the first socket's subscribe, the refused resubscribe, then its halves apart
    expect(level2Subscribes()).toEqual([['BTC-USD', 'ETH-USD', 'SOL-USD'], ['BTC-USD', 'ETH-USD', 'SOL-USD'], ['BTC-USD', 'ETH-USD'], ['SOL-USD']]);
  });

  it('tickers() of products of which one is refused after a reconnect: only that one fails, the others keep flowing', async () => {
    const tickers: Ticker[] = [];
    let failed: unknown;
    subscriptions.push(cb.tickers(['BTC/USD', 'SOL/USD', 'ETH/USD']).subscribe({ next: (t) => tickers.push(t), error: (e) => (failed = e) }));
    await waitFor(() => new Set(tickers.map((t) => t.symbol)).size === 3, 'tickers of the three products');
    sim.delist('SOL/USD');
    sim.dropConnections();
    await waitFor(() => events.some((e) => e.type === 'error' && e.symbol === 'SOL/USD'), 'the SOL/USD ticker to fail');
    expect(events.find((e) => e.type === 'error' && e.symbol === 'SOL/USD')).toEqual(
      expect.objectContaining({ message: expect.stringMatching(/^coinbase ticker SOL\/USD failed: coinbase refused ticker:SOL-USD: failure to subscribe \(refused \d+ times, the last time alone\)$/) }),
    );
    const count = tickers.length;
    await waitFor(() => HEALTHY.every((symbol) => tickers.slice(count).some((t) => t.symbol === symbol)), 'BTC/USD and ETH/USD tickers after the refusal');
    expect(failed).toBeUndefined();
  });
});
