import * as t from 'io-ts';

/**
 * An integer that JavaScript numbers hold exactly (OKX's `seqId`, `prevSeqId`, `checksum`).
 *
 * @example
 * ```ts
 * OkxInteger.is(123456); // true
 * OkxInteger.is(1.5);    // false
 * ```
 */
export const OkxInteger = t.refinement(t.number, (n) => Number.isSafeInteger(n), 'OkxInteger');
/** @see {@link OkxInteger} */
export type OkxInteger = t.TypeOf<typeof OkxInteger>;

/**
 * A book level as OKX sends it: `["8476.98", "415", "0", "13"]` (price, size, a deprecated `"0"`,
 * number of orders), all strings. rxmarket reads the first two and accepts any further strings.
 *
 * @example
 * ```ts
 * OkxLevel.is(['8476.98', '415', '0', '13']); // true
 * ```
 */
export const OkxLevel = t.refinement(t.array(t.string), (level) => level.length >= 2, 'OkxLevel');
/** @see {@link OkxLevel} */
export type OkxLevel = t.TypeOf<typeof OkxLevel>;

/**
 * The subscription a push belongs to: `{"channel":"books","instId":"BTC-USDT"}`.
 *
 * @example
 * ```ts
 * OkxArg.is({ channel: 'books', instId: 'BTC-USDT' }); // true
 * ```
 */
export const OkxArg = t.type({ channel: t.string, instId: t.string }, 'OkxArg');
/** @see {@link OkxArg} */
export type OkxArg = t.TypeOf<typeof OkxArg>;

/**
 * One element of a `books` push's `data`: levels, `ts` (ms, as a string), the sequence ids and the
 * CRC32 `checksum` (0 once OKX retires it, absent once it is delisted).
 *
 * @example
 * ```ts
 * OkxBookData.is({ asks: [], bids: [], ts: '1597026383085', checksum: 0, prevSeqId: 123456, seqId: 123457 }); // true
 * ```
 */
export const OkxBookData = t.intersection(
  [
    t.type({ asks: t.array(OkxLevel), bids: t.array(OkxLevel), ts: t.string, seqId: OkxInteger, prevSeqId: OkxInteger }),
    t.partial({ checksum: OkxInteger }),
  ],
  'OkxBookData',
);
/** @see {@link OkxBookData} */
export type OkxBookData = t.TypeOf<typeof OkxBookData>;

/**
 * A `books` channel push: `{"arg":{"channel":"books","instId":…},"action":"snapshot"|"update","data":[…]}`.
 *
 * @example
 * ```ts
 * OkxBookMessage.is({ arg: { channel: 'books', instId: 'BTC-USDT' }, action: 'update', data: [] }); // true
 * ```
 */
export const OkxBookMessage = t.type(
  {
    arg: t.type({ channel: t.literal('books'), instId: t.string }),
    action: t.union([t.literal('snapshot'), t.literal('update')]),
    data: t.array(OkxBookData),
  },
  'OkxBookMessage',
);
/** @see {@link OkxBookMessage} */
export type OkxBookMessage = t.TypeOf<typeof OkxBookMessage>;

/**
 * One element of a `tickers` push (every value a decimal string; `vol24h` is in base units on spot,
 * contracts on swaps; `volCcy24h` is quote units on spot, base units on swaps).
 *
 * @example
 * ```ts
 * OkxTickerData.is({ instType: 'SPOT', instId: 'BTC-USDT', last: '9999.99', askPx: '9999.99', askSz: '11', bidPx: '8888.88', bidSz: '5',
 *   open24h: '9000', high24h: '10000', low24h: '8888.88', volCcy24h: '2222', vol24h: '2222', ts: '1597026383085' }); // true
 * ```
 */
export const OkxTickerData = t.type(
  {
    instType: t.string,
    instId: t.string,
    last: t.string,
    askPx: t.string,
    askSz: t.string,
    bidPx: t.string,
    bidSz: t.string,
    open24h: t.string,
    high24h: t.string,
    low24h: t.string,
    volCcy24h: t.string,
    vol24h: t.string,
    ts: t.string,
  },
  'OkxTickerData',
);
/** @see {@link OkxTickerData} */
export type OkxTickerData = t.TypeOf<typeof OkxTickerData>;

/**
 * One element of a `trades` push (`side` is the taker's; `sz` in base units on spot, contracts on swaps).
 *
 * @example
 * ```ts
 * OkxTradeData.is({ instId: 'BTC-USDT', tradeId: '130639474', px: '42219.9', sz: '0.12060306', side: 'buy', ts: '1630048897897' }); // true
 * ```
 */
export const OkxTradeData = t.type(
  { instId: t.string, tradeId: t.string, px: t.string, sz: t.string, side: t.union([t.literal('buy'), t.literal('sell')]), ts: t.string },
  'OkxTradeData',
);
/** @see {@link OkxTradeData} */
export type OkxTradeData = t.TypeOf<typeof OkxTradeData>;

/**
 * One element of a `funding-rate` push: the rate settling at `fundingTime` (ms), and the time of the
 * period after it.
 *
 * @example
 * ```ts
 * OkxFundingRateData.is({ instId: 'BTC-USD-SWAP', fundingRate: '0.0001875391284828', fundingTime: '1700726400000', ts: '1700724675402' }); // true
 * ```
 */
export const OkxFundingRateData = t.intersection(
  [t.type({ instId: t.string, fundingRate: t.string, fundingTime: t.string, ts: t.string }), t.partial({ nextFundingTime: t.string })],
  'OkxFundingRateData',
);
/** @see {@link OkxFundingRateData} */
export type OkxFundingRateData = t.TypeOf<typeof OkxFundingRateData>;

/**
 * One element of a `mark-price` push.
 *
 * @example
 * ```ts
 * OkxMarkPriceData.is({ instType: 'SWAP', instId: 'BTC-USDT-SWAP', markPx: '42310.6', ts: '1630049139746' }); // true
 * ```
 */
export const OkxMarkPriceData = t.type({ instId: t.string, markPx: t.string, ts: t.string }, 'OkxMarkPriceData');
/** @see {@link OkxMarkPriceData} */
export type OkxMarkPriceData = t.TypeOf<typeof OkxMarkPriceData>;

/**
 * One element of an `open-interest` push (`oi` in contracts, `oiCcy` in base currency).
 *
 * @example
 * ```ts
 * OkxOpenInterestData.is({ instId: 'BTC-USDT-SWAP', instType: 'SWAP', oi: '2216113.01', oiCcy: '22161.1301', oiUsd: '1939251795.5', ts: '1743041250440' }); // true
 * ```
 */
export const OkxOpenInterestData = t.type({ instId: t.string, oi: t.string, ts: t.string }, 'OkxOpenInterestData');
/** @see {@link OkxOpenInterestData} */
export type OkxOpenInterestData = t.TypeOf<typeof OkxOpenInterestData>;

/**
 * One element of an `index-tickers` push (`instId` is the index, e.g. `BTC-USDT`).
 *
 * @example
 * ```ts
 * OkxIndexTickerData.is({ instId: 'BTC-USDT', idxPx: '0.1', ts: '1597026383085' }); // true
 * ```
 */
export const OkxIndexTickerData = t.type({ instId: t.string, idxPx: t.string, ts: t.string }, 'OkxIndexTickerData');
/** @see {@link OkxIndexTickerData} */
export type OkxIndexTickerData = t.TypeOf<typeof OkxIndexTickerData>;

/**
 * A push of a non-book channel: `{"arg":{"channel","instId"},"data":[…]}` (the elements are checked
 * per channel).
 *
 * @example
 * ```ts
 * OkxPush.is({ arg: { channel: 'tickers', instId: 'BTC-USDT' }, data: [] }); // true
 * ```
 */
export const OkxPush = t.type({ arg: OkxArg, data: t.array(t.unknown) }, 'OkxPush');
/** @see {@link OkxPush} */
export type OkxPush = t.TypeOf<typeof OkxPush>;

/**
 * A reply or notice: `{"id":"1512","event":"subscribe","arg":{…},"connId":…}`,
 * `{"id":"1512","event":"error","code":"60012","msg":"…","connId":…}`, `{"event":"notice","code":"64008","msg":"…"}`.
 *
 * @example
 * ```ts
 * OkxEvent.is({ event: 'error', code: '60018', msg: "Wrong URL or channel:books,instId:NOPE-USDT doesn't exist." }); // true
 * ```
 */
export const OkxEvent = t.intersection(
  [t.type({ event: t.string }), t.partial({ id: t.string, code: t.string, msg: t.string, arg: t.UnknownRecord, connId: t.string })],
  'OkxEvent',
);
/** @see {@link OkxEvent} */
export type OkxEvent = t.TypeOf<typeof OkxEvent>;

/**
 * One element of `GET /api/v5/market/books`'s `data`: the book and, since 2026, the `seqId` it
 * corresponds to (what bridges it to the `books` stream).
 *
 * @example
 * ```ts
 * OkxRestBook.is({ asks: [['41006.8', '0.60038921', '0', '1']], bids: [], ts: '1629966436396', seqId: 3235851742 }); // true
 * ```
 */
export const OkxRestBook = t.intersection(
  [t.type({ asks: t.array(OkxLevel), bids: t.array(OkxLevel), ts: t.string }), t.partial({ seqId: OkxInteger })],
  'OkxRestBook',
);
/** @see {@link OkxRestBook} */
export type OkxRestBook = t.TypeOf<typeof OkxRestBook>;

/**
 * The envelope of every OKX REST answer: `code` `"0"` is success, anything else an error with `msg`.
 *
 * @example
 * ```ts
 * OkxRestEnvelope.is({ code: '51001', msg: "Instrument ID doesn't exist.", data: [] }); // true
 * ```
 */
export const OkxRestEnvelope = t.type({ code: t.string, msg: t.string, data: t.array(t.unknown) }, 'OkxRestEnvelope');
/** @see {@link OkxRestEnvelope} */
export type OkxRestEnvelope = t.TypeOf<typeof OkxRestEnvelope>;

/**
 * One instrument of `GET /api/v5/public/instruments`, reduced to what rxmarket reads (`baseCcy`/
 * `quoteCcy` on spot; `instFamily`, `settleCcy`, `ctVal`, `ctValCcy`, `ctType` on swaps).
 *
 * @example
 * ```ts
 * OkxInstrumentInfo.is({ instType: 'SPOT', instId: 'BTC-USDT', baseCcy: 'BTC', quoteCcy: 'USDT', tickSz: '0.1', lotSz: '0.00000001', state: 'live' }); // true
 * ```
 */
export const OkxInstrumentInfo = t.intersection(
  [
    t.type({ instType: t.string, instId: t.string, tickSz: t.string, lotSz: t.string, state: t.string }),
    t.partial({
      baseCcy: t.string,
      quoteCcy: t.string,
      settleCcy: t.string,
      instFamily: t.string,
      uly: t.string,
      ctVal: t.string,
      ctValCcy: t.string,
      ctType: t.string,
    }),
  ],
  'OkxInstrumentInfo',
);
/** @see {@link OkxInstrumentInfo} */
export type OkxInstrumentInfo = t.TypeOf<typeof OkxInstrumentInfo>;
