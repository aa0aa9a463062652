import type { ExchangeId } from '../model/exchange-id';

/**
 * Distribution of one measure over the samples in the window, in ms. Percentiles use the
 * nearest-rank method (`p50` of `[1, 2, 3, 4]` is `2`). All `NaN` when `count` is 0.
 *
 * @example
 * ```ts
 * const s: LatencySummary = { count: 4, min: 1, p50: 2, p90: 4, p99: 4, max: 4, mean: 2.5 };
 * ```
 */
export interface LatencySummary {
  readonly count: number;
  readonly min: number;
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
  readonly max: number;
  readonly mean: number;
}

/**
 * Rolling latency of one exchange, as emitted by `latency()`. The top-level figures are the feed
 * latency `localTimestamp - timestamp` (exchange event time → local receipt, clock skew included,
 * so it can be negative). `processing` is the library's own overhead `scheduler.now()` at the
 * operator − `localTimestamp` (receipt → emission), meaningful when the client and the operator
 * share a clock.
 *
 * @example
 * ```ts
 * bn.trades('BTC/USDT').pipe(latency()).subscribe((s: LatencyStats) => console.log(s.exchange, s.p99, s.processing.p99));
 * ```
 */
export interface LatencyStats extends LatencySummary {
  readonly exchange: ExchangeId;
  /** Window length in ms: samples that arrived in `(timestamp - window, timestamp]`. */
  readonly window: number;
  /** Samples seen since subscription (not capped by the window). */
  readonly total: number;
  /** Scheduler time of this report. */
  readonly timestamp: number;
  readonly processing: LatencySummary;
}
