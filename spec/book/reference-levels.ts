import type { BookLevel } from '../../lib/model/book-event';

/**
 * Naive reference for one book side, used by the property tests: a plain Map, sorted on every read.
 *
 * @example
 * ```ts
 * const ref = new ReferenceLevels('bid');
 * ref.set(100, 1);
 * ref.sorted(); // [[100, 1]]
 * ```
 */
export class ReferenceLevels {
  readonly levels = new Map<number, number>();

  constructor(readonly side: 'bid' | 'ask') {}

  set(price: number, quantity: number): void {
    const valid = Number.isFinite(price) && Number.isFinite(quantity) && price > 0 && quantity >= 0;
    if (!valid) return;
    if (quantity === 0) this.levels.delete(price);
    else this.levels.set(price, quantity);
  }

  sorted(): BookLevel[] {
    const all = [...this.levels.entries()].map(([p, q]): BookLevel => [p, q]);
    return all.sort((a, b) => (this.side === 'bid' ? b[0] - a[0] : a[0] - b[0]));
  }

  top(n: number): BookLevel[] {
    return this.sorted().slice(0, Math.max(0, n));
  }

  truncate(n: number): void {
    const kept = this.top(Math.floor(n));
    this.levels.clear();
    for (const [p, q] of kept) this.levels.set(p, q);
  }

  clear(): void {
    this.levels.clear();
  }
}
