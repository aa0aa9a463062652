import { map, type Observable } from 'rxjs';
import type { HttpTransport } from '../../socket/http-transport';
import { BinanceErrorBody } from '../binance/binance-codecs';
import { SnapshotError } from '../binance/binance-depth-snapshot';
import { parseBinanceLevels } from '../binance/binance-protocol';
import { decodeOrExplain } from '../common/decode';
import { BinanceFuturesDepthSnapshot } from './binance-futures-codecs';
import type { BinanceBookSnapshot } from './binance-snapshot-book-sync';

/**
 * The `limit` values `GET /fapi/v1/depth` accepts, smallest first (request weight 2, 2, 2, 2, 5, 10, 20).
 *
 * @example
 * ```ts
 * BINANCE_FUTURES_DEPTH_LIMITS.find((limit) => limit >= 30); // 50
 * ```
 */
export const BINANCE_FUTURES_DEPTH_LIMITS: readonly number[] = [5, 10, 20, 50, 100, 500, 1000];

/**
 * `GET {restUrl}/fapi/v1/depth?symbol=&limit=` as a cold Observable of the parsed snapshot; errors
 * with a `SnapshotError` that says whether and when to retry (429/418 honour `Retry-After`; other
 * 4xx, e.g. an invalid symbol, are fatal).
 *
 * @example
 * ```ts
 * fetchBinanceFuturesDepth(httpRequest, 'https://fapi.binance.com', 'BTCUSDT', 1000, 16 << 20).subscribe((s) => console.log(s.lastUpdateId));
 * ```
 */
export function fetchBinanceFuturesDepth(
  http: HttpTransport,
  restUrl: string,
  nativeSymbol: string,
  limit: number,
  maxBytes: number,
): Observable<BinanceBookSnapshot> {
  const url = `${restUrl.replace(/\/+$/, '')}/fapi/v1/depth?symbol=${encodeURIComponent(nativeSymbol)}&limit=${limit}`;
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
        const why = response.status === 418 ? 'IP banned' : 'rate limited';
        throw new SnapshotError(`binanceFutures depth snapshot: HTTP ${response.status} (${why}), retrying after ${retryAfterMs} ms`, { retryAfterMs, kind: 'exchange' });
      }
      if (response.status !== 200) {
        const detail = BinanceErrorBody.is(body) ? ` ${body.code} ${body.msg}` : '';
        const fatal = response.status >= 400 && response.status < 500;
        throw new SnapshotError(`binanceFutures depth snapshot for ${nativeSymbol}: HTTP ${response.status}${detail}`, { fatal, kind: fatal ? 'exchange' : 'transport' });
      }
      const snapshot = decodeOrExplain(BinanceFuturesDepthSnapshot, body);
      if (typeof snapshot === 'string') throw new SnapshotError(`binanceFutures depth snapshot: ${snapshot}`, { kind: 'decode' });
      const bids = parseBinanceLevels(snapshot.bids);
      const asks = parseBinanceLevels(snapshot.asks);
      if (!bids || !asks) throw new SnapshotError('binanceFutures depth snapshot: a level is not a valid number pair', { kind: 'decode' });
      return { lastUpdateId: snapshot.lastUpdateId, timestamp: snapshot.E, bids, asks };
    }),
  );
}
