import { isValidLevel } from '../../book/price-levels';
import { decodeOrExplain } from '../common/decode';
import { DeribitBookData, type DeribitBookLevel } from './deribit-codecs';

/**
 * A decoded `book.{instrument}.{interval}` notification, as handed to the Deribit book listener.
 * Levels keep Deribit's `[action, price, amount]` form: the listener checks each action against its
 * book.
 *
 * @example
 * ```ts
 * const change: DeribitBookPayload = { type: 'change', changeId: 1550724483, prevChangeId: 1550724481, timestamp: 1655395168086, bids: [['delete', 20975, 0]], asks: [] };
 * ```
 */
export interface DeribitBookPayload {
  readonly type: 'snapshot' | 'change';
  /** `change_id` of this notification. */
  readonly changeId: number;
  /** `prev_change_id`: the `change_id` of the notification before it (every `change` has one). */
  readonly prevChangeId: number | undefined;
  /** `timestamp`: the time of the last change, epoch ms. */
  readonly timestamp: number;
  readonly bids: readonly DeribitBookLevel[];
  readonly asks: readonly DeribitBookLevel[];
}

const ACTIONS: Readonly<Record<string, true>> = { new: true, change: true, delete: true };

/**
 * Checks Deribit wire levels in one pass: `true` when `levels` is an array of `[action, price,
 * amount]` triples with a known action, a positive finite price and a finite amount ≥ 0. The
 * levels are then used as they are (no copy).
 *
 * @example
 * ```ts
 * areDeribitLevels([['new', 20987, 0.487]]); // true
 * areDeribitLevels([['new', '20987', 0.487]]); // false
 * ```
 */
export function areDeribitLevels(levels: unknown): levels is DeribitBookLevel[] {
  if (!Array.isArray(levels)) return false;
  for (let i = 0; i < levels.length; i++) {
    const level: unknown = levels[i];
    if (!Array.isArray(level) || level.length !== 3) return false;
    const action: unknown = level[0];
    const price: unknown = level[1];
    const amount: unknown = level[2];
    if (typeof action !== 'string' || ACTIONS[action] !== true || typeof price !== 'number' || typeof amount !== 'number' || !isValidLevel(price, amount)) return false;
  }
  return true;
}

/** `prev_change_id` as the payload carries it: required on a `change`, ignored on a `snapshot` when absent. */
function validIds(type: unknown, changeId: unknown, prevChangeId: unknown, timestamp: unknown): boolean {
  return (
    Number.isSafeInteger(changeId) &&
    typeof timestamp === 'number' &&
    Number.isFinite(timestamp) &&
    (prevChangeId === undefined ? type === 'snapshot' : Number.isSafeInteger(prevChangeId))
  );
}

/**
 * The hot path: the `data` of a book notification checked field by field inline; only data that
 * fails pays for the io-ts codec's explanation. Returns the payload or a description of what is
 * wrong. Accepts exactly what {@link decodeDeribitBookValidated} accepts, with the same result (a
 * property test holds them equal).
 *
 * @example
 * ```ts
 * const result = decodeDeribitBook(message.params.data);
 * if (typeof result === 'string') sink.invalid(result, frame, key);
 * ```
 */
export function decodeDeribitBook(data: unknown): DeribitBookPayload | string {
  if (typeof data === 'object' && data !== null && !Array.isArray(data)) {
    const fields = data as Record<string, unknown>;
    const type = fields['type'];
    const changeId = fields['change_id'];
    const prevChangeId = fields['prev_change_id'];
    const timestamp = fields['timestamp'];
    const bids = fields['bids'];
    const asks = fields['asks'];
    if (
      (type === 'snapshot' || type === 'change') &&
      typeof fields['instrument_name'] === 'string' &&
      validIds(type, changeId, prevChangeId, timestamp) &&
      areDeribitLevels(bids) &&
      areDeribitLevels(asks)
    ) {
      return { type, changeId: changeId as number, prevChangeId: prevChangeId as number | undefined, timestamp: timestamp as number, bids, asks };
    }
  }
  return explain(data);
}

/**
 * The reference path: the full io-ts codec, then the id and level checks. Slower; used to prove the
 * hot path ({@link decodeDeribitBook}) right.
 *
 * @example
 * ```ts
 * decodeDeribitBookValidated(message.params.data); // same as decodeDeribitBook, or an error description
 * ```
 */
export function decodeDeribitBookValidated(data: unknown): DeribitBookPayload | string {
  if (!DeribitBookData.is(data)) {
    // `is` is strict; `decode` would pass a level with extra items (io-ts strips tuples), so it only explains
    const report = decodeOrExplain(DeribitBookData, data);
    return typeof report === 'string' ? report : 'deribit: book level is not an [action, price, amount] triple';
  }
  const { type, change_id: changeId, prev_change_id: prevChangeId, timestamp, bids, asks } = data;
  // written out again rather than shared with the hot path, so the property test compares two independent checks
  const linked = prevChangeId === undefined ? type === 'snapshot' : Number.isSafeInteger(prevChangeId);
  if (!Number.isSafeInteger(changeId) || !Number.isFinite(timestamp) || !linked) return 'deribit: book change_id/prev_change_id is not an integer (or a change lacks prev_change_id), or timestamp is not finite';
  const valid = (level: DeribitBookLevel): boolean => isValidLevel(level[1], level[2]);
  if (!bids.every(valid) || !asks.every(valid)) return 'deribit: book level price or amount is not a valid number';
  return { type, changeId, prevChangeId, timestamp, bids, asks };
}

/** Error path only: why book data was refused. */
function explain(data: unknown): string {
  const report = decodeDeribitBookValidated(data);
  return typeof report === 'string' ? report : 'deribit: book notification is not valid';
}
