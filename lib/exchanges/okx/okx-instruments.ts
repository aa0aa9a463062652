import { forkJoin, map, type Observable } from 'rxjs';
import type { Instrument } from '../../model/instrument';
import { parseSymbol } from '../../model/symbol';
import type { HttpTransport } from '../../socket/http-transport';
import { decodeOrExplain } from '../common/decode';
import { parseDecimal } from '../common/parse-decimal';
import { OkxInstrumentInfo } from './okx-codecs';
import { okxRestData } from './okx-rest';

/**
 * The instrument types rxmarket lists: spot pairs and perpetual swaps.
 *
 * @example
 * ```ts
 * OKX_INSTRUMENT_TYPES.map((type) => `/api/v5/public/instruments?instType=${type}`);
 * ```
 */
export const OKX_INSTRUMENT_TYPES = ['SPOT', 'SWAP'] as const;
/** Every instrument of a type with its fields: about a MiB on spot. */
const INSTRUMENTS_MAX_BYTES = 64 * 1024 * 1024;

/**
 * The unified {@link Instrument} of one `GET /api/v5/public/instruments` entry: spot `BASE/QUOTE`
 * from `baseCcy`/`quoteCcy`; a swap `BASE/QUOTE:SETTLE` from its `instFamily` (`BTC-USDT`) and
 * `settleCcy`, with `contractSize` = `ctVal` for linear contracts (base units per contract; inverse
 * contracts are worth `ctVal` USD and get none). Active when `state` is `live`. `undefined` for an
 * entry that cannot be named.
 *
 * @example
 * ```ts
 * okxInstrument({ instType: 'SWAP', instId: 'BTC-USDT-SWAP', instFamily: 'BTC-USDT', settleCcy: 'USDT', ctVal: '0.01', ctValCcy: 'BTC', ctType: 'linear',
 *   tickSz: '0.1', lotSz: '0.01', state: 'live' })?.symbol; // 'BTC/USDT:USDT'
 * ```
 */
export function okxInstrument(info: OkxInstrumentInfo): Instrument | undefined {
  const swap = info.instType === 'SWAP';
  if (!swap && info.instType !== 'SPOT') return undefined;
  const family = swap ? info.instFamily || info.uly || info.instId.replace(/-SWAP$/, '') : `${info.baseCcy || ''}-${info.quoteCcy || ''}`;
  const [base, quote] = (family === '-' ? info.instId : family).split('-');
  const settle = swap ? info.settleCcy : undefined;
  const symbol = swap ? `${base}/${quote}:${settle}` : `${base}/${quote}`;
  try {
    parseSymbol(symbol);
  } catch {
    return undefined;
  }
  const contractSize = swap && (info.ctType === 'linear' || info.ctValCcy === base) && info.ctVal ? parseDecimal(info.ctVal) : undefined;
  return {
    exchange: 'okx',
    symbol,
    native: info.instId,
    base: base!,
    quote: quote!,
    ...(settle ? { settle } : {}),
    type: swap ? 'perpetual' : 'spot',
    active: info.state === 'live',
    status: info.state,
    priceTick: parseDecimal(info.tickSz),
    sizeStep: parseDecimal(info.lotSz),
    ...(contractSize !== undefined && contractSize > 0 ? { contractSize } : {}),
  };
}

/**
 * `GET {restUrl}/api/v5/public/instruments?instType=SPOT` and `?instType=SWAP`, decoded and mapped
 * with {@link okxInstrument}: a cold Observable of the whole list (entries that do not decode are
 * skipped).
 *
 * @example
 * ```ts
 * fetchOkxInstruments(http, 'https://www.okx.com').subscribe((list) => console.log(list.length));
 * ```
 */
export function fetchOkxInstruments(http: HttpTransport, restUrl: string): Observable<readonly Instrument[]> {
  const base = restUrl.replace(/\/+$/, '');
  return forkJoin(
    OKX_INSTRUMENT_TYPES.map((type) =>
      okxRestData(http, `${base}/api/v5/public/instruments?instType=${type}`, INSTRUMENTS_MAX_BYTES, `okx instruments ${type}`).pipe(
        map((data) => {
          const list: Instrument[] = [];
          for (const entry of data) {
            const info = decodeOrExplain(OkxInstrumentInfo, entry);
            const instrument = typeof info === 'string' ? undefined : okxInstrument(info);
            if (instrument) list.push(instrument);
          }
          return list;
        }),
      ),
    ),
  ).pipe(map((lists) => lists.flat()));
}
