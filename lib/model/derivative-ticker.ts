import type { ExchangeId } from './exchange-id';

/**
 * The derivative data of a perpetual swap or future: mark and index price, funding and open interest.
 * A field the venue does not send (or has not sent yet) is `undefined`, never `0`.
 *
 * `timestamp` is the exchange's event time (epoch ms); `localTimestamp` the receipt time (epoch ms,
 * sub-millisecond). `fundingRate` is a fraction per funding interval (0.0001 = 0.01 %).
 *
 * @example
 * ```ts
 * binanceFutures().derivativeTicker('BTC/USDT:USDT').subscribe((d: DerivativeTicker) => console.log(d.markPrice, d.fundingRate));
 * ```
 */
export interface DerivativeTicker {
  readonly type: 'derivative_ticker';
  readonly exchange: ExchangeId;
  /** Unified `BASE/QUOTE:SETTLE` symbol. */
  readonly symbol: string;
  readonly markPrice: number | undefined;
  readonly indexPrice: number | undefined;
  readonly lastPrice: number | undefined;
  /** Current (predicted) funding rate, a fraction per funding interval. */
  readonly fundingRate: number | undefined;
  /** When the next funding happens, epoch ms. */
  readonly nextFundingTime: number | undefined;
  /** Open interest in contracts or base currency, as the venue reports it. */
  readonly openInterest: number | undefined;
  readonly timestamp: number;
  readonly localTimestamp: number;
}
