import { concatMap, from, map, type Observable, reduce } from 'rxjs';
import type { Instrument } from '../../model/instrument';
import type { HttpTransport } from '../../socket/http-transport';
import { decodeOrExplain } from '../common/decode';
import { fetchJson } from '../common/fetch-json';
import { DeribitInstrument, DeribitInstrumentsBody } from './deribit-codecs';

/** The kinds rxmarket lists: futures (perpetuals and dated futures) and spot pairs; options and combos are left out. */
const KINDS = ['future', 'spot'] as const;
const BODY_MAX_BYTES = 64 * 1024 * 1024;

/** `YYMMDD` (UTC) of an epoch-ms time, or `undefined` when it is not one. */
function yymmdd(epochMs: number | undefined): string | undefined {
  if (epochMs === undefined || !(epochMs > 0) || !Number.isFinite(epochMs)) return undefined;
  const date = new Date(epochMs);
  const two = (n: number): string => String(n).padStart(2, '0');
  return `${two(date.getUTCFullYear() % 100)}${two(date.getUTCMonth() + 1)}${two(date.getUTCDate())}`;
}

/**
 * The unified instrument of one `get_instruments` entry, or `undefined` for what rxmarket does not
 * list (options, combos, futures without a settlement currency or expiry):
 *
 * - a perpetual (`settlement_period: "perpetual"`) is `BASE/COUNTER:SETTLE`: `BTC-PERPETUAL` →
 *   `BTC/USD:BTC` (inverse), `BTC_USDC-PERPETUAL` → `BTC/USDC:USDC` (linear);
 * - a dated future adds its expiry (UTC): `BTC-25DEC26` → `BTC/USD:BTC-261225`;
 * - a spot pair is `BASE/QUOTE`: `BTC_USDC` → `BTC/USDC`.
 *
 * The counter currency is `counter_currency` (the currency prices are in), else `quote_currency`.
 * `priceTick` is `tick_size` (Deribit may widen it above some prices: `tick_size_steps`, not read);
 * `sizeStep` is `min_trade_amount`, in the instrument's amount unit (USD for inverse contracts, the
 * base coin otherwise), which is also the unit of every book and trade amount; no `contractSize`
 * (amounts are not counted in contracts). `status` is `active` or `inactive` (`is_active`).
 *
 * @example
 * ```ts
 * deribitInstrument({ instrument_name: 'BTC-PERPETUAL', kind: 'future', base_currency: 'BTC', quote_currency: 'USD', counter_currency: 'USD', settlement_currency: 'BTC', settlement_period: 'perpetual', is_active: true, tick_size: 0.5, min_trade_amount: 10 })?.symbol; // 'BTC/USD:BTC'
 * ```
 */
export function deribitInstrument(entry: DeribitInstrument): Instrument | undefined {
  const quote = entry.counter_currency ?? entry.quote_currency;
  const common = {
    exchange: 'deribit' as const,
    native: entry.instrument_name,
    base: entry.base_currency,
    quote,
    active: entry.is_active,
    status: entry.is_active ? 'active' : 'inactive',
    priceTick: entry.tick_size,
    sizeStep: entry.min_trade_amount,
  };
  if (entry.kind === 'spot') return { ...common, symbol: `${entry.base_currency}/${quote}`, type: 'spot' };
  const settle = entry.settlement_currency;
  if (entry.kind !== 'future' || settle === undefined) return undefined;
  if (entry.settlement_period === 'perpetual') return { ...common, symbol: `${entry.base_currency}/${quote}:${settle}`, settle, type: 'perpetual' };
  const expiry = yymmdd(entry.expiration_timestamp);
  if (expiry === undefined) return undefined;
  return { ...common, symbol: `${entry.base_currency}/${quote}:${settle}-${expiry}`, settle, type: 'future' };
}

/**
 * Every future (perpetual and dated) and spot pair: `GET {restUrl}/api/v2/public/get_instruments?
 * currency=any&kind=future`, then `kind=spot` (one after the other: Deribit allows this method about
 * one request a second). A body that is not a JSON-RPC answer with a `result` list errors the
 * Observable (the catalog retries). Entries without the fields rxmarket reads are left out; when
 * two entries map to one unified symbol, the first one listed wins.
 *
 * @example
 * ```ts
 * fetchDeribitInstruments(http, 'https://www.deribit.com').subscribe((list) => console.log(list.length));
 * ```
 */
export function fetchDeribitInstruments(http: HttpTransport, restUrl: string): Observable<readonly Instrument[]> {
  const base = restUrl.replace(/\/+$/, '');
  return from(KINDS).pipe(
    concatMap((kind) => {
      const what = `deribit GET /api/v2/public/get_instruments?kind=${kind}`;
      return fetchJson(http, `${base}/api/v2/public/get_instruments?currency=any&kind=${kind}`, BODY_MAX_BYTES, what).pipe(
        map((body) => {
          const decoded = decodeOrExplain(DeribitInstrumentsBody, body);
          if (typeof decoded === 'string') throw new Error(`${what}: ${decoded}`);
          return decoded.result;
        }),
      );
    }),
    reduce((bySymbol, entries) => {
      for (const entry of entries) {
        if (!DeribitInstrument.is(entry)) continue;
        const instrument = deribitInstrument(entry);
        if (instrument !== undefined && !bySymbol.has(instrument.symbol)) bySymbol.set(instrument.symbol, instrument);
      }
      return bySymbol;
    }, new Map<string, Instrument>()),
    map((bySymbol) => [...bySymbol.values()]),
  );
}
