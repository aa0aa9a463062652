import type { ExchangeId } from './exchange-id';

/**
 * One price level: `[price, quantity]`. In a delta, quantity `0` removes the level.
 *
 * @example
 * ```ts
 * const level: BookLevel = [65000.5, 0.25];
 * ```
 */
export type BookLevel = readonly [price: number, quantity: number];

/**
 * A full order book image. Any previously held book for `exchange`+`symbol` is replaced.
 * A new snapshot follows every resync (gap, checksum mismatch, reconnect).
 *
 * @example
 * ```ts
 * bn.book('BTC/USDT').pipe(filter((e): e is BookSnapshot => e.type === 'snapshot'));
 * ```
 */
export interface BookSnapshot {
  readonly type: 'snapshot';
  readonly exchange: ExchangeId;
  readonly symbol: string;
  /** Best (highest) first. */
  readonly bids: readonly BookLevel[];
  /** Best (lowest) first. */
  readonly asks: readonly BookLevel[];
  readonly timestamp: number;
  readonly localTimestamp: number;
}

/**
 * An incremental change to the book: each level's quantity is absolute, `0` removes the level.
 *
 * @example
 * ```ts
 * const delta: BookDelta = { type: 'delta', exchange: 'binance', symbol: 'BTC/USDT', bids: [[100, 0]], asks: [], timestamp: 1, localTimestamp: 1.2 };
 * ```
 */
export interface BookDelta {
  readonly type: 'delta';
  readonly exchange: ExchangeId;
  readonly symbol: string;
  readonly bids: readonly BookLevel[];
  readonly asks: readonly BookLevel[];
  readonly timestamp: number;
  readonly localTimestamp: number;
}

/**
 * What `client.book(symbol)` emits: a snapshot, then deltas; a new snapshot after every resync.
 *
 * @example
 * ```ts
 * bn.book('BTC/USDT').subscribe((e: BookEvent) => console.log(e.type, e.bids.length));
 * ```
 */
export type BookEvent = BookSnapshot | BookDelta;
