import type { FrameScanner } from '../common/frame-scanner';
import type { OkxBookUpdate } from './okx-payloads';

/**
 * What the book fast path read from one OKX v5 `books` push of one instrument: the instrument and the
 * update exactly as the validated path builds it (parsed levels plus the frame's own level strings,
 * which the checksum hashes).
 *
 * @example
 * ```ts
 * const scanned: ScannedOkxBook = { instId: 'BTC-USDT', update };
 * ```
 */
export interface ScannedOkxBook {
  readonly instId: string;
  readonly update: OkxBookUpdate;
}

/**
 * The fast path of OKX v5 `books` pushes: reads
 * `{"arg":{"channel":"books","instId":"…"},"action":"snapshot"|"update","data":[{"asks":[["price","size","0","orders"],…],"bids":[…],"ts":"…",["checksum":…,]"prevSeqId":…,"seqId":…}]}`
 * exactly as OKX sends it (the docs' key order; `checksum` absent since OKX dropped it), without
 * `JSON.parse`. The level strings are kept as written (`rawBids`/`rawAsks`), so the checksum is
 * verified on the wire text as on the validated path. Returns `undefined` on anything else — another
 * key order, several instruments, blanks, escapes, a sequence id or checksum that is not a plain
 * integer of at most 15 digits (a `-` allowed), a time that is not a quoted safe integer, a
 * level that is not valid — and the caller then takes its validated path, which gives the same output
 * (or the same error) for every frame: proven by a property test.
 *
 * @example
 * ```ts
 * scanOkxBook(new FrameScanner(), '{"arg":{"channel":"books","instId":"BTC-USDT"},"action":"update","data":[{"asks":[],"bids":[["8476.97","256","0","12"]],"ts":"1597026383085","checksum":-855196043,"prevSeqId":123456,"seqId":123457}]}');
 * // { instId: 'BTC-USDT', update: { action: 'update', bids: [[8476.97, 256]], rawBids: [['8476.97', '256', '0', '12']], … } }
 * ```
 */
export function scanOkxBook(scan: FrameScanner, text: string): ScannedOkxBook | undefined {
  scan.reset(text);
  if (!scan.literal('{"arg":{"channel":"books","instId":"')) return undefined;
  const instId = scan.stringBody();
  if (instId === undefined) return undefined;
  let action: 'snapshot' | 'update';
  if (scan.literal('},"action":"update","data":[{"asks":')) action = 'update';
  else if (scan.literal('},"action":"snapshot","data":[{"asks":')) action = 'snapshot';
  else return undefined;
  const rawAsks: string[][] = [];
  const asks = scan.levelStringArrays(rawAsks);
  if (asks === undefined || !scan.literal(',"bids":')) return undefined;
  const rawBids: string[][] = [];
  const bids = scan.levelStringArrays(rawBids);
  if (bids === undefined || !scan.literal(',"ts":')) return undefined;
  const timestamp = scan.quotedDecimal();
  if (!Number.isSafeInteger(timestamp)) return undefined;
  let checksum: number | undefined;
  if (scan.literal(',"checksum":')) {
    checksum = signedInteger(scan);
    if (checksum === undefined) return undefined;
  }
  if (!scan.literal(',"prevSeqId":')) return undefined;
  const prevSeqId = signedInteger(scan);
  if (prevSeqId === undefined || !scan.literal(',"seqId":')) return undefined;
  const seqId = signedInteger(scan);
  if (seqId === undefined || !scan.literal('}]}') || !scan.atEnd()) return undefined;
  return { instId, update: { action, bids, asks, rawBids, rawAsks, prevSeqId, seqId, checksum, timestamp } };
}

/** A plain integer with an optional `-` (`-1`, `-855196043`; `-0` is -0, as `JSON.parse` reads it); `undefined` for anything else. */
function signedInteger(scan: FrameScanner): number | undefined {
  const negative = scan.literal('-');
  const value = scan.integer();
  if (value < 0) return undefined;
  return negative ? -value : value;
}
