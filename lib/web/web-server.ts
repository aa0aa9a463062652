import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { WebSocketServer } from 'ws';
import type { DashboardSession } from '../cli/dashboard/dashboard-session';
import type { FaultKind } from '../cli/exchanges/exchange-entry';
import type { ExchangeId } from '../model/exchange-id';
import { LiveChannel } from './live-channel';
import { PriceHistory } from './price-history';
import { webFrame } from './web-frame';

/**
 * Options of {@link startWebDashboard}.
 *
 * @example
 * ```ts
 * const options: WebDashboardOptions = { session, port: 8765 };
 * ```
 */
export interface WebDashboardOptions {
  /** What to show: a running dashboard session (model, mapping, fault injection). */
  readonly session: Pick<DashboardSession, 'model' | 'info' | 'faults' | 'inject'>;
  /** TCP port (default 0: any free port). */
  readonly port?: number;
  /** Interface to listen on (default `127.0.0.1`: this machine only). */
  readonly host?: string;
  /** Price history sampling interval in ms (default 500). */
  readonly historyIntervalMs?: number;
  /** Samples kept per market (default 600: five minutes at 500 ms). */
  readonly historyCapacity?: number;
}

/**
 * A running web dashboard.
 *
 * @example
 * ```ts
 * const web = await startWebDashboard({ session });
 * console.log(web.url); // http://127.0.0.1:8765/
 * await web.close();
 * ```
 */
export interface WebDashboard {
  readonly url: string;
  readonly port: number;
  /** Pages connected right now. */
  readonly pages: number;
  /** Closes the live connections and the server. */
  close(): Promise<void>;
}

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
};

/** The page's files: ours next to this module, uPlot from its npm package (no CDN: there may be no internet). */
function assets(): Map<string, { readonly type: string; readonly body: Buffer }> {
  const own = join(__dirname, 'assets');
  const files: [string, string][] = [
    ['/', join(own, 'index.html')],
    ['/app.js', join(own, 'app.js')],
    ['/app.css', join(own, 'app.css')],
    ['/vendor/uplot.js', require.resolve('uplot/dist/uPlot.iife.min.js')],
    ['/vendor/uplot.css', require.resolve('uplot/dist/uPlot.min.css')],
  ];
  return new Map(files.map(([path, file]) => [path, { type: TYPES[file.slice(file.lastIndexOf('.'))]!, body: readFileSync(file) }]));
}

/**
 * Serves the web dashboard of a {@link DashboardSession} on `http://host:port/`:
 * - `GET /` the page (with `/app.js`, `/app.css` and uPlot from node_modules);
 * - `GET /api/frame` every panel's state as JSON ({@link WebFrame}, with the whole price history);
 * - `GET /api/book?exchange=kraken&symbol=BTC/USD` the verified top-10 book the server holds;
 * - `POST /api/faults` `{"exchange","kind","symbol"}` injects a fault into a simulator (202, or 400);
 * - WebSocket `/api/live`: frames paced by the page's `{"type":"ready"}` credits ({@link LiveChannel}).
 *
 * @example
 * ```ts
 * const web = await startWebDashboard({ session, port: 0 });
 * ```
 */
export async function startWebDashboard(options: WebDashboardOptions): Promise<WebDashboard> {
  const { session } = options;
  const files = assets();
  const history = new PriceHistory(options.historyCapacity ?? 600);
  const sampler = setInterval(() => history.sample(session.model, Date.now()), options.historyIntervalMs ?? 500);
  sampler.unref();
  history.sample(session.model, Date.now());
  const channels = new Set<LiveChannel>();

  const server: Server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => send(response, 500, { error: (error as Error).message }));
  });
  const handle = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (request.method === 'POST' && url.pathname === '/api/faults') {
      const body = await readBody(request);
      const { exchange, kind, symbol } = (body ?? {}) as { exchange?: ExchangeId; kind?: FaultKind; symbol?: string };
      const ok = typeof exchange === 'string' && typeof kind === 'string' && typeof symbol === 'string' && session.inject(exchange, kind, symbol);
      send(response, ok ? 202 : 400, ok ? { injected: { exchange, kind, symbol } } : { error: 'no such simulator, fault or symbol (faults need the embedded simulators)' });
      return;
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') return send(response, 405, { error: 'method not allowed' });
    if (url.pathname === '/api/frame') return send(response, 200, webFrame(session.model, session.info.mapping, session.faults, history.since(0).points));
    if (url.pathname === '/api/book') {
      const row = session.model.markets.find((m) => m.exchange === url.searchParams.get('exchange') && m.symbol === url.searchParams.get('symbol'));
      if (!row?.book) return send(response, 404, { error: 'no such market, or no book yet' });
      return send(response, 200, { type: 'book', ...row.book });
    }
    const file = files.get(url.pathname);
    if (!file) return send(response, 404, { error: 'not found' });
    response.writeHead(200, { 'content-type': file.type, 'cache-control': 'no-cache' });
    response.end(request.method === 'HEAD' ? undefined : file.body);
  };

  const live = new WebSocketServer({ noServer: true, maxPayload: 4096 });
  server.on('upgrade', (request, socket, head) => {
    if (new URL(request.url ?? '/', 'http://localhost').pathname !== '/api/live') {
      socket.destroy();
      return;
    }
    live.handleUpgrade(request, socket, head, (ws) => {
      let cursor = 0;
      const channel = new LiveChannel(ws, () => {
        const since = history.since(cursor);
        cursor = since.seq;
        return JSON.stringify(webFrame(session.model, session.info.mapping, session.faults, since.points));
      });
      channels.add(channel);
      ws.on('message', (data) => channel.onMessage(String(data)));
      ws.on('close', () => {
        channel.close();
        channels.delete(channel);
      });
      ws.on('error', () => ws.terminate());
      channel.start();
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://${options.host ?? '127.0.0.1'}:${port}/`,
    port,
    get pages() {
      return channels.size;
    },
    close: async () => {
      clearInterval(sampler);
      for (const channel of channels) channel.close();
      for (const client of live.clients) client.terminate();
      live.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function send(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-cache' });
  response.end(JSON.stringify(body));
}

/** Reads a small JSON body (at most 4 KiB); `undefined` when it is not JSON. */
function readBody(request: IncomingMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    let text = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => {
      text += chunk;
      if (text.length > 4096) request.destroy(new Error('body too large'));
    });
    request.on('end', () => {
      try {
        resolve(JSON.parse(text));
      } catch {
        resolve(undefined);
      }
    });
    request.on('error', reject);
  });
}
