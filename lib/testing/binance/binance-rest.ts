import type { BookImage } from '../harness/ground-truth-book';
import { type RestAnswerTuple, SimulatorRest, type SimulatorRestLogEntry } from '../harness/simulator-rest';
import { type BinanceListedSymbol, restDepthBody, restError, restExchangeInfoBody } from './binance-wire';

/**
 * One REST request the simulator received.
 *
 * @example
 * ```ts
 * sim.restLog.filter((r: RestLogEntry) => r.path === '/api/v3/depth').length;
 * ```
 */
export interface RestLogEntry extends SimulatorRestLogEntry {
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

const MAX_DEPTH_LIMIT = 5000;

/** Binance spot's request weight of a REST call (`GET /api/v3/depth` by `limit`); `undefined` outside `/api/`. */
function requestWeight(path: string, query: Readonly<Record<string, string>>): number | undefined {
  if (!path.startsWith('/api/')) return undefined;
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

/** Binance's answer to too much request weight in the last minute (`limit` per minute). */
const tooMuchWeight = (limit: number): string =>
  `Too much request weight used; current limit is ${limit} request weight per 1 MINUTE. Please use WebSocket Streams for live updates to avoid polling the API.`;

/**
 * Binance's answer to an injected failure: 429 (too much weight) or 418 (IP banned), with `Retry-After`.
 *
 * @example
 * ```ts
 * rest.failNext(() => binanceRestFailure(418, 60), 1);
 * ```
 */
export function binanceRestFailure(status: 429 | 418, retryAfterSeconds: number): RestAnswerTuple {
  const msg =
    status === 429
      ? tooMuchWeight(6000)
      : `Way too much request weight used; IP banned until ${Date.now() + retryAfterSeconds * 1000}. Please use WebSocket Streams for live updates to avoid bans.`;
  return [status, restError(-1003, msg), { 'Retry-After': String(retryAfterSeconds) }];
}

/**
 * The REST side of the Binance simulator, on the shared {@link SimulatorRest}: `GET /api/v3/depth`,
 * `/api/v3/exchangeInfo` (all symbols, or `symbol=`/`symbols=[…]`), `/api/v3/ping`, `/api/v3/time`;
 * injected failures answer only `/api/` paths. Request weight is counted like Binance does (header
 * `X-MBX-USED-WEIGHT-1M`); past `weightPerMinute` in the last minute a request is answered 429 with
 * `Retry-After` (the seconds until the window has room again).
 *
 * @example
 * ```ts
 * const rest = binanceRest(source, 6000);
 * server = await WsTestServer.start({ onHttpRequest: (req, res) => rest.handle(req, res) });
 * rest.failNext(() => binanceRestFailure(429, 1), 2);
 * ```
 */
export function binanceRest(source: BinanceRestSource, weightPerMinute = 6000): SimulatorRest {
  return new SimulatorRest((path, query, method) => answer(source, path, query, method), [404, ''], 'application/json;charset=UTF-8', {
    failable: (path) => path.startsWith('/api/'),
    weight: {
      perMinute: weightPerMinute,
      weightOf: requestWeight,
      overLimit: (retryAfterSeconds, limit) => [429, restError(-1003, tooMuchWeight(limit)), { 'Retry-After': String(retryAfterSeconds) }],
      usedHeader: 'X-MBX-USED-WEIGHT-1M',
    },
  });
}

function answer(source: BinanceRestSource, path: string, query: Readonly<Record<string, string>>, method: string): RestAnswerTuple | undefined {
  if (!path.startsWith('/api/')) return undefined;
  if (method !== 'GET') return [405, ''];
  switch (path) {
    case '/api/v3/ping':
      return [200, '{}'];
    case '/api/v3/time':
      return [200, JSON.stringify({ serverTime: Date.now() })];
    case '/api/v3/depth':
      return depth(source, query);
    case '/api/v3/exchangeInfo':
      return exchangeInfo(source, query);
    default:
      return undefined;
  }
}

function exchangeInfo(source: BinanceRestSource, query: Readonly<Record<string, string>>): RestAnswerTuple {
  const listed = source.listed();
  let wanted: string[] | undefined;
  try {
    if (query['symbol'] !== undefined) wanted = [query['symbol']];
    else if (query['symbols'] !== undefined) wanted = JSON.parse(query['symbols']) as string[];
  } catch {
    return [400, restError(-1100, "Illegal characters found in parameter 'symbols'.")];
  }
  if (wanted === undefined) return [200, restExchangeInfoBody(listed, Date.now())];
  const chosen = listed.filter((entry) => wanted!.includes(entry.symbol));
  if (chosen.length !== wanted.length) return [400, restError(-1121, 'Invalid symbol.')];
  return [200, restExchangeInfoBody(chosen, Date.now())];
}

function depth(source: BinanceRestSource, query: Readonly<Record<string, string>>): RestAnswerTuple {
  const symbol = query['symbol'];
  if (!symbol) {
    return [400, restError(-1102, "Mandatory parameter 'symbol' was not sent, was empty/null, or malformed.")];
  }
  let limit = 100;
  if (query['limit'] !== undefined) {
    if (!/^[0-9]{1,20}$/.test(query['limit'])) {
      return [400, restError(-1100, "Illegal characters found in parameter 'limit'; legal range is '^[0-9]{1,20}$'.")];
    }
    limit = Math.max(1, Math.min(MAX_DEPTH_LIMIT, Number(query['limit'])));
  }
  const truth = source.depth(symbol, limit);
  if (!truth) return [400, restError(-1121, 'Invalid symbol.')];
  return [200, restDepthBody(truth.lastUpdateId, truth.image)];
}
