import * as t from 'io-ts';

/**
 * Every Advanced Trade market-data message: `{ channel, timestamp, sequence_num, events: [...] }`.
 * `sequence_num` counts the messages of one connection across all channels.
 *
 * @example
 * ```ts
 * CoinbaseEnvelope.is({ channel: 'ticker', timestamp: '2026-08-09T21:05:48.229198328Z', sequence_num: 6, events: [] }); // true
 * ```
 */
export const CoinbaseEnvelope = t.type(
  { channel: t.string, timestamp: t.string, sequence_num: t.number, events: t.array(t.unknown) },
  'CoinbaseEnvelope',
);
/** @see {@link CoinbaseEnvelope} */
export type CoinbaseEnvelope = t.TypeOf<typeof CoinbaseEnvelope>;

/**
 * One level of an `l2_data` event: `new_quantity` is absolute, `"0"` removes the level; `offer` is the ask side.
 *
 * @example
 * ```ts
 * CoinbaseLevelUpdate.is({ side: 'offer', event_time: '2026-08-09T21:05:48.264069Z', price_level: '65106.54', new_quantity: '0.15361938' }); // true
 * ```
 */
export const CoinbaseLevelUpdate = t.type(
  { side: t.keyof({ bid: null, offer: null }), event_time: t.string, price_level: t.string, new_quantity: t.string },
  'CoinbaseLevelUpdate',
);
/** @see {@link CoinbaseLevelUpdate} */
export type CoinbaseLevelUpdate = t.TypeOf<typeof CoinbaseLevelUpdate>;

/**
 * An event of the `l2_data` channel (subscribed as `level2`): the whole book (`snapshot`, sent on
 * subscribe) or changed levels (`update`) of one product.
 *
 * @example
 * ```ts
 * CoinbaseLevel2Event.is({ type: 'update', product_id: 'BTC-USD', updates: [] }); // true
 * ```
 */
export const CoinbaseLevel2Event = t.type(
  { type: t.keyof({ snapshot: null, update: null }), product_id: t.string, updates: t.array(CoinbaseLevelUpdate) },
  'CoinbaseLevel2Event',
);
/** @see {@link CoinbaseLevel2Event} */
export type CoinbaseLevel2Event = t.TypeOf<typeof CoinbaseLevel2Event>;

/**
 * One ticker of the `ticker` channel; only the fields rxmarket normalizes are checked (the wire also
 * carries `type: "ticker"`, `low_52_w`, `high_52_w`).
 *
 * @example
 * ```ts
 * CoinbaseTickerItem.is(event.tickers[0]);
 * ```
 */
export const CoinbaseTickerItem = t.type(
  {
    product_id: t.string,
    price: t.string,
    volume_24_h: t.string,
    low_24_h: t.string,
    high_24_h: t.string,
    price_percent_chg_24_h: t.string,
    best_bid: t.string,
    best_ask: t.string,
    best_bid_quantity: t.string,
    best_ask_quantity: t.string,
  },
  'CoinbaseTickerItem',
);
/** @see {@link CoinbaseTickerItem} */
export type CoinbaseTickerItem = t.TypeOf<typeof CoinbaseTickerItem>;

/**
 * An event of the `ticker` channel (`snapshot` on subscribe, then `update`s).
 *
 * @example
 * ```ts
 * CoinbaseTickerEvent.is({ type: 'update', tickers: [] }); // true
 * ```
 */
export const CoinbaseTickerEvent = t.type({ type: t.string, tickers: t.array(CoinbaseTickerItem) }, 'CoinbaseTickerEvent');
/** @see {@link CoinbaseTickerEvent} */
export type CoinbaseTickerEvent = t.TypeOf<typeof CoinbaseTickerEvent>;

/**
 * One trade of the `market_trades` channel. `side` (`BUY`/`SELL`) is the MAKER's side: in the real
 * capture every `SELL` print is at the best ask (a buyer lifted a resting sell order).
 *
 * @example
 * ```ts
 * CoinbaseTradeItem.is({ product_id: 'BTC-USD', trade_id: '1068572091', price: '65083.67', size: '0.01034361', time: '2026-08-09T21:05:48.167634Z', side: 'SELL' }); // true
 * ```
 */
export const CoinbaseTradeItem = t.type(
  { product_id: t.string, trade_id: t.string, price: t.string, size: t.string, time: t.string, side: t.string },
  'CoinbaseTradeItem',
);
/** @see {@link CoinbaseTradeItem} */
export type CoinbaseTradeItem = t.TypeOf<typeof CoinbaseTradeItem>;

/**
 * An event of the `market_trades` channel: `snapshot` (recent trades, on subscribe) or `update`;
 * trades are listed newest first.
 *
 * @example
 * ```ts
 * CoinbaseTradesEvent.is({ type: 'update', trades: [] }); // true
 * ```
 */
export const CoinbaseTradesEvent = t.type({ type: t.keyof({ snapshot: null, update: null }), trades: t.array(CoinbaseTradeItem) }, 'CoinbaseTradesEvent');
/** @see {@link CoinbaseTradesEvent} */
export type CoinbaseTradesEvent = t.TypeOf<typeof CoinbaseTradesEvent>;

/**
 * An event of the `heartbeats` channel (one per second).
 *
 * @example
 * ```ts
 * CoinbaseHeartbeatEvent.is({ current_time: '2026-08-09 21:05:48.854840045 +0000 UTC m=+41691.260485341', heartbeat_counter: 41691 }); // true
 * ```
 */
export const CoinbaseHeartbeatEvent = t.type({ current_time: t.string, heartbeat_counter: t.number }, 'CoinbaseHeartbeatEvent');
/** @see {@link CoinbaseHeartbeatEvent} */
export type CoinbaseHeartbeatEvent = t.TypeOf<typeof CoinbaseHeartbeatEvent>;

/**
 * An event of the `subscriptions` channel: the connection's subscriptions after a (un)subscribe.
 *
 * @example
 * ```ts
 * CoinbaseSubscriptionsEvent.is({ subscriptions: { heartbeats: ['heartbeats'], level2: ['BTC-USD'] } }); // true
 * ```
 */
export const CoinbaseSubscriptionsEvent = t.type({ subscriptions: t.record(t.string, t.array(t.string)) }, 'CoinbaseSubscriptionsEvent');
/** @see {@link CoinbaseSubscriptionsEvent} */
export type CoinbaseSubscriptionsEvent = t.TypeOf<typeof CoinbaseSubscriptionsEvent>;

/**
 * An event of the `candles` channel (5-minute candles; decoded for validation, not streamed).
 *
 * @example
 * ```ts
 * CoinbaseCandlesEvent.is({ type: 'update', candles: [{ start: '1786309500', high: '1919.6', low: '1919.27', open: '1919.58', close: '1919.41', volume: '36.36630914', product_id: 'ETH-USD' }] }); // true
 * ```
 */
export const CoinbaseCandlesEvent = t.type(
  {
    type: t.string,
    candles: t.array(t.type({ start: t.string, high: t.string, low: t.string, open: t.string, close: t.string, volume: t.string, product_id: t.string })),
  },
  'CoinbaseCandlesEvent',
);
/** @see {@link CoinbaseCandlesEvent} */
export type CoinbaseCandlesEvent = t.TypeOf<typeof CoinbaseCandlesEvent>;

/**
 * An error reply, e.g. to a subscription the server refuses: `{"type":"error","message":"…"}`.
 * It carries no request id and no `sequence_num`.
 *
 * @example
 * ```ts
 * CoinbaseErrorMessage.is({ type: 'error', message: 'failure to subscribe' }); // true
 * ```
 */
export const CoinbaseErrorMessage = t.type({ type: t.literal('error'), message: t.string }, 'CoinbaseErrorMessage');
/** @see {@link CoinbaseErrorMessage} */
export type CoinbaseErrorMessage = t.TypeOf<typeof CoinbaseErrorMessage>;
