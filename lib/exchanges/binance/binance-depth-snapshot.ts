import { map, type Observable } from 'rxjs';
import { decodeOrExplain } from '../common/decode';
import { type HttpTransport, httpRequest } from '../../socket/http-transport';
import { BinanceDepthSnapshot, BinanceErrorBody } from './binance-codecs';

/**
 * Why a depth snapshot request failed: `retryAfterMs` is set when the server asked to wait
 * (HTTP 429/418 with `Retry-After`); `fatal` when retrying cannot help (e.g. an invalid symbol).
 *
 * @example
 * ```ts
 * new SnapshotError('HTTP 429', { retryAfterMs: 2000 });
 * ```
 */
export class SnapshotError extends Error {
  readonly retryAfterMs: number | undefined;
  readonly fatal: boolean;
  readonly kind: 'decode' | 'exchange' | 'transport';

  constructor(message: string, details: { retryAfterMs?: number; fatal?: boolean; kind?: 'decode' | 'exchange' | 'transport' } = {}) {
    super(message);
    this.name = 'SnapshotError';
    this.retryAfterMs = details.retryAfterMs;
    this.fatal = details.fatal ?? false;
    this.kind = details.kind ?? 'transport';
  }
}

/**
 * `GET {restUrl}/api/v3/depth?symbol=&limit=` as a cold Observable of the decoded snapshot; errors
 * with a {@link SnapshotError} that says whether and when to retry (429/418 honour `Retry-After`).
 *
 * @example
 * ```ts
 * fetchBinanceDepth('https://api.binance.com', 'BTCUSDT', 100, 16 << 20).subscribe((s) => console.log(s.lastUpdateId));
 * ```
 */
export function fetchBinanceDepth(
  restUrl: string,
  nativeSymbol: string,
  limit: number,
  maxBytes: number,
  http: HttpTransport = httpRequest,
): Observable<BinanceDepthSnapshot> {
  const url = `${restUrl.replace(/\/+$/, '')}/api/v3/depth?symbol=${encodeURIComponent(nativeSymbol)}&limit=${limit}`;
  return http({ method: 'GET', url, maxBytes }).pipe(
    map((response) => {
      let body: unknown;
      try {
        body = JSON.parse(response.body);
      } catch {
        body = undefined;
      }
      if (response.status === 429 || response.status === 418) {
        const retryAfter = Number(response.headers['retry-after']);
        const retryAfterMs = Number.isFinite(retryAfter) && retryAfter >= 0 ? retryAfter * 1000 : 60_000;
        throw new SnapshotError(`binance depth snapshot: HTTP ${response.status} (${response.status === 418 ? 'IP banned' : 'rate limited'}), retrying after ${retryAfterMs} ms`, { retryAfterMs, kind: 'exchange' });
      }
      if (response.status !== 200) {
        const detail = BinanceErrorBody.is(body) ? ` ${body.code} ${body.msg}` : '';
        const fatal = response.status >= 400 && response.status < 500;
        throw new SnapshotError(`binance depth snapshot for ${nativeSymbol}: HTTP ${response.status}${detail}`, { fatal, kind: fatal ? 'exchange' : 'transport' });
      }
      const snapshot = decodeOrExplain(BinanceDepthSnapshot, body);
      if (typeof snapshot === 'string') throw new SnapshotError(`binance depth snapshot: ${snapshot}`, { kind: 'decode' });
      return snapshot;
    }),
  );
}
