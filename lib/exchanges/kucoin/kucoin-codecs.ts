import * as t from 'io-ts';

// Written from the examples of KuCoin's API documentation (spot WebSocket "Orderbook - Increment",
// "Trade", "Symbol Snapshot"; REST "Get Part OrderBook", "Get All Symbols", "Get Public Token") and
// the messages quoted in ccxt 4.5's pro/kucoin.js comments.

/**
 * One change of `/market/level2` on the wire: `["price", "size", "sequence"]`, all strings.
 *
 * @example
 * ```ts
 * KucoinChangeWire.is(['67993.3', '1.21427407', '14701689783']); // true
 * ```
 */
export const KucoinChangeWire = t.tuple([t.string, t.string, t.string], 'KucoinChangeWire');
/** @see {@link KucoinChangeWire} */
export type KucoinChangeWire = t.TypeOf<typeof KucoinChangeWire>;

/**
 * `data` of a `/market/level2:{symbol}` message (subject `trade.l2update`): the sequences it covers
 * and the changes per side. Only the fields rxmarket reads are checked.
 *
 * @example
 * ```ts
 * KucoinLevel2Data.is({ changes: { asks: [['67993.3', '1.21427407', '14701689783']], bids: [] },
 *   sequenceEnd: 14701689783, sequenceStart: 14701689783, symbol: 'BTC-USDT', time: 1729816425625 }); // true
 * ```
 */
export const KucoinLevel2Data = t.type(
  {
    changes: t.type({ asks: t.array(KucoinChangeWire), bids: t.array(KucoinChangeWire) }),
    sequenceEnd: t.number,
    sequenceStart: t.number,
    symbol: t.string,
    time: t.number,
  },
  'KucoinLevel2Data',
);
/** @see {@link KucoinLevel2Data} */
export type KucoinLevel2Data = t.TypeOf<typeof KucoinLevel2Data>;

/**
 * `data` of a `/market/match:{symbol}` message (subject `trade.l3match`): `side` is the taker's,
 * `time` nanoseconds as a decimal string.
 *
 * @example
 * ```ts
 * KucoinMatchData.is({ makerOrderId: '671b5007389355000701b1d3', price: '67523', sequence: '11067996711960577', side: 'buy', size: '0.003',
 *   symbol: 'BTC-USDT', takerOrderId: '671b50161777ff00074c168d', time: '1729843222921000000', tradeId: '11067996711960577', type: 'match' }); // true
 * ```
 */
export const KucoinMatchData = t.type(
  {
    price: t.string,
    side: t.union([t.literal('buy'), t.literal('sell')]),
    size: t.string,
    symbol: t.string,
    time: t.string,
    tradeId: t.string,
  },
  'KucoinMatchData',
);
/** @see {@link KucoinMatchData} */
export type KucoinMatchData = t.TypeOf<typeof KucoinMatchData>;

/**
 * The market of a `/market/snapshot:{symbol}` message (`data.data`, subject `trade.snapshot`, every
 * 2 s), reduced to what a ticker needs: best bid `buy`/`bidSize`, best ask `sell`/`askSize`, the last
 * price, 24 h `high`/`low`/`vol` (base), `changeRate` (a fraction: 0.0047 is +0.47 %), `datetime` (ms).
 * Numbers are JSON numbers here, not strings.
 *
 * @example
 * ```ts
 * KucoinSnapshotMarket.is({ askSize: 1.15955795, bidSize: 0.81772627, buy: 67158.1, sell: 67158.2, changeRate: 0.0047, datetime: 1729758286011,
 *   high: 67611.8, lastTradedPrice: 67158.1, low: 65257.1, symbol: 'BTC-USDT', vol: 2227.69895852 }); // true
 * ```
 */
export const KucoinSnapshotMarket = t.type(
  {
    askSize: t.number,
    bidSize: t.number,
    buy: t.number,
    sell: t.number,
    changeRate: t.number,
    datetime: t.number,
    high: t.number,
    lastTradedPrice: t.number,
    low: t.number,
    symbol: t.string,
    vol: t.number,
  },
  'KucoinSnapshotMarket',
);
/** @see {@link KucoinSnapshotMarket} */
export type KucoinSnapshotMarket = t.TypeOf<typeof KucoinSnapshotMarket>;

/**
 * `data` of a `/market/snapshot:{symbol}` message: `{ "sequence": "…", "data": { …market } }`.
 *
 * @example
 * ```ts
 * KucoinSnapshotData.is({ sequence: '14691517895', data: market }); // true when `market` is a KucoinSnapshotMarket
 * ```
 */
export const KucoinSnapshotData = t.type({ data: KucoinSnapshotMarket }, 'KucoinSnapshotData');
/** @see {@link KucoinSnapshotData} */
export type KucoinSnapshotData = t.TypeOf<typeof KucoinSnapshotData>;

/**
 * A pushed message: `{"type":"message","topic":"/market/level2:BTC-USDT","subject":"trade.l2update","data":{…}}`.
 *
 * @example
 * ```ts
 * KucoinMessage.is({ type: 'message', topic: '/market/match:BTC-USDT', subject: 'trade.l3match', data: {} }); // true
 * ```
 */
export const KucoinMessage = t.type({ type: t.literal('message'), topic: t.string, subject: t.string, data: t.UnknownRecord }, 'KucoinMessage');
/** @see {@link KucoinMessage} */
export type KucoinMessage = t.TypeOf<typeof KucoinMessage>;

/**
 * An error message: `{"id":"1","type":"error","code":404,"data":"topic /market/level2:BSV-BTC is not found"}` (the
 * `id` is the refused request's, or the `connectId` for an error about the connection, e.g. code 401
 * `token is expired`).
 *
 * @example
 * ```ts
 * KucoinErrorMessage.is({ id: 'XMFzvWJeHw', type: 'error', code: 509, data: 'exceed max permits per 10 seconds' }); // true
 * ```
 */
export const KucoinErrorMessage = t.intersection(
  [t.type({ type: t.literal('error'), code: t.number }), t.partial({ id: t.string, data: t.string })],
  'KucoinErrorMessage',
);
/** @see {@link KucoinErrorMessage} */
export type KucoinErrorMessage = t.TypeOf<typeof KucoinErrorMessage>;

/**
 * One server of `POST /api/v1/bullet-public` (`data.instanceServers[]`): where to connect and the
 * keepalive it expects, in ms.
 *
 * @example
 * ```ts
 * KucoinInstanceServer.is({ endpoint: 'wss://ws-api-spot.kucoin.com/', encrypt: true, protocol: 'websocket', pingInterval: 18000, pingTimeout: 10000 }); // true
 * ```
 */
export const KucoinInstanceServer = t.type({ endpoint: t.string, pingInterval: t.number, pingTimeout: t.number }, 'KucoinInstanceServer');
/** @see {@link KucoinInstanceServer} */
export type KucoinInstanceServer = t.TypeOf<typeof KucoinInstanceServer>;

/**
 * The body of `POST /api/v1/bullet-public`: `{"code":"200000","data":{"token":…,"instanceServers":[…]}}`.
 *
 * @example
 * ```ts
 * KucoinBulletResponse.is({ code: '200000', data: { token: '2neAiuYv…', instanceServers: [server] } }); // true
 * ```
 */
export const KucoinBulletResponse = t.type(
  { code: t.literal('200000'), data: t.type({ token: t.string, instanceServers: t.array(KucoinInstanceServer) }) },
  'KucoinBulletResponse',
);
/** @see {@link KucoinBulletResponse} */
export type KucoinBulletResponse = t.TypeOf<typeof KucoinBulletResponse>;

/**
 * `data` of REST `GET /api/v1/market/orderbook/level2_20|level2_100?symbol=`: the book's `sequence`
 * (a decimal string), `time` (ms) and `[price, size]` levels, best first.
 *
 * @example
 * ```ts
 * KucoinOrderBookData.is({ sequence: '3262786978', time: 1550653727731, bids: [['6500.12', '0.45054140']], asks: [['6500.16', '0.57753524']] }); // true
 * ```
 */
export const KucoinOrderBookData = t.type(
  { sequence: t.string, time: t.number, bids: t.array(t.tuple([t.string, t.string])), asks: t.array(t.tuple([t.string, t.string])) },
  'KucoinOrderBookData',
);
/** @see {@link KucoinOrderBookData} */
export type KucoinOrderBookData = t.TypeOf<typeof KucoinOrderBookData>;

/**
 * One symbol of REST `GET /api/v2/symbols`, reduced to what rxmarket reads.
 *
 * @example
 * ```ts
 * KucoinSymbolInfo.is({ symbol: 'BTC-USDT', name: 'BTC-USDT', baseCurrency: 'BTC', quoteCurrency: 'USDT', baseIncrement: '0.00000001',
 *   priceIncrement: '0.1', enableTrading: true }); // true
 * ```
 */
export const KucoinSymbolInfo = t.type(
  { symbol: t.string, baseCurrency: t.string, quoteCurrency: t.string, baseIncrement: t.string, priceIncrement: t.string, enableTrading: t.boolean },
  'KucoinSymbolInfo',
);
/** @see {@link KucoinSymbolInfo} */
export type KucoinSymbolInfo = t.TypeOf<typeof KucoinSymbolInfo>;

/**
 * A REST answer: `{"code":"200000","data":…}` on success, `{"code":"429000","msg":"Too Many Requests"}` otherwise.
 *
 * @example
 * ```ts
 * KucoinRestEnvelope.is({ code: '900001', msg: 'Trading pair does not exist' }); // true
 * ```
 */
export const KucoinRestEnvelope = t.intersection([t.type({ code: t.string }), t.partial({ msg: t.string, data: t.unknown })], 'KucoinRestEnvelope');
/** @see {@link KucoinRestEnvelope} */
export type KucoinRestEnvelope = t.TypeOf<typeof KucoinRestEnvelope>;
