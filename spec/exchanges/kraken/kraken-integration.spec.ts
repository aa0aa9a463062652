import { filter, firstValueFrom, type Subscription, take, toArray } from 'rxjs';
import { kraken } from '../../../lib/exchanges/kraken/kraken';
import type { ExchangeClient } from '../../../lib/model/client';
import type { ExchangeEvent } from '../../../lib/model/exchange-event';
import type { OrderBookState } from '../../../lib/model/order-book-state';
import type { Ticker } from '../../../lib/model/ticker';
import type { Trade } from '../../../lib/model/trade';
import { KrakenSimulator } from '../../../lib/testing/kraken/kraken-simulator';
import { eventsOfType, expectBookMatchesTruth, latestBook } from '../../helpers/book-truth';
import { dropAndAwaitResync, silenceAndAwaitNewSocket } from '../../helpers/connection-recovery';
import { waitFor } from '../../helpers/wait-for';

const SYMBOLS = ['BTC/USD', 'ETH/USD', 'SOL/USD'];

describe('Kraken against the simulator', () => {
  let sim: KrakenSimulator;
  let kr: ExchangeClient;
  let events: ExchangeEvent[];
  const subscriptions: Subscription[] = [];

  beforeEach(async () => {
    sim = await KrakenSimulator.start({ symbols: SYMBOLS, seed: 42, stepsPerSecond: 50, bookLevels: 300, heartbeatIntervalMs: 100 });
    kr = kraken({ wsUrl: sim.wsUrl, pingInterval: 150, pingTimeout: 150, reconnect: { delay: 20, maxDelay: 100 } });
    events = [];
    subscriptions.push(kr.events$.subscribe((e) => events.push(e)));
  });
  afterEach(async () => {
    subscriptions.splice(0).forEach((s) => s.unsubscribe());
    await sim.stop();
  });

  function watchBook(symbol: string, depth = 10): () => OrderBookState | undefined {
    return latestBook(kr.book(symbol, { depth }), 1000, subscriptions);
  }

  /** Pauses the market, waits until the client's book is exactly the truth at its depth, resumes. */
  async function expectBookEqualsTruth(symbol: string, depth: number, latest: () => OrderBookState | undefined, what: string): Promise<void> {
    await expectBookMatchesTruth(sim, () => sim.truth(symbol, depth), latest, `${symbol} book to equal the ground truth ${what}`);
  }

  const eventsOf = <T extends ExchangeEvent['type']>(type: T) => eventsOfType(events, type);

  it('streams tickers and trades of several symbols over ONE socket', async () => {
    const tickers = firstValueFrom(kr.tickers(SYMBOLS).pipe(take(15), toArray()));
    const trades = firstValueFrom(kr.trades(SYMBOLS).pipe(take(30), toArray()));
    const [t, tr] = await Promise.all([tickers, trades]);
    expect(new Set(t.map((x: Ticker) => x.symbol))).toEqual(new Set(SYMBOLS));
    for (const x of t) {
      expect(x).toEqual(expect.objectContaining({ type: 'ticker', exchange: 'kraken' }));
      expect(x.bid).toBeLessThan(x.ask);
      expect(Number.isFinite(x.change24h) && x.volume24h > 0 && x.high24h >= x.low24h && x.timestamp > 0).toBe(true);
    }
    expect(new Set(tr.map((x: Trade) => x.symbol)).size).toBeGreaterThan(1);
    for (const x of tr as Trade[]) {
      expect(['buy', 'sell']).toContain(x.side);
      expect(x.price > 0 && x.amount > 0 && /^\d+$/.test(x.id) && x.localTimestamp >= x.timestamp - 1000).toBe(true);
    }
    expect(sim.connectionCount).toBe(1);
    // batched: one subscribe per channel carrying every symbol
    const subscribes = sim.requests.filter((r) => r.message?.method === 'subscribe').map((r) => r.message.params);
    expect(subscribes).toEqual(
      expect.arrayContaining([
        { channel: 'ticker', symbol: SYMBOLS },
        { channel: 'trade', symbol: SYMBOLS, snapshot: false },
      ]),
    );
  });

  it('keeps books of several depths equal to the truth, with the instrument channel subscribed once', async () => {
    const btc = watchBook('BTC/USD', 10);
    const eth = watchBook('ETH/USD', 100);
    await waitFor(() => btc() !== undefined && eth() !== undefined, 'first books');
    sim.pause();
    sim.step(300);
    await expectBookEqualsTruth('BTC/USD', 10, btc, 'after 300 steps (depth 10)');
    await expectBookEqualsTruth('ETH/USD', 100, eth, 'after 300 steps (depth 100)');
    expect(sim.requests.filter((r) => r.message?.params?.channel === 'instrument')).toHaveLength(1);
    expect(eventsOf('resync')).toEqual([]);
    expect(eventsOf('error')).toEqual([]);
    subscriptions.splice(1).forEach((s) => s.unsubscribe());
    await waitFor(() => sim.connections.size === 0, 'the socket to close after the last unsubscribe');
  });

  it('recovers the exact book through every fault, with the expected event for each', async () => {
    const btc = watchBook('BTC/USD', 10);
    const eth = watchBook('ETH/USD', 25);
    const tickers: Ticker[] = [];
    subscriptions.push(kr.ticker('SOL/USD').subscribe((t) => tickers.push(t)));
    await waitFor(() => btc() !== undefined && eth() !== undefined, 'first books');
    await expectBookEqualsTruth('BTC/USD', 10, btc, 'initially');

    // wrong checksum: resync 'checksum', resubscribe, fresh snapshot
    sim.corruptNextChecksum('BTC/USD');
    await waitFor(() => eventsOf('resync').some((e) => e.reason === 'checksum' && e.symbol === 'BTC/USD'), 'a checksum resync');
    await expectBookEqualsTruth('BTC/USD', 10, btc, 'after a wrong checksum');

    // malformed JSON naming a book: decode error with the frame, that book resyncs
    let resyncs = eventsOf('resync').length;
    sim.sendMalformed('invalid-json', 'ETH/USD');
    await waitFor(() => eventsOf('error').some((e) => e.kind === 'decode' && e.frame !== undefined), 'a decode error');
    await waitFor(() => eventsOf('resync').length > resyncs, 'a resync after a broken book frame');
    // schema mismatch on a book update: decode error, resync 'gap'
    resyncs = eventsOf('resync').length;
    sim.sendMalformed('schema', 'BTC/USD');
    await waitFor(() => eventsOf('resync').slice(resyncs).some((e) => e.reason === 'gap' && e.symbol === 'BTC/USD'), 'a gap resync after a bad book frame');
    await expectBookEqualsTruth('BTC/USD', 10, btc, 'after malformed frames');
    await expectBookEqualsTruth('ETH/USD', 25, eth, 'after malformed frames');

    // dropped connection: reconnect, resubscribe, resync 'reconnect'
    await dropAndAwaitResync(sim, () => events);
    await expectBookEqualsTruth('BTC/USD', 10, btc, 'after a dropped connection');
    await expectBookEqualsTruth('ETH/USD', 25, eth, 'after a dropped connection');

    // half-open socket: the app-level ping goes unanswered, the socket is terminated and reopened
    await silenceAndAwaitNewSocket(sim, () => events, /./);
    await expectBookEqualsTruth('BTC/USD', 10, btc, 'after a half-open socket');

    // a close frame: reconnect
    const opens = eventsOf('open').length;
    sim.closeAll(1001, 'going away');
    await waitFor(() => eventsOf('open').length > opens, 'reopen after a close');
    expect(eventsOf('close')).toContainEqual(expect.objectContaining({ code: 1001, reason: 'going away' }));
    await expectBookEqualsTruth('BTC/USD', 10, btc, 'after a close');
    await expectBookEqualsTruth('ETH/USD', 25, eth, 'at the end');
    const count = tickers.length;
    await waitFor(() => tickers.length > count, 'the ticker to carry on after all faults');
  });

  it('errors only the refused stream (unknown symbol, failed subscription) while the others carry on', async () => {
    const tickers: Ticker[] = [];
    subscriptions.push(kr.ticker('BTC/USD').subscribe((t) => tickers.push(t)));
    const unknown = await new Promise<Error>((resolve) => subscriptions.push(kr.book('NOPE/USD').subscribe({ error: resolve })));
    expect(unknown.message).toMatch(/kraken refused book:NOPE\/USD:10: .*Currency pair not supported NOPE\/USD/);
    sim.failNextSubscription('ETH/USD');
    const trades: string[] = [];
    let merged: unknown;
    subscriptions.push(kr.trades(['ETH/USD', 'SOL/USD']).subscribe({ next: (t) => trades.push(t.symbol), error: (e) => (merged = e) }));
    await waitFor(() => trades.includes('SOL/USD'), 'SOL/USD trades after ETH/USD was refused');
    expect(merged).toBeUndefined(); // one refused symbol errors that symbol only
    expect(trades).not.toContain('ETH/USD');
    expect(eventsOf('error').filter((e) => e.kind === 'exchange').map((e) => e.message)).toEqual([
      expect.stringMatching(/NOPE\/USD/),
      expect.stringMatching(/ETH\/USD/),
      expect.stringMatching(/^kraken trades ETH\/USD failed: kraken refused trade:ETH\/USD/),
    ]);
    expect(eventsOf('error').find((e) => e.message.startsWith('kraken trades ETH/USD failed'))).toMatchObject({ symbol: 'ETH/USD' });
    const count = tickers.length;
    await waitFor(() => tickers.length > count + 2, 'more tickers after the failed subscriptions');
    expect(sim.connectionCount).toBe(1);
  });

  it('rejects invalid arguments as an erroring Observable, not a throw', async () => {
    await expect(firstValueFrom(kr.ticker('btcusd'))).rejects.toThrow(/BASE\/QUOTE/);
    await expect(firstValueFrom(kr.book('BTC/USD', { depth: 20 }))).rejects.toThrow(/10, 25, 100, 500, 1000/);
    subscriptions.push(kr.book('BTC/USD', { depth: 10 }).subscribe());
    await expect(firstValueFrom(kr.book('BTC/USD', { depth: 25 }))).rejects.toThrow(/depth 10 is active/);
  });

  it('gives a second subscriber of an active book its own fresh snapshot', async () => {
    const first = watchBook('BTC/USD', 10);
    await waitFor(() => first() !== undefined, 'the first book');
    const second = await firstValueFrom(kr.book('BTC/USD', { depth: 10 }).pipe(filter((e) => e.type === 'snapshot')));
    expect(second.bids).toHaveLength(10);
    expect(second.asks).toHaveLength(10);
    await expectBookEqualsTruth('BTC/USD', 10, first, 'after the second subscriber joined');
  });
});
