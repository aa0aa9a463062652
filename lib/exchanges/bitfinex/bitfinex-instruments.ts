import { map, type Observable } from 'rxjs';
import type { Instrument } from '../../model/instrument';
import type { HttpTransport } from '../../socket/http-transport';
import { decodeOrExplain } from '../common/decode';
import { fetchJson } from '../common/fetch-json';
import { BitfinexConfResponse } from './bitfinex-codecs';
import { BitfinexCurrencies, splitBitfinexPair } from './bitfinex-symbols';

/**
 * The configs rxmarket reads, in one request: the pairs (with order size limits), then the currency labels.
 *
 * @example
 * ```ts
 * `${BITFINEX_REST_URL}${BITFINEX_CONF_PATH}`; // 'https://api-pub.bitfinex.com/v2/conf/pub:info:pair,pub:map:currency:sym'
 * ```
 */
export const BITFINEX_CONF_PATH = '/v2/conf/pub:info:pair,pub:map:currency:sym';
/** A few thousand pairs at most: a few hundred KiB. */
const CONF_MAX_BYTES = 16 * 1024 * 1024;
/** Bitfinex amounts have 8 decimals. */
const SIZE_STEP = 1e-8;

/**
 * The unified instruments of Bitfinex's conf: every pair of `pub:info:pair` (the exchange's trading
 * pairs), currencies mapped through the `pub:map:currency:sym` labels (`tBTCUST` is `BTC/USDT`).
 * Pairs whose name cannot be split into two codes are left out.
 *
 * `priceTick` is `NaN`: Bitfinex prices have 5 significant digits, so the tick depends on the price
 * (1 at 65 000, 0.01 at 150). `sizeStep` is 1e-8 (8 decimals). `pub:info:pair` lists only pairs that
 * trade, so every instrument is `active` with status `listed`. The minimum and maximum order sizes
 * it carries have no field in {@link Instrument} and are not kept.
 *
 * @example
 * ```ts
 * bitfinexInstruments([[['BTCUST', [null, null, null, '0.00006', '2000.0']]], [['UST', 'USDt']]]);
 * // [{ exchange: 'bitfinex', symbol: 'BTC/USDT', native: 'tBTCUST', base: 'BTC', quote: 'USDT', type: 'spot', … }]
 * ```
 */
export function bitfinexInstruments(conf: BitfinexConfResponse): Instrument[] {
  const currencies = new BitfinexCurrencies(conf[1]);
  const instruments: Instrument[] = [];
  for (const [pair] of conf[0]) {
    const codes = splitBitfinexPair(pair);
    if (!codes) continue;
    const base = currencies.unified(codes[0]);
    const quote = currencies.unified(codes[1]);
    instruments.push({
      exchange: 'bitfinex',
      symbol: `${base}/${quote}`,
      native: `t${pair}`,
      base,
      quote,
      type: 'spot',
      active: true,
      status: 'listed',
      priceTick: NaN,
      sizeStep: SIZE_STEP,
    });
  }
  return instruments;
}

/**
 * `GET {restUrl}/v2/conf/pub:info:pair,pub:map:currency:sym` decoded into instruments: a cold
 * Observable of the whole list.
 *
 * @example
 * ```ts
 * fetchBitfinexInstruments(httpRequest, 'https://api-pub.bitfinex.com').subscribe((list) => console.log(list.length));
 * ```
 */
export function fetchBitfinexInstruments(http: HttpTransport, restUrl: string): Observable<readonly Instrument[]> {
  const what = `bitfinex GET ${BITFINEX_CONF_PATH}`;
  return fetchJson(http, `${restUrl.replace(/\/+$/, '')}${BITFINEX_CONF_PATH}`, CONF_MAX_BYTES, what).pipe(
    map((body) => {
      const conf = decodeOrExplain(BitfinexConfResponse, body);
      if (typeof conf === 'string') throw new Error(`${what}: ${conf}`);
      return bitfinexInstruments(conf);
    }),
  );
}
