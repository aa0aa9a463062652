import type { BookLevel } from '../../model/book-event';
import type { Trade } from '../../model/trade';

/**
 * A decoded `l2_data` event of one product, as handed to the book synchroniser: a full book
 * (`snapshot`, both sides best first, no zero levels) or changed levels (`update`, absolute quantities,
 * `0` removes).
 *
 * @example
 * ```ts
 * const update: CoinbaseBookUpdate = { kind: 'update', bids: [[65062.5, 0.00583]], asks: [], timestamp: 1786309548210.883 };
 * ```
 */
export interface CoinbaseBookUpdate {
  readonly kind: 'snapshot' | 'update';
  readonly bids: BookLevel[];
  readonly asks: BookLevel[];
  /** `event_time` of the event's levels (the message `timestamp` for an empty event), epoch ms. */
  readonly timestamp: number;
}

/**
 * The normalized trades of one product from one `market_trades` event, oldest first. `snapshot`
 * marks the recent trades Coinbase sends on subscribe (not live trades).
 *
 * @example
 * ```ts
 * const batch: CoinbaseTradeBatch = { snapshot: false, trades: [trade] };
 * ```
 */
export interface CoinbaseTradeBatch {
  readonly snapshot: boolean;
  readonly trades: Trade[];
}
