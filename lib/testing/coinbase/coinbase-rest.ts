import { type RestRoute, SimulatorRest, type SimulatorRestLogEntry } from '../harness/simulator-rest';
import { type CoinbaseListedProduct, coinbaseProductsBody } from './coinbase-products';

/**
 * The query string of a Coinbase request, parsed (a repeated parameter keeps every value).
 *
 * @example
 * ```ts
 * const query: CoinbaseQuery = { product_ids: ['BTC-USD', 'ETH-USD'] };
 * ```
 */
export type CoinbaseQuery = Readonly<Record<string, readonly string[]>>;

/**
 * One REST request the Coinbase simulator received (the shared {@link SimulatorRestLogEntry}, its
 * query keeping every value of a repeated parameter).
 *
 * @example
 * ```ts
 * sim.restLog.filter((r: CoinbaseRestLogEntry) => r.path === '/api/v3/brokerage/market/products').length;
 * ```
 */
export type CoinbaseRestLogEntry = SimulatorRestLogEntry<CoinbaseQuery>;

const PRODUCTS_PATH = '/api/v3/brokerage/market/products';

/**
 * Parses a query keeping every value of a repeated parameter (`product_ids=A&product_ids=B`).
 *
 * @example
 * ```ts
 * new SimulatorRest(route, notFound, 'application/json', { parseQuery: coinbaseQuery });
 * ```
 */
export function coinbaseQuery(params: URLSearchParams): CoinbaseQuery {
  const query: Record<string, string[]> = {};
  for (const [key, value] of params.entries()) (query[key] ??= []).push(value);
  return query;
}

/**
 * The REST side of the Coinbase simulator: Advanced Trade's public
 * `GET /api/v3/brokerage/market/products` (the products the simulator serves, their USDC aliases and
 * delisted ones), filtered by `product_type` (only `SPOT` products exist here) and repeated
 * `product_ids`, on one page (`limit`/`offset` are honoured, `pagination` says there is no more);
 * Coinbase's JSON 404 and 405 otherwise.
 *
 * @example
 * ```ts
 * const rest = coinbaseRest(() => listedProducts);
 * server = await WsTestServer.start({ onHttpRequest: (req, res) => rest.handle(req, res) });
 * ```
 */
export function coinbaseRest(listed: () => readonly CoinbaseListedProduct[]): SimulatorRest<CoinbaseQuery> {
  return new SimulatorRest<CoinbaseQuery>(productsRoute(listed), [404, JSON.stringify({ error: 'NOT_FOUND', message: 'Not Found' })], 'application/json; charset=utf-8', {
    parseQuery: coinbaseQuery,
  });
}

function productsRoute(listed: () => readonly CoinbaseListedProduct[]): RestRoute<CoinbaseQuery> {
  return (path, query, method) => {
    if (path.replace(/\/+$/, '') !== PRODUCTS_PATH) return undefined;
    if (method !== 'GET') return [405, JSON.stringify({ error: 'METHOD_NOT_ALLOWED', message: 'Method Not Allowed' })];
    const type = query['product_type']?.[0];
    const ids = query['product_ids'];
    let products = listed().filter((product) => (type === undefined || type === 'SPOT') && (ids === undefined || ids.includes(product.productId)));
    const offset = Number(query['offset']?.[0] ?? 0);
    const limit = Number(query['limit']?.[0] ?? 0);
    if (Number.isInteger(offset) && offset > 0) products = products.slice(offset);
    if (Number.isInteger(limit) && limit > 0) products = products.slice(0, limit);
    return [200, coinbaseProductsBody(products)];
  };
}
