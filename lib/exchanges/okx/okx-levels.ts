import { isValidLevel } from '../../book/price-levels';
import type { BookLevel } from '../../model/book-event';
import { parseDecimal } from '../common/parse-decimal';

/**
 * Parses OKX wire levels (`[["8476.98","415","0","13"], …]`) in one validating pass: `undefined`
 * unless `levels` is an array of string arrays (at least price and size) whose price and size are
 * valid decimals (price > 0, size ≥ 0, finite). The strings themselves stay in the frame's arrays,
 * which the checksum reads as they are.
 *
 * @example
 * ```ts
 * parseOkxLevels([['8476.98', '415', '0', '13']]); // [[8476.98, 415]]
 * parseOkxLevels([['8476.98', 415]]);              // undefined
 * ```
 */
export function parseOkxLevels(levels: unknown): BookLevel[] | undefined {
  if (!Array.isArray(levels)) return undefined;
  const out = new Array<BookLevel>(levels.length);
  for (let i = 0; i < levels.length; i++) {
    const level: unknown = levels[i];
    if (!Array.isArray(level) || level.length < 2) return undefined;
    for (let j = 0; j < level.length; j++) if (typeof level[j] !== 'string') return undefined;
    const price = parseDecimal(level[0] as string);
    const size = parseDecimal(level[1] as string);
    if (!isValidLevel(price, size)) return undefined;
    out[i] = [price, size];
  }
  return out;
}

/**
 * An OKX millisecond timestamp string (`"1597026383085"`) as a number; `NaN` when it is not one.
 *
 * @example
 * ```ts
 * parseOkxTime('1597026383085'); // 1597026383085
 * parseOkxTime('soon');          // NaN
 * ```
 */
export function parseOkxTime(text: unknown): number {
  if (typeof text !== 'string') return NaN;
  const ms = parseDecimal(text);
  return Number.isSafeInteger(ms) && ms >= 0 ? ms : NaN;
}
