import * as t from 'io-ts';

/**
 * A Kraken v2 book level: `{"price": 45285.2, "qty": 0.001}` (JSON numbers; trailing zeros are lost).
 *
 * @example
 * ```ts
 * KrakenLevel.is({ price: 45285.2, qty: 0.001 }); // true
 * ```
 */
export const KrakenLevel = t.type({ price: t.number, qty: t.number }, 'KrakenLevel');
/** @see {@link KrakenLevel} */
export type KrakenLevel = t.TypeOf<typeof KrakenLevel>;

/**
 * One element of a `book` message's `data`: the levels of one symbol, the CRC32 of the top 10 after
 * applying them, and (on updates, and on snapshots of newer servers) an RFC 3339 `timestamp`.
 *
 * @example
 * ```ts
 * KrakenBookData.is({ symbol: 'BTC/USD', bids: [], asks: [], checksum: 2785033588 }); // true
 * ```
 */
export const KrakenBookData = t.intersection(
  [
    t.type({ symbol: t.string, bids: t.array(KrakenLevel), asks: t.array(KrakenLevel), checksum: t.number }),
    t.partial({ timestamp: t.string }),
  ],
  'KrakenBookData',
);
/** @see {@link KrakenBookData} */
export type KrakenBookData = t.TypeOf<typeof KrakenBookData>;

/**
 * A `book` channel message: `{"channel":"book","type":"snapshot"|"update","data":[…]}`.
 *
 * @example
 * ```ts
 * KrakenBookMessage.is({ channel: 'book', type: 'update', data: [] }); // true
 * ```
 */
export const KrakenBookMessage = t.type(
  { channel: t.literal('book'), type: t.union([t.literal('snapshot'), t.literal('update')]), data: t.array(KrakenBookData) },
  'KrakenBookMessage',
);
/** @see {@link KrakenBookMessage} */
export type KrakenBookMessage = t.TypeOf<typeof KrakenBookMessage>;

/**
 * One element of a `ticker` message's `data` (level 1 + 24 h statistics). `change_pct` is in percent.
 *
 * @example
 * ```ts
 * KrakenTickerData.is({ symbol: 'ALGO/USD', bid: 0.10025, bid_qty: 740, ask: 0.10036, ask_qty: 1361.44813783, last: 0.10035,
 *   volume: 997038.98383185, vwap: 0.10148, low: 0.09979, high: 0.10285, change: -0.00017, change_pct: -0.17,
 *   timestamp: '2023-09-25T09:04:31.742648Z' }); // true
 * ```
 */
export const KrakenTickerData = t.intersection(
  [
    t.type({
      symbol: t.string,
      bid: t.number,
      bid_qty: t.number,
      ask: t.number,
      ask_qty: t.number,
      last: t.number,
      volume: t.number,
      vwap: t.number,
      low: t.number,
      high: t.number,
      change: t.number,
      change_pct: t.number,
    }),
    t.partial({ timestamp: t.string }),
  ],
  'KrakenTickerData',
);
/** @see {@link KrakenTickerData} */
export type KrakenTickerData = t.TypeOf<typeof KrakenTickerData>;

/**
 * A `ticker` channel message.
 *
 * @example
 * ```ts
 * KrakenTickerMessage.is({ channel: 'ticker', type: 'snapshot', data: [] }); // true
 * ```
 */
export const KrakenTickerMessage = t.type(
  { channel: t.literal('ticker'), type: t.string, data: t.array(KrakenTickerData) },
  'KrakenTickerMessage',
);
/** @see {@link KrakenTickerMessage} */
export type KrakenTickerMessage = t.TypeOf<typeof KrakenTickerMessage>;

/**
 * One trade of a `trade` message: `side` is the taker's side, `trade_id` a per-book sequence number.
 *
 * @example
 * ```ts
 * KrakenTradeData.is({ symbol: 'BTC/USD', side: 'sell', price: 45283.4, qty: 5e-4, ord_type: 'market', trade_id: 1,
 *   timestamp: '2023-10-06T17:35:55.440295Z' }); // true
 * ```
 */
export const KrakenTradeData = t.type(
  {
    symbol: t.string,
    side: t.union([t.literal('buy'), t.literal('sell')]),
    price: t.number,
    qty: t.number,
    ord_type: t.string,
    trade_id: t.number,
    timestamp: t.string,
  },
  'KrakenTradeData',
);
/** @see {@link KrakenTradeData} */
export type KrakenTradeData = t.TypeOf<typeof KrakenTradeData>;

/**
 * A `trade` channel message (several trades may be batched).
 *
 * @example
 * ```ts
 * KrakenTradeMessage.is({ channel: 'trade', type: 'update', data: [] }); // true
 * ```
 */
export const KrakenTradeMessage = t.type(
  { channel: t.literal('trade'), type: t.string, data: t.array(KrakenTradeData) },
  'KrakenTradeMessage',
);
/** @see {@link KrakenTradeMessage} */
export type KrakenTradeMessage = t.TypeOf<typeof KrakenTradeMessage>;

/**
 * The part of an `instrument` pair rxmarket needs: its symbol and the decimals prices and quantities
 * are written with (the book checksum is computed on that text).
 *
 * @example
 * ```ts
 * KrakenInstrumentPair.is({ symbol: 'BTC/USD', price_precision: 1, qty_precision: 8 }); // true
 * ```
 */
export const KrakenInstrumentPair = t.intersection(
  [
    t.type({ symbol: t.string, price_precision: t.number, qty_precision: t.number }),
    t.partial({ base: t.string, quote: t.string, status: t.string, price_increment: t.number, qty_increment: t.number }),
  ],
  'KrakenInstrumentPair',
);
/** @see {@link KrakenInstrumentPair} */
export type KrakenInstrumentPair = t.TypeOf<typeof KrakenInstrumentPair>;

/**
 * An `instrument` channel message: `data` is an object with `assets` and `pairs` (not an array).
 *
 * @example
 * ```ts
 * KrakenInstrumentMessage.is({ channel: 'instrument', type: 'snapshot', data: { assets: [], pairs: [] } }); // true
 * ```
 */
export const KrakenInstrumentMessage = t.type(
  { channel: t.literal('instrument'), type: t.string, data: t.type({ pairs: t.array(KrakenInstrumentPair) }) },
  'KrakenInstrumentMessage',
);
/** @see {@link KrakenInstrumentMessage} */
export type KrakenInstrumentMessage = t.TypeOf<typeof KrakenInstrumentMessage>;

/**
 * A reply to a request (`subscribe`, `unsubscribe`, `pong`, …): `success`, `error` when it failed,
 * the `req_id` sent, and for a failed subscription the `symbol` it concerns.
 *
 * @example
 * ```ts
 * KrakenReply.is({ method: 'subscribe', success: false, error: 'Currency pair not supported XBT/USD', symbol: 'XBT/USD', req_id: 3 }); // true
 * ```
 */
export const KrakenReply = t.intersection(
  [
    t.type({ method: t.string }),
    t.partial({ success: t.boolean, error: t.string, req_id: t.number, symbol: t.string, result: t.UnknownRecord }),
  ],
  'KrakenReply',
);
/** @see {@link KrakenReply} */
export type KrakenReply = t.TypeOf<typeof KrakenReply>;
