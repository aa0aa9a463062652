import { map, type Observable } from 'rxjs';
import type { HttpResponse, HttpTransport } from '../../socket/http-transport';
import { decodeOrExplain } from '../common/decode';
import { GateioOrderBookSnapshot, GateioRestError } from './gateio-codecs';

/** Gate.io counts public REST requests per endpoint and IP in windows of 10 s. */
const RATE_WINDOW_MS = 10_000;

/**
 * Why a REST book snapshot failed: `retryAfterMs` when the server asked to wait (HTTP 429),
 * `fatal` when retrying cannot help (another 4xx, e.g. `INVALID_CURRENCY_PAIR`), and the kind of
 * `error` event to raise.
 *
 * @example
 * ```ts
 * new GateioSnapshotError('HTTP 429', { retryAfterMs: 2000, kind: 'exchange' });
 * ```
 */
export class GateioSnapshotError extends Error {
  readonly retryAfterMs: number | undefined;
  readonly fatal: boolean;
  readonly kind: 'decode' | 'exchange' | 'transport';

  constructor(message: string, details: { retryAfterMs?: number; fatal?: boolean; kind?: 'decode' | 'exchange' | 'transport' } = {}) {
    super(message);
    this.name = 'GateioSnapshotError';
    this.retryAfterMs = details.retryAfterMs;
    this.fatal = details.fatal ?? false;
    this.kind = details.kind ?? 'transport';
  }
}

/**
 * How long a 429 asks to wait, in ms: `Retry-After` (seconds) when sent, else Gate.io's
 * `X-Gate-RateLimit-Reset-Timestamp` (epoch ms, or seconds when it is too small to be ms) minus
 * `now`; never more than one 10 s rate window, and a whole window when neither header helps.
 *
 * @example
 * ```ts
 * gateioRetryAfterMs({ 'x-gate-ratelimit-reset-timestamp': '1700000002000' }, 1_700_000_000_000); // 2000
 * ```
 */
export function gateioRetryAfterMs(headers: HttpResponse['headers'], now: number): number {
  const retryAfter = Number(headers['retry-after']);
  if (headers['retry-after'] !== undefined && Number.isFinite(retryAfter) && retryAfter >= 0) return Math.min(RATE_WINDOW_MS, retryAfter * 1000);
  const reset = Number(headers['x-gate-ratelimit-reset-timestamp']);
  if (headers['x-gate-ratelimit-reset-timestamp'] === undefined || !Number.isFinite(reset) || reset <= 0) return RATE_WINDOW_MS;
  const resetMs = reset > 1e11 ? reset : reset * 1000;
  return Math.min(RATE_WINDOW_MS, Math.max(0, resetMs - now));
}

/**
 * `GET {restUrl}/api/v4/spot/order_book?currency_pair=&limit=&with_id=true` as a cold Observable of
 * the decoded snapshot (its `id` is the book update id the WebSocket updates continue from); errors
 * with a {@link GateioSnapshotError} that says whether and when to retry. `now` reads the client's
 * clock (for the rate-limit reset header).
 *
 * @example
 * ```ts
 * fetchGateioOrderBook(httpRequest, 'https://api.gateio.ws', 'BTC_USDT', 100, 16 << 20, () => Date.now()).subscribe((s) => console.log(s.id));
 * ```
 */
export function fetchGateioOrderBook(
  http: HttpTransport,
  restUrl: string,
  pair: string,
  limit: number,
  maxBytes: number,
  now: () => number,
): Observable<GateioOrderBookSnapshot> {
  const url = `${restUrl.replace(/\/+$/, '')}/api/v4/spot/order_book?currency_pair=${encodeURIComponent(pair)}&limit=${limit}&with_id=true`;
  return http({ method: 'GET', url, maxBytes }).pipe(
    map((response) => {
      let body: unknown;
      try {
        body = JSON.parse(response.body);
      } catch {
        body = undefined;
      }
      const detail = GateioRestError.is(body) ? ` ${body.label}: ${body.message}` : '';
      if (response.status === 429) {
        const retryAfterMs = gateioRetryAfterMs(response.headers, now());
        throw new GateioSnapshotError(`gateio order book ${pair}: HTTP 429 (rate limited)${detail}, retrying after ${retryAfterMs} ms`, { retryAfterMs, kind: 'exchange' });
      }
      if (response.status !== 200) {
        const fatal = response.status >= 400 && response.status < 500;
        throw new GateioSnapshotError(`gateio order book ${pair}: HTTP ${response.status}${detail}`, { fatal, kind: fatal ? 'exchange' : 'transport' });
      }
      const snapshot = decodeOrExplain(GateioOrderBookSnapshot, body);
      if (typeof snapshot === 'string') throw new GateioSnapshotError(`gateio order book ${pair}: ${snapshot}`, { kind: 'decode' });
      return snapshot;
    }),
  );
}
