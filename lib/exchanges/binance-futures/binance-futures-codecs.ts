import * as t from 'io-ts';
import { BinanceLevel } from '../binance/binance-codecs';

/**
 * USD-M `<symbol>@depth@100ms` payload (diff. book depth): update ids `U`..`u` and `pu`, the final
 * update id of the previous event of this stream, which is what the book's continuity rests on.
 * Levels are absolute quantities; `0` removes. The capture also carries `T` (transaction time).
 *
 * @example
 * ```ts
 * BinanceFuturesDepthUpdate.is({ e: 'depthUpdate', E: 1, T: 1, s: 'BTCUSDT', U: 5, u: 9, pu: 3, b: [], a: [] }); // true
 * ```
 */
export const BinanceFuturesDepthUpdate = t.type(
  {
    e: t.literal('depthUpdate'),
    E: t.number,
    s: t.string,
    U: t.number,
    u: t.number,
    pu: t.number,
    b: t.array(BinanceLevel),
    a: t.array(BinanceLevel),
  },
  'BinanceFuturesDepthUpdate',
);
/** @see {@link BinanceFuturesDepthUpdate} */
export type BinanceFuturesDepthUpdate = t.TypeOf<typeof BinanceFuturesDepthUpdate>;

/**
 * USD-M `<symbol>@aggTrade` payload: `a` aggregate trade id, `T` trade time, `m` true when the buyer
 * was the maker (the taker sold).
 *
 * @example
 * ```ts
 * BinanceFuturesAggTrade.is({ e: 'aggTrade', E: 1, a: 7, s: 'BTCUSDT', p: '1.0', q: '2', f: 1, l: 1, T: 1, m: true }); // true
 * ```
 */
export const BinanceFuturesAggTrade = t.type(
  { e: t.literal('aggTrade'), E: t.number, a: t.number, s: t.string, p: t.string, q: t.string, T: t.number, m: t.boolean },
  'BinanceFuturesAggTrade',
);
/** @see {@link BinanceFuturesAggTrade} */
export type BinanceFuturesAggTrade = t.TypeOf<typeof BinanceFuturesAggTrade>;

/**
 * USD-M `<symbol>@ticker` payload (24 h rolling statistics). Unlike spot it carries no best bid/ask:
 * the client takes those from `<symbol>@bookTicker`. Only the fields rxmarket reads are checked.
 *
 * @example
 * ```ts
 * BinanceFuturesTicker.is({ e: '24hrTicker', E: 1, s: 'BTCUSDT', P: '1.5', c: '65000.1', h: '66000', l: '64000', v: '1234.5' }); // true
 * ```
 */
export const BinanceFuturesTicker = t.type(
  { e: t.literal('24hrTicker'), E: t.number, s: t.string, P: t.string, c: t.string, h: t.string, l: t.string, v: t.string },
  'BinanceFuturesTicker',
);
/** @see {@link BinanceFuturesTicker} */
export type BinanceFuturesTicker = t.TypeOf<typeof BinanceFuturesTicker>;

/**
 * USD-M `<symbol>@bookTicker` payload: best bid/ask with sizes, `u` the update id it reflects
 * (equal to a depth event's `u` when that event's last update changed the top), `E` event time.
 *
 * @example
 * ```ts
 * BinanceFuturesBookTicker.is({ e: 'bookTicker', u: 9, s: 'SUSHIUSDT', b: '7.6110', B: '2', a: '7.6120', A: '297', T: 1, E: 1 }); // true
 * ```
 */
export const BinanceFuturesBookTicker = t.type(
  { e: t.literal('bookTicker'), u: t.number, s: t.string, b: t.string, B: t.string, a: t.string, A: t.string, E: t.number },
  'BinanceFuturesBookTicker',
);
/** @see {@link BinanceFuturesBookTicker} */
export type BinanceFuturesBookTicker = t.TypeOf<typeof BinanceFuturesBookTicker>;

/**
 * USD-M `<symbol>@markPrice@1s` payload: mark price `p`, index price `i`, estimated settle price `P`,
 * funding rate `r` and next funding time `T` (delivery contracts have no funding: `r` is empty).
 *
 * @example
 * ```ts
 * BinanceFuturesMarkPrice.is({ e: 'markPriceUpdate', E: 1, s: 'BTCUSDT', p: '11794.15', i: '11784.62', P: '11784.25', r: '0.00038167', T: 1562306400000 }); // true
 * ```
 */
export const BinanceFuturesMarkPrice = t.type(
  { e: t.literal('markPriceUpdate'), E: t.number, s: t.string, p: t.string, i: t.string, r: t.string, T: t.number },
  'BinanceFuturesMarkPrice',
);
/** @see {@link BinanceFuturesMarkPrice} */
export type BinanceFuturesMarkPrice = t.TypeOf<typeof BinanceFuturesMarkPrice>;

/**
 * REST `GET /fapi/v1/openInterest` body.
 *
 * @example
 * ```ts
 * BinanceFuturesOpenInterest.is({ openInterest: '10659.509', symbol: 'BTCUSDT', time: 1589437530011 }); // true
 * ```
 */
export const BinanceFuturesOpenInterest = t.type({ openInterest: t.string, symbol: t.string, time: t.number }, 'BinanceFuturesOpenInterest');
/** @see {@link BinanceFuturesOpenInterest} */
export type BinanceFuturesOpenInterest = t.TypeOf<typeof BinanceFuturesOpenInterest>;

/**
 * REST `GET /fapi/v1/depth` body: spot's fields plus the message time `E` and engine time `T`.
 *
 * @example
 * ```ts
 * BinanceFuturesDepthSnapshot.is({ lastUpdateId: 600859605926, E: 1, T: 1, bids: [], asks: [] }); // true
 * ```
 */
export const BinanceFuturesDepthSnapshot = t.type(
  { lastUpdateId: t.number, E: t.number, bids: t.array(BinanceLevel), asks: t.array(BinanceLevel) },
  'BinanceFuturesDepthSnapshot',
);
/** @see {@link BinanceFuturesDepthSnapshot} */
export type BinanceFuturesDepthSnapshot = t.TypeOf<typeof BinanceFuturesDepthSnapshot>;

/**
 * The USD-M fields of one `GET /fapi/v1/exchangeInfo` symbol beyond spot's: the contract type
 * (`PERPETUAL`, `CURRENT_QUARTER`, …), the margin (settlement) asset and the delivery date (epoch ms;
 * far in the future for perpetuals).
 *
 * @example
 * ```ts
 * BinanceFuturesContractFields.is({ contractType: 'PERPETUAL', marginAsset: 'USDT', deliveryDate: 4133404800000 }); // true
 * ```
 */
export const BinanceFuturesContractFields = t.type(
  { contractType: t.string, marginAsset: t.string, deliveryDate: t.number },
  'BinanceFuturesContractFields',
);
/** @see {@link BinanceFuturesContractFields} */
export type BinanceFuturesContractFields = t.TypeOf<typeof BinanceFuturesContractFields>;
