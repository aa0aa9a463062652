import type { BookLevel } from '../../model/book-event';

/**
 * A decoded USD-M depth event, as handed to the book synchroniser: `U` (`firstUpdateId`), `u`
 * (`lastUpdateId`), `pu` (`previousUpdateId`: the `u` of the stream's previous event).
 *
 * @example
 * ```ts
 * const diff: BinanceFuturesDepthDiff = { firstUpdateId: 157, lastUpdateId: 160, previousUpdateId: 150, timestamp: 1, bids: [[100, 1]], asks: [] };
 * ```
 */
export interface BinanceFuturesDepthDiff {
  readonly firstUpdateId: number;
  readonly lastUpdateId: number;
  readonly previousUpdateId: number;
  /** Event time `E`, epoch ms. */
  readonly timestamp: number;
  readonly bids: BookLevel[];
  readonly asks: BookLevel[];
}

/**
 * A decoded `@bookTicker`: best bid/ask with sizes and the update id they reflect.
 *
 * @example
 * ```ts
 * const top: BinanceFuturesTop = { bid: 7.611, bidSize: 2, ask: 7.612, askSize: 297, updateId: 600859600576, timestamp: 1626992741017 };
 * ```
 */
export interface BinanceFuturesTop {
  readonly bid: number;
  readonly bidSize: number;
  readonly ask: number;
  readonly askSize: number;
  readonly updateId: number;
  readonly timestamp: number;
}

/**
 * A decoded `@ticker`: the 24 h statistics rxmarket normalizes (`change24h` in percent).
 *
 * @example
 * ```ts
 * const stats: BinanceFuturesStats = { price: 65000.1, high24h: 66000, low24h: 64000, volume24h: 1234.5, change24h: 1.5, timestamp: 1, localTimestamp: 2 };
 * ```
 */
export interface BinanceFuturesStats {
  readonly price: number;
  readonly high24h: number;
  readonly low24h: number;
  readonly volume24h: number;
  readonly change24h: number;
  readonly timestamp: number;
  /** Receipt time of the frame. */
  readonly localTimestamp: number;
}

/**
 * A decoded `@markPrice@1s`: fields the contract does not have (funding of a delivery contract) are
 * `undefined`.
 *
 * @example
 * ```ts
 * const mark: BinanceFuturesMark = { markPrice: 11794.15, indexPrice: 11784.62, fundingRate: 0.00038167, nextFundingTime: 1562306400000, timestamp: 1562305380000, localTimestamp: 1562305380012.5 };
 * ```
 */
export interface BinanceFuturesMark {
  readonly markPrice: number;
  readonly indexPrice: number;
  readonly fundingRate: number | undefined;
  readonly nextFundingTime: number | undefined;
  readonly timestamp: number;
  /** Receipt time of the frame. */
  readonly localTimestamp: number;
}
