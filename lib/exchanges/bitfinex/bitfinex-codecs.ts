import * as t from 'io-ts';

// Written from Bitfinex's WebSocket v2 and REST v2 documentation and the message examples in ccxt's
// bitfinex modules. With the `conf` flag SEQ_ALL (65536) every channel message carries the
// connection's sequence number as its last element.

/**
 * A `P0` book level: `[PRICE, COUNT, AMOUNT]`.
 *
 * @example
 * ```ts
 * BitfinexLevelTuple.is([7364.8, 10, 4.354802]); // true
 * ```
 */
export const BitfinexLevelTuple = t.tuple([t.number, t.number, t.number], 'BitfinexLevelTuple');
/** @see {@link BitfinexLevelTuple} */
export type BitfinexLevelTuple = t.TypeOf<typeof BitfinexLevelTuple>;

/**
 * A book update: `[CHAN_ID, [PRICE, COUNT, AMOUNT], SEQ]`.
 *
 * @example
 * ```ts
 * BitfinexBookUpdateFrame.is([358169, [1807.1, 0, 1], 1042]); // true
 * ```
 */
export const BitfinexBookUpdateFrame = t.tuple([t.number, BitfinexLevelTuple, t.number], 'BitfinexBookUpdateFrame');
/** @see {@link BitfinexBookUpdateFrame} */
export type BitfinexBookUpdateFrame = t.TypeOf<typeof BitfinexBookUpdateFrame>;

/**
 * A book snapshot, the first message after `subscribed`: `[CHAN_ID, [[PRICE, COUNT, AMOUNT], …], SEQ]`.
 *
 * @example
 * ```ts
 * BitfinexBookSnapshotFrame.is([18691, [[7364.8, 10, 4.354802], [7364.9, 3, -0.42028976]], 7]); // true
 * ```
 */
export const BitfinexBookSnapshotFrame = t.tuple([t.number, t.array(BitfinexLevelTuple), t.number], 'BitfinexBookSnapshotFrame');
/** @see {@link BitfinexBookSnapshotFrame} */
export type BitfinexBookSnapshotFrame = t.TypeOf<typeof BitfinexBookSnapshotFrame>;

/**
 * A heartbeat of a quiet channel: `[CHAN_ID, "hb", SEQ]`.
 *
 * @example
 * ```ts
 * BitfinexHeartbeatFrame.is([1231, 'hb', 88]); // true
 * ```
 */
export const BitfinexHeartbeatFrame = t.tuple([t.number, t.literal('hb'), t.number], 'BitfinexHeartbeatFrame');
/** @see {@link BitfinexHeartbeatFrame} */
export type BitfinexHeartbeatFrame = t.TypeOf<typeof BitfinexHeartbeatFrame>;

/**
 * A book checksum (`conf` flag OB_CHECKSUM, 131072): `[CHAN_ID, "cs", CHECKSUM, SEQ]`, a signed
 * 32-bit CRC32 of the top 25 levels a side.
 *
 * @example
 * ```ts
 * BitfinexChecksumFrame.is([173904, 'cs', -890884919, 90]); // true
 * ```
 */
export const BitfinexChecksumFrame = t.tuple([t.number, t.literal('cs'), t.number, t.number], 'BitfinexChecksumFrame');
/** @see {@link BitfinexChecksumFrame} */
export type BitfinexChecksumFrame = t.TypeOf<typeof BitfinexChecksumFrame>;

/**
 * Any message of a `book` channel.
 *
 * @example
 * ```ts
 * BitfinexBookChannelFrame.is([173904, 'cs', -890884919, 90]); // true
 * ```
 */
export const BitfinexBookChannelFrame = t.union([BitfinexBookUpdateFrame, BitfinexBookSnapshotFrame, BitfinexChecksumFrame, BitfinexHeartbeatFrame], 'BitfinexBookChannelFrame');
/** @see {@link BitfinexBookChannelFrame} */
export type BitfinexBookChannelFrame = t.TypeOf<typeof BitfinexBookChannelFrame>;

/**
 * A `ticker` message: `[CHAN_ID, [BID, BID_SIZE, ASK, ASK_SIZE, DAILY_CHANGE, DAILY_CHANGE_RELATIVE,
 * LAST_PRICE, VOLUME, HIGH, LOW], SEQ]` (at least those 10 values; fields appended later are ignored).
 *
 * @example
 * ```ts
 * BitfinexTickerFrame.is([340432, [236.62, 9.0029, 236.88, 7.1138, -1.02, -0.0043, 236.52, 5191.36754297, 250.01, 220.05], 3]); // true
 * ```
 */
export const BitfinexTickerFrame = t.tuple([t.number, t.array(t.number), t.number], 'BitfinexTickerFrame');
/** @see {@link BitfinexTickerFrame} */
export type BitfinexTickerFrame = t.TypeOf<typeof BitfinexTickerFrame>;

/**
 * A public trade: `[ID, MTS, AMOUNT, PRICE]` (amount > 0: the taker bought).
 *
 * @example
 * ```ts
 * BitfinexTradeTuple.is([1128060969, 1654702500098, 0.00325131, 1818.5]); // true
 * ```
 */
export const BitfinexTradeTuple = t.tuple([t.number, t.number, t.number, t.number], 'BitfinexTradeTuple');
/** @see {@link BitfinexTradeTuple} */
export type BitfinexTradeTuple = t.TypeOf<typeof BitfinexTradeTuple>;

/**
 * The trades snapshot, the first message after `subscribed`: `[CHAN_ID, [[ID, MTS, AMOUNT, PRICE], …], SEQ]`, newest first.
 *
 * @example
 * ```ts
 * BitfinexTradesSnapshotFrame.is([188687, [[1128060675, 1654701572690, 0.00217533, 1815.3]], 4]); // true
 * ```
 */
export const BitfinexTradesSnapshotFrame = t.tuple([t.number, t.array(BitfinexTradeTuple), t.number], 'BitfinexTradesSnapshotFrame');
/** @see {@link BitfinexTradesSnapshotFrame} */
export type BitfinexTradesSnapshotFrame = t.TypeOf<typeof BitfinexTradesSnapshotFrame>;

/**
 * A trade event: `[CHAN_ID, "te" | "tu", [ID, MTS, AMOUNT, PRICE], SEQ]` — `te` when executed,
 * `tu` the same trade again 1–2 s later, once written to Bitfinex's database.
 *
 * @example
 * ```ts
 * BitfinexTradeFrame.is([360141, 'te', [1128060969, 1654702500098, 0.00325131, 1818.5], 12]); // true
 * ```
 */
export const BitfinexTradeFrame = t.tuple([t.number, t.union([t.literal('te'), t.literal('tu')]), BitfinexTradeTuple, t.number], 'BitfinexTradeFrame');
/** @see {@link BitfinexTradeFrame} */
export type BitfinexTradeFrame = t.TypeOf<typeof BitfinexTradeFrame>;

/**
 * `info`: on connect `{"event":"info","version":2,"serverId":…,"platform":{"status":1}}` (status 0:
 * maintenance); later `{"event":"info","code":20051|20060|20061,"msg":…}`.
 *
 * @example
 * ```ts
 * BitfinexInfoEvent.is({ event: 'info', version: 2, serverId: 'e293377e', platform: { status: 1 } }); // true
 * ```
 */
export const BitfinexInfoEvent = t.intersection(
  [t.type({ event: t.literal('info') }), t.partial({ version: t.number, platform: t.type({ status: t.number }), code: t.number, msg: t.string })],
  'BitfinexInfoEvent',
);
/** @see {@link BitfinexInfoEvent} */
export type BitfinexInfoEvent = t.TypeOf<typeof BitfinexInfoEvent>;

/**
 * The answer to `conf`: `{"event":"conf","status":"OK","flags":196608}`.
 *
 * @example
 * ```ts
 * BitfinexConfEvent.is({ event: 'conf', status: 'OK', flags: 196608 }); // true
 * ```
 */
export const BitfinexConfEvent = t.intersection([t.type({ event: t.literal('conf'), status: t.string }), t.partial({ flags: t.number })], 'BitfinexConfEvent');
/** @see {@link BitfinexConfEvent} */
export type BitfinexConfEvent = t.TypeOf<typeof BitfinexConfEvent>;

/**
 * A subscription accepted: the channel id its messages will carry, and the request's fields echoed.
 *
 * @example
 * ```ts
 * BitfinexSubscribedEvent.is({ event: 'subscribed', channel: 'book', chanId: 67473, symbol: 'tBTCUSD', prec: 'P0', freq: 'F0', len: '25', pair: 'BTCUSD' }); // true
 * ```
 */
export const BitfinexSubscribedEvent = t.intersection(
  [
    t.type({ event: t.literal('subscribed'), channel: t.string, chanId: t.number }),
    t.partial({ symbol: t.string, pair: t.string, prec: t.string, freq: t.string, len: t.union([t.string, t.number]) }),
  ],
  'BitfinexSubscribedEvent',
);
/** @see {@link BitfinexSubscribedEvent} */
export type BitfinexSubscribedEvent = t.TypeOf<typeof BitfinexSubscribedEvent>;

/**
 * An error reply. A refused subscription echoes the request's fields (10300 subscription failed,
 * 10301 already subscribed, 10302 unknown channel, 10305 reached the limit of open channels).
 *
 * @example
 * ```ts
 * BitfinexErrorEvent.is({ channel: 'book', symbol: 'tLSKBTC', event: 'error', msg: 'symbol: invalid', code: 10300 }); // true
 * ```
 */
export const BitfinexErrorEvent = t.intersection(
  [
    t.type({ event: t.literal('error'), code: t.number }),
    t.partial({ msg: t.string, channel: t.string, symbol: t.string, len: t.union([t.string, t.number]), chanId: t.number }),
  ],
  'BitfinexErrorEvent',
);
/** @see {@link BitfinexErrorEvent} */
export type BitfinexErrorEvent = t.TypeOf<typeof BitfinexErrorEvent>;

/**
 * One pair of `GET /v2/conf/pub:info:pair`: `[PAIR, [_, _, _, MIN_ORDER_SIZE, MAX_ORDER_SIZE, …]]`.
 *
 * @example
 * ```ts
 * BitfinexPairInfo.is(['BTCUSD', [null, null, null, '0.00006', '2000.0', null, null, null]]); // true
 * ```
 */
export const BitfinexPairInfo = t.tuple([t.string, t.UnknownArray], 'BitfinexPairInfo');
/** @see {@link BitfinexPairInfo} */
export type BitfinexPairInfo = t.TypeOf<typeof BitfinexPairInfo>;

/**
 * `GET /v2/conf/pub:info:pair,pub:map:currency:sym`: the pairs, then Bitfinex's currency labels
 * (`[["UST","USDt"], …]`: the code in pair names → the symbol shown).
 *
 * @example
 * ```ts
 * BitfinexConfResponse.is([[['BTCUST', [null, null, null, '0.00006', '2000.0']]], [['UST', 'USDt']]]); // true
 * ```
 */
export const BitfinexConfResponse = t.tuple([t.array(BitfinexPairInfo), t.array(t.tuple([t.string, t.string]))], 'BitfinexConfResponse');
/** @see {@link BitfinexConfResponse} */
export type BitfinexConfResponse = t.TypeOf<typeof BitfinexConfResponse>;
