import type { FrameScanner } from '../common/frame-scanner';
import type { GateioBookUpdate } from './gateio-payloads';

/**
 * What the book fast path read from one Gate.io v4 `spot.order_book_update` notification: the pair
 * and the update exactly as the validated path builds it.
 *
 * @example
 * ```ts
 * const scanned: ScannedGateioBook = { pair: 'BTC_USDT', update: { first: 101, last: 103, full: false, timestamp: 1606294781123, bids: [[19137.74, 0.0001]], asks: [] } };
 * ```
 */
export interface ScannedGateioBook {
  readonly pair: string;
  readonly update: GateioBookUpdate;
}

/**
 * The fast path of Gate.io v4 book notifications: reads
 * `{"time":…,"time_ms":…,"channel":"spot.order_book_update","event":"update","result":{"t":…,["full":true,]"l":"…","e":"depthUpdate","E":…,"s":"…","U":…,"u":…,"b":[["price","amount"],…],"a":[…]}}`
 * exactly as Gate.io documents and sends it, without `JSON.parse`. Returns `undefined` on anything
 * else — another key order, `"full":false`, blanks, escapes, a number that is not a plain integer of
 * at most 15 digits, `U` > `u`, a level that is not a valid plain decimal pair, trailing text — and
 * the caller then takes its validated path, which gives the same output (or the same error) for every
 * frame: proven by a property test.
 *
 * @example
 * ```ts
 * scanGateioBook(new FrameScanner(), '{"time":1606294781,"time_ms":1606294781236,"channel":"spot.order_book_update","event":"update","result":{"t":1606294781123,"l":"100","e":"depthUpdate","E":1606294781,"s":"BTC_USDT","U":48776301,"u":48776306,"b":[["19137.74","0.0001"]],"a":[]}}');
 * // { pair: 'BTC_USDT', update: { first: 48776301, last: 48776306, full: false, timestamp: 1606294781123, bids: [[19137.74, 0.0001]], asks: [] } }
 * ```
 */
export function scanGateioBook(scan: FrameScanner, text: string): ScannedGateioBook | undefined {
  scan.reset(text);
  if (!scan.literal('{"time":') || scan.integer() < 0 || !scan.literal(',"time_ms":') || scan.integer() < 0) return undefined;
  if (!scan.literal(',"channel":"spot.order_book_update","event":"update","result":{"t":')) return undefined;
  const timestamp = scan.integer();
  if (timestamp < 0) return undefined;
  const full = scan.literal(',"full":true');
  if (!scan.literal(',"l":"') || scan.stringBody() === undefined || !scan.literal(',"e":"depthUpdate","E":') || scan.integer() < 0 || !scan.literal(',"s":"')) return undefined;
  const pair = scan.stringBody();
  if (pair === undefined || !scan.literal(',"U":')) return undefined;
  const first = scan.integer();
  if (first < 0 || !scan.literal(',"u":')) return undefined;
  const last = scan.integer();
  if (last < first || !scan.literal(',"b":')) return undefined;
  const bids = scan.levelPairs();
  if (bids === undefined || !scan.literal(',"a":')) return undefined;
  const asks = scan.levelPairs();
  if (asks === undefined || !scan.literal('}}') || !scan.atEnd()) return undefined;
  return { pair, update: { first, last, full, timestamp, bids, asks } };
}
