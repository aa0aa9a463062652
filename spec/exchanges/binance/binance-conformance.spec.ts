import { readFileSync } from 'node:fs';
import type { Subscription } from 'rxjs';
import { binance } from '../../../lib/exchanges/binance/binance';
import type { ExchangeEvent } from '../../../lib/model/exchange-event';
import type { BookEvent } from '../../../lib/model/book-event';
import type { OrderBookState } from '../../../lib/model/order-book-state';
import { orderBook } from '../../../lib/operators/order-book';
import { WsTestServer } from '../../../lib/testing/harness/ws-test-server';
import { waitFor } from '../../helpers/wait-for';
import { fixturePath } from '../../support/real-data';

/**
 * Replays the real Binance capture (cryptofeed sample data, see spec/fixtures/real/SOURCES.md) through
 * the Binance adapter via a local server: the recorded combined-stream frames over WebSocket and the
 * recorded REST depth snapshots over HTTP.
 */
const SYMBOLS: Record<string, string> = { NKNUSDT: 'NKN/USDT', BLZETH: 'BLZ/ETH', LRCBTC: 'LRC/BTC', RUNEEUR: 'RUNE/EUR' };

interface DepthFrame {
  U: number;
  u: number;
  b: [string, string][];
  a: [string, string][];
}
interface BookTickerFrame {
  u: number;
  s: string;
  b: string;
  B: string;
  a: string;
  A: string;
}

const frames = readFileSync(fixturePath('binance-spot.ws.txt'), 'utf8')
  .split('\n')
  .slice(1)
  .filter((line) => line.trim() !== '')
  .map((line) => line.slice(line.indexOf(': ') + 2));
const snapshots = new Map<string, { body: string; lastUpdateId: number }>();
for (const line of readFileSync(fixturePath('binance-spot.rest.txt'), 'utf8').split('\n')) {
  if (!line.trim()) continue;
  const symbol = /symbol=([A-Z]+)/.exec(line)![1]!;
  const body = line.slice(line.indexOf(': ', line.indexOf(' -> ')) + 2);
  snapshots.set(symbol, { body, lastUpdateId: (JSON.parse(body) as { lastUpdateId: number }).lastUpdateId });
}
const parsed = frames.map((text) => JSON.parse(text) as { stream: string; data: Record<string, unknown> });
const depthOf = (symbol: string): DepthFrame[] =>
  parsed.filter((f) => f.stream === `${symbol.toLowerCase()}@depth@100ms`).map((f) => f.data as unknown as DepthFrame);

async function replayServer(): Promise<WsTestServer> {
  return WsTestServer.start({
    onConnection: (connection) => {
      const subscribed = new Set<string>();
      connection.onText((text) => {
        const request = JSON.parse(text) as { method: string; params: string[]; id: number };
        if (request.method !== 'SUBSCRIBE') return;
        request.params.forEach((stream) => subscribed.add(stream));
        connection.send(JSON.stringify({ result: null, id: request.id }));
        // replay the whole capture, in order, for the streams the client subscribed
        for (let i = 0; i < frames.length; i++) if (subscribed.has(parsed[i]!.stream)) connection.send(frames[i]!);
      });
    },
    onHttpRequest: (request, response) => {
      const url = new URL(request.url!, 'http://x');
      if (url.pathname === '/api/v3/exchangeInfo') {
        response.writeHead(200, { 'Content-Type': 'application/json' });
        const symbols = Object.entries(SYMBOLS).map(([symbol, unified]) => {
          const [baseAsset, quoteAsset] = unified.split('/');
          return { symbol, status: 'TRADING', baseAsset, quoteAsset, filters: [] };
        });
        response.end(JSON.stringify({ timezone: 'UTC', serverTime: 0, rateLimits: [], exchangeFilters: [], symbols }));
        return;
      }
      const symbol = url.searchParams.get('symbol')!;
      const snapshot = snapshots.get(symbol);
      response.writeHead(snapshot ? 200 : 400, { 'Content-Type': 'application/json' });
      response.end(snapshot ? snapshot.body : '{"code":-1121,"msg":"Invalid symbol."}');
    },
  });
}

describe('Binance conformance on the real capture', () => {
  let server: WsTestServer;
  const subscriptions: Subscription[] = [];
  beforeAll(async () => (server = await replayServer()));
  afterAll(async () => {
    subscriptions.forEach((s) => s.unsubscribe());
    await server.close();
  });

  it('syncs every book by the documented procedure with zero gaps; 26 of 26 bookTickers equal the rebuilt best bid/ask', async () => {
    const bn = binance({ wsUrl: server.url, restUrl: server.httpUrl, reconnect: { attempts: 0 } });
    const events: ExchangeEvent[] = [];
    subscriptions.push(bn.events$.subscribe((e) => events.push(e)));
    const bookEvents = new Map<string, BookEvent[]>();
    const states = new Map<string, OrderBookState[]>();
    for (const [native, symbol] of Object.entries(SYMBOLS)) {
      bookEvents.set(native, []);
      states.set(native, []);
      const book$ = bn.book(symbol, { depth: 1000 });
      subscriptions.push(book$.subscribe((e) => bookEvents.get(native)!.push(e)));
      subscriptions.push(book$.pipe(orderBook({ depth: 1 })).subscribe((s) => states.get(native)!.push(s)));
    }

    // every recorded depth event after each snapshot's lastUpdateId must come out as one delta, in order
    const expectedDeltas = new Map(
      Object.keys(SYMBOLS).map((native) => [native, depthOf(native).filter((d) => d.u > snapshots.get(native)!.lastUpdateId)]),
    );
    await waitFor(
      () => [...expectedDeltas].every(([native, deltas]) => states.get(native)!.length === deltas.length + 1 && bookEvents.get(native)!.length === deltas.length + 1),
      'every recorded depth event to be applied',
    );

    expect(events.filter((e) => e.type === 'resync' || e.type === 'error')).toEqual([]);
    expect(Object.keys(SYMBOLS).map((native) => expectedDeltas.get(native)![0]!.U <= snapshots.get(native)!.lastUpdateId + 1)).toEqual([true, true, true, true]);
    // NKNUSDT as documented in SOURCES.md: lastUpdateId 499869752, first applied U = 499869753
    expect(snapshots.get('NKNUSDT')!.lastUpdateId).toBe(499869752);
    expect(expectedDeltas.get('NKNUSDT')![0]!.U).toBe(499869753);

    for (const [native, deltas] of expectedDeltas) {
      const received = bookEvents.get(native)!; // the two subscriptions share the socket; each ran its own sync
      expect(received[0]!.type).toBe('snapshot');
      expect(received.slice(1).map((e) => [e.bids, e.asks])).toEqual(
        deltas.map((d) => [d.b.map(([p, q]) => [Number(p), Number(q)]), d.a.map(([p, q]) => [Number(p), Number(q)])]),
      );
    }

    // bookTicker check: rebuilt best bid/ask after the depth event with the same u
    let compared = 0;
    for (const frame of parsed.filter((f) => f.stream.endsWith('@bookTicker'))) {
      const ticker = frame.data as unknown as BookTickerFrame;
      const deltas = expectedDeltas.get(ticker.s)!;
      const index = deltas.findIndex((d) => d.u === ticker.u);
      if (index < 0) continue;
      const state = states.get(ticker.s)![index + 1]!; // [0] is the snapshot
      expect([state.bids[0], state.asks[0]]).toEqual([
        [Number(ticker.b), Number(ticker.B)],
        [Number(ticker.a), Number(ticker.A)],
      ]);
      compared++;
    }
    expect(compared).toBe(26);
  });
});
