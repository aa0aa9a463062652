import * as t from 'io-ts';

/**
 * A Binance price level on the wire: `["price", "quantity"]` as decimal strings.
 *
 * @example
 * ```ts
 * BinanceLevel.is(['0.35130000', '6195.00000000']); // true
 * ```
 */
export const BinanceLevel = t.tuple([t.string, t.string], 'BinanceLevel');
/** @see {@link BinanceLevel} */
export type BinanceLevel = t.TypeOf<typeof BinanceLevel>;

/**
 * The combined-stream envelope `{"stream":"btcusdt@trade","data":{…}}`.
 *
 * @example
 * ```ts
 * BinanceStreamFrame.is({ stream: 'btcusdt@trade', data: {} }); // true
 * ```
 */
export const BinanceStreamFrame = t.type({ stream: t.string, data: t.UnknownRecord }, 'BinanceStreamFrame');
/** @see {@link BinanceStreamFrame} */
export type BinanceStreamFrame = t.TypeOf<typeof BinanceStreamFrame>;

/**
 * `<symbol>@depth@100ms` payload (diff. depth): update ids `U`..`u`, absolute quantities, `0` removes.
 *
 * @example
 * ```ts
 * BinanceDepthUpdate.is({ e: 'depthUpdate', E: 1, s: 'BTCUSDT', U: 1, u: 2, b: [], a: [] }); // true
 * ```
 */
export const BinanceDepthUpdate = t.type(
  { e: t.literal('depthUpdate'), E: t.number, s: t.string, U: t.number, u: t.number, b: t.array(BinanceLevel), a: t.array(BinanceLevel) },
  'BinanceDepthUpdate',
);
/** @see {@link BinanceDepthUpdate} */
export type BinanceDepthUpdate = t.TypeOf<typeof BinanceDepthUpdate>;

/**
 * `<symbol>@ticker` payload (rolling 24 h statistics); only the fields rxmarket normalizes are checked.
 *
 * @example
 * ```ts
 * BinanceTicker.is(frame.data);
 * ```
 */
export const BinanceTicker = t.type(
  {
    e: t.literal('24hrTicker'),
    E: t.number,
    s: t.string,
    P: t.string,
    c: t.string,
    b: t.string,
    B: t.string,
    a: t.string,
    A: t.string,
    h: t.string,
    l: t.string,
    v: t.string,
  },
  'BinanceTicker',
);
/** @see {@link BinanceTicker} */
export type BinanceTicker = t.TypeOf<typeof BinanceTicker>;

/**
 * `<symbol>@trade` payload; `m` true means the buyer was the maker, i.e. the taker sold.
 *
 * @example
 * ```ts
 * BinanceTrade.is({ e: 'trade', E: 1, s: 'BTCUSDT', t: 1, p: '1', q: '1', T: 1, m: true }); // true
 * ```
 */
export const BinanceTrade = t.type(
  { e: t.literal('trade'), E: t.number, s: t.string, t: t.number, p: t.string, q: t.string, T: t.number, m: t.boolean },
  'BinanceTrade',
);
/** @see {@link BinanceTrade} */
export type BinanceTrade = t.TypeOf<typeof BinanceTrade>;

/**
 * REST `GET /api/v3/depth` body.
 *
 * @example
 * ```ts
 * BinanceDepthSnapshot.is({ lastUpdateId: 499869752, bids: [], asks: [] }); // true
 * ```
 */
export const BinanceDepthSnapshot = t.type(
  { lastUpdateId: t.number, bids: t.array(BinanceLevel), asks: t.array(BinanceLevel) },
  'BinanceDepthSnapshot',
);
/** @see {@link BinanceDepthSnapshot} */
export type BinanceDepthSnapshot = t.TypeOf<typeof BinanceDepthSnapshot>;

/**
 * An error body, from the WebSocket API (`{"error":{"code":2,"msg":"…"},"id":1}` or `{"code":2,"msg":"…","id":1}`)
 * or from REST (`{"code":-1121,"msg":"Invalid symbol."}`).
 *
 * @example
 * ```ts
 * BinanceErrorBody.is({ code: -1121, msg: 'Invalid symbol.' }); // true
 * ```
 */
export const BinanceErrorBody = t.type({ code: t.number, msg: t.string }, 'BinanceErrorBody');
/** @see {@link BinanceErrorBody} */
export type BinanceErrorBody = t.TypeOf<typeof BinanceErrorBody>;

/**
 * Binance's `serverShutdown` notice: the server is about to shut down and close the connection
 * ("Please establish a new connection as soon as possible"). The docs' example is
 * `{"event":{"e":"serverShutdown","E":1770123456789}}` (WebSocket API); only the event type is
 * required here, since the wrapping on WebSocket Streams is not documented with an example.
 *
 * @example
 * ```ts
 * BinanceServerShutdown.is({ e: 'serverShutdown', E: 1770123456789 }); // true
 * ```
 */
export const BinanceServerShutdown = t.type({ e: t.literal('serverShutdown') }, 'BinanceServerShutdown');
/** @see {@link BinanceServerShutdown} */
export type BinanceServerShutdown = t.TypeOf<typeof BinanceServerShutdown>;
