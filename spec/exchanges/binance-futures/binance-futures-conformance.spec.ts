import type { IncomingMessage, ServerResponse } from 'node:http';
import { share, type Subscription } from 'rxjs';
import { WebSocket } from 'ws';
import { binanceFutures } from '../../../lib/exchanges/binance-futures/binance-futures';
import { BINANCE_FUTURES_SYNC_RULE, BINANCE_SPOT_SYNC_RULE, type BinanceSyncRule } from '../../../lib/exchanges/binance-futures/binance-sync-rule';
import type { BookEvent } from '../../../lib/model/book-event';
import type { ExchangeEvent } from '../../../lib/model/exchange-event';
import type { OrderBookState } from '../../../lib/model/order-book-state';
import type { Trade } from '../../../lib/model/trade';
import { orderBook } from '../../../lib/operators/order-book';
import type { TestConnection } from '../../../lib/testing/harness/test-connection';
import { WsTestServer } from '../../../lib/testing/harness/ws-test-server';
import { waitFor } from '../../helpers/wait-for';
import { CAPTURE_SYMBOLS, type CapturedDepth, NaiveBook, readFuturesCapture } from './support/futures-capture';

/**
 * Replays the real Binance USD-M capture (cryptofeed sample data, spec/fixtures/real/SOURCES.md)
 * through `binanceFutures()` via a local server speaking the routed endpoints: depth frames on
 * `/public/stream`, aggregate trades on `/market/stream`, the REST snapshots on `/fapi/v1/depth`. The
 * replay keeps the capture's order of WebSocket frames and REST responses: a snapshot is answered
 * once every earlier frame reached the client, and later frames wait until the client emitted that
 * snapshot (so the 8 dropped events that arrived after the REST response arrive after it here too).
 */
const capture = readFuturesCapture();
const NATIVES = Object.keys(CAPTURE_SYMBOLS);

/** What the independent procedure (no library code) gives per symbol: dropped events, applied events, the book. */
function naiveSync(native: string, rule: BinanceSyncRule) {
  const snapshot = capture.snapshots.get(native)!;
  const events = capture.depthOf(native);
  const asDiff = (d: CapturedDepth) => ({ firstUpdateId: d.U, lastUpdateId: d.u, previousUpdateId: d.pu, timestamp: d.E, bids: [], asks: [] });
  const dropped = events.filter((d) => rule.contained(asDiff(d), snapshot.lastUpdateId));
  const applied = events.filter((d) => !rule.contained(asDiff(d), snapshot.lastUpdateId));
  const bridges = applied.length > 0 && rule.bridges(asDiff(applied[0]!), snapshot.lastUpdateId);
  const continuous = applied.every((d, i) => i === 0 || rule.continues(asDiff(d), asDiff(applied[i - 1]!)));
  const book = new NaiveBook(snapshot.bids, snapshot.asks);
  const tops = applied.map((d) => {
    book.apply(d.b, d.a);
    return book.top(5);
  });
  return { snapshot, dropped, applied, bridges, continuous, book, tops };
}

interface Replay {
  readonly server: WsTestServer;
  /** `[path, stream]` of every SUBSCRIBE parameter received. */
  readonly subscribed: [string, string][];
  /** Plays the capture in order; `snapshotEmitted(native)` tells when the client emitted a symbol's snapshot. */
  play(clientReceived: () => number, snapshotEmitted: (native: string) => boolean): Promise<void>;
}

async function replayServer(): Promise<Replay> {
  const byStream = new Map<string, TestConnection>();
  const subscribed: [string, string][] = [];
  const pending = new Map<string, ServerResponse>();
  let sent = 0;
  const send = (connection: TestConnection, text: string): void => {
    sent++;
    connection.send(text);
  };
  const server = await WsTestServer.start({
    onConnection: (connection) => {
      const path = new URL(connection.url, 'http://x').pathname;
      connection.onText((text) => {
        const request = JSON.parse(text) as { method: string; params: string[]; id: number };
        for (const stream of request.params) {
          subscribed.push([path, stream]);
          if (request.method === 'SUBSCRIBE') byStream.set(stream, connection);
        }
        send(connection, JSON.stringify({ result: null, id: request.id }));
      });
    },
    onHttpRequest: (request: IncomingMessage, response: ServerResponse) => {
      const url = new URL(request.url!, 'http://x');
      if (url.pathname === '/fapi/v1/exchangeInfo') {
        const symbols = Object.entries(CAPTURE_SYMBOLS).map(([symbol, unified]) => {
          const [baseAsset, quoteAsset] = unified.split(/[/:]/);
          const filters = [{ filterType: 'PRICE_FILTER', tickSize: '0.0001' }, { filterType: 'LOT_SIZE', stepSize: '1' }];
          return { symbol, pair: symbol, contractType: 'PERPETUAL', deliveryDate: 4133404800000, status: 'TRADING', baseAsset, quoteAsset, marginAsset: 'USDT', filters };
        });
        response.writeHead(200, { 'Content-Type': 'application/json' });
        response.end(JSON.stringify({ timezone: 'UTC', serverTime: 0, rateLimits: [], exchangeFilters: [], symbols }));
        return;
      }
      pending.set(url.searchParams.get('symbol')!, response); // answered in capture order by play()
    },
  });
  const timeline = [
    ...capture.frames.map((frame) => ({ at: frame.at, frame, native: undefined })),
    ...[...capture.snapshots].map(([native, snapshot]) => ({ at: snapshot.at, frame: undefined, native })),
  ].sort((a, b) => a.at - b.at);
  return {
    server,
    subscribed,
    play: async (clientReceived, snapshotEmitted) => {
      for (const item of timeline) {
        if (item.frame) {
          const connection = byStream.get(item.frame.stream);
          if (connection) send(connection, item.frame.text);
          continue;
        }
        const native = item.native!;
        await waitFor(() => clientReceived() === sent, 'every earlier frame to reach the client');
        await waitFor(() => pending.has(native), `the ${native} snapshot request`);
        const response = pending.get(native)!;
        response.writeHead(200, { 'Content-Type': 'application/json' });
        response.end(capture.snapshots.get(native)!.body);
        await waitFor(() => snapshotEmitted(native), `the ${native} snapshot to be emitted`);
      }
    },
  };
}

describe('Binance USD-M conformance on the real capture', () => {
  it('the capture itself: every pu links to the previous u (760 links), U is never previous u + 1, 8 of 12 dropped events arrived after the REST response', () => {
    let links = 0;
    let consecutive = 0;
    for (const native of NATIVES) {
      const events = capture.depthOf(native);
      for (let i = 1; i < events.length; i++) {
        expect(events[i]!.pu).toBe(events[i - 1]!.u);
        links++;
        if (events[i]!.U === events[i - 1]!.u + 1) consecutive++;
      }
    }
    expect([links, consecutive]).toEqual([760, 0]);
    const lateDrops = NATIVES.flatMap((native) => {
      const { snapshot, dropped } = naiveSync(native, BINANCE_FUTURES_SYNC_RULE);
      const frames = capture.framesOf(native, 'depth@100ms');
      return dropped.filter((d) => frames.find((f) => f.data['u'] === d.u)!.at > snapshot.at);
    });
    expect(lateDrops).toHaveLength(8);
  });

  it('the spot rule fails to sync AKRO, KEEP and CTK on this capture (the reason USD-M needs its own)', () => {
    const spot = NATIVES.map((native) => {
      const { bridges, continuous } = naiveSync(native, BINANCE_SPOT_SYNC_RULE);
      return [native, bridges && continuous];
    });
    expect(spot).toEqual([
      ['SUSHIUSDT', false], // bridges, but spot continuity (U <= previous u + 1) fails on the next event
      ['AKROUSDT', false],
      ['KEEPUSDT', false],
      ['CTKUSDT', false],
    ]);
    expect(NATIVES.filter((native) => !naiveSync(native, BINANCE_SPOT_SYNC_RULE).bridges)).toEqual(['AKROUSDT', 'KEEPUSDT', 'CTKUSDT']);
  });

  it('syncs every book through binanceFutures(): the documented drops and bridges, every delta, books equal to the naive rebuild, 50 of 50 bookTickers, SUSHIUSDT top 5', async () => {
    const replay = await replayServer();
    const subscriptions: Subscription[] = [];
    try {
      let clientReceived = 0;
      const client = binanceFutures({
        wsUrl: replay.server.url,
        restUrl: replay.server.httpUrl,
        reconnect: { attempts: 0 },
        createWebSocket: (url, options) => {
          const socket = new WebSocket(url, options);
          socket.on('message', () => clientReceived++);
          return socket;
        },
      });
      const events: ExchangeEvent[] = [];
      subscriptions.push(client.events$.subscribe((e) => events.push(e)));
      const bookEvents = new Map<string, BookEvent[]>();
      const tops = new Map<string, OrderBookState[]>();
      const full = new Map<string, OrderBookState>();
      for (const [native, symbol] of Object.entries(CAPTURE_SYMBOLS)) {
        bookEvents.set(native, []);
        tops.set(native, []);
        const book$ = client.book(symbol, { depth: 1000 }).pipe(share());
        subscriptions.push(book$.subscribe((e) => bookEvents.get(native)!.push(e)));
        subscriptions.push(book$.pipe(orderBook({ depth: 5 })).subscribe((s) => tops.get(native)!.push(s)));
        subscriptions.push(book$.pipe(orderBook({ depth: Infinity })).subscribe((s) => full.set(native, s)));
      }
      const trades: Trade[] = [];
      subscriptions.push(client.trades(Object.values(CAPTURE_SYMBOLS)).subscribe((t) => trades.push(t)));
      await waitFor(() => replay.subscribed.length === 8, 'the 4 depth and 4 aggTrade subscriptions');
      await replay.play(
        () => clientReceived,
        (native) => bookEvents.get(native)!.some((e) => e.type === 'snapshot'),
      );

      const expected = new Map(NATIVES.map((native) => [native, naiveSync(native, BINANCE_FUTURES_SYNC_RULE)]));
      await waitFor(
        () => NATIVES.every((native) => bookEvents.get(native)!.length === expected.get(native)!.applied.length + 1),
        'every applied depth event to come out as a delta',
      );
      await waitFor(() => trades.length === 91, 'the 91 recorded aggregate trades');

      // every stream on its routed endpoint
      expect(replay.subscribed.filter(([, stream]) => stream.endsWith('@depth@100ms')).map(([path]) => path)).toEqual(Array(4).fill('/public/stream'));
      expect(replay.subscribed.filter(([, stream]) => stream.endsWith('@aggTrade')).map(([path]) => path)).toEqual(Array(4).fill('/market/stream'));
      expect(events.filter((e) => e.type === 'resync' || e.type === 'error')).toEqual([]);

      // SOURCES.md: dropped/applied counts, the exact bridges, the pu chain
      const counts = NATIVES.map((native) => [expected.get(native)!.dropped.length, expected.get(native)!.applied.length]);
      expect(counts).toEqual([[3, 252], [1, 188], [3, 132], [5, 180]]);
      const lastUpdateIds = NATIVES.map((native) => expected.get(native)!.snapshot.lastUpdateId);
      expect(lastUpdateIds).toEqual([600859605926, 600859605486, 600859619434, 600859618836]);
      const first = (native: string) => expected.get(native)!.applied[0]!;
      expect([first('SUSHIUSDT').U, first('AKROUSDT').u, first('KEEPUSDT').u, first('CTKUSDT').u]).toEqual(lastUpdateIds);
      for (const native of NATIVES) expect([expected.get(native)!.bridges, expected.get(native)!.continuous]).toEqual([true, true]);

      for (const native of NATIVES) {
        const { applied, tops: naiveTops, book } = expected.get(native)!;
        const received = bookEvents.get(native)!;
        expect(received[0]!.type).toBe('snapshot');
        // every applied event came out as one delta, in order, with exactly its levels
        expect(received.slice(1).map((e) => [e.type, e.bids, e.asks])).toEqual(
          applied.map((d) => ['delta', d.b.map(([p, q]) => [Number(p), Number(q)]), d.a.map(([p, q]) => [Number(p), Number(q)])]),
        );
        // after every event the client's top 5 equals the naive rebuild; at the end the whole book does
        expect(tops.get(native)!.slice(1).map((s) => [s.bids, s.asks])).toEqual(naiveTops.map((t) => [t.bids, t.asks]));
        expect([full.get(native)!.bids, full.get(native)!.asks]).toEqual([book.top(Infinity).bids, book.top(Infinity).asks]);
      }

      // bookTickers whose u is an applied depth event's u: the rebuilt best bid/ask, price and quantity
      let compared = 0;
      for (const native of NATIVES) {
        const applied = expected.get(native)!.applied;
        for (const frame of capture.framesOf(native, 'bookTicker')) {
          const ticker = frame.data as { u: number; b: string; B: string; a: string; A: string };
          const index = applied.findIndex((d) => d.u === ticker.u);
          if (index < 0) continue;
          const state = tops.get(native)![index + 1]!;
          expect([state.bids[0], state.asks[0]]).toEqual([
            [Number(ticker.b), Number(ticker.B)],
            [Number(ticker.a), Number(ticker.A)],
          ]);
          compared++;
        }
      }
      expect(compared).toBe(50);

      // final SUSHIUSDT top 5 (last u 600860425198)
      expect(expected.get('SUSHIUSDT')!.applied.at(-1)!.u).toBe(600860425198);
      const sushi = tops.get('SUSHIUSDT')!.at(-1)!;
      expect(sushi.bids).toEqual([[7.612, 303], [7.611, 105], [7.61, 178], [7.609, 294], [7.608, 1421]]);
      expect(sushi.asks).toEqual([[7.616, 267], [7.617, 261], [7.618, 1133], [7.619, 1038], [7.62, 2662]]);

      // the recorded aggregate trades, normalized
      const recorded = NATIVES.flatMap((native) => capture.framesOf(native, 'aggTrade')).sort((a, b) => a.at - b.at);
      expect(trades).toHaveLength(recorded.length);
      const byId = new Map(trades.map((t) => [`${t.symbol} ${t.id}`, t]));
      for (const frame of recorded) {
        const data = frame.data as { a: number; s: string; p: string; q: string; T: number; m: boolean };
        expect(byId.get(`${CAPTURE_SYMBOLS[data.s]} ${data.a}`)).toEqual(
          expect.objectContaining({ exchange: 'binanceFutures', price: Number(data.p), amount: Number(data.q), side: data.m ? 'sell' : 'buy', timestamp: data.T }),
        );
      }
    } finally {
      subscriptions.forEach((s) => s.unsubscribe());
      await replay.server.close();
    }
  }, 30_000);
});
