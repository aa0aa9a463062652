import type { DerivativeTicker } from '../../model/derivative-ticker';
import { formatClock, formatPct, formatPrice, formatSize } from './numbers';

/**
 * One human-readable line for a derivative ticker: mark, index and last price, funding rate (in
 * percent per interval) and when it is next paid (local clock), open interest; `-` for what the venue
 * has not sent.
 *
 * @example
 * ```ts
 * derivativeLine(d); // '14:03:07.512 binanceFutures BTC/USDT:USDT mark 65000.45  index 64999.15  last 64999.70  funding +0.0105% next 16:00:00  OI 38.0090'
 * ```
 */
export function derivativeLine(d: DerivativeTicker): string {
  const price = (value: number | undefined): string => formatPrice(value ?? NaN);
  const funding = d.fundingRate === undefined ? '-' : formatPct(d.fundingRate * 100, 4);
  const next = d.nextFundingTime === undefined ? '-' : formatClock(d.nextFundingTime).slice(0, 8);
  return (
    `${formatClock(d.timestamp)} ${d.exchange} ${d.symbol} mark ${price(d.markPrice)}  index ${price(d.indexPrice)}  last ${price(d.lastPrice)}  ` +
    `funding ${funding} next ${next}  OI ${formatSize(d.openInterest ?? NaN)}`
  );
}
