import { catchError, defer, EMPTY, map, type Observable, repeat, type SchedulerLike, tap, timer } from 'rxjs';
import type { HttpTransport } from '../../socket/http-transport';
import { decodeOrExplain, toNumber } from '../common/decode';
import { fetchJson, HttpStatusError } from '../common/fetch-json';
import type { RaisedEvent } from '../common/stream-listener';
import { BinanceFuturesOpenInterest } from './binance-futures-codecs';

/**
 * Settings of {@link pollBinanceFuturesOpenInterest}.
 *
 * @example
 * ```ts
 * const settings: OpenInterestPollSettings = { http, restUrl, native: 'BTCUSDT', symbol: 'BTC/USDT:USDT', intervalMs: 10_000, scheduler, raise };
 * ```
 */
export interface OpenInterestPollSettings {
  readonly http: HttpTransport;
  readonly restUrl: string;
  readonly native: string;
  readonly symbol: string;
  /** Time between two requests, in ms (a 429/418 `Retry-After` longer than this is honoured). */
  readonly intervalMs: number;
  readonly scheduler: SchedulerLike;
  readonly raise: (event: RaisedEvent) => void;
}

const MAX_BYTES = 64 * 1024;

/**
 * Polls `GET {restUrl}/fapi/v1/openInterest?symbol=` (request weight 1) at once and then `intervalMs`
 * after each answer: emits each open interest (contracts, i.e. base units on USD-M). A failed request is an
 * `error` event on `events$` and the poll goes on; the Observable itself never errors. Unsubscribing
 * stops it.
 *
 * @example
 * ```ts
 * pollBinanceFuturesOpenInterest(settings).subscribe((openInterest) => console.log(openInterest));
 * ```
 */
export function pollBinanceFuturesOpenInterest(settings: OpenInterestPollSettings): Observable<number> {
  const { http, restUrl, native, symbol, intervalMs, scheduler, raise } = settings;
  const url = `${restUrl.replace(/\/+$/, '')}/fapi/v1/openInterest?symbol=${encodeURIComponent(native)}`;
  let wait = intervalMs;
  return defer(() => fetchJson(http, url, MAX_BYTES, `binanceFutures open interest of ${native}`)).pipe(
    map((body) => {
      const decoded = decodeOrExplain(BinanceFuturesOpenInterest, body);
      if (typeof decoded === 'string') throw new TypeError(`binanceFutures open interest of ${native}: ${decoded}`);
      const openInterest = toNumber(decoded.openInterest);
      if (!(openInterest >= 0)) throw new TypeError(`binanceFutures open interest of ${native}: not a number: ${decoded.openInterest}`);
      return openInterest;
    }),
    tap(() => (wait = intervalMs)),
    catchError((error: unknown) => {
      const limited = error instanceof HttpStatusError && (error.status === 429 || error.status === 418);
      wait = limited ? Math.max(intervalMs, (error as HttpStatusError).retryAfterMs ?? 60_000) : intervalMs;
      const kind = error instanceof TypeError ? 'decode' : limited ? 'exchange' : 'transport';
      raise({ type: 'error', kind, message: `${(error as Error).message} (next try in ${wait} ms)`, symbol });
      return EMPTY;
    }),
    repeat({ delay: () => timer(wait, scheduler) }),
  );
}
