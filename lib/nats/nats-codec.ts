import type { BookEvent, BookLevel } from '../model/book-event';
import type { DerivativeTicker } from '../model/derivative-ticker';
import type { ExchangeId } from '../model/exchange-id';
import type { Ticker } from '../model/ticker';
import type { Trade, TradeSide } from '../model/trade';

/**
 * One book event as it travels on `md.<exchange>.book.<symbol>`: the event plus its place in the
 * ingest's chain, `epoch` (which ingest run published it) and `seq` (0, 1, 2… within the epoch).
 *
 * @example
 * ```ts
 * const record: BookRecord = { epoch: 'k3f9a1', seq: 42, event };
 * ```
 */
export interface BookRecord {
  readonly epoch: string;
  readonly seq: number;
  readonly event: BookEvent;
}

/**
 * The latest image of one book, on `md.<exchange>.snapshot.<symbol>`: the book after record `seq`
 * of `epoch`, which the events stream holds at sequence `streamSeq`.
 *
 * @example
 * ```ts
 * const stored: StoredSnapshot = { epoch: 'k3f9a1', seq: 42, streamSeq: 1042, event: snapshot };
 * ```
 */
export interface StoredSnapshot {
  readonly epoch: string;
  readonly seq: number;
  readonly streamSeq: number;
  readonly event: BookEvent & { readonly type: 'snapshot' };
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * Encodes a {@link BookRecord} as compact positional JSON (UTF-8):
 * `[0 | 1, epoch, seq, timestamp, localTimestamp, [bidPrice, bidQty, …], [askPrice, askQty, …]]`,
 * `0` for a snapshot, `1` for a delta. Exchange and symbol are in the subject, not the payload.
 *
 * @example
 * ```ts
 * encodeBookRecord({ epoch: 'e1', seq: 3, event: delta }); // [1,"e1",3,1700000000000,1700000000001.5,[100,0],[]]
 * ```
 */
export function encodeBookRecord(record: BookRecord): Uint8Array {
  const { event } = record;
  return encoder.encode(
    JSON.stringify([event.type === 'snapshot' ? 0 : 1, record.epoch, record.seq, event.timestamp, event.localTimestamp, flatten(event.bids), flatten(event.asks)]),
  );
}

/**
 * Decodes a payload of {@link encodeBookRecord}; `undefined` when it is not one (never throws).
 *
 * @example
 * ```ts
 * decodeBookRecord(payload, 'binance', 'BTC/USDT')?.event.type; // 'delta'
 * ```
 */
export function decodeBookRecord(payload: Uint8Array, exchange: ExchangeId, symbol: string): BookRecord | undefined {
  const a = parse(payload);
  if (!Array.isArray(a) || a.length !== 7 || (a[0] !== 0 && a[0] !== 1) || typeof a[1] !== 'string' || !isCount(a[2])) return undefined;
  if (!isNum(a[3]) || !isNum(a[4])) return undefined;
  const bids = unflatten(a[5]);
  const asks = unflatten(a[6]);
  if (!bids || !asks) return undefined;
  const event: BookEvent = { type: a[0] === 0 ? 'snapshot' : 'delta', exchange, symbol, bids, asks, timestamp: a[3], localTimestamp: a[4] };
  return { epoch: a[1], seq: a[2], event };
}

/**
 * Encodes a {@link StoredSnapshot}: `[epoch, seq, streamSeq, timestamp, localTimestamp, [bids…], [asks…]]`.
 *
 * @example
 * ```ts
 * encodeStoredSnapshot({ epoch: 'e1', seq: 0, streamSeq: 17, event: snapshot });
 * ```
 */
export function encodeStoredSnapshot(stored: StoredSnapshot): Uint8Array {
  const { event } = stored;
  return encoder.encode(JSON.stringify([stored.epoch, stored.seq, stored.streamSeq, event.timestamp, event.localTimestamp, flatten(event.bids), flatten(event.asks)]));
}

/**
 * Decodes a payload of {@link encodeStoredSnapshot}; `undefined` when it is not one.
 *
 * @example
 * ```ts
 * decodeStoredSnapshot(payload, 'binance', 'BTC/USDT')?.streamSeq;
 * ```
 */
export function decodeStoredSnapshot(payload: Uint8Array, exchange: ExchangeId, symbol: string): StoredSnapshot | undefined {
  const a = parse(payload);
  if (!Array.isArray(a) || a.length !== 7 || typeof a[0] !== 'string' || !isCount(a[1]) || !isCount(a[2]) || !isNum(a[3]) || !isNum(a[4])) return undefined;
  const bids = unflatten(a[5]);
  const asks = unflatten(a[6]);
  if (!bids || !asks) return undefined;
  return { epoch: a[0], seq: a[1], streamSeq: a[2], event: { type: 'snapshot', exchange, symbol, bids, asks, timestamp: a[3], localTimestamp: a[4] } };
}

const SIDE_CODE: Record<TradeSide, string> = { buy: 'b', sell: 's', unknown: 'u' };
const SIDE_OF: Record<string, TradeSide> = { b: 'buy', s: 'sell', u: 'unknown' };

/**
 * Encodes a trade: `[id, price, amount, "b" | "s" | "u", timestamp, localTimestamp]`.
 *
 * @example
 * ```ts
 * encodeTrade(trade); // ["12345",65000.5,0.01,"b",1700000000000,1700000000000.8]
 * ```
 */
export function encodeTrade(trade: Trade): Uint8Array {
  return encoder.encode(JSON.stringify([trade.id, trade.price, trade.amount, SIDE_CODE[trade.side], trade.timestamp, trade.localTimestamp]));
}

/**
 * Decodes a payload of {@link encodeTrade}; `undefined` when it is not one.
 *
 * @example
 * ```ts
 * decodeTrade(payload, 'binance', 'BTC/USDT')?.side; // 'buy'
 * ```
 */
export function decodeTrade(payload: Uint8Array, exchange: ExchangeId, symbol: string): Trade | undefined {
  const a = parse(payload);
  if (!Array.isArray(a) || a.length !== 6 || typeof a[0] !== 'string' || !isNum(a[1]) || !isNum(a[2]) || !isNum(a[4]) || !isNum(a[5])) return undefined;
  const side = typeof a[3] === 'string' ? SIDE_OF[a[3]] : undefined;
  if (side === undefined) return undefined;
  return { type: 'trade', exchange, symbol, id: a[0], price: a[1], amount: a[2], side, timestamp: a[4], localTimestamp: a[5] };
}

const TICKER_FIELDS = ['price', 'bid', 'bidSize', 'ask', 'askSize', 'high24h', 'low24h', 'volume24h', 'change24h', 'timestamp', 'localTimestamp'] as const;

/**
 * Encodes a ticker: `[price, bid, bidSize, ask, askSize, high24h, low24h, volume24h, change24h,
 * timestamp, localTimestamp]` (a non-finite number travels as `null` and comes back as `NaN`).
 *
 * @example
 * ```ts
 * encodeTicker(ticker);
 * ```
 */
export function encodeTicker(ticker: Ticker): Uint8Array {
  return encoder.encode(JSON.stringify(TICKER_FIELDS.map((field) => ticker[field])));
}

/**
 * Decodes a payload of {@link encodeTicker}; `undefined` when it is not one.
 *
 * @example
 * ```ts
 * decodeTicker(payload, 'binance', 'BTC/USDT')?.bid;
 * ```
 */
export function decodeTicker(payload: Uint8Array, exchange: ExchangeId, symbol: string): Ticker | undefined {
  const a = parse(payload);
  if (!Array.isArray(a) || a.length !== TICKER_FIELDS.length || !a.every((x) => x === null || typeof x === 'number')) return undefined;
  const n = (i: number): number => (a[i] === null ? NaN : (a[i] as number));
  return {
    type: 'ticker', exchange, symbol,
    price: n(0), bid: n(1), bidSize: n(2), ask: n(3), askSize: n(4), high24h: n(5), low24h: n(6), volume24h: n(7), change24h: n(8), timestamp: n(9), localTimestamp: n(10),
  };
}

const DERIVATIVE_FIELDS = ['markPrice', 'indexPrice', 'lastPrice', 'fundingRate', 'nextFundingTime', 'openInterest', 'timestamp', 'localTimestamp'] as const;

/**
 * Encodes a derivative ticker: `[markPrice, indexPrice, lastPrice, fundingRate, nextFundingTime,
 * openInterest, timestamp, localTimestamp]`, `null` for an unknown value.
 *
 * @example
 * ```ts
 * encodeDerivativeTicker(derivativeTicker);
 * ```
 */
export function encodeDerivativeTicker(ticker: DerivativeTicker): Uint8Array {
  return encoder.encode(JSON.stringify(DERIVATIVE_FIELDS.map((field) => ticker[field] ?? null)));
}

/**
 * Decodes a payload of {@link encodeDerivativeTicker}; `undefined` when it is not one.
 *
 * @example
 * ```ts
 * decodeDerivativeTicker(payload, 'binanceFutures', 'BTC/USDT:USDT')?.markPrice;
 * ```
 */
export function decodeDerivativeTicker(payload: Uint8Array, exchange: ExchangeId, symbol: string): DerivativeTicker | undefined {
  const a = parse(payload);
  if (!Array.isArray(a) || a.length !== DERIVATIVE_FIELDS.length || !a.every((x) => x === null || typeof x === 'number') || !isNum(a[6]) || !isNum(a[7])) return undefined;
  const v = (i: number): number | undefined => (a[i] === null ? undefined : (a[i] as number));
  return {
    type: 'derivative_ticker', exchange, symbol,
    markPrice: v(0), indexPrice: v(1), lastPrice: v(2), fundingRate: v(3), nextFundingTime: v(4), openInterest: v(5), timestamp: a[6], localTimestamp: a[7],
  };
}

function parse(payload: Uint8Array): unknown {
  try {
    return JSON.parse(decoder.decode(payload));
  } catch {
    return undefined;
  }
}

function isNum(x: unknown): x is number {
  return typeof x === 'number';
}

function isCount(x: unknown): x is number {
  return typeof x === 'number' && Number.isSafeInteger(x) && x >= 0;
}

function flatten(levels: readonly BookLevel[]): number[] {
  const out = new Array<number>(levels.length * 2);
  for (let i = 0; i < levels.length; i++) {
    out[2 * i] = levels[i]![0];
    out[2 * i + 1] = levels[i]![1];
  }
  return out;
}

function unflatten(flat: unknown): BookLevel[] | undefined {
  if (!Array.isArray(flat) || flat.length % 2 !== 0) return undefined;
  const out: BookLevel[] = [];
  for (let i = 0; i < flat.length; i += 2) {
    const price: unknown = flat[i];
    const quantity: unknown = flat[i + 1];
    if (typeof price !== 'number' || typeof quantity !== 'number') return undefined;
    out.push([price, quantity]);
  }
  return out;
}
