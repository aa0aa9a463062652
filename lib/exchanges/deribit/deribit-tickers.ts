import type { DerivativeTicker } from '../../model/derivative-ticker';
import type { Ticker } from '../../model/ticker';
import type { DeribitTickerData } from './deribit-codecs';

/**
 * What the decoder hands to the listeners of a `ticker.{instrument}.100ms` stream: the
 * {@link Ticker} (when the notification carries a last price, both sides and the 24 h statistics)
 * and the {@link DerivativeTicker} (always; fields Deribit did not send are `undefined`).
 *
 * @example
 * ```ts
 * const payload: DeribitTickerPayload = { ticker, derivative };
 * ```
 */
export interface DeribitTickerPayload {
  readonly ticker?: Ticker;
  readonly derivative: DerivativeTicker;
}

/** A wire number as the model wants it: `null`/absent → `undefined`. */
const known = (value: number | null | undefined): number | undefined => (value === null ? undefined : value);

/**
 * The normalized tickers of one `ticker` notification, or a description of what is wrong when a
 * present field is not a finite number.
 *
 * - {@link DerivativeTicker}: `markPrice` = `mark_price`, `indexPrice` = `index_price`, `lastPrice` =
 *   `last_price`, `fundingRate` = `current_funding` (perpetuals; the current funding rate, a
 *   fraction), `openInterest` = `open_interest` (in the instrument's amount unit: USD for inverse
 *   contracts), `nextFundingTime` always `undefined`: Deribit computes funding continuously (every
 *   millisecond, on the 8-hourly rate) and has no next funding instant.
 * - {@link Ticker}: `price` = `last_price`, best bid/ask and amounts, `high24h`/`low24h`/`volume24h`
 *   (base currency) from `stats`, `change24h` = `stats.price_change` (already a percentage); left
 *   out while any of them is `null` (no trade in 24 h, an empty side).
 *
 * @example
 * ```ts
 * deribitTickerPayload('BTC/USD:BTC', data, receivedAt).derivative.fundingRate; // data.current_funding
 * ```
 */
export function deribitTickerPayload(symbol: string, data: DeribitTickerData, localTimestamp: number): DeribitTickerPayload | string {
  const { timestamp } = data;
  const stats = data.stats ?? {};
  const values = [
    data.mark_price,
    data.index_price,
    data.last_price,
    data.current_funding,
    data.open_interest,
    data.best_bid_price,
    data.best_bid_amount,
    data.best_ask_price,
    data.best_ask_amount,
    stats.high,
    stats.low,
    stats.volume,
    stats.price_change,
  ];
  if (!Number.isFinite(timestamp) || values.some((value) => typeof value === 'number' && !Number.isFinite(value))) return 'deribit: a ticker field is not a finite number';
  const derivative: DerivativeTicker = {
    type: 'derivative_ticker',
    exchange: 'deribit',
    symbol,
    markPrice: known(data.mark_price),
    indexPrice: known(data.index_price),
    lastPrice: known(data.last_price),
    fundingRate: known(data.current_funding),
    nextFundingTime: undefined,
    openInterest: known(data.open_interest),
    timestamp,
    localTimestamp,
  };
  const price = known(data.last_price);
  const bid = known(data.best_bid_price);
  const bidSize = known(data.best_bid_amount);
  const ask = known(data.best_ask_price);
  const askSize = known(data.best_ask_amount);
  const high24h = known(stats.high);
  const low24h = known(stats.low);
  const volume24h = known(stats.volume);
  const change24h = known(stats.price_change);
  if (
    price === undefined ||
    bid === undefined ||
    bidSize === undefined ||
    ask === undefined ||
    askSize === undefined ||
    high24h === undefined ||
    low24h === undefined ||
    volume24h === undefined ||
    change24h === undefined
  ) {
    return { derivative };
  }
  const ticker: Ticker = { type: 'ticker', exchange: 'deribit', symbol, price, bid, bidSize, ask, askSize, high24h, low24h, volume24h, change24h, timestamp, localTimestamp };
  return { ticker, derivative };
}
