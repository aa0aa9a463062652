import type { FrameScanner } from '../common/frame-scanner';
import { isValidLevel } from '../../book/price-levels';
import type { KucoinChange } from './kucoin-payloads';

/**
 * What the book fast path read from one KuCoin `/market/level2` frame: the topic (the stream key) and
 * the fields of its `data`, changes already as numbers (price `0` entries left out, as the validated
 * path does).
 *
 * @example
 * ```ts
 * const scanned: ScannedKucoinBook = { topic: '/market/level2:BTC-USDT', start: 14701689783, end: 14701689783, time: 1729816425625, bids: [], asks: [[67993.3, 1.21427407, 14701689783]] };
 * ```
 */
export interface ScannedKucoinBook {
  readonly topic: string;
  readonly start: number;
  readonly end: number;
  readonly time: number;
  readonly bids: KucoinChange[];
  readonly asks: KucoinChange[];
}

const HEAD = '{"topic":"';
const AFTER_TOPIC = ',"type":"message","subject":"trade.l2update","data":{"changes":{"asks":';

/**
 * The fast path of KuCoin `/market/level2` frames: reads
 * `{"topic":"…","type":"message","subject":"trade.l2update","data":{"changes":{"asks":[["price","size","sequence"],…],"bids":[…]},"sequenceEnd":N,"sequenceStart":N,"symbol":"…","time":N}}`
 * exactly as KuCoin sends it (the documentation's key order), without `JSON.parse`. Returns
 * `undefined` on anything else — another key order, blanks, escapes, a price or size that is not a
 * plain decimal of at most 15 digits, a sequence that is not plain digits, `sequenceStart >
 * sequenceEnd`, an invalid level, trailing text — and the caller then takes its validated path, which
 * gives the same output (or the same error) for every frame: proven by a property test.
 *
 * @example
 * ```ts
 * scanKucoinBook(new FrameScanner(), frame); // { topic: '/market/level2:BTC-USDT', start: 5, end: 6, time: 1729816425625, bids: [...], asks: [...] }
 * ```
 */
export function scanKucoinBook(scan: FrameScanner, text: string): ScannedKucoinBook | undefined {
  scan.reset(text);
  if (!scan.literal(HEAD)) return undefined;
  const topic = scan.stringBody();
  if (topic === undefined || !scan.literal(AFTER_TOPIC)) return undefined;
  const asks = scanChanges(scan);
  if (asks === undefined || !scan.literal(',"bids":')) return undefined;
  const bids = scanChanges(scan);
  if (bids === undefined || !scan.literal('},"sequenceEnd":')) return undefined;
  const end = scan.integer();
  if (end < 0 || !scan.literal(',"sequenceStart":')) return undefined;
  const start = scan.integer();
  if (start < 0 || start > end || !scan.literal(',"symbol":"') || scan.stringBody() === undefined || !scan.literal(',"time":')) return undefined;
  const time = scan.integer();
  if (time < 0 || !scan.literal('}}') || !scan.atEnd()) return undefined;
  return { topic, start, end, time, bids, asks };
}

/** `[["price","size","sequence"],…]` (`[]` included) as changes; price-`0` entries dropped; `undefined` on anything else. */
function scanChanges(scan: FrameScanner): KucoinChange[] | undefined {
  if (!scan.literal('[')) return undefined;
  const out: KucoinChange[] = [];
  if (scan.literal(']')) return out;
  for (;;) {
    if (!scan.literal('[')) return undefined;
    const price = scan.quotedDecimal();
    if (!scan.literal(',')) return undefined;
    const size = scan.quotedDecimal();
    if (!scan.literal(',"')) return undefined;
    const sequence = scan.integer();
    if (sequence < 0 || !scan.literal('"]')) return undefined;
    if (price === 0) {
      if (!(size === size)) return undefined; // a price-0 entry is ignored, but only when its size is a number
    } else if (isValidLevel(price, size)) {
      out.push([price, size, sequence]);
    } else {
      return undefined;
    }
    if (scan.literal(']')) return out;
    if (!scan.literal(',')) return undefined;
  }
}
