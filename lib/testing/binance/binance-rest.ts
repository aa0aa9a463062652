import type { IncomingMessage, ServerResponse } from 'node:http';
import type { BookImage } from '../harness/ground-truth-book';
import { type BinanceListedSymbol, restDepthBody, restError, restExchangeInfoBody } from './binance-wire';
import { hiResNow } from '../../socket/hi-res-scheduler';
import { appendBounded } from '../harness/bounded-log';

/**
 * One REST request the simulator received.
 *
 * @example
 * ```ts
 * sim.restLog.filter((r: RestLogEntry) => r.path === '/api/v3/depth').length;
 * ```
 */
export interface RestLogEntry {
  /** Receipt time, epoch ms with sub-ms precision. */
  readonly at: number;
  readonly method: string;
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  readonly status: number;
}

/**
 * What the REST API needs from the simulator: the truth of a symbol at request time.
 *
 * @example
 * ```ts
 * const source: BinanceRestSource = { depth: (symbol, limit) => ({ lastUpdateId: market.updateId, image: market.truth(limit) }) };
 * ```
 */
export interface BinanceRestSource {
  /** Truth for a Binance symbol (`BTCUSDT`) with `limit` levels per side, or `undefined` if unknown. */
  depth(binanceSymbol: string, limit: number): { readonly lastUpdateId: number; readonly image: BookImage } | undefined;
  /** The symbols `GET /api/v3/exchangeInfo` lists. */
  listed(): readonly BinanceListedSymbol[];
}

const JSON_TYPE = 'application/json;charset=UTF-8';
const MAX_DEPTH_LIMIT = 5000;

/**
 * The REST side of the Binance simulator: `GET /api/v3/depth`, `/api/v3/exchangeInfo` (all symbols,
 * or `symbol=`/`symbols=[…]`), `/api/v3/ping`, `/api/v3/time`, with injectable 429/418 failures
 * (with `Retry-After`) and latency.
 *
 * @example
 * ```ts
 * const rest = new BinanceRestApi(source);
 * server = await WsTestServer.start({ onHttpRequest: (req, res) => rest.handle(req, res) });
 * rest.failNext(429, 2, 1);
 * ```
 */
export class BinanceRestApi {
  readonly log: RestLogEntry[] = [];
  latencyMs = 0;
  private failures: { status: 429 | 418; remaining: number; retryAfterSeconds: number } | undefined;
  private readonly pending = new Set<ReturnType<typeof setTimeout>>();

  constructor(private readonly source: BinanceRestSource) {}

  /** The next `times` API requests fail with `status` and `Retry-After: retryAfterSeconds`. */
  failNext(status: 429 | 418, times: number, retryAfterSeconds: number): void {
    this.failures = times > 0 ? { status, remaining: times, retryAfterSeconds } : undefined;
  }

  /** Handles one HTTP request. */
  handle(request: IncomingMessage, response: ServerResponse): void {
    const at = hiResNow();
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const query = Object.fromEntries(url.searchParams.entries());
    const [status, body, headers] = this.answer(request.method ?? 'GET', url.pathname, query);
    appendBounded(this.log, { at, method: request.method ?? 'GET', path: url.pathname, query, status });
    const respond = (): void => {
      response.writeHead(status, { 'Content-Type': JSON_TYPE, ...headers });
      response.end(body);
    };
    if (this.latencyMs <= 0) {
      respond();
      return;
    }
    const timer = setTimeout(() => {
      this.pending.delete(timer);
      respond();
    }, this.latencyMs);
    this.pending.add(timer);
  }

  /** Clears delayed responses' timers. */
  stop(): void {
    for (const timer of this.pending) clearTimeout(timer);
    this.pending.clear();
  }

  private answer(
    method: string,
    path: string,
    query: Record<string, string>,
  ): [number, string, Record<string, string>] {
    if (!path.startsWith('/api/')) return [404, '', {}];
    const failure = this.failures;
    if (failure) {
      if (--failure.remaining <= 0) this.failures = undefined;
      const msg =
        failure.status === 429
          ? 'Too much request weight used; current limit is 6000 request weight per 1 MINUTE. Please use WebSocket Streams for live updates to avoid polling the API.'
          : `Way too much request weight used; IP banned until ${Date.now() + failure.retryAfterSeconds * 1000}. Please use WebSocket Streams for live updates to avoid bans.`;
      return [failure.status, restError(-1003, msg), { 'Retry-After': String(failure.retryAfterSeconds) }];
    }
    if (method !== 'GET') return [405, '', {}];
    switch (path) {
      case '/api/v3/ping':
        return [200, '{}', {}];
      case '/api/v3/time':
        return [200, JSON.stringify({ serverTime: Date.now() }), {}];
      case '/api/v3/depth':
        return this.depth(query);
      case '/api/v3/exchangeInfo':
        return this.exchangeInfo(query);
      default:
        return [404, '', {}];
    }
  }

  private exchangeInfo(query: Record<string, string>): [number, string, Record<string, string>] {
    const listed = this.source.listed();
    let wanted: string[] | undefined;
    try {
      if (query['symbol'] !== undefined) wanted = [query['symbol']];
      else if (query['symbols'] !== undefined) wanted = JSON.parse(query['symbols']) as string[];
    } catch {
      return [400, restError(-1100, "Illegal characters found in parameter 'symbols'."), {}];
    }
    if (wanted === undefined) return [200, restExchangeInfoBody(listed, Date.now()), {}];
    const chosen = listed.filter((entry) => wanted!.includes(entry.symbol));
    if (chosen.length !== wanted.length) return [400, restError(-1121, 'Invalid symbol.'), {}];
    return [200, restExchangeInfoBody(chosen, Date.now()), {}];
  }

  private depth(query: Record<string, string>): [number, string, Record<string, string>] {
    const symbol = query['symbol'];
    if (!symbol) {
      return [400, restError(-1102, "Mandatory parameter 'symbol' was not sent, was empty/null, or malformed."), {}];
    }
    let limit = 100;
    if (query['limit'] !== undefined) {
      if (!/^[0-9]{1,20}$/.test(query['limit'])) {
        return [400, restError(-1100, "Illegal characters found in parameter 'limit'; legal range is '^[0-9]{1,20}$'."), {}];
      }
      limit = Math.max(1, Math.min(MAX_DEPTH_LIMIT, Number(query['limit'])));
    }
    const depth = this.source.depth(symbol, limit);
    if (!depth) return [400, restError(-1121, 'Invalid symbol.'), {}];
    return [200, restDepthBody(depth.lastUpdateId, depth.image), {}];
  }
}
