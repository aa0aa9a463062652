import WebSocket from 'ws';
import { type DashboardSession, startDashboardSession } from '../../lib/cli/dashboard/dashboard-session';
import { EXCHANGES } from '../../lib/cli/exchanges/exchange-registry';
import type { WebFrame } from '../../lib/web/web-frame';
import { startWebDashboard, type WebDashboard } from '../../lib/web/web-server';
import { waitFor } from '../helpers/wait-for';

describe('web dashboard server (HTTP + live WebSocket) over every exchange\'s simulator', () => {
  let session: DashboardSession;
  let web: WebDashboard;
  beforeAll(async () => {
    session = await startDashboardSession({ live: false, seed: 3, faultEveryMs: 0 }, EXCHANGES);
    web = await startWebDashboard({ session, port: 0, historyIntervalMs: 100 });
  });
  afterAll(async () => {
    await web.close();
    await session.stop();
  });

  const get = (path: string): Promise<Response> => fetch(new URL(path, web.url));

  it('serves the page, its script and style, and uPlot from node_modules (no CDN)', async () => {
    const page = await get('/');
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    const html = await page.text();
    for (const src of ['/vendor/uplot.js', '/vendor/uplot.css', '/app.js', '/app.css']) expect(html).toContain(src);
    expect(html).not.toMatch(/https?:\/\//);
    for (const path of ['/app.js', '/app.css', '/vendor/uplot.js', '/vendor/uplot.css']) expect((await get(path)).status).toBe(200);
    expect((await get('/nope')).status).toBe(404);
  });

  it('GET /api/frame and /api/book: every market with its verified top-10 book', async () => {
    await waitFor(() => session.model.markets.every((m) => (m.book?.bids.length ?? 0) >= 10 && (m.book?.asks.length ?? 0) >= 10), 'ten levels a side on every market');
    const frame = (await (await get('/api/frame')).json()) as WebFrame;
    expect(frame.markets.map((m) => m.key)).toEqual(session.model.markets.map((m) => `${m.exchange} ${m.symbol}`));
    expect(frame.venues.map((v) => v.exchange)).toEqual(EXCHANGES.map((e) => e.id));
    for (const market of frame.markets) {
      expect(market.bids).toHaveLength(10);
      expect(market.bids[0]![0]).toBeLessThan(market.asks[0]![0]);
    }
    await waitFor(async () => {
      const latest = (await (await get('/api/frame')).json()) as WebFrame;
      const perpetuals = latest.markets.filter((m) => m.symbol.includes(':'));
      return perpetuals.length > 0 && perpetuals.every((m) => m.funding !== null && typeof m.funding.rate === 'number');
    }, 'funding rates of every perpetual');
    expect(frame.markets.filter((m) => !m.symbol.includes(':')).every((m) => m.funding === null)).toBe(true);
    const market = session.model.markets[0]!;
    const book = (await (await get(`/api/book?exchange=${market.exchange}&symbol=${encodeURIComponent(market.symbol)}`)).json()) as { type: string; bids: unknown[] };
    expect(book).toMatchObject({ type: 'book', exchange: market.exchange, symbol: market.symbol });
    expect(book.bids).toHaveLength(10);
    expect((await get('/api/book?exchange=binance&symbol=NOPE/USDT')).status).toBe(404);
  });

  it('POST /api/faults injects into a simulator and the fault log shows its recovery; a bad request is 400', async () => {
    const market = session.model.markets.find((m) => m.exchange === 'kraken')!;
    const post = (body: unknown): Promise<Response> =>
      fetch(new URL('/api/faults', web.url), { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect((await post({ exchange: 'kraken', kind: 'checksum', symbol: market.symbol })).status).toBe(202);
    await waitFor(async () => {
      const frame = (await (await get('/api/frame')).json()) as WebFrame;
      return frame.faults.some((f) => f.exchange === 'kraken' && f.kind === 'checksum' && f.recoverySeconds !== null && f.story.includes('resync checksum'));
    }, 'the kraken checksum fault recovered in the fault log');
    expect((await post({ exchange: 'kraken', kind: 'meteor', symbol: market.symbol })).status).toBe(400);
    expect((await post('nonsense')).status).toBe(400);
  });

  it('WebSocket /api/live: a first frame, the next one only after "ready", price history sent once', async () => {
    const socket = new WebSocket(new URL('/api/live', web.url.replace('http', 'ws')));
    const frames: WebFrame[] = [];
    socket.on('message', (data) => frames.push(JSON.parse(String(data)) as WebFrame));
    await waitFor(() => frames.length === 1, 'the first frame');
    await waitFor(() => web.pages === 1, 'one page connected');
    const firstHistory = Object.values(frames[0]!.history).reduce((n, points) => n + points.length, 0);
    expect(firstHistory).toBeGreaterThan(0);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(frames).toHaveLength(1); // no credit, no frame: nothing queued for a page that is not rendering
    socket.send('{"type":"ready"}');
    await waitFor(() => frames.length === 2, 'a second frame after ready');
    const seen = new Set(Object.entries(frames[0]!.history).flatMap(([key, points]) => points.map((p) => `${key} ${p[0]}`)));
    for (const [key, points] of Object.entries(frames[1]!.history)) for (const p of points) expect(seen.has(`${key} ${p[0]}`)).toBe(false);
    socket.close();
    await waitFor(() => web.pages === 0, 'the page gone');
  });
});
