import type { BookLevel } from '../../model/book-event';
import type { FrameScanner } from '../common/frame-scanner';
import { isValidLevel } from '../../book/price-levels';

/**
 * What the level2 fast path read from one Coinbase Advanced Trade `l2_data` frame carrying one
 * non-empty `update` event.
 *
 * @example
 * ```ts
 * const scanned: ScannedCoinbaseLevel2 = { sequence: 14, product: 'BTC-USD', firstEventTime: '2026-08-09T21:05:48.210883Z', bids: [[65062.5, 0.00583]], asks: [] };
 * ```
 */
export interface ScannedCoinbaseLevel2 {
  readonly sequence: number;
  readonly product: string;
  /** `event_time` of the first level (the event's timestamp). */
  readonly firstEventTime: string;
  readonly bids: BookLevel[];
  readonly asks: BookLevel[];
}

const UPDATE_HEAD = '{"side":"';
const EVENT_TIME = '","event_time":"';
const PRICE_LEVEL = ',"price_level":';
const NEW_QUANTITY = ',"new_quantity":';

/**
 * The fast path of Coinbase `l2_data` update frames: reads
 * `{"channel":"l2_data","timestamp":"…","sequence_num":N,"events":[{"type":"update","product_id":"…","updates":[{"side":"bid"|"offer","event_time":"…","price_level":"…","new_quantity":"…"},…]}]}`
 * exactly as Coinbase sends it, without `JSON.parse`. Returns `undefined` on anything else — a
 * snapshot, several events, no levels, another key order, blanks, escapes, a level that is not a
 * valid plain decimal pair — and the caller then takes its validated path, which gives the same output
 * (or the same error) for every frame: proven by a property test against that path.
 *
 * @example
 * ```ts
 * scanCoinbaseLevel2(new FrameScanner(), frame); // { sequence: 14, product: 'BTC-USD', ... }
 * ```
 */
export function scanCoinbaseLevel2(scan: FrameScanner, text: string): ScannedCoinbaseLevel2 | undefined {
  scan.reset(text);
  if (!scan.literal('{"channel":"l2_data","timestamp":"') || scan.stringBody() === undefined || !scan.literal(',"sequence_num":')) return undefined;
  const sequence = scan.integer();
  if (sequence < 0 || !scan.literal(',"events":[{"type":"update","product_id":"')) return undefined;
  const product = scan.stringBody();
  if (product === undefined || !scan.literal(',"updates":[')) return undefined;
  const bids: BookLevel[] = [];
  const asks: BookLevel[] = [];
  let firstEventTime: string | undefined;
  for (;;) {
    if (!scan.literal(UPDATE_HEAD)) return undefined;
    const bid = scan.literal('bid');
    if (!bid && !scan.literal('offer')) return undefined;
    if (!scan.literal(EVENT_TIME)) return undefined;
    const eventTime = scan.stringBody();
    if (eventTime === undefined || !scan.literal(PRICE_LEVEL)) return undefined;
    firstEventTime ??= eventTime;
    const price = scan.quotedDecimal();
    if (!scan.literal(NEW_QUANTITY)) return undefined;
    const quantity = scan.quotedDecimal();
    if (!isValidLevel(price, quantity) || !scan.literal('}')) return undefined;
    (bid ? bids : asks).push([price, quantity]);
    if (scan.literal(']}]}')) break;
    if (!scan.literal(',')) return undefined;
  }
  if (!scan.atEnd()) return undefined;
  return { sequence, product, firstEventTime, bids, asks };
}
