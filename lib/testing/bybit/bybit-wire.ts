import type { BookLevel } from '../../model/book-event';
import type { SimulatedTrade } from '../harness/simulated-market';

/**
 * A Bybit public category the simulator serves.
 *
 * @example
 * ```ts
 * const category: BybitSimCategory = 'spot';
 * ```
 */
export type BybitSimCategory = 'spot' | 'linear';

/**
 * How one market's numbers are written: linear with fixed decimals (`"64201.30"`, `"1.30"`), spot
 * without trailing zeros (`"64230"`, `"0.014"`), as the real capture shows.
 *
 * @example
 * ```ts
 * const format: BybitNumberFormat = { category: 'linear', priceDecimals: 2, quantityDecimals: 3 };
 * ```
 */
export interface BybitNumberFormat {
  readonly category: BybitSimCategory;
  readonly priceDecimals: number;
  readonly quantityDecimals: number;
}

/**
 * `value` with `decimals` decimals; on spot without trailing zeros (and without a lone `.`).
 *
 * @example
 * ```ts
 * bybitNumber(64230, 1, 'spot');     // '64230'
 * bybitNumber(64201.3, 2, 'linear'); // '64201.30'
 * ```
 */
export function bybitNumber(value: number, decimals: number, category: BybitSimCategory): string {
  const text = value.toFixed(decimals);
  return category === 'linear' || !text.includes('.') ? text : text.replace(/0+$/, '').replace(/\.$/, '');
}

const levels = (side: readonly BookLevel[], format: BybitNumberFormat): string[][] =>
  side.map(([price, quantity]) => [bybitNumber(price, format.priceDecimals, format.category), bybitNumber(quantity, format.quantityDecimals, format.category)]);

/**
 * The fields of one book message.
 *
 * @example
 * ```ts
 * const book: BybitBookFields = { topic: 'orderbook.50.BTCUSDT', type: 'delta', native: 'BTCUSDT', bids: [], asks: [[64230.6, 0]], u: 7, seq: 90, ts: Date.now() };
 * ```
 */
export interface BybitBookFields {
  readonly topic: string;
  readonly type: 'snapshot' | 'delta';
  readonly native: string;
  readonly bids: readonly BookLevel[];
  readonly asks: readonly BookLevel[];
  readonly u: number;
  readonly seq: number;
  readonly ts: number;
}

/**
 * An `orderbook` message in the key order of each category (linear `topic,type,ts,data,cts`, spot
 * `topic,ts,type,data,cts`); `cts` is the matching time, just before `ts`.
 *
 * @example
 * ```ts
 * bookMessage(book, { category: 'spot', priceDecimals: 1, quantityDecimals: 6 });
 * ```
 */
export function bookMessage(book: BybitBookFields, format: BybitNumberFormat): string {
  const data = { s: book.native, b: levels(book.bids, format), a: levels(book.asks, format), u: book.u, seq: book.seq };
  const cts = book.ts - 1;
  return format.category === 'linear'
    ? JSON.stringify({ topic: book.topic, type: book.type, ts: book.ts, data, cts })
    : JSON.stringify({ topic: book.topic, ts: book.ts, type: book.type, data, cts });
}

/**
 * A `tickers` message: linear `topic,type,data,cs,ts` (snapshot, then deltas of the changed
 * fields), spot `topic,ts,type,cs,data` (snapshots only).
 *
 * @example
 * ```ts
 * tickerMessage('linear', 'tickers.BTCUSDT', 'delta', { symbol: 'BTCUSDT', fundingRate: '0.0002' }, 5, Date.now());
 * ```
 */
export function tickerMessage(category: BybitSimCategory, topic: string, type: 'snapshot' | 'delta', data: Readonly<Record<string, string>>, cs: number, ts: number): string {
  return category === 'linear' ? JSON.stringify({ topic, type, data, cs, ts }) : JSON.stringify({ topic, ts, type, cs, data });
}

/** A deterministic UUID-shaped id for a linear trade (Bybit's linear trade ids are UUIDs). */
function uuidOf(id: number): string {
  const hex = id.toString(16).padStart(12, '0');
  return `${hex.slice(-8)}-${hex.slice(0, 4)}-5${hex.slice(4, 7)}-8${hex.slice(7, 10)}-${hex.padStart(12, '0')}`;
}

/**
 * A `publicTrade` message: linear items `T,s,S,v,p,L,i,BT,RPI,seq` (UUID ids, a tick direction),
 * spot items `i,T,p,v,S,seq,s,BT,RPI` (numeric ids); `S` is the taker's side.
 *
 * @example
 * ```ts
 * tradeMessage('publicTrade.BTCUSDT', 'BTCUSDT', step.trades, format, 42, Date.now());
 * ```
 */
export function tradeMessage(topic: string, native: string, trades: readonly SimulatedTrade[], format: BybitNumberFormat, seq: number, ts: number): string {
  const { category, priceDecimals, quantityDecimals } = format;
  let previous: number | undefined;
  const data = trades.map((trade) => {
    const p = bybitNumber(trade.price, priceDecimals, category);
    const v = bybitNumber(trade.amount, quantityDecimals, category);
    const S = trade.side === 'buy' ? 'Buy' : 'Sell';
    if (category === 'spot') return { i: String(trade.id), T: trade.timestamp, p, v, S, seq, s: native, BT: false, RPI: false };
    const L = previous === undefined || trade.price === previous ? (trade.side === 'buy' ? 'ZeroPlusTick' : 'ZeroMinusTick') : trade.price > previous ? 'PlusTick' : 'MinusTick';
    previous = trade.price;
    return { T: trade.timestamp, s: native, S, v, p, L, i: uuidOf(trade.id), BT: false, RPI: false, seq };
  });
  return category === 'linear' ? JSON.stringify({ topic, type: 'snapshot', ts, data }) : JSON.stringify({ topic, ts, type: 'snapshot', data });
}

/**
 * A reply to a request, as each endpoint writes it: `{"success","ret_msg","conn_id","req_id","op"}`;
 * linear always carries `req_id` (`""` when the request had none), spot only when the request had one.
 *
 * @example
 * ```ts
 * replyMessage('spot', true, 'subscribe', 'c1', undefined, 'subscribe'); // '{"success":true,"ret_msg":"subscribe","conn_id":"c1","op":"subscribe"}'
 * replyMessage('linear', true, 'pong', 'c2', undefined, 'ping');        // '{"success":true,"ret_msg":"pong","conn_id":"c2","req_id":"","op":"ping"}'
 * ```
 */
export function replyMessage(category: BybitSimCategory, success: boolean, retMsg: string, connId: string, reqId: string | undefined, op: string): string {
  const requestId = category === 'linear' ? { req_id: reqId ?? '' } : reqId === undefined ? {} : { req_id: reqId };
  return JSON.stringify({ success, ret_msg: retMsg, conn_id: connId, ...requestId, op });
}
