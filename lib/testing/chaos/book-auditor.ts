import type { BookEvent, BookLevel } from '../../model/book-event';
import type { ExchangeId } from '../../model/exchange-id';
import { bookKey, type TruthHistory } from './truth-history';

const MAX_RECORDED_VIOLATIONS = 20;

function isValidLevel(level: unknown): boolean {
  if (!Array.isArray(level) || level.length !== 2) return false;
  const [price, quantity] = level as unknown[];
  return typeof price === 'number' && typeof quantity === 'number' && price > 0 && price < Infinity && quantity >= 0 && quantity < Infinity;
}

/**
 * Checks every book event a client emits, independently of `lib/book`: each level is a valid
 * number pair, snapshots are sorted best first with no empty level, no delta comes before a
 * snapshot, and after every event the book (kept in a naive price→quantity map) equals the ground
 * truth at some update id not older than the last one it was verified at — the book never shows a
 * state the market was not in, and never goes back in time. It also keeps the time the book was
 * available (verified) for the availability figure.
 *
 * @example
 * ```ts
 * const auditor = new BookAuditor(history, 'binance', 'BTC/USDT');
 * bn.book('BTC/USDT', { depth: 1000 }).subscribe((event) => auditor.observe(event));
 * // ...
 * expect(auditor.violations).toEqual([]);
 * ```
 */
export class BookAuditor {
  /** The first violations, described (at most 20 kept; see {@link violationCount}). */
  readonly violations: string[] = [];
  violationCount = 0;
  /** Events observed, snapshots among them, and events whose book matched the truth. */
  events = 0;
  snapshots = 0;
  verified = 0;
  /** Update id the book was last verified at (`undefined` before the first snapshot). */
  lastVerifiedId: number | undefined;
  /** Time (from `now`) of the last snapshot that verified. */
  lastVerifiedSnapshotAt = -Infinity;
  private readonly bids = new Map<number, number>();
  private readonly asks = new Map<number, number>();
  private hasSnapshot = false;
  private startedAt: number | undefined;
  private available = false;
  private unavailableSince = 0;
  private unavailableMs = 0;

  constructor(
    private readonly history: TruthHistory,
    readonly exchange: ExchangeId,
    readonly symbol: string,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Checks one event; never throws (a problem becomes a violation). */
  observe(event: BookEvent): void {
    try {
      this.check(event);
    } catch (error) {
      this.violate(`auditor failed on an event: ${(error as Error).message}`);
    }
  }

  /** The audited book's top `depth` levels per side, best first. */
  top(depth: number): { bids: BookLevel[]; asks: BookLevel[] } {
    return { bids: sortedTop(this.bids, depth, true), asks: sortedTop(this.asks, depth, false) };
  }

  /** `true` when the audited book's top `depth` levels equal `bids`/`asks`. */
  equals(bids: readonly BookLevel[], asks: readonly BookLevel[], depth: number): boolean {
    const top = this.top(depth);
    return bookKey(top.bids, top.asks, depth) === bookKey(bids, asks, depth);
  }

  /** The book is known not to be current (a resync, a lost connection, a stall) from `at` on. */
  markUnavailable(at = this.now()): void {
    if (!this.available) return;
    this.available = false;
    this.unavailableSince = at;
  }

  /** Time the book was unavailable since its first verified snapshot, up to `at`, in ms. */
  downtimeMs(at = this.now()): number {
    if (this.startedAt === undefined) return 0;
    return this.unavailableMs + (this.available ? 0 : at - this.unavailableSince);
  }

  /** Fraction of the time since the first verified snapshot that the book was available. */
  availability(at = this.now()): number {
    if (this.startedAt === undefined) return 0;
    const total = at - this.startedAt;
    const down = this.downtimeMs(at);
    return total > 0 ? Math.max(0, 1 - down / total) : 1;
  }

  private check(event: BookEvent): void {
    this.events++;
    if (event.exchange !== this.exchange || event.symbol !== this.symbol) {
      this.violate(`event for ${event.exchange} ${event.symbol} on the ${this.exchange} ${this.symbol} book`);
      return;
    }
    for (const side of [event.bids, event.asks]) {
      for (const level of side) {
        if (!isValidLevel(level)) {
          this.violate(`${event.type} carries an invalid level ${JSON.stringify(level)}`);
          return;
        }
      }
    }
    if (event.type === 'snapshot') {
      if (!isSorted(event.bids, true) || !isSorted(event.asks, false)) this.violate('snapshot levels are not sorted best first');
      if (event.bids.some((l) => l[1] === 0) || event.asks.some((l) => l[1] === 0)) this.violate('snapshot carries a level of quantity 0');
      this.snapshots++;
      this.hasSnapshot = true;
      this.bids.clear();
      this.asks.clear();
    } else if (!this.hasSnapshot) {
      this.violate('delta before any snapshot');
      return;
    }
    apply(this.bids, event.bids);
    apply(this.asks, event.asks);
    this.verify(event.type === 'snapshot');
  }

  private verify(snapshot: boolean): void {
    const depth = this.history.depth;
    const top = this.top(depth);
    const key = bookKey(top.bids, top.asks, depth);
    const from = this.lastVerifiedId ?? this.history.oldestId(this.symbol);
    const id = this.history.find(this.symbol, key, from);
    if (id === undefined) {
      const earlier = this.history.findBefore(this.symbol, key, from);
      this.violate(
        `${snapshot ? 'snapshot' : 'delta'} #${this.events} shows a book that matches no truth at update id ≥ ${from} (latest ${this.history.latestId(this.symbol)}` +
          `${earlier === undefined ? ', nor any earlier one' : `; it equals the older ${earlier}: went back in time`}); best ${JSON.stringify([top.bids[0], top.asks[0]])}`,
      );
      this.markUnavailable();
      return;
    }
    this.verified++;
    this.lastVerifiedId = id;
    const at = this.now();
    if (snapshot) this.lastVerifiedSnapshotAt = at;
    if (this.startedAt === undefined) {
      this.startedAt = at;
      this.available = true;
    } else if (!this.available && snapshot) {
      this.available = true;
      this.unavailableMs += at - this.unavailableSince;
    }
  }

  private violate(message: string): void {
    this.violationCount++;
    if (this.violations.length < MAX_RECORDED_VIOLATIONS) this.violations.push(`${this.exchange} ${this.symbol}: ${message}`);
  }
}

function apply(side: Map<number, number>, levels: readonly BookLevel[]): void {
  for (const [price, quantity] of levels) {
    if (quantity === 0) side.delete(price);
    else side.set(price, quantity);
  }
}

function sortedTop(side: Map<number, number>, depth: number, descending: boolean): BookLevel[] {
  const prices = [...side.keys()].sort((a, b) => (descending ? b - a : a - b));
  const count = Math.min(depth, prices.length);
  const out: BookLevel[] = new Array(count);
  for (let i = 0; i < count; i++) out[i] = [prices[i]!, side.get(prices[i]!)!];
  return out;
}

function isSorted(levels: readonly BookLevel[], descending: boolean): boolean {
  for (let i = 1; i < levels.length; i++) {
    if (descending ? levels[i]![0] >= levels[i - 1]![0] : levels[i]![0] <= levels[i - 1]![0]) return false;
  }
  return true;
}
