import type { Subscription } from 'rxjs';
import { coinbase } from '../../../lib/exchanges/coinbase/coinbase';
import type { BookEvent } from '../../../lib/model/book-event';
import type { ExchangeEvent } from '../../../lib/model/exchange-event';
import type { OrderBookState } from '../../../lib/model/order-book-state';
import type { Ticker } from '../../../lib/model/ticker';
import type { Trade } from '../../../lib/model/trade';
import { orderBook } from '../../../lib/operators/order-book';
import type { TestConnection } from '../../../lib/testing/harness/test-connection';
import { WsTestServer } from '../../../lib/testing/harness/ws-test-server';
import { waitFor } from '../../helpers/wait-for';
import { COINBASE_CAPTURE, NaiveBooks, readCapture, receivedFrames } from './support/capture';
import { describeWithSharedCapture } from '../../support/real-data';
import { ReplayBook } from './support/replay-book';

/**
 * Replays the real Coinbase Advanced Trade capture (cryptofeed sample data, see
 * ../shared/data/real/SOURCES.md) through the Coinbase adapter: a local server serves the recorded
 * `recv` frames, in order, once the client has subscribed to what the test asks for.
 */
describeWithSharedCapture('Coinbase conformance (real capture)', COINBASE_CAPTURE, () => {
  const records = readCapture();
  const frames = receivedFrames(records);
  /** The products list recorded before the connection (`GET /api/v3/brokerage/market/products`, 920 products). */
  const productsBody = records.find((r) => r.t === 'http' && r.data?.startsWith('{"products":'))!.data!;
  const parsed = frames.map((text) => JSON.parse(text));
  const PRODUCTS = ['BTC-USD', 'ETH-USD'];
  const SYMBOLS = ['BTC/USD', 'ETH/USD'];
  const REQUIRED = ['heartbeats', ...['level2', 'ticker', 'market_trades'].flatMap((channel) => PRODUCTS.map((p) => `${channel}:${p}`))];

  const liveTrades = parsed.filter((m) => m.channel === 'market_trades' && m.events[0].type === 'update').flatMap((m) => [...m.events[0].trades].reverse());
  const tickerCount = parsed.filter((m) => m.channel === 'ticker').flatMap((m) => m.events[0].tickers).length;

  /** The naive books after frames `[0, end)` except `skip`. */
  function naiveBooks(skip?: number): NaiveBooks {
    const books = new NaiveBooks();
    parsed.forEach((frame, i) => i !== skip && books.apply(frame));
    return books;
  }

  interface Replay {
    readonly server: WsTestServer;
    /** `l2_data` snapshots served in answer to a resubscribe. */
    readonly served: string[];
    done: boolean;
  }

  /**
   * `verbatim`: the exact capture bytes. Otherwise frames get fresh `sequence_num`s, frame `skip` is
   * lost (its number too), level2 follows the client's (un)subscribes, and a level2 subscribe after the
   * start is answered with a snapshot of the server's true book in the capture's format.
   */
  async function replay(mode: { verbatim: true } | { verbatim: false; skip: number }): Promise<Replay> {
    const state: { served: string[]; done: boolean } = { served: [], done: false };
    const server = await WsTestServer.start({
      onHttpRequest: (request, response) => {
        const listed = new URL(request.url ?? '/', 'http://127.0.0.1').pathname === '/api/v3/brokerage/market/products';
        response.writeHead(listed ? 200 : 404, { 'Content-Type': 'application/json' });
        response.end(listed ? productsBody : '');
      },
      onConnection: (connection: TestConnection) => {
        const subscribed = new Set<string>();
        const truth = new Map(PRODUCTS.map((p) => [p, new ReplayBook()]));
        let sequence = 0;
        let started = false;
        let lastTimestamp = '';
        const pump = (from: number): void => {
          if (!connection.isOpen) return;
          const to = Math.min(frames.length, from + 20);
          for (let i = from; i < to; i++) {
            const frame = parsed[i];
            lastTimestamp = frame.timestamp;
            if (frame.channel === 'l2_data') for (const e of frame.events) truth.get(e.product_id)!.apply(e);
            if (mode.verbatim) {
              connection.send(frames[i]!);
              continue;
            }
            if (i === mode.skip) {
              sequence++; // lost on the way
              continue;
            }
            if (frame.channel === 'l2_data' && !subscribed.has(`level2:${frame.events[0].product_id}`)) continue;
            connection.send(frames[i]!.replace(`"sequence_num":${frame.sequence_num},`, `"sequence_num":${sequence++},`));
          }
          if (to < frames.length) setImmediate(() => pump(to));
          else state.done = true;
        };
        connection.onText((text) => {
          const request = JSON.parse(text) as { type: string; channel: string; product_ids?: string[] };
          const keys = request.channel === 'heartbeats' ? ['heartbeats'] : request.product_ids!.map((p) => `${request.channel}:${p}`);
          for (const key of keys) (request.type === 'subscribe' ? subscribed.add(key) : subscribed.delete(key));
          if (started && request.type === 'subscribe' && request.channel === 'level2') {
            for (const product of request.product_ids!) {
              const snapshot = truth.get(product)!.snapshotFrame(product, lastTimestamp, sequence++);
              state.served.push(product);
              connection.send(snapshot);
            }
          }
          if (!started && REQUIRED.every((key) => subscribed.has(key))) {
            started = true;
            pump(0);
          }
        });
      },
    });
    return Object.assign(state, { server });
  }

  describe('Coinbase conformance on the real capture', () => {
    let server: WsTestServer | undefined;
    const subscriptions: Subscription[] = [];
    afterEach(async () => {
      subscriptions.splice(0).forEach((s) => s.unsubscribe());
      await server?.close();
    });

    function run(replayServer: WsTestServer) {
      const cb = coinbase({ wsUrl: replayServer.url, restUrl: replayServer.httpUrl, reconnect: { delay: 20, maxDelay: 100 } });
      const events: ExchangeEvent[] = [];
      const bookEvents = new Map<string, BookEvent[]>(SYMBOLS.map((s) => [s, []]));
      const tops = new Map<string, OrderBookState>();
      const tickers: Ticker[] = [];
      const trades: Trade[] = [];
      subscriptions.push(cb.events$.subscribe((e) => events.push(e)));
      for (const symbol of SYMBOLS) {
        subscriptions.push(cb.book(symbol).subscribe((e) => bookEvents.get(symbol)!.push(e)));
        subscriptions.push(cb.book(symbol).pipe(orderBook({ depth: 10 })).subscribe((s) => tops.set(symbol, s)));
      }
      subscriptions.push(cb.tickers(SYMBOLS).subscribe((t) => tickers.push(t)));
      subscriptions.push(cb.trades(SYMBOLS).subscribe((t) => trades.push(t)));
      /** The book of `symbol` rebuilt from the events the client emitted (a snapshot resets it). */
      const rebuilt = (symbol: string) => {
        const bids = new Map<number, number>();
        const asks = new Map<number, number>();
        for (const e of bookEvents.get(symbol)!) {
          if (e.type === 'snapshot') {
            bids.clear();
            asks.clear();
          }
          for (const [p, q] of e.bids) q === 0 ? bids.delete(p) : bids.set(p, q);
          for (const [p, q] of e.asks) q === 0 ? asks.delete(p) : asks.set(p, q);
        }
        return { bids: [...bids.entries()].sort((a, b) => b[0] - a[0]), asks: [...asks.entries()].sort((a, b) => a[0] - b[0]) };
      };
      return { events, bookEvents, tops, tickers, trades, rebuilt };
    }

    const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

    it('decodes all 1030 frames with zero errors and zero gaps, rebuilds both books, normalizes every ticker and trade', async () => {
      const r = await replay({ verbatim: true });
      server = r.server;
      const client = run(server);
      const truth = naiveBooks();
      await waitFor(
        () => r.done && client.tickers.length === tickerCount && client.trades.length === liveTrades.length && PRODUCTS.every((p, i) => same(client.rebuilt(SYMBOLS[i]!), truth.image(p))),
        'the whole capture to be replayed and rebuilt',
        1500,
      );
      expect(client.events.filter((e) => e.type === 'error')).toEqual([]);
      expect(client.events.filter((e) => e.type === 'resync')).toEqual([]);
      PRODUCTS.forEach((product, i) => {
        const symbol = SYMBOLS[i]!;
        const top = client.tops.get(symbol)!;
        expect(client.bookEvents.get(symbol)!.filter((e) => e.type === 'snapshot')).toHaveLength(1);
        expect(top.bids).toEqual(truth.image(product, 10).bids);
        expect(top.asks).toEqual(truth.image(product, 10).asks);
        expect(top.bids[0]![0]).toBeLessThan(top.asks[0]![0]);
      });
      expect(tickerCount).toBe(160);
      for (const t of client.tickers) {
        for (const value of [t.price, t.bid, t.bidSize, t.ask, t.askSize, t.high24h, t.low24h, t.volume24h, t.change24h, t.timestamp, t.localTimestamp]) expect(Number.isFinite(value)).toBe(true);
      }
      expect(new Set(client.tickers.map((t) => t.symbol))).toEqual(new Set(SYMBOLS));
      expect(liveTrades).toHaveLength(79);
      const bySymbol = <T extends { symbol: string }>(list: T[], symbol: string): T[] => list.filter((x) => x.symbol === symbol);
      for (const [i, product] of PRODUCTS.entries()) {
        const wire = liveTrades.filter((t) => t.product_id === product);
        expect(bySymbol(client.trades, SYMBOLS[i]!).map((t) => [t.id, Number(t.price), t.amount, t.side])).toEqual(
          wire.map((t) => [t.trade_id, Number(t.price), Number(t.size), t.side === 'SELL' ? 'buy' : 'sell']),
        );
      }
      for (const t of client.trades) expect(Number.isFinite(t.timestamp) && Number.isFinite(t.localTimestamp)).toBe(true);
    });

    it('with one l2_data update lost: a gap error, resync "gap" for both books, fresh snapshots, and the true book again', async () => {
      // the first l2_data update whose loss leaves a wrong book at the end of the capture
      const final = naiveBooks();
      const skip = parsed.findIndex((m, i) => m.channel === 'l2_data' && m.events[0].type === 'update' && i > 30 && !same(naiveBooks(i).image(m.events[0].product_id), final.image(m.events[0].product_id)));
      expect(skip).toBeGreaterThan(0);
      const r = await replay({ verbatim: false, skip });
      server = r.server;
      const client = run(server);
      await waitFor(() => r.done && r.served.length >= 2 && PRODUCTS.every((p, i) => same(client.rebuilt(SYMBOLS[i]!), final.image(p))), 'the true books after the gap', 1500);
      const errors = client.events.filter((e) => e.type === 'error');
      expect(errors).toEqual([expect.objectContaining({ kind: 'exchange', message: expect.stringMatching(/^coinbase: sequence_num jumped from \d+ to \d+ \(1 message lost\)$/) })]);
      const resyncs = client.events.filter((e) => e.type === 'resync');
      // two listeners per symbol (raw events and orderBook): each resyncs
      expect(resyncs.map((e) => (e as { symbol: string; reason: string }).reason)).toEqual(['gap', 'gap', 'gap', 'gap']);
      expect(new Set(resyncs.map((e) => (e as { symbol: string }).symbol))).toEqual(new Set(SYMBOLS));
      for (const symbol of SYMBOLS) {
        const kinds = client.bookEvents.get(symbol)!.map((e) => e.type);
        expect(kinds[0]).toBe('snapshot');
        expect(kinds.lastIndexOf('snapshot')).toBeGreaterThan(0); // a fresh snapshot after the resync
      }
      expect(PRODUCTS.map((p) => same(naiveBooks(skip).image(p), final.image(p)))).toContain(false); // the lost update mattered
    });
  });
});
