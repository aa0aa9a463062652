import type { BookLevel } from '../../model/book-event';

/**
 * A depth event as the Binance book synchronisers see it: first and final update ids, and (USD-M
 * only) `pu`, the final update id of the stream's previous event.
 *
 * @example
 * ```ts
 * const diff: BinanceSyncDiff = { firstUpdateId: 157, lastUpdateId: 160, previousUpdateId: 150, timestamp: 1, bids: [], asks: [] };
 * ```
 */
export interface BinanceSyncDiff {
  readonly firstUpdateId: number;
  readonly lastUpdateId: number;
  readonly previousUpdateId?: number;
  readonly timestamp: number;
  readonly bids: BookLevel[];
  readonly asks: BookLevel[];
}

/**
 * How a Binance venue joins a REST snapshot to its diff-depth stream: which buffered events the
 * snapshot already contains, which event may be the first applied ("bridging"), and which event may
 * follow another. Binance spot and USD-M futures document different rules; the synchroniser
 * ({@link BinanceSnapshotBookSync}) is the same.
 *
 * @example
 * ```ts
 * const rule: BinanceSyncRule = BINANCE_FUTURES_SYNC_RULE;
 * rule.bridges({ firstUpdateId: 5, lastUpdateId: 9, previousUpdateId: 3, timestamp: 0, bids: [], asks: [] }, 7); // true
 * ```
 */
export interface BinanceSyncRule {
  /** For messages: `spot` or `usd-m`. */
  readonly name: string;
  /** `true` when a snapshot at `lastUpdateId` already contains `diff` (it is dropped). */
  contained(diff: BinanceSyncDiff, lastUpdateId: number): boolean;
  /** `true` when `diff` may be the first event applied on a snapshot at `lastUpdateId`. */
  bridges(diff: BinanceSyncDiff, lastUpdateId: number): boolean;
  /** `true` when `diff` directly follows `previous` (no update lost in between). */
  continues(diff: BinanceSyncDiff, previous: BinanceSyncDiff): boolean;
}

/**
 * USD-M futures' documented procedure: drop events with `u < lastUpdateId`; the first applied event
 * has `U <= lastUpdateId <= u`; every later event's `pu` equals the previous event's `u`. An event
 * whose `pu` equals `lastUpdateId` also bridges: it starts right after the snapshot's last update (the
 * case of a market that was quiet when the snapshot was taken, where no event straddles it).
 *
 * @example
 * ```ts
 * BINANCE_FUTURES_SYNC_RULE.contained(diff, snapshot.lastUpdateId); // diff.lastUpdateId < snapshot.lastUpdateId
 * ```
 */
export const BINANCE_FUTURES_SYNC_RULE: BinanceSyncRule = {
  name: 'usd-m',
  contained: (diff, lastUpdateId) => diff.lastUpdateId < lastUpdateId,
  bridges: (diff, lastUpdateId) =>
    (diff.firstUpdateId <= lastUpdateId && lastUpdateId <= diff.lastUpdateId) || diff.previousUpdateId === lastUpdateId,
  continues: (diff, previous) => diff.previousUpdateId === previous.lastUpdateId,
};

/**
 * Binance spot's documented procedure: drop events with `u <= lastUpdateId`; the first applied event
 * has `U <= lastUpdateId + 1 <= u`; every later event's `U` is at most the previous `u + 1`. (On the
 * USD-M capture it fails: futures ids are not consecutive per symbol.)
 *
 * @example
 * ```ts
 * BINANCE_SPOT_SYNC_RULE.bridges({ firstUpdateId: 8, lastUpdateId: 9, timestamp: 0, bids: [], asks: [] }, 7); // true
 * ```
 */
export const BINANCE_SPOT_SYNC_RULE: BinanceSyncRule = {
  name: 'spot',
  contained: (diff, lastUpdateId) => diff.lastUpdateId <= lastUpdateId,
  bridges: (diff, lastUpdateId) => diff.firstUpdateId <= lastUpdateId + 1 && lastUpdateId + 1 <= diff.lastUpdateId,
  continues: (diff, previous) => diff.firstUpdateId <= previous.lastUpdateId + 1,
};
