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
  /** Request weight Binance counts for it (depth by `limit`: 5/25/50/250; exchangeInfo 20; ping/time 1). */
  readonly weight: number;
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
const WEIGHT_WINDOW_MS = 60_000;

/** Binance spot's request weight of a REST call (`GET /api/v3/depth` by `limit`). */
function requestWeight(path: string, query: Record<string, string>): number {
  switch (path) {
    case '/api/v3/depth': {
      const limit = Number(query['limit'] ?? 100);
      return limit <= 100 ? 5 : limit <= 500 ? 25 : limit <= 1000 ? 50 : 250;
    }
    case '/api/v3/exchangeInfo':
      return 20;
    case '/api/v3/ping':
    case '/api/v3/time':
      return 1;
    default:
      return 0;
  }
}

/**
 * The REST side of the Binance simulator: `GET /api/v3/depth`, `/api/v3/exchangeInfo` (all symbols,
 * or `symbol=`/`symbols=[…]`), `/api/v3/ping`, `/api/v3/time`, with injectable 429/418 failures
 * (with `Retry-After`) and latency. Request weight is counted like Binance does (header
 * `X-MBX-USED-WEIGHT-1M`); past `weightPerMinute` in the last minute a request is answered 429 with
 * `Retry-After` (the seconds until the window has room again).
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
  /** Request weight allowed per minute (Binance spot: 6000 per IP). */
  weightPerMinute = 6000;
  private readonly weights: { at: number; weight: number }[] = [];
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
    const weight = url.pathname.startsWith('/api/') ? requestWeight(url.pathname, query) : 0;
    const used = this.usedWeight(at);
    const [status, body, headers] =
      used + weight > this.weightPerMinute && weight > 0 ? this.overWeight(at) : this.answer(request.method ?? 'GET', url.pathname, query);
    if (status !== 429 || used + weight <= this.weightPerMinute) this.weights.push({ at, weight });
    if (url.pathname.startsWith('/api/')) headers['X-MBX-USED-WEIGHT-1M'] = String(this.usedWeight(at));
    appendBounded(this.log, { at, method: request.method ?? 'GET', path: url.pathname, query, status, weight });
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

  /** Request weight used in the minute before `at` (performance.now()-based epoch ms). */
  usedWeight(at: number = hiResNow()): number {
    while (this.weights.length > 0 && this.weights[0]!.at <= at - WEIGHT_WINDOW_MS) this.weights.shift();
    let used = 0;
    for (const entry of this.weights) used += entry.weight;
    return used;
  }

  private overWeight(at: number): [number, string, Record<string, string>] {
    const retryAfterSeconds = Math.max(1, Math.ceil((this.weights[0]!.at + WEIGHT_WINDOW_MS - at) / 1000));
    const msg = `Too much request weight used; current limit is ${this.weightPerMinute} request weight per 1 MINUTE. Please use WebSocket Streams for live updates to avoid polling the API.`;
    return [429, restError(-1003, msg), { 'Retry-After': String(retryAfterSeconds) }];
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
