import type { BookLevel } from '../../model/book-event';
import type { MarketStats, SimulatedTrade } from '../harness/simulated-market';

/**
 * A decimal as Coinbase writes it: plain notation, no trailing zeros (`"65080"`, `"0.001546"`,
 * `"0.00000011"`, never `1.1e-7`), rounded to `decimals` places.
 *
 * @example
 * ```ts
 * coinbaseDecimal(65080, 2);       // '65080'
 * coinbaseDecimal(0.00000011, 8);  // '0.00000011'
 * ```
 */
export function coinbaseDecimal(value: number, decimals: number): string {
  const fixed = value.toFixed(decimals);
  if (decimals === 0) return fixed;
  let end = fixed.length;
  while (fixed.charCodeAt(end - 1) === 48) end--; // '0'
  if (fixed.charCodeAt(end - 1) === 46) end--; // '.'
  const text = fixed.slice(0, end);
  return text === '-0' ? '0' : text;
}

/** `YYYY-MM-DDTHH:MM:SS` of an epoch-ms time, and the fraction of its second in ms. */
function splitTime(epochMs: number): { whole: string; fractionMs: number } {
  const seconds = Math.floor(epochMs / 1000);
  return { whole: new Date(seconds * 1000).toISOString().slice(0, 19), fractionMs: epochMs - seconds * 1000 };
}

/**
 * A message `timestamp` as Coinbase writes it: UTC, nine fraction digits
 * (`2026-08-09T21:05:48.228568804Z`).
 *
 * @example
 * ```ts
 * coinbaseTimestamp(Date.UTC(2026, 7, 9, 21, 5, 48, 228) + 0.568804); // '2026-08-09T21:05:48.228568804Z'
 * ```
 */
export function coinbaseTimestamp(epochMs: number): string {
  const { whole, fractionMs } = splitTime(epochMs);
  const nanos = Math.min(999_999_999, Math.round(fractionMs * 1e6));
  return `${whole}.${String(nanos).padStart(9, '0')}Z`;
}

/**
 * An `event_time` / trade `time` as Coinbase writes it: microseconds with trailing zeros dropped
 * (`2026-08-09T21:05:48.170326Z`, `2026-08-09T21:05:48.35161Z`), no fraction for a whole second.
 *
 * @example
 * ```ts
 * coinbaseEventTime(Date.UTC(2026, 7, 9, 21, 5, 48, 351) + 0.61); // '2026-08-09T21:05:48.35161Z'
 * ```
 */
export function coinbaseEventTime(epochMs: number): string {
  const { whole, fractionMs } = splitTime(epochMs);
  const micros = Math.min(999_999, Math.round(fractionMs * 1000));
  if (micros === 0) return `${whole}Z`;
  return `${whole}.${String(micros).padStart(6, '0').replace(/0+$/, '')}Z`;
}

/**
 * One whole message: `{"channel":…,"timestamp":…,"sequence_num":…,"events":…}` (the capture's key
 * order) around already serialized `eventsJson`, so the events are serialized once for every
 * connection and only the per-connection `sequence_num` differs.
 *
 * @example
 * ```ts
 * coinbaseFrame('ticker', coinbaseTimestamp(Date.now()), 6, JSON.stringify([tickerEvent('snapshot', [item])]));
 * ```
 */
export function coinbaseFrame(channel: string, timestamp: string, sequence: number, eventsJson: string): string {
  return `{"channel":${JSON.stringify(channel)},"timestamp":"${timestamp}","sequence_num":${sequence},"events":${eventsJson}}`;
}

/**
 * One level of an `l2_data` event on the wire.
 *
 * @example
 * ```ts
 * const level: CoinbaseWireLevel = { side: 'offer', event_time: '2026-08-09T21:05:48.264069Z', price_level: '65106.54', new_quantity: '0' };
 * ```
 */
export interface CoinbaseWireLevel {
  readonly side: 'bid' | 'offer';
  readonly event_time: string;
  readonly price_level: string;
  readonly new_quantity: string;
}

/**
 * Wire levels of one side (`bid` or `offer`), in the order given.
 *
 * @example
 * ```ts
 * wireLevels('bid', [[65083.66, 0.2]], '2026-08-09T21:05:48.170326Z', 2, 8);
 * ```
 */
export function wireLevels(side: 'bid' | 'offer', levels: readonly BookLevel[], eventTime: string, priceDecimals: number, quantityDecimals: number): CoinbaseWireLevel[] {
  return levels.map(([price, quantity]) => ({
    side,
    event_time: eventTime,
    price_level: coinbaseDecimal(price, priceDecimals),
    new_quantity: coinbaseDecimal(quantity, quantityDecimals),
  }));
}

/**
 * An `l2_data` event: `{"type":"snapshot"|"update","product_id":…,"updates":[…]}`.
 *
 * @example
 * ```ts
 * level2Event('snapshot', 'BTC-USD', [...wireLevels('bid', bids, t, 2, 8), ...wireLevels('offer', asks, t, 2, 8)]);
 * ```
 */
export function level2Event(type: 'snapshot' | 'update', product: string, updates: readonly CoinbaseWireLevel[]): object {
  return { type, product_id: product, updates };
}

/**
 * The 52-week range a simulated market reports (not tracked by the market itself).
 *
 * @example
 * ```ts
 * const range: YearRange = { low: 57717.55, high: 126296 };
 * ```
 */
export interface YearRange {
  readonly low: number;
  readonly high: number;
}

/**
 * One item of a `ticker` event, with every field of the real capture, in its order.
 *
 * @example
 * ```ts
 * tickerItem('BTC-USD', market.stats(), { low: 57717.55, high: 126296 }, 2, 8);
 * ```
 */
export function tickerItem(product: string, stats: MarketStats, year: YearRange, priceDecimals: number, quantityDecimals: number): object {
  const price = (value: number): string => coinbaseDecimal(value, priceDecimals);
  const quantity = (value: number): string => coinbaseDecimal(value, quantityDecimals);
  return {
    type: 'ticker',
    product_id: product,
    price: price(stats.last),
    volume_24_h: quantity(stats.volume),
    low_24_h: price(stats.low),
    high_24_h: price(stats.high),
    low_52_w: price(year.low),
    high_52_w: price(year.high),
    price_percent_chg_24_h: coinbaseDecimal(stats.priceChangePercent, 14),
    best_bid: price(stats.bid),
    best_ask: price(stats.ask),
    best_bid_quantity: quantity(stats.bidSize),
    best_ask_quantity: quantity(stats.askSize),
  };
}

/**
 * A `ticker` event: `{"type":…,"tickers":[…]}`.
 *
 * @example
 * ```ts
 * tickerEvent('update', [tickerItem('BTC-USD', stats, year, 2, 8)]);
 * ```
 */
export function tickerEvent(type: 'snapshot' | 'update', tickers: readonly object[]): object {
  return { type, tickers };
}

/**
 * One item of a `market_trades` event. Coinbase's `side` is the MAKER's side (`SELL` when the taker
 * bought), so it is the opposite of the simulated (taker) side.
 *
 * @example
 * ```ts
 * tradeItem('BTC-USD', { id: 1068572091, price: 65083.67, amount: 0.01034361, side: 'buy', timestamp: Date.now() }, 2, 8); // side: 'SELL'
 * ```
 */
export function tradeItem(product: string, trade: SimulatedTrade, priceDecimals: number, quantityDecimals: number): object {
  return {
    product_id: product,
    trade_id: String(trade.id),
    price: coinbaseDecimal(trade.price, priceDecimals),
    size: coinbaseDecimal(trade.amount, quantityDecimals),
    time: coinbaseEventTime(trade.timestamp),
    side: trade.side === 'buy' ? 'SELL' : 'BUY',
  };
}

/**
 * A `market_trades` event: `{"type":…,"trades":[…]}`, trades newest first as Coinbase lists them.
 *
 * @example
 * ```ts
 * tradesEvent('update', [tradeItem('BTC-USD', trade, 2, 8)]);
 * ```
 */
export function tradesEvent(type: 'snapshot' | 'update', trades: readonly object[]): object {
  return { type, trades };
}

/**
 * A `heartbeats` event: Go's `time.Now()` text (with the monotonic `m=+` uptime) and the counter.
 *
 * @example
 * ```ts
 * heartbeatEvent(Date.now(), 41691.260485341, 41691); // { current_time: '2026-08-09 21:05:48.854840045 +0000 UTC m=+41691.260485341', heartbeat_counter: 41691 }
 * ```
 */
export function heartbeatEvent(epochMs: number, uptimeSeconds: number, counter: number): object {
  const stamp = coinbaseTimestamp(epochMs);
  return {
    current_time: `${stamp.slice(0, 10)} ${stamp.slice(11, -1)} +0000 UTC m=+${uptimeSeconds.toFixed(9)}`,
    heartbeat_counter: counter,
  };
}

/**
 * A `subscriptions` event: every channel of the connection with its products (`heartbeats` lists
 * `["heartbeats"]`), sent after each (un)subscribe.
 *
 * @example
 * ```ts
 * subscriptionsEvent({ level2: ['BTC-USD'], heartbeats: ['heartbeats'] });
 * ```
 */
export function subscriptionsEvent(subscriptions: Readonly<Record<string, readonly string[]>>): object {
  return { subscriptions };
}

/**
 * An error reply: `{"type":"error","message":"…"}` (no `sequence_num`).
 *
 * @example
 * ```ts
 * errorMessage('failure to subscribe'); // '{"type":"error","message":"failure to subscribe"}'
 * ```
 */
export function errorMessage(message: string): string {
  return JSON.stringify({ type: 'error', message });
}
