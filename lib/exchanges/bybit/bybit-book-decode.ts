import { isValidLevel } from '../../book/price-levels';
import type { BookLevel } from '../../model/book-event';
import { decodeOrExplain } from '../common/decode';
import { parseDecimal } from '../common/parse-decimal';
import { parseLevels } from '../common/parse-levels';
import { BybitBookMessage, type BybitLevel } from './bybit-codecs';

/**
 * A decoded `orderbook.{depth}.{symbol}` message, as handed to the Bybit book listener.
 *
 * @example
 * ```ts
 * const delta: BybitBookPayload = { type: 'delta', bids: [[64182.4, 0.005]], asks: [], updateId: 12345679, sequence: 512345679000, timestamp: 1790000001130 };
 * ```
 */
export interface BybitBookPayload {
  readonly type: 'snapshot' | 'delta';
  readonly bids: BookLevel[];
  readonly asks: BookLevel[];
  /** `data.u`: +1 per message of the topic; `1` after a Bybit service restart. */
  readonly updateId: number;
  /** `data.seq`: the cross sequence, strictly increasing. */
  readonly sequence: number;
  /** `ts`: when Bybit generated the message, epoch ms. */
  readonly timestamp: number;
}

/**
 * Parses Bybit wire levels (`[["price","size"], …]`) in one validating pass: `undefined` unless
 * `levels` is an array of string pairs that are valid numbers (price > 0, size ≥ 0, finite).
 *
 * @example
 * ```ts
 * parseBybitLevels([['64230', '0.014']]); // [[64230, 0.014]]
 * parseBybitLevels([['64230', 0.014]]);   // undefined
 * ```
 */
export function parseBybitLevels(levels: unknown): BookLevel[] | undefined {
  if (!Array.isArray(levels)) return undefined;
  const out = new Array<BookLevel>(levels.length);
  for (let i = 0; i < levels.length; i++) {
    const level: unknown = levels[i];
    if (!Array.isArray(level) || level.length !== 2) return undefined;
    const price: unknown = level[0];
    const size: unknown = level[1];
    if (typeof price !== 'string' || typeof size !== 'string') return undefined;
    const p = parseDecimal(price);
    const q = parseDecimal(size);
    if (!isValidLevel(p, q)) return undefined;
    out[i] = [p, q];
  }
  return out;
}

/**
 * The hot path: a parsed `orderbook` frame checked field by field inline and its levels parsed in one
 * pass; only a frame that fails pays for the io-ts codec's explanation. Returns the payload or a
 * description of what is wrong. Accepts exactly what {@link decodeBybitBookValidated} accepts, with
 * the same result (a property test holds them equal).
 *
 * @example
 * ```ts
 * const result = decodeBybitBook(JSON.parse(frame));
 * if (typeof result === 'string') sink.invalid(result, frame, key);
 * ```
 */
export function decodeBybitBook(message: Record<string, unknown>): BybitBookPayload | string {
  const type = message['type'];
  const ts = message['ts'];
  const data = message['data'];
  if ((type === 'snapshot' || type === 'delta') && typeof ts === 'number' && typeof message['topic'] === 'string' && typeof data === 'object' && data !== null) {
    const fields = data as Record<string, unknown>;
    const u = fields['u'];
    const seq = fields['seq'];
    const cts = message['cts'];
    if (Number.isSafeInteger(u) && Number.isSafeInteger(seq) && typeof fields['s'] === 'string' && (cts === undefined || typeof cts === 'number')) {
      const bids = parseBybitLevels(fields['b']);
      const asks = bids && parseBybitLevels(fields['a']);
      if (asks) return { type, bids: bids!, asks, updateId: u as number, sequence: seq as number, timestamp: ts };
    }
  }
  return explain(message);
}

/**
 * The reference path: the full io-ts codec, then the id and level checks. Slower; used to prove the
 * hot path ({@link decodeBybitBook}) right.
 *
 * @example
 * ```ts
 * decodeBybitBookValidated(JSON.parse(frame)); // same as decodeBybitBook, or an error description
 * ```
 */
export function decodeBybitBookValidated(message: unknown): BybitBookPayload | string {
  if (!BybitBookMessage.is(message)) {
    // `is` is strict; `decode` would pass a level with extra items (io-ts strips tuples), so it only explains
    const report = decodeOrExplain(BybitBookMessage, message);
    return typeof report === 'string' ? report : 'bybit: book level is not a [price, size] pair';
  }
  const decoded = message;
  const { data } = decoded;
  if (!Number.isSafeInteger(data.u) || !Number.isSafeInteger(data.seq)) return 'bybit: book u/seq is not an integer';
  const price = (level: BybitLevel): string => level[0];
  const size = (level: BybitLevel): string => level[1];
  const bids = parseLevels(data.b, price, size);
  const asks = parseLevels(data.a, price, size);
  if (!bids || !asks) return 'bybit: book level is not a valid number pair';
  return { type: decoded.type, bids, asks, updateId: data.u, sequence: data.seq, timestamp: decoded.ts };
}

/** Error path only: why a book message was refused. */
function explain(message: unknown): string {
  const report = decodeBybitBookValidated(message);
  return typeof report === 'string' ? report : 'bybit: book message is not valid';
}
