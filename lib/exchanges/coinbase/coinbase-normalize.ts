import type { BookLevel } from '../../model/book-event';
import type { Ticker } from '../../model/ticker';
import type { Trade, TradeSide } from '../../model/trade';
import { isValidLevel } from '../../book/price-levels';
import { toNumber } from '../common/decode';
import { parseDecimal } from '../common/parse-decimal';
import type { CoinbaseLevel2Event, CoinbaseTickerItem, CoinbaseTradeItem } from './coinbase-codecs';
import type { CoinbaseBookUpdate } from './coinbase-payloads';
import { parseRfc3339 } from '../common/parse-rfc3339';

const byPriceDescending = (a: BookLevel, b: BookLevel): number => b[0] - a[0];
const byPriceAscending = (a: BookLevel, b: BookLevel): number => a[0] - b[0];

/** Sorts `levels` best first in place, unless they already are (Coinbase sends them sorted). */
function bestFirst(levels: BookLevel[], descending: boolean): void {
  for (let i = 1; i < levels.length; i++) {
    const previous = levels[i - 1]![0];
    const current = levels[i]![0];
    if (descending ? current > previous : current < previous) {
      levels.sort(descending ? byPriceDescending : byPriceAscending);
      return;
    }
  }
}

/**
 * Converts an `l2_data` event to a {@link CoinbaseBookUpdate}: `bid` levels to bids, `offer` levels
 * to asks, each validated (price a positive finite number, quantity a non-negative one). A snapshot
 * drops zero levels and is ordered best first. The timestamp is the levels' `event_time` (all levels
 * of one event share it), `messageTime` for an event without levels. Returns an explanation string
 * for an invalid event, so the book never stores a corrupt level.
 *
 * @example
 * ```ts
 * normalizeLevel2({ type: 'update', product_id: 'BTC-USD', updates: [{ side: 'offer', event_time: '2026-08-09T21:05:48.264069Z', price_level: '65106.54', new_quantity: '0' }] }, t);
 * // { kind: 'update', bids: [], asks: [[65106.54, 0]], timestamp: 1786309548264.069 }
 * ```
 */
export function normalizeLevel2(event: CoinbaseLevel2Event, messageTime: number): CoinbaseBookUpdate | string {
  const snapshot = event.type === 'snapshot';
  const updates = event.updates;
  const bids: BookLevel[] = [];
  const asks: BookLevel[] = [];
  for (let i = 0; i < updates.length; i++) {
    const update = updates[i]!;
    const p = update.price_level;
    const q = update.new_quantity;
    const price = parseDecimal(p);
    const quantity = parseDecimal(q);
    if (!isValidLevel(price, quantity)) {
      return `coinbase: l2_data level ${JSON.stringify([p, q])} of ${event.product_id} is not a valid price/quantity`;
    }
    if (snapshot && quantity === 0) continue;
    (update.side === 'bid' ? bids : asks).push([price, quantity]);
  }
  const timestamp = updates.length > 0 ? parseRfc3339(updates[0]!.event_time) : messageTime;
  if (Number.isNaN(timestamp)) return `coinbase: l2_data event_time of ${event.product_id} is not a timestamp`;
  if (snapshot) {
    bestFirst(bids, true);
    bestFirst(asks, false);
  }
  return { kind: snapshot ? 'snapshot' : 'update', bids, asks, timestamp };
}

/**
 * A normalized {@link Ticker} from one `ticker` item. `price_percent_chg_24_h` is already a percent;
 * `timestamp` is the message's. Returns an explanation string when a price is not a number.
 *
 * @example
 * ```ts
 * normalizeTicker(item, 'BTC/USD', parseRfc3339(message.timestamp), receivedAt);
 * ```
 */
export function normalizeTicker(item: CoinbaseTickerItem, symbol: string, timestamp: number, receivedAt: number): Ticker | string {
  const ticker: Ticker = {
    type: 'ticker',
    exchange: 'coinbase',
    symbol,
    price: toNumber(item.price),
    bid: toNumber(item.best_bid),
    bidSize: toNumber(item.best_bid_quantity),
    ask: toNumber(item.best_ask),
    askSize: toNumber(item.best_ask_quantity),
    high24h: toNumber(item.high_24_h),
    low24h: toNumber(item.low_24_h),
    volume24h: toNumber(item.volume_24_h),
    change24h: toNumber(item.price_percent_chg_24_h),
    timestamp,
    localTimestamp: receivedAt,
  };
  if (Number.isNaN(ticker.price) || Number.isNaN(ticker.bid) || Number.isNaN(ticker.ask) || Number.isNaN(timestamp)) {
    return `coinbase: ticker of ${item.product_id} has a price or timestamp that is not a number`;
  }
  return ticker;
}

/**
 * The taker's side from Coinbase's `side`, which is the maker's: `SELL` (a resting sell order was
 * hit, i.e. the taker bought) → `buy`; `BUY` → `sell`; anything else → `unknown`.
 *
 * @example
 * ```ts
 * takerSide('SELL'); // 'buy'
 * ```
 */
export function takerSide(makerSide: string): TradeSide {
  return makerSide === 'SELL' ? 'buy' : makerSide === 'BUY' ? 'sell' : 'unknown';
}

/**
 * A normalized {@link Trade} from one `market_trades` item (taker side, `time` as timestamp).
 * Returns an explanation string when price, size or time is invalid.
 *
 * @example
 * ```ts
 * normalizeTrade({ product_id: 'BTC-USD', trade_id: '1068572091', price: '65083.67', size: '0.01034361', time: '2026-08-09T21:05:48.167634Z', side: 'SELL' }, 'BTC/USD', receivedAt);
 * // { type: 'trade', side: 'buy', price: 65083.67, amount: 0.01034361, id: '1068572091', ... }
 * ```
 */
export function normalizeTrade(item: CoinbaseTradeItem, symbol: string, receivedAt: number): Trade | string {
  const price = toNumber(item.price);
  const amount = toNumber(item.size);
  const timestamp = parseRfc3339(item.time);
  if (!(price > 0) || !(amount >= 0) || Number.isNaN(timestamp)) {
    return `coinbase: trade ${item.trade_id} of ${item.product_id} has an invalid price, size or time`;
  }
  return { type: 'trade', exchange: 'coinbase', symbol, id: item.trade_id, price, amount, side: takerSide(item.side), timestamp, localTimestamp: receivedAt };
}
