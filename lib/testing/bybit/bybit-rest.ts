import type { PriceGrid } from '../harness/price-grid';
import type { RestAnswerTuple, RestRoute, SimulatorRestLogEntry } from '../harness/simulator-rest';
import { type BybitSimCategory, bybitNumber } from './bybit-wire';

/**
 * One simulated instrument, as the instruments endpoint lists it.
 *
 * @example
 * ```ts
 * const listed: BybitListedInstrument = { category: 'linear', native: 'BTCUSDT', base: 'BTC', quote: 'USDT', settle: 'USDT', grid: priceGrid(0.1, 3), priceScale: 2 };
 * ```
 */
export interface BybitListedInstrument {
  readonly category: BybitSimCategory;
  readonly native: string;
  readonly base: string;
  readonly quote: string;
  readonly settle?: string;
  readonly grid: PriceGrid;
  readonly priceScale: number;
}

/**
 * One REST request the simulator received (the shared {@link SimulatorRestLogEntry}).
 *
 * @example
 * ```ts
 * sim.restLog.filter((r: BybitRestLogEntry) => r.query['cursor'] !== undefined).length; // pages after the first
 * ```
 */
export type BybitRestLogEntry = SimulatorRestLogEntry;

/** A v5 envelope. */
const envelope = (retCode: number, retMsg: string, result: object): string => JSON.stringify({ retCode, retMsg, result, retExtInfo: {}, time: Date.now() });

/** An entry as Bybit's instruments-info writes it (the fields of the real answer rxmarket's docs name). */
function entryOf(instrument: BybitListedInstrument): object {
  const { grid, native, base, quote } = instrument;
  const step = 10 ** -grid.quantityDecimals;
  if (instrument.category === 'spot') {
    const format = (value: number, decimals: number): string => bybitNumber(value, decimals, 'spot');
    return {
      symbol: native,
      baseCoin: base,
      quoteCoin: quote,
      innovation: '0',
      status: 'Trading',
      marginTrading: 'utaOnly',
      stTag: '0',
      lotSizeFilter: { basePrecision: format(step, grid.quantityDecimals), quotePrecision: '0.0000001', minOrderQty: format(step, grid.quantityDecimals), maxOrderQty: '230', minOrderAmt: '5', maxOrderAmt: '8000000' },
      priceFilter: { tickSize: format(grid.tickSize, grid.priceDecimals) },
      riskParameters: { priceLimitRatioX: '0.005', priceLimitRatioY: '0.01' },
    };
  }
  const price = (value: number): string => value.toFixed(instrument.priceScale);
  return {
    symbol: native,
    contractType: 'LinearPerpetual',
    status: 'Trading',
    baseCoin: base,
    quoteCoin: quote,
    launchTime: '1584230400000',
    deliveryTime: '0',
    deliveryFeeRate: '',
    priceScale: String(instrument.priceScale),
    priceFilter: { minPrice: price(grid.tickSize), maxPrice: price(grid.tickSize * 19_999_998), tickSize: price(grid.tickSize) },
    lotSizeFilter: { maxOrderQty: '1500', minOrderQty: step.toFixed(grid.quantityDecimals), qtyStep: step.toFixed(grid.quantityDecimals), minNotionalValue: '5' },
    unifiedMarginTrade: true,
    fundingInterval: 480,
    settleCoin: instrument.settle ?? quote,
    copyTrading: 'both',
    isPreListing: false,
    preListingInfo: null,
  };
}

/**
 * Bybit's "Too many visits!" answer with HTTP `status`, as the simulator's injected REST failure.
 *
 * @example
 * ```ts
 * rest.failNext(() => bybitTooManyVisits(429), 1);
 * ```
 */
export const bybitTooManyVisits = (status: number): RestAnswerTuple => [status, envelope(10006, 'Too many visits!', {})];

/**
 * The REST routes of the Bybit simulator: `GET /v5/market/instruments-info?category=spot|linear`
 * (`limit` 1..1000, default 500; linear pages follow `nextPageCursor`, `""` on the last page; spot
 * answers in one page without a cursor, as the real capture shows); other paths are not served.
 *
 * @example
 * ```ts
 * const rest = new SimulatorRest(bybitRestRoute(() => listed, 1000), [404, 'Not Found']);
 * ```
 */
export function bybitRestRoute(listed: () => readonly BybitListedInstrument[], pageLimit: number): RestRoute {
  return (path, query) => {
    if (path !== '/v5/market/instruments-info') return undefined;
    const category = query['category'];
    if (category !== 'spot' && category !== 'linear') return [200, envelope(10001, 'params error: category is invalid', {})];
    const all = listed().filter((instrument) => instrument.category === category).map(entryOf);
    if (category === 'spot') return [200, envelope(0, 'OK', { category, list: all })];
    const limit = Math.min(pageLimit, Math.max(1, Number(query['limit'] ?? 500) || 500));
    const from = query['cursor'] === undefined ? 0 : Number(Buffer.from(query['cursor'], 'base64').toString('utf8').replace('offset=', ''));
    if (!Number.isInteger(from) || from < 0) return [200, envelope(10001, 'params error: cursor is invalid', {})];
    const to = from + limit;
    const nextPageCursor = to < all.length ? Buffer.from(`offset=${to}`).toString('base64') : '';
    return [200, envelope(0, 'OK', { category, list: all.slice(from, to), nextPageCursor })];
  };
}
