import type { Trade } from '../../model/trade';

/**
 * One `P0` book level as Bitfinex sent it: `[PRICE, COUNT, AMOUNT]` (amount > 0 a bid, < 0 an ask;
 * count 0 deletes the level, its amount's sign naming the side), with the exact text of the price
 * and the amount in the frame (the checksum is computed on those texts, never on reformatted floats).
 *
 * @example
 * ```ts
 * const level: BitfinexLevel = { price: 7364.9, count: 3, amount: -0.42028976, priceText: '7364.9', amountText: '-0.42028976' };
 * ```
 */
export interface BitfinexLevel {
  readonly price: number;
  readonly count: number;
  readonly amount: number;
  readonly priceText: string;
  readonly amountText: string;
}

/**
 * What the frame decoder hands a book listener: the snapshot (first message after `subscribed`),
 * one level update, or a `cs` checksum of the top 25 levels a side after the updates before it.
 *
 * @example
 * ```ts
 * const payload: BitfinexBookPayload = { kind: 'checksum', checksum: -890884919 };
 * ```
 */
export type BitfinexBookPayload =
  | { readonly kind: 'snapshot'; readonly levels: readonly BitfinexLevel[] }
  | { readonly kind: 'update'; readonly level: BitfinexLevel }
  | { readonly kind: 'checksum'; readonly checksum: number };

/**
 * What the frame decoder hands a trades listener: the snapshot of recent trades sent after
 * `subscribed` (newest first, as Bitfinex sends it), or one executed trade (`te`). `tu` (the same
 * trade again, once written to Bitfinex's database) is not delivered.
 *
 * @example
 * ```ts
 * const payload: BitfinexTradePayload = { kind: 'executed', trade };
 * ```
 */
export type BitfinexTradePayload = { readonly kind: 'snapshot'; readonly trades: readonly Trade[] } | { readonly kind: 'executed'; readonly trade: Trade };
