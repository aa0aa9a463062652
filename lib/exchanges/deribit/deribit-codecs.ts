import * as t from 'io-ts';

/**
 * What a Deribit book level does: `new` (a price level that did not exist), `change` (a new amount
 * for an existing level), `delete` (the level is gone; its amount is written `0`).
 *
 * @example
 * ```ts
 * DeribitBookAction.is('delete'); // true
 * ```
 */
export const DeribitBookAction = t.keyof({ new: null, change: null, delete: null }, 'DeribitBookAction');
/** @see {@link DeribitBookAction} */
export type DeribitBookAction = t.TypeOf<typeof DeribitBookAction>;

/**
 * One level of a `book.{instrument}.{interval}` notification: `[action, price, amount]`, numbers on
 * the wire (`["change", 10700.0, 45690.0]`). Amounts are USD for inverse contracts, the base coin for
 * linear contracts and spot.
 *
 * @example
 * ```ts
 * DeribitBookLevel.is(['new', 20987, 0.487]); // true
 * ```
 */
export const DeribitBookLevel = t.tuple([DeribitBookAction, t.number, t.number], 'DeribitBookLevel');
/** @see {@link DeribitBookLevel} */
export type DeribitBookLevel = t.TypeOf<typeof DeribitBookLevel>;

/**
 * `data` of a `book.{instrument}.{interval}` notification: the first one after a subscription is a
 * `snapshot` (every level `new`), then `change`s whose `prev_change_id` is the previous
 * notification's `change_id`.
 *
 * @example
 * ```ts
 * DeribitBookData.is({ type: 'change', timestamp: 1655395168086, prev_change_id: 1550724481, instrument_name: 'BTC_USDC-PERPETUAL', change_id: 1550724483, bids: [['delete', 20975, 0]], asks: [] }); // true
 * ```
 */
export const DeribitBookData = t.intersection(
  [
    t.type({
      type: t.keyof({ snapshot: null, change: null }),
      timestamp: t.number,
      instrument_name: t.string,
      change_id: t.number,
      bids: t.array(DeribitBookLevel),
      asks: t.array(DeribitBookLevel),
    }),
    t.partial({ prev_change_id: t.number }),
  ],
  'DeribitBookData',
);
/** @see {@link DeribitBookData} */
export type DeribitBookData = t.TypeOf<typeof DeribitBookData>;

const nullableNumber = t.union([t.number, t.null]);

/**
 * `data` of a `ticker.{instrument}.{interval}` notification, reduced to what rxmarket reads: best
 * bid/ask and their amounts, last, mark and index price, open interest, funding of perpetuals
 * (`current_funding`, `funding_8h`) and the 24 h `stats`. Deribit writes `null` for what does not
 * exist (no trade yet, an empty side); fields of other kinds of instruments may be absent.
 *
 * @example
 * ```ts
 * DeribitTickerData.is({ timestamp: 1623060194301, instrument_name: 'BTC-PERPETUAL', mark_price: 36446.51, index_price: 36441.64, last_price: 36457.5, current_funding: 0, funding_8h: 0.0000211, open_interest: 502097590, best_bid_price: 36442.5, best_bid_amount: 5000, best_ask_price: 36443, best_ask_amount: 100, stats: { high: 36824.5, low: 35213.5, price_change: 0.7229, volume: 7871.02139035, volume_usd: 284061480 } }); // true
 * ```
 */
export const DeribitTickerData = t.intersection(
  [
    t.type({ timestamp: t.number, instrument_name: t.string }),
    t.partial({
      best_bid_price: nullableNumber,
      best_bid_amount: nullableNumber,
      best_ask_price: nullableNumber,
      best_ask_amount: nullableNumber,
      last_price: nullableNumber,
      mark_price: nullableNumber,
      index_price: nullableNumber,
      open_interest: nullableNumber,
      current_funding: nullableNumber,
      funding_8h: nullableNumber,
      stats: t.partial({ high: nullableNumber, low: nullableNumber, price_change: nullableNumber, volume: nullableNumber, volume_usd: nullableNumber }),
    }),
  ],
  'DeribitTickerData',
);
/** @see {@link DeribitTickerData} */
export type DeribitTickerData = t.TypeOf<typeof DeribitTickerData>;

/**
 * One trade of a `trades.{instrument}.{interval}` notification (`data` is an array of them):
 * `direction` is the taker's side, `amount` in the instrument's amount unit (USD for inverse).
 *
 * @example
 * ```ts
 * DeribitTrade.is({ trade_seq: 501899, trade_id: 'USDC-2436803', timestamp: 1655397355998, tick_direction: 2, price: 21026, mark_price: 21019.9719, instrument_name: 'BTC_USDC-PERPETUAL', index_price: 21031.7847, direction: 'buy', amount: 0.049 }); // true
 * ```
 */
export const DeribitTrade = t.type(
  {
    trade_id: t.string,
    timestamp: t.number,
    price: t.number,
    amount: t.number,
    direction: t.keyof({ buy: null, sell: null }),
    instrument_name: t.string,
  },
  'DeribitTrade',
);
/** @see {@link DeribitTrade} */
export type DeribitTrade = t.TypeOf<typeof DeribitTrade>;

/**
 * A JSON-RPC error object: `code` (e.g. `-32602` invalid params, `10028` too_many_requests),
 * `message`, and sometimes `data` (`{ "reason", "param" }`).
 *
 * @example
 * ```ts
 * DeribitRpcError.is({ code: -32602, message: 'Invalid params', data: { reason: 'wrong format', param: 'channels' } }); // true
 * ```
 */
export const DeribitRpcError = t.intersection([t.type({ code: t.number, message: t.string }), t.partial({ data: t.unknown })], 'DeribitRpcError');
/** @see {@link DeribitRpcError} */
export type DeribitRpcError = t.TypeOf<typeof DeribitRpcError>;

/**
 * The answer to a request: its `id` (absent when Deribit could not read one) and a `result` or an
 * `error`; Deribit adds `usIn`, `usOut`, `usDiff`, `testnet`.
 *
 * @example
 * ```ts
 * DeribitReply.is({ jsonrpc: '2.0', id: 2, result: ['ticker.BTC_USDC-PERPETUAL.raw'], usIn: 1655393625889396, usOut: 1655393625889518, usDiff: 122, testnet: false }); // true
 * ```
 */
export const DeribitReply = t.partial({ id: t.union([t.number, t.string, t.null]), result: t.unknown, error: DeribitRpcError }, 'DeribitReply');
/** @see {@link DeribitReply} */
export type DeribitReply = t.TypeOf<typeof DeribitReply>;

/**
 * One entry of `public/get_instruments`, reduced to what rxmarket reads. Futures carry
 * `settlement_period` (`perpetual`, `month`, `week`, `day`) and `settlement_currency`; spot pairs do
 * not. `counter_currency` is the currency a contract is priced in (`USD`, `USDC`).
 *
 * @example
 * ```ts
 * DeribitInstrument.is({ instrument_name: 'BTC-PERPETUAL', kind: 'future', base_currency: 'BTC', quote_currency: 'USD', counter_currency: 'USD', settlement_currency: 'BTC', settlement_period: 'perpetual', is_active: true, tick_size: 0.5, min_trade_amount: 10, contract_size: 10, expiration_timestamp: 32503708800000 }); // true
 * ```
 */
export const DeribitInstrument = t.intersection(
  [
    t.type({
      instrument_name: t.string,
      kind: t.string,
      base_currency: t.string,
      quote_currency: t.string,
      is_active: t.boolean,
      tick_size: t.number,
      min_trade_amount: t.number,
    }),
    t.partial({
      counter_currency: t.string,
      settlement_currency: t.string,
      settlement_period: t.string,
      expiration_timestamp: t.number,
      instrument_type: t.string,
    }),
  ],
  'DeribitInstrument',
);
/** @see {@link DeribitInstrument} */
export type DeribitInstrument = t.TypeOf<typeof DeribitInstrument>;

/**
 * The body of `GET /api/v2/public/get_instruments`: a JSON-RPC answer whose `result` lists the
 * instruments (entries are checked one by one with {@link DeribitInstrument}).
 *
 * @example
 * ```ts
 * DeribitInstrumentsBody.is({ jsonrpc: '2.0', result: [], usIn: 1, usOut: 2, usDiff: 1, testnet: false }); // true
 * ```
 */
export const DeribitInstrumentsBody = t.type({ result: t.array(t.UnknownRecord) }, 'DeribitInstrumentsBody');
/** @see {@link DeribitInstrumentsBody} */
export type DeribitInstrumentsBody = t.TypeOf<typeof DeribitInstrumentsBody>;
