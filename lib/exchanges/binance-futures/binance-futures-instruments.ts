import type { Observable } from 'rxjs';
import type { Instrument } from '../../model/instrument';
import { parseSymbol } from '../../model/symbol';
import type { HttpTransport } from '../../socket/http-transport';
import { binanceFilterValue, type BinanceSymbolInfo, fetchBinanceInstruments } from '../binance/binance-instruments';
import { BinanceFuturesContractFields } from './binance-futures-codecs';

/** `YYMMDD` of an epoch-ms date, in UTC. */
function yymmdd(epochMs: number): string {
  const date = new Date(epochMs);
  const two = (n: number): string => String(n).padStart(2, '0');
  return `${two(date.getUTCFullYear() % 100)}${two(date.getUTCMonth() + 1)}${two(date.getUTCDate())}`;
}

/**
 * The instrument of one `GET /fapi/v1/exchangeInfo` symbol: perpetuals (`contractType` `PERPETUAL`,
 * also `TRADIFI_PERPETUAL` and `PERPETUAL_DELIVERING`) as `BASE/QUOTE:SETTLE` type `perpetual`;
 * quarterly and monthly contracts as `BASE/QUOTE:SETTLE-YYMMDD` (delivery date, UTC) type `future`.
 * `SETTLE` is the margin asset. Price tick from `PRICE_FILTER`, size step from `LOT_SIZE`; quantities
 * are in the base asset (`contractSize` 1). Other contract types, and names that are no unified symbol,
 * are left out (`undefined`).
 *
 * @example
 * ```ts
 * binanceFuturesInstrument({ symbol: 'BTCUSDT', status: 'TRADING', baseAsset: 'BTC', quoteAsset: 'USDT', filters: [],
 *   contractType: 'PERPETUAL', marginAsset: 'USDT', deliveryDate: 4133404800000 } as BinanceSymbolInfo)?.symbol; // 'BTC/USDT:USDT'
 * ```
 */
export function binanceFuturesInstrument(info: BinanceSymbolInfo): Instrument | undefined {
  if (!BinanceFuturesContractFields.is(info)) return undefined;
  const { contractType, marginAsset, deliveryDate } = info;
  const perpetual = contractType.includes('PERPETUAL');
  if (!perpetual && !/QUARTER|MONTH/.test(contractType)) return undefined;
  const symbol = `${info.baseAsset}/${info.quoteAsset}:${marginAsset}${perpetual ? '' : `-${yymmdd(deliveryDate)}`}`;
  try {
    parseSymbol(symbol);
  } catch {
    return undefined;
  }
  return {
    exchange: 'binanceFutures',
    symbol,
    native: info.symbol,
    base: info.baseAsset,
    quote: info.quoteAsset,
    settle: marginAsset,
    type: perpetual ? 'perpetual' : 'future',
    active: info.status === 'TRADING',
    status: info.status,
    priceTick: binanceFilterValue(info.filters, 'PRICE_FILTER', 'tickSize'),
    sizeStep: binanceFilterValue(info.filters, 'LOT_SIZE', 'stepSize'),
    contractSize: 1,
  };
}

/**
 * Every USD-M instrument, from `GET {restUrl}/fapi/v1/exchangeInfo` (a cold Observable of the list).
 *
 * @example
 * ```ts
 * fetchBinanceFuturesInstruments(httpRequest, 'https://fapi.binance.com').subscribe((list) => console.log(list.length));
 * ```
 */
export function fetchBinanceFuturesInstruments(http: HttpTransport, restUrl: string): Observable<readonly Instrument[]> {
  return fetchBinanceInstruments(http, restUrl, '/fapi/v1/exchangeInfo', binanceFuturesInstrument);
}

/**
 * USD-M's own name of a unified symbol, for when the catalog has not been loaded:
 * `BTC/USDT:USDT` → `BTCUSDT`, `BTC/USDT:USDT-250328` → `BTCUSDT_250328`.
 *
 * @example
 * ```ts
 * binanceFuturesNative('ETH/USDT:USDT'); // 'ETHUSDT'
 * ```
 */
export function binanceFuturesNative(symbol: string): string {
  const { base, quote, expiry } = parseSymbol(symbol);
  return `${base}${quote}${expiry === undefined ? '' : `_${expiry}`}`;
}
