import * as t from 'io-ts';

// Written from the examples of Gate.io's API v4 documentation (WebSocket v4.0.0, spot REST).

/**
 * A Gate.io price level on the wire: `["price", "amount"]` as decimal strings.
 *
 * @example
 * ```ts
 * GateioLevel.is(['19137.74', '0.0001']); // true
 * ```
 */
export const GateioLevel = t.tuple([t.string, t.string], 'GateioLevel');
/** @see {@link GateioLevel} */
export type GateioLevel = t.TypeOf<typeof GateioLevel>;

/**
 * A server notification: `{"time":…,"time_ms":…,"channel":"spot.trades","event":"update","result":{…}}`.
 *
 * @example
 * ```ts
 * GateioUpdateFrame.is({ time: 1606292218, time_ms: 1606292218231, channel: 'spot.trades', event: 'update', result: {} }); // true
 * ```
 */
export const GateioUpdateFrame = t.intersection(
  [t.type({ time: t.number, channel: t.string, event: t.literal('update'), result: t.UnknownRecord }), t.partial({ time_ms: t.number })],
  'GateioUpdateFrame',
);
/** @see {@link GateioUpdateFrame} */
export type GateioUpdateFrame = t.TypeOf<typeof GateioUpdateFrame>;

/**
 * `spot.tickers` result. Gate.io sends no bid/ask sizes here (see `spot.book_ticker`).
 *
 * @example
 * ```ts
 * GateioTickerResult.is({ currency_pair: 'BTC_USDT', last: '19106.55', lowest_ask: '19108.71', highest_bid: '19106.55', change_percentage: '3.66',
 *   base_volume: '2811.3042155865', quote_volume: '53441606.52411221454674732293', high_24h: '19417.74', low_24h: '18434.21' }); // true
 * ```
 */
export const GateioTickerResult = t.type(
  {
    currency_pair: t.string,
    last: t.string,
    lowest_ask: t.string,
    highest_bid: t.string,
    change_percentage: t.string,
    base_volume: t.string,
    quote_volume: t.string,
    high_24h: t.string,
    low_24h: t.string,
  },
  'GateioTickerResult',
);
/** @see {@link GateioTickerResult} */
export type GateioTickerResult = t.TypeOf<typeof GateioTickerResult>;

/**
 * `spot.book_ticker` result: best bid `b`/`B` and ask `a`/`A`, book update id `u`, time `t` (ms).
 *
 * @example
 * ```ts
 * GateioBookTickerResult.is({ t: 1606293275123, u: 48733182, s: 'BTC_USDT', b: '19177.79', B: '0.0003341504', a: '19179.38', A: '0.09' }); // true
 * ```
 */
export const GateioBookTickerResult = t.type(
  { t: t.number, u: t.number, s: t.string, b: t.string, B: t.string, a: t.string, A: t.string },
  'GateioBookTickerResult',
);
/** @see {@link GateioBookTickerResult} */
export type GateioBookTickerResult = t.TypeOf<typeof GateioBookTickerResult>;

/**
 * `spot.trades` result: the taker's `side`, `create_time_ms` as a decimal string of milliseconds.
 *
 * @example
 * ```ts
 * GateioTradeResult.is({ id: 309143071, create_time: 1606292218, create_time_ms: '1606292218213.4578', side: 'sell',
 *   currency_pair: 'GT_USDT', amount: '16.4700000000', price: '0.4705000000' }); // true
 * ```
 */
export const GateioTradeResult = t.type(
  {
    id: t.number,
    create_time: t.number,
    create_time_ms: t.string,
    side: t.union([t.literal('buy'), t.literal('sell')]),
    currency_pair: t.string,
    amount: t.string,
    price: t.string,
  },
  'GateioTradeResult',
);
/** @see {@link GateioTradeResult} */
export type GateioTradeResult = t.TypeOf<typeof GateioTradeResult>;

/**
 * `spot.order_book_update` result: update ids `U`..`u`, absolute amounts (`"0"` removes), and
 * `full: true` (sent only when true) when the message is the whole book of the subscribed level.
 * The level `l`, and `e` ("ignore this parameter") and `E` (deprecated) of the documentation are not
 * read, so not checked either.
 *
 * @example
 * ```ts
 * GateioOrderBookUpdateResult.is({ t: 1606294781123, full: true, l: '100', e: 'depthUpdate', E: 1606294781, s: 'BTC_USDT',
 *   U: 48776301, u: 48776306, b: [['19137.74', '0.0001']], a: [['19137.75', '0.6135']] }); // true
 * ```
 */
export const GateioOrderBookUpdateResult = t.intersection(
  [
    t.type({ t: t.number, s: t.string, U: t.number, u: t.number, b: t.array(GateioLevel), a: t.array(GateioLevel) }),
    t.partial({ full: t.boolean }),
  ],
  'GateioOrderBookUpdateResult',
);
/** @see {@link GateioOrderBookUpdateResult} */
export type GateioOrderBookUpdateResult = t.TypeOf<typeof GateioOrderBookUpdateResult>;

/**
 * The `error` of a reply: code 1 invalid body, 2 invalid argument, 3 server error, 4 authentication.
 *
 * @example
 * ```ts
 * GateioError.is({ code: 2, message: 'unknown currency pair: LUNARLENS_USDT' }); // true
 * ```
 */
export const GateioError = t.type({ code: t.number, message: t.string }, 'GateioError');
/** @see {@link GateioError} */
export type GateioError = t.TypeOf<typeof GateioError>;

/**
 * REST `GET /api/v4/spot/order_book?…&with_id=true` body: `id` is the book's update id.
 *
 * @example
 * ```ts
 * GateioOrderBookSnapshot.is({ id: 123456, current: 1623898993123, update: 1623898993121, asks: [['1.52', '1.151']], bids: [['1.17', '201.863']] }); // true
 * ```
 */
export const GateioOrderBookSnapshot = t.type(
  { id: t.number, current: t.number, update: t.number, asks: t.array(GateioLevel), bids: t.array(GateioLevel) },
  'GateioOrderBookSnapshot',
);
/** @see {@link GateioOrderBookSnapshot} */
export type GateioOrderBookSnapshot = t.TypeOf<typeof GateioOrderBookSnapshot>;

/**
 * One pair of REST `GET /api/v4/spot/currency_pairs`, reduced to what rxmarket reads.
 *
 * @example
 * ```ts
 * GateioCurrencyPair.is({ id: 'ETH_USDT', base: 'ETH', quote: 'USDT', amount_precision: 3, precision: 6, trade_status: 'tradable' }); // true
 * ```
 */
export const GateioCurrencyPair = t.type(
  { id: t.string, base: t.string, quote: t.string, amount_precision: t.number, precision: t.number, trade_status: t.string },
  'GateioCurrencyPair',
);
/** @see {@link GateioCurrencyPair} */
export type GateioCurrencyPair = t.TypeOf<typeof GateioCurrencyPair>;

/**
 * A REST error body: `{"label":"INVALID_CURRENCY_PAIR","message":"…"}`.
 *
 * @example
 * ```ts
 * GateioRestError.is({ label: 'TOO_MANY_REQUESTS', message: 'Request Rate Limit Exceeded' }); // true
 * ```
 */
export const GateioRestError = t.type({ label: t.string, message: t.string }, 'GateioRestError');
/** @see {@link GateioRestError} */
export type GateioRestError = t.TypeOf<typeof GateioRestError>;
