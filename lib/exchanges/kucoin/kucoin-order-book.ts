import { map, type Observable } from 'rxjs';
import type { BookLevel } from '../../model/book-event';
import type { HttpTransport } from '../../socket/http-transport';
import { decodeOrExplain } from '../common/decode';
import { parseLevels } from '../common/parse-levels';
import { KucoinOrderBookData } from './kucoin-codecs';
import { parseSequence } from './kucoin-payloads';
import { KucoinRestError, kucoinRestData } from './kucoin-rest';

/**
 * A REST level-2 snapshot, parsed: its `sequence`, `time` (ms) and levels best first.
 *
 * @example
 * ```ts
 * const snapshot: KucoinBookSnapshot = { sequence: 3262786978, timestamp: 1550653727731, bids: [[6500.12, 0.4505414]], asks: [[6500.16, 0.57753524]] };
 * ```
 */
export interface KucoinBookSnapshot {
  readonly sequence: number;
  readonly timestamp: number;
  readonly bids: BookLevel[];
  readonly asks: BookLevel[];
}

/**
 * `GET {restUrl}/api/v1/market/orderbook/level2_{limit}?symbol=` (public, `limit` 20 or 100) as a cold
 * Observable of the parsed snapshot; errors with a {@link KucoinRestError} that says whether and when
 * to retry (a level that is not a valid number pair, or a sequence that is not a safe integer, is a
 * `decode` error, retried).
 *
 * @example
 * ```ts
 * fetchKucoinOrderBook(httpRequest, 'https://api.kucoin.com', 'BTC-USDT', 100, 16 << 20).subscribe((s) => console.log(s.sequence));
 * ```
 */
export function fetchKucoinOrderBook(http: HttpTransport, restUrl: string, native: string, limit: number, maxBytes: number): Observable<KucoinBookSnapshot> {
  const what = `kucoin order book ${native} (level2_${limit})`;
  const url = `${restUrl.replace(/\/+$/, '')}/api/v1/market/orderbook/level2_${limit}?symbol=${encodeURIComponent(native)}`;
  return http({ method: 'GET', url, maxBytes }).pipe(
    map((response) => {
      const data = decodeOrExplain(KucoinOrderBookData, kucoinRestData(response, what));
      if (typeof data === 'string') throw new KucoinRestError(`${what}: ${data}`, { kind: 'decode' });
      const sequence = parseSequence(data.sequence);
      const bids = parseLevels(data.bids, (l) => l[0], (l) => l[1]);
      const asks = parseLevels(data.asks, (l) => l[0], (l) => l[1]);
      if (sequence === undefined || !bids || !asks || !Number.isFinite(data.time)) {
        throw new KucoinRestError(`${what}: a level is not a valid number pair, or the sequence is not a safe integer`, { kind: 'decode' });
      }
      return { sequence, timestamp: data.time, bids, asks };
    }),
  );
}
