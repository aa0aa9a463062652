import * as t from 'io-ts';
import { map, type Observable } from 'rxjs';
import type { Instrument } from '../../model/instrument';
import type { HttpTransport } from '../../socket/http-transport';
import { decodeOrExplain } from '../common/decode';
import { fetchJson } from '../common/fetch-json';
import { parseDecimal } from '../common/parse-decimal';

/**
 * One product of Advanced Trade's public `GET /api/v3/brokerage/market/products`, reduced to what
 * rxmarket reads. `alias_to` lists the products served under this one (`BTC-USD` → `["BTC-USDC"]`),
 * `alias` names the product a product is served under (`BTC-USDC` → `"BTC-USD"`).
 *
 * @example
 * ```ts
 * CoinbaseProduct.is({ product_id: 'BTC-USD', base_currency_id: 'BTC', quote_currency_id: 'USD', status: 'online', base_increment: '0.00000001', quote_increment: '0.01' }); // true
 * ```
 */
export const CoinbaseProduct = t.intersection(
  [
    t.type({ product_id: t.string, base_currency_id: t.string, quote_currency_id: t.string, status: t.string, base_increment: t.string, quote_increment: t.string }),
    t.partial({ price_increment: t.string, product_type: t.string, trading_disabled: t.boolean, is_disabled: t.boolean, alias: t.string, alias_to: t.array(t.string) }),
  ],
  'CoinbaseProduct',
);
/** @see {@link CoinbaseProduct} */
export type CoinbaseProduct = t.TypeOf<typeof CoinbaseProduct>;

/**
 * The body of `GET /api/v3/brokerage/market/products`.
 *
 * @example
 * ```ts
 * CoinbaseProducts.is({ products: [] }); // true
 * ```
 */
export const CoinbaseProducts = t.type({ products: t.array(CoinbaseProduct) }, 'CoinbaseProducts');
/** @see {@link CoinbaseProducts} */
export type CoinbaseProducts = t.TypeOf<typeof CoinbaseProducts>;

/**
 * A Coinbase instrument: the unified {@link Instrument} plus `servedAs`, the product whose channel
 * data carries it (its `alias`; itself when it has none).
 *
 * @example
 * ```ts
 * const usdc: CoinbaseInstrument = { ...instrument, symbol: 'BTC/USDC', native: 'BTC-USDC', servedAs: 'BTC-USD' };
 * ```
 */
export interface CoinbaseInstrument extends Instrument {
  readonly servedAs: string;
}

const PRODUCTS_MAX_BYTES = 64 * 1024 * 1024;

/**
 * The unified instrument of one spot product.
 *
 * @example
 * ```ts
 * coinbaseInstrument(product).symbol; // 'BTC/USD'
 * ```
 */
export function coinbaseInstrument(product: CoinbaseProduct): CoinbaseInstrument {
  return {
    exchange: 'coinbase',
    symbol: `${product.base_currency_id}/${product.quote_currency_id}`,
    native: product.product_id,
    base: product.base_currency_id,
    quote: product.quote_currency_id,
    type: 'spot',
    active: product.status === 'online' && product.trading_disabled !== true && product.is_disabled !== true,
    status: product.status,
    priceTick: parseDecimal(product.price_increment ?? product.quote_increment),
    sizeStep: parseDecimal(product.base_increment),
    servedAs: product.alias !== undefined && product.alias !== '' ? product.alias : product.product_id,
  };
}

/**
 * `GET {restUrl}/api/v3/brokerage/market/products?product_type=SPOT` as a cold Observable of the
 * spot instruments.
 *
 * @example
 * ```ts
 * fetchCoinbaseInstruments(http, 'https://api.coinbase.com').subscribe((list) => console.log(list.length));
 * ```
 */
export function fetchCoinbaseInstruments(http: HttpTransport, restUrl: string): Observable<readonly CoinbaseInstrument[]> {
  const url = `${restUrl.replace(/\/+$/, '')}/api/v3/brokerage/market/products?product_type=SPOT`;
  return fetchJson(http, url, PRODUCTS_MAX_BYTES, 'coinbase products').pipe(
    map((body) => {
      const products = decodeOrExplain(CoinbaseProducts, body);
      if (typeof products === 'string') throw new Error(`coinbase products: ${products}`);
      return products.products.filter((product) => (product.product_type ?? 'SPOT') === 'SPOT').map(coinbaseInstrument);
    }),
  );
}
