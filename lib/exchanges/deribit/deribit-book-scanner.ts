import { isValidLevel } from '../../book/price-levels';
import type { FrameScanner } from '../common/frame-scanner';
import type { DeribitBookPayload } from './deribit-book-decode';
import type { DeribitBookLevel } from './deribit-codecs';

/**
 * What the book fast path read from one Deribit `book.{instrument}.{interval}` notification: the
 * channel (the stream key) and the payload the validated path gives for it.
 *
 * @example
 * ```ts
 * const scanned: ScannedDeribitBook = { channel: 'book.BTC-PERPETUAL.100ms', payload: { type: 'change', changeId: 1550724483, prevChangeId: 1550724481, timestamp: 1655395168086, bids: [['delete', 20975, 0]], asks: [] } };
 * ```
 */
export interface ScannedDeribitBook {
  readonly channel: string;
  readonly payload: DeribitBookPayload;
}

const HEAD = '{"jsonrpc":"2.0","method":"subscription","params":{"channel":"';
const CHANGE = ',"data":{"type":"change","timestamp":';
const SNAPSHOT = ',"data":{"type":"snapshot","timestamp":';

/**
 * The fast path of Deribit book notifications: reads
 * `{"jsonrpc":"2.0","method":"subscription","params":{"channel":"…","data":{"type":"change","timestamp":N,"prev_change_id":N,"instrument_name":"…","change_id":N,"bids":[["new"|"change"|"delete",price,amount],…],"asks":[…]}}}`
 * (a `snapshot` has no `prev_change_id`) exactly as Deribit sends it, without `JSON.parse`. Returns
 * `undefined` on anything else — another key order, blanks, escapes, a number that is not written
 * plainly, an unknown action, an invalid level, trailing text — and the caller then takes its
 * validated path, which gives the same output (or the same error) for every frame: proven by a
 * property test. Actions are kept as they are: the book synchroniser checks each against its book,
 * and `prev_change_id` against the previous `change_id`, exactly as on the validated path.
 *
 * @example
 * ```ts
 * scanDeribitBook(new FrameScanner(), frame); // { channel: 'book.BTC-PERPETUAL.100ms', payload: { type: 'change', … } }
 * ```
 */
export function scanDeribitBook(scan: FrameScanner, text: string): ScannedDeribitBook | undefined {
  scan.reset(text);
  if (!scan.literal(HEAD)) return undefined;
  const channel = scan.stringBody();
  if (channel === undefined) return undefined;
  let type: 'change' | 'snapshot';
  if (scan.literal(CHANGE)) type = 'change';
  else if (scan.literal(SNAPSHOT)) type = 'snapshot';
  else return undefined;
  const timestamp = scan.integer();
  if (timestamp < 0) return undefined;
  let prevChangeId: number | undefined;
  if (type === 'change') {
    if (!scan.literal(',"prev_change_id":')) return undefined;
    prevChangeId = scan.integer();
    if (prevChangeId < 0) return undefined;
  }
  if (!scan.literal(',"instrument_name":"') || scan.stringBody() === undefined || !scan.literal(',"change_id":')) return undefined;
  const changeId = scan.integer();
  if (changeId < 0 || !scan.literal(',"bids":')) return undefined;
  const bids = scanLevels(scan);
  if (bids === undefined || !scan.literal(',"asks":')) return undefined;
  const asks = scanLevels(scan);
  if (asks === undefined || !scan.literal('}}}') || !scan.atEnd()) return undefined;
  return { channel, payload: { type, changeId, prevChangeId, timestamp, bids, asks } };
}

const QUOTE = 34;
const COMMA = 44;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;

/**
 * `[["new"|"change"|"delete",price,amount],…]` (`[]` included), each a valid level; `undefined` on
 * anything else. Single characters are compared by code (cheaper than `literal` per level).
 */
function scanLevels(scan: FrameScanner): DeribitBookLevel[] | undefined {
  const text = scan.text;
  if (text.charCodeAt(scan.position) !== OPEN_BRACKET) return undefined;
  const out: DeribitBookLevel[] = [];
  if (text.charCodeAt(++scan.position) === CLOSE_BRACKET) {
    scan.position++;
    return out;
  }
  for (;;) {
    const at = scan.position;
    if (text.charCodeAt(at) !== OPEN_BRACKET || text.charCodeAt(at + 1) !== QUOTE) return undefined;
    let action: DeribitBookLevel[0];
    const first = text.charCodeAt(at + 2);
    if (first === 99 /* c */ && text.startsWith('hange",', at + 3)) {
      action = 'change';
      scan.position = at + 10;
    } else if (first === 110 /* n */ && text.startsWith('ew",', at + 3)) {
      action = 'new';
      scan.position = at + 7;
    } else if (first === 100 /* d */ && text.startsWith('elete",', at + 3)) {
      action = 'delete';
      scan.position = at + 10;
    } else {
      return undefined;
    }
    const price = scan.plainNumber();
    if (text.charCodeAt(scan.position) !== COMMA) return undefined;
    scan.position++;
    const amount = scan.plainNumber();
    if (!isValidLevel(price, amount) || text.charCodeAt(scan.position) !== CLOSE_BRACKET) return undefined;
    out.push([action, price, amount]);
    const next = text.charCodeAt(++scan.position);
    scan.position++;
    if (next === CLOSE_BRACKET) return out;
    if (next !== COMMA) return undefined;
  }
}
