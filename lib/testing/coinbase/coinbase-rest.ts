import type { IncomingMessage, ServerResponse } from 'node:http';
import { hiResNow } from '../../socket/hi-res-scheduler';
import { appendBounded } from '../harness/bounded-log';
import { type CoinbaseListedProduct, coinbaseProductsBody } from './coinbase-products';

/**
 * One REST request the Coinbase simulator received.
 *
 * @example
 * ```ts
 * sim.restLog.filter((r: CoinbaseRestLogEntry) => r.path === '/api/v3/brokerage/market/products').length;
 * ```
 */
export interface CoinbaseRestLogEntry {
  /** Receipt time, epoch ms with sub-ms precision. */
  readonly at: number;
  readonly method: string;
  readonly path: string;
  /** The query string, parsed (a repeated parameter keeps every value). */
  readonly query: Readonly<Record<string, readonly string[]>>;
  readonly status: number;
}

const PRODUCTS_PATH = '/api/v3/brokerage/market/products';

/**
 * The REST side of the Coinbase simulator: Advanced Trade's public
 * `GET /api/v3/brokerage/market/products` (the products the simulator serves, their USDC aliases and
 * delisted ones), filtered by `product_type` (only `SPOT` products exist here) and repeated
 * `product_ids`, on one page (`limit`/`offset` are honoured, `pagination` says there is no more).
 *
 * @example
 * ```ts
 * const rest = new CoinbaseRestApi(() => listedProducts);
 * server = await WsTestServer.start({ onHttpRequest: (req, res) => rest.handle(req, res) });
 * ```
 */
export class CoinbaseRestApi {
  readonly log: CoinbaseRestLogEntry[] = [];

  constructor(private readonly listed: () => readonly CoinbaseListedProduct[]) {}

  /** Handles one HTTP request. */
  handle(request: IncomingMessage, response: ServerResponse): void {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const query: Record<string, string[]> = {};
    for (const [key, value] of url.searchParams.entries()) (query[key] ??= []).push(value);
    const method = request.method ?? 'GET';
    const [status, body] = this.answer(method, url.pathname, query);
    appendBounded(this.log, { at: hiResNow(), method, path: url.pathname, query, status });
    response.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8' });
    response.end(body);
  }

  private answer(method: string, path: string, query: Readonly<Record<string, readonly string[]>>): [number, string] {
    if (path.replace(/\/+$/, '') !== PRODUCTS_PATH) return [404, JSON.stringify({ error: 'NOT_FOUND', message: 'Not Found' })];
    if (method !== 'GET') return [405, JSON.stringify({ error: 'METHOD_NOT_ALLOWED', message: 'Method Not Allowed' })];
    const type = query['product_type']?.[0];
    const ids = query['product_ids'];
    let products = this.listed().filter((product) => (type === undefined || type === 'SPOT') && (ids === undefined || ids.includes(product.productId)));
    const offset = Number(query['offset']?.[0] ?? 0);
    const limit = Number(query['limit']?.[0] ?? 0);
    if (Number.isInteger(offset) && offset > 0) products = products.slice(offset);
    if (Number.isInteger(limit) && limit > 0) products = products.slice(0, limit);
    return [200, coinbaseProductsBody(products)];
  }
}
