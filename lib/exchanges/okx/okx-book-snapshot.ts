import { map, type Observable } from 'rxjs';
import type { BookLevel } from '../../model/book-event';
import type { HttpTransport } from '../../socket/http-transport';
import { decodeOrExplain } from '../common/decode';
import { OkxRestBook } from './okx-codecs';
import { parseOkxLevels, parseOkxTime } from './okx-levels';
import { OkxRestError, okxRestData } from './okx-rest';

/**
 * The deepest book `GET /api/v5/market/books` returns (per side).
 *
 * @example
 * ```ts
 * fetch(`${restUrl}/api/v5/market/books?instId=BTC-USDT&sz=${OKX_REST_BOOK_DEPTH}`);
 * ```
 */
export const OKX_REST_BOOK_DEPTH = 400;

/**
 * A book from `GET /api/v5/market/books`: levels as numbers plus the answer's own level arrays (the
 * exact strings a later checksum is computed on), and the `seqId` that bridges it to the stream
 * (`undefined` from a server that does not send one yet).
 *
 * @example
 * ```ts
 * const snapshot: OkxRestSnapshot = { bids: [[41006.3, 0.30178218]], asks: [], rawBids: [['41006.3', '0.30178218', '0', '2']], rawAsks: [], seqId: 3235851742, timestamp: 1629966436396 };
 * ```
 */
export interface OkxRestSnapshot {
  readonly bids: BookLevel[];
  readonly asks: BookLevel[];
  readonly rawBids: readonly (readonly string[])[];
  readonly rawAsks: readonly (readonly string[])[];
  readonly seqId: number | undefined;
  readonly timestamp: number;
}

/**
 * `GET {restUrl}/api/v5/market/books?instId=&sz=400` as a cold Observable of the decoded book;
 * errors with an {@link OkxRestError} that says whether and when to retry.
 *
 * @example
 * ```ts
 * fetchOkxBook(http, 'https://www.okx.com', 'BTC-USDT-SWAP', 16 << 20).subscribe((book) => console.log(book.seqId));
 * ```
 */
export function fetchOkxBook(http: HttpTransport, restUrl: string, instId: string, maxBytes: number): Observable<OkxRestSnapshot> {
  const what = `okx book snapshot ${instId}`;
  const url = `${restUrl.replace(/\/+$/, '')}/api/v5/market/books?instId=${encodeURIComponent(instId)}&sz=${OKX_REST_BOOK_DEPTH}`;
  return okxRestData(http, url, maxBytes, what).pipe(
    map((data) => {
      const book = decodeOrExplain(OkxRestBook, data[0]);
      if (typeof book === 'string') throw new OkxRestError(`${what}: ${book}`, undefined, false, undefined, 'decode');
      const bids = parseOkxLevels(book.bids);
      const asks = parseOkxLevels(book.asks);
      const timestamp = parseOkxTime(book.ts);
      if (!bids || !asks || Number.isNaN(timestamp)) throw new OkxRestError(`${what}: a level or the time is not a valid number`, undefined, false, undefined, 'decode');
      return { bids, asks, rawBids: book.bids, rawAsks: book.asks, seqId: book.seqId, timestamp };
    }),
  );
}
