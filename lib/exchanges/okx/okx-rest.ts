import { catchError, map, type Observable, throwError } from 'rxjs';
import type { HttpTransport } from '../../socket/http-transport';
import { decodeOrExplain } from '../common/decode';
import { fetchJson, HttpStatusError } from '../common/fetch-json';
import { OkxRestEnvelope } from './okx-codecs';

/** OKX REST error codes that retrying cannot fix: unknown instrument, bad parameter. */
const FATAL_CODES = new Set(['51001', '51000', '50014']);
/** "Rate limit reached" / "Too many requests" / "Systems are busy". */
const RATE_LIMIT_CODES = new Set(['50011', '50013']);
/** OKX sends no Retry-After; its public market limits are per 2 s windows. */
const RATE_LIMIT_BACKOFF_MS = 2000;

/**
 * Why an OKX REST request failed: OKX's own `code` (or the HTTP status), whether retrying can help
 * (`fatal`: an unknown instrument or a bad parameter) and after how long (`retryAfterMs` for rate
 * limits), and the event kind to report it as.
 *
 * @example
 * ```ts
 * if (error instanceof OkxRestError && error.fatal) subscriber.error(error);
 * ```
 */
export class OkxRestError extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
    readonly fatal: boolean,
    readonly retryAfterMs: number | undefined,
    readonly kind: 'decode' | 'exchange' | 'transport',
  ) {
    super(message);
    this.name = 'OkxRestError';
  }
}

/**
 * `GET {url}` from OKX's REST API through the client's transport: the `data` array of a `code` `"0"`
 * answer; anything else errors with an {@link OkxRestError} (HTTP 429 and codes 50011/50013 are
 * rate limits to retry after 2 s; 51001 "instrument doesn't exist", 51000/50014 parameter errors and
 * other HTTP 4xx are fatal; 5xx and other codes are retryable).
 *
 * @example
 * ```ts
 * okxRestData(http, 'https://www.okx.com/api/v5/market/books?instId=BTC-USDT&sz=400', 4 << 20, 'okx books BTC-USDT').subscribe(console.log);
 * ```
 */
export function okxRestData(http: HttpTransport, url: string, maxBytes: number, what: string): Observable<readonly unknown[]> {
  return fetchJson(http, url, maxBytes, what).pipe(
    catchError((error: unknown) => {
      if (!(error instanceof HttpStatusError)) return throwError(() => new OkxRestError(`${what}: ${(error as Error)?.message ?? String(error)}`, undefined, false, undefined, 'transport'));
      const limited = error.status === 429;
      const fatal = !limited && error.status >= 400 && error.status < 500;
      return throwError(() => new OkxRestError(error.message, String(error.status), fatal, limited ? (error.retryAfterMs ?? RATE_LIMIT_BACKOFF_MS) : undefined, limited || fatal ? 'exchange' : 'transport'));
    }),
    map((body) => {
      const envelope = decodeOrExplain(OkxRestEnvelope, body);
      if (typeof envelope === 'string') throw new OkxRestError(`${what}: ${envelope}`, undefined, false, undefined, 'decode');
      if (envelope.code !== '0') {
        const limited = RATE_LIMIT_CODES.has(envelope.code);
        throw new OkxRestError(`${what}: OKX error ${envelope.code} ${envelope.msg}`.trim(), envelope.code, FATAL_CODES.has(envelope.code), limited ? RATE_LIMIT_BACKOFF_MS : undefined, 'exchange');
      }
      return envelope.data;
    }),
  );
}
