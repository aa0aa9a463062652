import { EMPTY, expand, forkJoin, map, type Observable, reduce } from 'rxjs';
import type { Instrument } from '../../model/instrument';
import type { HttpTransport } from '../../socket/http-transport';
import { decodeOrExplain } from '../common/decode';
import { fetchJson } from '../common/fetch-json';
import { parseDecimal } from '../common/parse-decimal';
import { BybitInstrumentsBody, BybitLinearInstrument, BybitSpotInstrument } from './bybit-codecs';
import type { BybitCategory } from './bybit-routes';

/** One page lists up to 1000 instruments (Bybit's maximum `limit`). */
const PAGE_LIMIT = 1000;
/** A loop guard: Bybit lists under 1000 linear instruments; 50 pages would be 50 000. */
const MAX_PAGES = 50;
const BODY_MAX_BYTES = 64 * 1024 * 1024;

/**
 * The unified instrument of one spot entry of `instruments-info`: `BASE/QUOTE`, price tick
 * `priceFilter.tickSize`, size step `lotSizeFilter.basePrecision`, active when `Trading`.
 *
 * @example
 * ```ts
 * bybitSpotInstrument({ symbol: 'BTCUSDT', baseCoin: 'BTC', quoteCoin: 'USDT', status: 'Trading', lotSizeFilter: { basePrecision: '0.000001' }, priceFilter: { tickSize: '0.1' } }).symbol; // 'BTC/USDT'
 * ```
 */
export function bybitSpotInstrument(entry: BybitSpotInstrument): Instrument {
  return {
    exchange: 'bybit',
    symbol: `${entry.baseCoin}/${entry.quoteCoin}`,
    native: entry.symbol,
    base: entry.baseCoin,
    quote: entry.quoteCoin,
    type: 'spot',
    active: entry.status === 'Trading',
    status: entry.status,
    priceTick: parseDecimal(entry.priceFilter.tickSize),
    sizeStep: parseDecimal(entry.lotSizeFilter.basePrecision),
  };
}

/**
 * The unified instrument of one linear entry: a `LinearPerpetual` is `BASE/QUOTE:SETTLE`
 * (`BTC/USDT:USDT`, `BTC/USDC:USDC` for Bybit's `BTCPERP`), a `LinearFutures` contract
 * `BASE/QUOTE:SETTLE-YYMMDD` from its `deliveryTime` (UTC); sizes are in base coin (contract size 1).
 * Other contract types give `undefined`.
 *
 * @example
 * ```ts
 * bybitLinearInstrument({ symbol: 'BTCUSDT-14AUG26', contractType: 'LinearFutures', status: 'Trading', baseCoin: 'BTC', quoteCoin: 'USDT', settleCoin: 'USDT', deliveryTime: '1786694400000', priceFilter: { tickSize: '0.1' }, lotSizeFilter: { qtyStep: '0.001' } })?.symbol; // 'BTC/USDT:USDT-260814'
 * ```
 */
export function bybitLinearInstrument(entry: BybitLinearInstrument): Instrument | undefined {
  const perpetual = entry.contractType === 'LinearPerpetual';
  if (!perpetual && entry.contractType !== 'LinearFutures') return undefined;
  const expiry = perpetual ? '' : yymmdd(Number(entry.deliveryTime));
  if (expiry === undefined) return undefined;
  return {
    exchange: 'bybit',
    symbol: `${entry.baseCoin}/${entry.quoteCoin}:${entry.settleCoin}${perpetual ? '' : `-${expiry}`}`,
    native: entry.symbol,
    base: entry.baseCoin,
    quote: entry.quoteCoin,
    settle: entry.settleCoin,
    type: perpetual ? 'perpetual' : 'future',
    active: entry.status === 'Trading',
    status: entry.status,
    priceTick: parseDecimal(entry.priceFilter.tickSize),
    sizeStep: parseDecimal(entry.lotSizeFilter.qtyStep),
    contractSize: 1,
  };
}

/** `YYMMDD` (UTC) of an epoch-ms time, or `undefined` when it is not one. */
function yymmdd(epochMs: number): string | undefined {
  if (!(epochMs > 0)) return undefined;
  const date = new Date(epochMs);
  const two = (n: number): string => String(n).padStart(2, '0');
  return `${two(date.getUTCFullYear() % 100)}${two(date.getUTCMonth() + 1)}${two(date.getUTCDate())}`;
}

/**
 * Every spot and linear instrument: `GET {restUrl}/v5/market/instruments-info?category=…&limit=1000`
 * per category, following `nextPageCursor` until it is empty. A body that is not a v5 answer, a
 * `retCode` other than 0, or a cursor that repeats errors the Observable (the catalog retries).
 * Entries that do not carry the fields rxmarket reads are left out.
 *
 * @example
 * ```ts
 * fetchBybitInstruments(http, 'https://api.bybit.com').subscribe((list) => console.log(list.length));
 * ```
 */
export function fetchBybitInstruments(http: HttpTransport, restUrl: string): Observable<readonly Instrument[]> {
  return forkJoin([fetchCategory(http, restUrl, 'spot'), fetchCategory(http, restUrl, 'linear')]).pipe(map(([spot, linear]) => [...spot, ...linear]));
}

interface Page {
  readonly instruments: readonly Instrument[];
  readonly cursor: string | undefined;
  readonly seen: ReadonlySet<string>;
}

function fetchCategory(http: HttpTransport, restUrl: string, category: BybitCategory): Observable<Instrument[]> {
  const base = `${restUrl.replace(/\/+$/, '')}/v5/market/instruments-info?category=${category}&limit=${PAGE_LIMIT}`;
  const what = `bybit GET /v5/market/instruments-info?category=${category}`;
  const page = (cursor: string | undefined, seen: ReadonlySet<string>): Observable<Page> =>
    fetchJson(http, cursor === undefined ? base : `${base}&cursor=${encodeURIComponent(cursor)}`, BODY_MAX_BYTES, what).pipe(
      map((body) => {
        const decoded = decodeOrExplain(BybitInstrumentsBody, body);
        if (typeof decoded === 'string') throw new Error(`${what}: ${decoded}`);
        if (decoded.retCode !== 0) throw new Error(`${what}: retCode ${decoded.retCode} ${decoded.retMsg}`);
        const next = decoded.result.nextPageCursor;
        if (next && (seen.has(next) || seen.size >= MAX_PAGES)) throw new Error(`${what}: the cursor does not advance (${JSON.stringify(next)} after ${seen.size} pages)`);
        return { instruments: toInstruments(category, decoded.result.list), cursor: next || undefined, seen: next ? new Set([...seen, next]) : seen };
      }),
    );
  return page(undefined, new Set()).pipe(
    expand((current) => (current.cursor === undefined ? EMPTY : page(current.cursor, current.seen))),
    reduce((all, current) => all.concat(current.instruments), [] as Instrument[]),
  );
}

function toInstruments(category: BybitCategory, entries: readonly Record<string, unknown>[]): Instrument[] {
  const list: Instrument[] = [];
  for (const entry of entries) {
    if (category === 'spot') {
      if (BybitSpotInstrument.is(entry)) list.push(bybitSpotInstrument(entry));
    } else if (BybitLinearInstrument.is(entry)) {
      const instrument = bybitLinearInstrument(entry);
      if (instrument) list.push(instrument);
    }
  }
  return list;
}
