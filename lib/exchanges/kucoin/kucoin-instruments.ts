import * as t from 'io-ts';
import { map, type Observable } from 'rxjs';
import type { Instrument } from '../../model/instrument';
import type { HttpTransport } from '../../socket/http-transport';
import { decodeOrExplain } from '../common/decode';
import { parseDecimal } from '../common/parse-decimal';
import { KucoinSymbolInfo } from './kucoin-codecs';
import { KucoinRestError, kucoinRestData } from './kucoin-rest';

/** `/api/v2/symbols` lists every spot symbol (about a thousand): a few MiB. */
const SYMBOLS_MAX_BYTES = 64 * 1024 * 1024;
const KucoinSymbolList = t.array(KucoinSymbolInfo, 'KucoinSymbolList');

/**
 * The unified instrument of one KuCoin symbol: `BASE/QUOTE` from `baseCurrency`/`quoteCurrency`,
 * `native` = `symbol` (which never changes, unlike `name`), price tick `priceIncrement`, size step
 * `baseIncrement`, active when `enableTrading`; KuCoin has no status word, so `status` is `trading`
 * or `disabled`.
 *
 * @example
 * ```ts
 * kucoinInstrument({ symbol: 'BTC-USDT', baseCurrency: 'BTC', quoteCurrency: 'USDT', baseIncrement: '0.00000001', priceIncrement: '0.1', enableTrading: true }).priceTick; // 0.1
 * ```
 */
export function kucoinInstrument(info: KucoinSymbolInfo): Instrument {
  return {
    exchange: 'kucoin',
    symbol: `${info.baseCurrency}/${info.quoteCurrency}`,
    native: info.symbol,
    base: info.baseCurrency,
    quote: info.quoteCurrency,
    type: 'spot',
    active: info.enableTrading,
    status: info.enableTrading ? 'trading' : 'disabled',
    priceTick: parseDecimal(info.priceIncrement),
    sizeStep: parseDecimal(info.baseIncrement),
  };
}

/**
 * `GET {restUrl}/api/v2/symbols` decoded into instruments: a cold Observable of the whole list.
 *
 * @example
 * ```ts
 * fetchKucoinInstruments(httpRequest, 'https://api.kucoin.com').subscribe((list) => console.log(list.length));
 * ```
 */
export function fetchKucoinInstruments(http: HttpTransport, restUrl: string): Observable<readonly Instrument[]> {
  const what = 'kucoin GET /api/v2/symbols';
  return http({ method: 'GET', url: `${restUrl.replace(/\/+$/, '')}/api/v2/symbols`, maxBytes: SYMBOLS_MAX_BYTES }).pipe(
    map((response) => {
      const list = decodeOrExplain(KucoinSymbolList, kucoinRestData(response, what));
      if (typeof list === 'string') throw new KucoinRestError(`${what}: ${list}`, { kind: 'decode' });
      return list.map(kucoinInstrument);
    }),
  );
}
