import { isValidLevel } from '../../book/price-levels';
import { parseDecimal } from '../common/parse-decimal';

/**
 * One level-2 change as numbers: price, absolute size (`0` removes the level) and the sequence of the
 * last modification of that price the message covers.
 *
 * @example
 * ```ts
 * const change: KucoinChange = [67993.3, 1.21427407, 14701689783];
 * ```
 */
export type KucoinChange = readonly [price: number, size: number, sequence: number];

/**
 * A decoded `/market/level2` message, as handed to the book synchroniser: the sequences it covers
 * (`sequenceStart`..`sequenceEnd`), its `time` (ms) and the changes per side (entries with price `0`
 * are left out: the documentation says to ignore them).
 *
 * @example
 * ```ts
 * const update: KucoinBookUpdate = { start: 14701689783, end: 14701689783, timestamp: 1729816425625, bids: [], asks: [[67993.3, 1.21427407, 14701689783]] };
 * ```
 */
export interface KucoinBookUpdate {
  readonly start: number;
  readonly end: number;
  readonly timestamp: number;
  readonly bids: readonly KucoinChange[];
  readonly asks: readonly KucoinChange[];
}

/**
 * Parses the changes of one side (`[["price","size","sequence"], …]`) in one validating pass:
 * `undefined` unless `changes` is an array of string triples where the price is `0` or a valid
 * positive number, the size a finite number ≥ 0 and the sequence a safe integer. Changes with price
 * `0` are dropped ("ignore it and update the sequence").
 *
 * @example
 * ```ts
 * parseKucoinChanges([['6', '1', '1545896669105'], ['0', '0', '1545896669106']]); // [[6, 1, 1545896669105]]
 * parseKucoinChanges([['x', '1', '1']]);                                           // undefined
 * ```
 */
export function parseKucoinChanges(changes: unknown): KucoinChange[] | undefined {
  if (!Array.isArray(changes)) return undefined;
  const out: KucoinChange[] = [];
  for (let i = 0; i < changes.length; i++) {
    const change: unknown = changes[i];
    if (!Array.isArray(change) || change.length !== 3) return undefined;
    const price: unknown = change[0];
    const size: unknown = change[1];
    const sequence: unknown = change[2];
    if (typeof price !== 'string' || typeof size !== 'string' || typeof sequence !== 'string') return undefined;
    const p = parseDecimal(price);
    const q = parseDecimal(size);
    const s = parseSequence(sequence);
    if (!(q >= 0 && q < Infinity) || s === undefined) return undefined;
    if (p === 0) continue;
    if (!isValidLevel(p, q)) return undefined;
    out.push([p, q, s]);
  }
  return out;
}

/**
 * A sequence number written as decimal digits, or `undefined` when it is not a safe integer
 * (KuCoin's level-2 sequences are far below 2^53; a larger one could not be compared exactly).
 *
 * @example
 * ```ts
 * parseSequence('14701689783'); // 14701689783
 * parseSequence('1e3');         // undefined
 * ```
 */
export function parseSequence(text: string): number | undefined {
  if (text.length === 0 || text.length > 16) return undefined;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 48 || code > 57) return undefined;
  }
  const value = Number(text);
  return Number.isSafeInteger(value) ? value : undefined;
}
