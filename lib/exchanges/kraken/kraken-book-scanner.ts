import type { BookLevel } from '../../model/book-event';
import type { FrameScanner } from '../common/frame-scanner';

/**
 * What the book fast path read from one Kraken v2 `book` frame of a single symbol.
 *
 * @example
 * ```ts
 * const scanned: ScannedKrakenBook = { type: 'update', symbol: 'BTC/USD', bids: [[45283.5, 0.1]], asks: [], checksum: 3310070434, timestamp: '2023-10-06T17:35:55.440295Z' };
 * ```
 */
export interface ScannedKrakenBook {
  readonly type: 'snapshot' | 'update';
  readonly symbol: string;
  readonly bids: BookLevel[];
  readonly asks: BookLevel[];
  readonly checksum: number;
  readonly timestamp: string;
}

/**
 * The fast path of Kraken v2 book frames: reads
 * `{"channel":"book","type":"update"|"snapshot","data":[{"symbol":"…","bids":[{"price":…,"qty":…},…],"asks":[…],"checksum":…,"timestamp":"…"}]}`
 * exactly as Kraken sends it (one symbol per frame), without `JSON.parse`. Returns `undefined` on
 * anything else — another key order, several symbols, no timestamp, blanks, escapes, a number that
 * is not written plainly, an invalid level — and the caller then takes its validated path, which
 * gives the same output (or the same error) for every frame: proven by a property test.
 *
 * @example
 * ```ts
 * scanKrakenBook(new FrameScanner(), frame); // { type: 'update', symbol: 'BTC/USD', bids: [...], ... }
 * ```
 */
export function scanKrakenBook(scan: FrameScanner, text: string): ScannedKrakenBook | undefined {
  scan.reset(text);
  let type: 'snapshot' | 'update';
  if (scan.literal('{"channel":"book","type":"update","data":[{"symbol":"')) type = 'update';
  else if (scan.literal('{"channel":"book","type":"snapshot","data":[{"symbol":"')) type = 'snapshot';
  else return undefined;
  const symbol = scan.stringBody();
  if (symbol === undefined || !scan.literal(',"bids":')) return undefined;
  const bids = scan.levelObjects('{"price":', ',"qty":');
  if (bids === undefined || !scan.literal(',"asks":')) return undefined;
  const asks = scan.levelObjects('{"price":', ',"qty":');
  if (asks === undefined || !scan.literal(',"checksum":')) return undefined;
  const checksum = scan.integer();
  if (checksum < 0 || !scan.literal(',"timestamp":"')) return undefined;
  const timestamp = scan.stringBody();
  if (timestamp === undefined || !scan.literal('}]}') || !scan.atEnd()) return undefined;
  return { type, symbol, bids, asks, checksum, timestamp };
}
