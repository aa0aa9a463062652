import type { BookLevel } from '../../model/book-event';
import { isValidLevel } from '../../book/price-levels';
import { parseDecimal } from './parse-decimal';

/**
 * Converts wire levels to `[price, quantity]` numbers, validating each: a price that is not a
 * positive finite number or a quantity that is not a non-negative finite number makes the whole
 * list invalid (`undefined`), so a book never stores a corrupt level.
 *
 * @example
 * ```ts
 * parseLevels([['0.3513', '6195.0']], (l) => l[0], (l) => l[1]); // [[0.3513, 6195]]
 * ```
 */
export function parseLevels<L>(levels: readonly L[], price: (level: L) => string | number, quantity: (level: L) => string | number): BookLevel[] | undefined {
  const out = new Array<BookLevel>(levels.length);
  for (let i = 0; i < levels.length; i++) {
    const level = levels[i]!;
    const p = price(level);
    const q = quantity(level);
    const pn = typeof p === 'number' ? p : parseDecimal(p);
    const qn = typeof q === 'number' ? q : parseDecimal(q);
    if (!isValidLevel(pn, qn)) return undefined;
    out[i] = [pn, qn];
  }
  return out;
}
