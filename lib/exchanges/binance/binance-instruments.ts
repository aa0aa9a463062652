import * as t from 'io-ts';
import { map, type Observable } from 'rxjs';
import type { Instrument } from '../../model/instrument';
import type { HttpTransport } from '../../socket/http-transport';
import { decodeOrExplain } from '../common/decode';
import { fetchJson } from '../common/fetch-json';
import { parseDecimal } from '../common/parse-decimal';

/**
 * One symbol of `GET /api/v3/exchangeInfo`, reduced to what rxmarket reads (the rest is ignored).
 *
 * @example
 * ```ts
 * BinanceSymbolInfo.is({ symbol: 'BTCUSDT', status: 'TRADING', baseAsset: 'BTC', quoteAsset: 'USDT', filters: [] }); // true
 * ```
 */
export const BinanceSymbolInfo = t.type(
  { symbol: t.string, status: t.string, baseAsset: t.string, quoteAsset: t.string, filters: t.array(t.UnknownRecord) },
  'BinanceSymbolInfo',
);
/** @see {@link BinanceSymbolInfo} */
export type BinanceSymbolInfo = t.TypeOf<typeof BinanceSymbolInfo>;

/**
 * The body of `GET /api/v3/exchangeInfo` (and of USD-M's `GET /fapi/v1/exchangeInfo`), reduced to its symbols.
 *
 * @example
 * ```ts
 * BinanceExchangeInfo.is({ symbols: [] }); // true
 * ```
 */
export const BinanceExchangeInfo = t.type({ symbols: t.array(BinanceSymbolInfo) }, 'BinanceExchangeInfo');
/** @see {@link BinanceExchangeInfo} */
export type BinanceExchangeInfo = t.TypeOf<typeof BinanceExchangeInfo>;

/** exchangeInfo lists every symbol with its filters: several MiB. */
const EXCHANGE_INFO_MAX_BYTES = 64 * 1024 * 1024;

/**
 * A decimal filter value (`tickSize`, `stepSize`) of one symbol, or `NaN` when absent.
 *
 * @example
 * ```ts
 * binanceFilterValue(info.filters, 'PRICE_FILTER', 'tickSize'); // 0.01
 * ```
 */
export function binanceFilterValue(filters: readonly Record<string, unknown>[], type: string, field: string): number {
  const filter = filters.find((candidate) => candidate['filterType'] === type);
  const value = filter?.[field];
  return typeof value === 'string' ? parseDecimal(value) : NaN;
}

/**
 * Binance spot's instrument of one exchangeInfo symbol: `BASE/QUOTE`, price tick from `PRICE_FILTER`,
 * size step from `LOT_SIZE`, active when `status` is `TRADING`.
 *
 * @example
 * ```ts
 * binanceSpotInstrument({ symbol: 'BTCUSDT', status: 'TRADING', baseAsset: 'BTC', quoteAsset: 'USDT', filters: [] }).symbol; // 'BTC/USDT'
 * ```
 */
export function binanceSpotInstrument(info: BinanceSymbolInfo): Instrument {
  return {
    exchange: 'binance',
    symbol: `${info.baseAsset}/${info.quoteAsset}`,
    native: info.symbol,
    base: info.baseAsset,
    quote: info.quoteAsset,
    type: 'spot',
    active: info.status === 'TRADING',
    status: info.status,
    priceTick: binanceFilterValue(info.filters, 'PRICE_FILTER', 'tickSize'),
    sizeStep: binanceFilterValue(info.filters, 'LOT_SIZE', 'stepSize'),
  };
}

/**
 * `GET {restUrl}{path}` (an exchangeInfo endpoint) decoded and mapped with `toInstrument`: a cold
 * Observable of the whole list.
 *
 * @example
 * ```ts
 * fetchBinanceInstruments(http, 'https://api.binance.com', '/api/v3/exchangeInfo', binanceSpotInstrument).subscribe((list) => console.log(list.length));
 * ```
 */
export function fetchBinanceInstruments(
  http: HttpTransport,
  restUrl: string,
  path: string,
  toInstrument: (info: BinanceSymbolInfo) => Instrument | undefined,
): Observable<readonly Instrument[]> {
  return fetchJson(http, `${restUrl.replace(/\/+$/, '')}${path}`, EXCHANGE_INFO_MAX_BYTES, `binance ${path}`).pipe(
    map((body) => {
      const info = decodeOrExplain(BinanceExchangeInfo, body);
      if (typeof info === 'string') throw new Error(`binance ${path}: ${info}`);
      const list: Instrument[] = [];
      for (const symbol of info.symbols) {
        const instrument = toInstrument(symbol);
        if (instrument) list.push(instrument);
      }
      return list;
    }),
  );
}
