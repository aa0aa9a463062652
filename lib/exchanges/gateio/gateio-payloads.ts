import { isValidLevel } from '../../book/price-levels';
import type { BookLevel } from '../../model/book-event';
import { parseDecimal } from '../common/parse-decimal';

/**
 * A decoded `spot.order_book_update` message, as handed to the book synchroniser: update ids
 * `first` (`U`) .. `last` (`u`), whether it is the whole book (`full`), the book time `t` (ms) and
 * absolute levels (quantity 0 removes).
 *
 * @example
 * ```ts
 * const update: GateioBookUpdate = { first: 48776301, last: 48776306, full: false, timestamp: 1606294781123, bids: [[19137.74, 0.0001]], asks: [] };
 * ```
 */
export interface GateioBookUpdate {
  readonly first: number;
  readonly last: number;
  readonly full: boolean;
  readonly timestamp: number;
  readonly bids: BookLevel[];
  readonly asks: BookLevel[];
}

/**
 * The `spot.tickers` part of a ticker: last price and 24 h statistics, at the frame's `time_ms`,
 * received at `localTimestamp`.
 *
 * @example
 * ```ts
 * const stats: GateioTickerStats = { price: 19106.55, high24h: 19417.74, low24h: 18434.21, volume24h: 2811.3, change24h: 3.66, timestamp: 1606291803000, localTimestamp: 1606291803012.5 };
 * ```
 */
export interface GateioTickerStats {
  readonly price: number;
  readonly high24h: number;
  readonly low24h: number;
  readonly volume24h: number;
  readonly change24h: number;
  readonly timestamp: number;
  readonly localTimestamp: number;
}

/**
 * The `spot.book_ticker` part of a ticker: best bid and ask with their sizes, at the book time `t`,
 * received at `localTimestamp`.
 *
 * @example
 * ```ts
 * const quote: GateioBestQuote = { bid: 19177.79, bidSize: 0.0003341504, ask: 19179.38, askSize: 0.09, timestamp: 1606293275123, localTimestamp: 1606293275130.2 };
 * ```
 */
export interface GateioBestQuote {
  readonly bid: number;
  readonly bidSize: number;
  readonly ask: number;
  readonly askSize: number;
  readonly timestamp: number;
  readonly localTimestamp: number;
}

/**
 * Parses Gate.io wire levels (`[["price","amount"], …]`) in one validating pass: `undefined` unless
 * `levels` is an array of string pairs that are valid numbers (price > 0, amount ≥ 0, finite).
 *
 * @example
 * ```ts
 * parseGateioLevels([['19137.74', '0.0001']]); // [[19137.74, 0.0001]]
 * parseGateioLevels([['x', '1']]);             // undefined
 * ```
 */
export function parseGateioLevels(levels: unknown): BookLevel[] | undefined {
  if (!Array.isArray(levels)) return undefined;
  const out = new Array<BookLevel>(levels.length);
  for (let i = 0; i < levels.length; i++) {
    const level: unknown = levels[i];
    if (!Array.isArray(level) || level.length !== 2) return undefined;
    const price: unknown = level[0];
    const amount: unknown = level[1];
    if (typeof price !== 'string' || typeof amount !== 'string') return undefined;
    const p = parseDecimal(price);
    const q = parseDecimal(amount);
    if (!isValidLevel(p, q)) return undefined;
    out[i] = [p, q];
  }
  return out;
}
