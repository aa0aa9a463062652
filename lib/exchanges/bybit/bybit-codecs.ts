import * as t from 'io-ts';

/**
 * A Bybit price level on the wire: `["price", "size"]` as decimal strings (spot writes them without
 * trailing zeros, `"64230"`; linear with the instrument's fixed decimals, `"64201.30"`).
 *
 * @example
 * ```ts
 * BybitLevel.is(['64201.30', '5.974']); // true
 * ```
 */
export const BybitLevel = t.tuple([t.string, t.string], 'BybitLevel');
/** @see {@link BybitLevel} */
export type BybitLevel = t.TypeOf<typeof BybitLevel>;

/**
 * `data` of an `orderbook.{depth}.{symbol}` message: symbol, bids and asks (size `"0"` deletes a
 * level in a delta), the per-topic update id `u` and the cross sequence `seq`.
 *
 * @example
 * ```ts
 * BybitBookData.is({ s: 'BTCUSDT', b: [['64182.40', '0.005']], a: [], u: 12345679, seq: 512345679000 }); // true
 * ```
 */
export const BybitBookData = t.type({ s: t.string, b: t.array(BybitLevel), a: t.array(BybitLevel), u: t.number, seq: t.number }, 'BybitBookData');
/** @see {@link BybitBookData} */
export type BybitBookData = t.TypeOf<typeof BybitBookData>;

/**
 * An `orderbook.{depth}.{symbol}` message: a `snapshot` (on subscribe, and again when Bybit resets
 * the book) or a `delta`; `ts` is when the system generated it, `cts` the matching engine's time.
 *
 * @example
 * ```ts
 * BybitBookMessage.is({ topic: 'orderbook.200.BTCUSDT', type: 'delta', ts: 1790000001130, data, cts: 1790000001129 }); // true
 * ```
 */
export const BybitBookMessage = t.intersection(
  [t.type({ topic: t.string, type: t.keyof({ snapshot: null, delta: null }), ts: t.number, data: BybitBookData }), t.partial({ cts: t.number })],
  'BybitBookMessage',
);
/** @see {@link BybitBookMessage} */
export type BybitBookMessage = t.TypeOf<typeof BybitBookMessage>;

/**
 * A `tickers.{symbol}` message. Linear sends a `snapshot` then `delta`s carrying only the fields that
 * changed (merge them); spot sends snapshots only. Field values are decimal strings (`""` when Bybit
 * has none, e.g. `preOpenPrice`).
 *
 * @example
 * ```ts
 * BybitTickerMessage.is({ topic: 'tickers.BTCUSDT', type: 'delta', data: { symbol: 'BTCUSDT', bid1Price: '64201.30' }, cs: 512345678990, ts: 1790000000883 }); // true
 * ```
 */
export const BybitTickerMessage = t.intersection(
  [
    t.type({
      topic: t.string,
      type: t.keyof({ snapshot: null, delta: null }),
      ts: t.number,
      data: t.intersection([t.type({ symbol: t.string }), t.record(t.string, t.string)]),
    }),
    t.partial({ cs: t.number }),
  ],
  'BybitTickerMessage',
);
/** @see {@link BybitTickerMessage} */
export type BybitTickerMessage = t.TypeOf<typeof BybitTickerMessage>;

/**
 * One trade of a `publicTrade.{symbol}` message: fill time `T`, taker side `S`, size `v`, price `p`,
 * trade id `i` (a UUID on linear, digits on spot), cross sequence `seq`.
 *
 * @example
 * ```ts
 * BybitTrade.is({ T: 1790000002680, s: 'BTCUSDT', S: 'Sell', v: '0.004', p: '64201.30', i: '3f2a9c1e-5b7d-5e21-9a4c-0d6e8f1b2a3c', seq: 512345679100 }); // true
 * ```
 */
export const BybitTrade = t.intersection(
  [
    t.type({ T: t.number, s: t.string, S: t.keyof({ Buy: null, Sell: null }), v: t.string, p: t.string, i: t.string }),
    t.partial({ seq: t.number, BT: t.boolean, RPI: t.boolean, L: t.string }),
  ],
  'BybitTrade',
);
/** @see {@link BybitTrade} */
export type BybitTrade = t.TypeOf<typeof BybitTrade>;

/**
 * A `publicTrade.{symbol}` message (always `type: "snapshot"`: each message holds new trades, oldest first).
 *
 * @example
 * ```ts
 * BybitTradeMessage.is({ topic: 'publicTrade.BTCUSDT', type: 'snapshot', ts: 1790000002681, data: [] }); // true
 * ```
 */
export const BybitTradeMessage = t.type({ topic: t.string, type: t.string, ts: t.number, data: t.array(BybitTrade) }, 'BybitTradeMessage');
/** @see {@link BybitTradeMessage} */
export type BybitTradeMessage = t.TypeOf<typeof BybitTradeMessage>;

/**
 * A reply to a request: `{"success","ret_msg","conn_id","req_id"?,"op"}` for subscribe, unsubscribe
 * and ping (`ret_msg: "pong"`), or `{"op":"pong","args":[…]}` (the pong shape of other endpoints).
 * A refused subscription reads `{"success":false,"ret_msg":"error:handler not found,topic:…"}`.
 *
 * @example
 * ```ts
 * BybitReply.is({ success: true, ret_msg: 'subscribe', conn_id: 'c1a2b3c4d5e6f7g8h9i0-spot1', op: 'subscribe' }); // true
 * ```
 */
export const BybitReply = t.intersection(
  [t.type({ op: t.string }), t.partial({ success: t.boolean, ret_msg: t.string, conn_id: t.string, req_id: t.string, args: t.unknown })],
  'BybitReply',
);
/** @see {@link BybitReply} */
export type BybitReply = t.TypeOf<typeof BybitReply>;

/**
 * The envelope of every v5 REST answer, here of `GET /v5/market/instruments-info` (`retCode` 0 is
 * success; `nextPageCursor` is `""` on the last page, absent on spot).
 *
 * @example
 * ```ts
 * BybitInstrumentsBody.is({ retCode: 0, retMsg: 'OK', result: { category: 'spot', list: [] } }); // true
 * ```
 */
export const BybitInstrumentsBody = t.type(
  {
    retCode: t.number,
    retMsg: t.string,
    result: t.intersection([t.type({ category: t.string, list: t.array(t.UnknownRecord) }), t.partial({ nextPageCursor: t.string })]),
  },
  'BybitInstrumentsBody',
);
/** @see {@link BybitInstrumentsBody} */
export type BybitInstrumentsBody = t.TypeOf<typeof BybitInstrumentsBody>;

/**
 * One spot instrument, reduced to what rxmarket reads (price tick, base-quantity step, status).
 *
 * @example
 * ```ts
 * BybitSpotInstrument.is({ symbol: 'BTCUSDT', baseCoin: 'BTC', quoteCoin: 'USDT', status: 'Trading', lotSizeFilter: { basePrecision: '0.000001' }, priceFilter: { tickSize: '0.1' } }); // true
 * ```
 */
export const BybitSpotInstrument = t.type(
  {
    symbol: t.string,
    baseCoin: t.string,
    quoteCoin: t.string,
    status: t.string,
    lotSizeFilter: t.type({ basePrecision: t.string }),
    priceFilter: t.type({ tickSize: t.string }),
  },
  'BybitSpotInstrument',
);
/** @see {@link BybitSpotInstrument} */
export type BybitSpotInstrument = t.TypeOf<typeof BybitSpotInstrument>;

/**
 * One linear instrument (`LinearPerpetual` or `LinearFutures`), reduced to what rxmarket reads.
 * `deliveryTime` is `"0"` for perpetuals, the expiry in epoch ms for futures.
 *
 * @example
 * ```ts
 * BybitLinearInstrument.is({ symbol: 'BTCUSDT', contractType: 'LinearPerpetual', status: 'Trading', baseCoin: 'BTC', quoteCoin: 'USDT', settleCoin: 'USDT', deliveryTime: '0', priceFilter: { tickSize: '0.10' }, lotSizeFilter: { qtyStep: '0.001' } }); // true
 * ```
 */
export const BybitLinearInstrument = t.type(
  {
    symbol: t.string,
    contractType: t.string,
    status: t.string,
    baseCoin: t.string,
    quoteCoin: t.string,
    settleCoin: t.string,
    deliveryTime: t.string,
    priceFilter: t.type({ tickSize: t.string }),
    lotSizeFilter: t.type({ qtyStep: t.string }),
  },
  'BybitLinearInstrument',
);
/** @see {@link BybitLinearInstrument} */
export type BybitLinearInstrument = t.TypeOf<typeof BybitLinearInstrument>;
