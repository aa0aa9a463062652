import * as t from 'io-ts';
import { map, type Observable } from 'rxjs';
import type { Instrument } from '../../model/instrument';
import type { HttpTransport } from '../../socket/http-transport';
import { decodeOrExplain } from '../common/decode';
import { fetchJson } from '../common/fetch-json';
import { GateioCurrencyPair } from './gateio-codecs';

/** currency_pairs lists every spot pair (a few thousand): a few MiB. */
const CURRENCY_PAIRS_MAX_BYTES = 64 * 1024 * 1024;
const GateioCurrencyPairs = t.array(GateioCurrencyPair, 'GateioCurrencyPairs');

/**
 * The unified instrument of one Gate.io currency pair: `BASE/QUOTE`, price tick `10^-precision`,
 * size step `10^-amount_precision`, active when `trade_status` is `tradable`.
 *
 * @example
 * ```ts
 * gateioInstrument({ id: 'ETH_USDT', base: 'ETH', quote: 'USDT', amount_precision: 3, precision: 6, trade_status: 'tradable' }).priceTick; // 0.000001
 * ```
 */
export function gateioInstrument(pair: GateioCurrencyPair): Instrument {
  return {
    exchange: 'gateio',
    symbol: `${pair.base}/${pair.quote}`,
    native: pair.id,
    base: pair.base,
    quote: pair.quote,
    type: 'spot',
    active: pair.trade_status === 'tradable',
    status: pair.trade_status,
    priceTick: stepOf(pair.precision),
    sizeStep: stepOf(pair.amount_precision),
  };
}

/** `10^-decimals` written exactly (`NaN` for a scale that is not an integer in 0..20). */
function stepOf(decimals: number): number {
  return Number.isInteger(decimals) && decimals >= 0 && decimals <= 20 ? Number((10 ** -decimals).toFixed(decimals)) : NaN;
}

/**
 * `GET {restUrl}/api/v4/spot/currency_pairs` decoded into instruments: a cold Observable of the whole list.
 *
 * @example
 * ```ts
 * fetchGateioInstruments(httpRequest, 'https://api.gateio.ws').subscribe((list) => console.log(list.length));
 * ```
 */
export function fetchGateioInstruments(http: HttpTransport, restUrl: string): Observable<readonly Instrument[]> {
  return fetchJson(http, `${restUrl.replace(/\/+$/, '')}/api/v4/spot/currency_pairs`, CURRENCY_PAIRS_MAX_BYTES, 'gateio GET /api/v4/spot/currency_pairs').pipe(
    map((body) => {
      const pairs = decodeOrExplain(GateioCurrencyPairs, body);
      if (typeof pairs === 'string') throw new Error(`gateio GET /api/v4/spot/currency_pairs: ${pairs}`);
      return pairs.map(gateioInstrument);
    }),
  );
}
