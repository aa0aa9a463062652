import type { BookLevel } from '../../model/book-event';
import type { BookImage } from '../harness/ground-truth-book';
import type { MarketStats, SimulatedTrade, TopOfBook } from '../harness/simulated-market';
import type { PriceGrid } from '../harness/price-grid';

// Gate.io spot WebSocket v4 / REST v4 wire format, field for field from the documentation's examples.

/**
 * A decimal as Gate.io writes book and ticker numbers: plain, no trailing zeros (`"19137.74"`, `"0.6135"`, `"105932"`).
 *
 * @example
 * ```ts
 * gateioDecimal(65000.1, 2); // '65000.1'
 * ```
 */
export function gateioDecimal(value: number, decimals: number): string {
  const text = value.toFixed(decimals);
  return text.includes('.') ? text.replace(/\.?0+$/, '') : text;
}

/**
 * `[price, amount]` string pairs on `grid`.
 *
 * @example
 * ```ts
 * gateioLevels([[65000.12, 0.5]], priceGrid(0.01, 5)); // [['65000.12', '0.5']]
 * ```
 */
export function gateioLevels(levels: readonly BookLevel[], grid: PriceGrid): [string, string][] {
  return levels.map(([price, quantity]) => [gateioDecimal(price, grid.priceDecimals), gateioDecimal(quantity, grid.quantityDecimals)]);
}

/**
 * A server notification: `{"time":<s>,"time_ms":<ms>,"channel":…,"event":"update","result":{…}}`.
 *
 * @example
 * ```ts
 * updateFrame('spot.trades', tradeResult('BTC_USDT', trade, grid), Date.now());
 * ```
 */
export function updateFrame(channel: string, result: object, nowMs: number): string {
  return JSON.stringify({ time: Math.floor(nowMs / 1000), time_ms: Math.floor(nowMs), channel, event: 'update', result });
}

/**
 * `spot.tickers` result (every documented field; no sizes, as on Gate.io).
 *
 * @example
 * ```ts
 * tickerResult('BTC_USDT', market.stats(), market.grid);
 * ```
 */
export function tickerResult(pair: string, stats: MarketStats, grid: PriceGrid): object {
  const price = (value: number): string => gateioDecimal(value, grid.priceDecimals);
  return {
    currency_pair: pair,
    last: price(stats.last),
    lowest_ask: price(stats.ask),
    highest_bid: price(stats.bid),
    change_percentage: gateioDecimal(stats.priceChangePercent, 2),
    base_volume: gateioDecimal(stats.volume, grid.quantityDecimals),
    quote_volume: gateioDecimal(stats.quoteVolume, grid.priceDecimals),
    high_24h: price(stats.high),
    low_24h: price(stats.low),
  };
}

/**
 * `spot.book_ticker` result: best bid/ask and sizes at book update `updateId`.
 *
 * @example
 * ```ts
 * bookTickerResult('BTC_USDT', Date.now(), market.updateId, market.top(), market.grid);
 * ```
 */
export function bookTickerResult(pair: string, nowMs: number, updateId: number, top: TopOfBook, grid: PriceGrid): object {
  return {
    t: Math.floor(nowMs),
    u: updateId,
    s: pair,
    b: gateioDecimal(top.bid, grid.priceDecimals),
    B: gateioDecimal(top.bidSize, grid.quantityDecimals),
    a: gateioDecimal(top.ask, grid.priceDecimals),
    A: gateioDecimal(top.askSize, grid.quantityDecimals),
  };
}

/**
 * `spot.trades` result: the taker's side, price and amount with 10 decimals, `create_time_ms` a
 * decimal string of milliseconds, `range` and `id_market` as in the documentation's example.
 *
 * @example
 * ```ts
 * tradeResult('BTC_USDT', trade);
 * ```
 */
export function tradeResult(pair: string, trade: SimulatedTrade): object {
  return {
    id: trade.id,
    create_time: Math.floor(trade.timestamp / 1000),
    create_time_ms: trade.timestamp.toFixed(4),
    side: trade.side,
    currency_pair: pair,
    amount: trade.amount.toFixed(10),
    price: trade.price.toFixed(10),
    range: `${trade.id}-${trade.id}`,
    id_market: trade.id,
  };
}

/**
 * `spot.order_book_update` result: `U`..`u`, the changed levels (or, with `full`, the whole book of
 * the subscribed `level`), `l`, and the legacy `e`/`E` Gate.io still sends. `full` is present only when true.
 *
 * @example
 * ```ts
 * orderBookUpdateResult('BTC_USDT', Date.now(), 101, 103, bids, asks, 100, false, market.grid);
 * ```
 */
export function orderBookUpdateResult(
  pair: string,
  nowMs: number,
  first: number,
  last: number,
  bids: readonly BookLevel[],
  asks: readonly BookLevel[],
  level: number,
  full: boolean,
  grid: PriceGrid,
): object {
  return {
    t: Math.floor(nowMs),
    ...(full ? { full: true } : {}),
    l: String(level),
    e: 'depthUpdate',
    E: Math.floor(nowMs / 1000),
    s: pair,
    U: first,
    u: last,
    b: gateioLevels(bids, grid),
    a: gateioLevels(asks, grid),
  };
}

/**
 * Identity of one connection as Gate.io stamps its replies (`conn_id`, 16 hex digits).
 *
 * @example
 * ```ts
 * connectionTag(7); // '0000000000000007'
 * ```
 */
export function connectionTag(connection: number): string {
  return connection.toString(16).padStart(16, '0');
}

/**
 * The reply to a `subscribe`/`unsubscribe` request, as Gate.io sends it (ccxt's captured examples):
 * the request's `id` and `payload` echoed, `conn_id`, `trace_id`/`requestId`, `result.status`, and
 * `error` when refused.
 *
 * @example
 * ```ts
 * controlReply({ id: 1, channel: 'spot.trades', event: 'subscribe', payload: ['BTC_USDT'] }, Date.now(), 1, 'abc', { code: 2, message: 'unknown currency pair: X_USDT' });
 * ```
 */
export function controlReply(
  request: { readonly id?: unknown; readonly channel: string; readonly event: string; readonly payload?: unknown },
  nowMs: number,
  connection: number,
  traceId: string,
  error?: { readonly code: number; readonly message: string },
): string {
  return JSON.stringify({
    time: Math.floor(nowMs / 1000),
    time_ms: Math.floor(nowMs),
    ...(typeof request.id === 'number' ? { id: request.id } : {}),
    conn_id: connectionTag(connection),
    trace_id: traceId,
    channel: request.channel,
    event: request.event,
    ...(request.payload === undefined ? {} : { payload: request.payload }),
    ...(error ? { error } : {}),
    result: { status: error ? 'fail' : 'success' },
    requestId: traceId,
  });
}

/**
 * The answer to `spot.ping` (the documentation's example, with `time_ms`).
 *
 * @example
 * ```ts
 * pongFrame(Date.now()); // '{"time":…,"time_ms":…,"channel":"spot.pong","event":"","error":null,"result":null}'
 * ```
 */
export function pongFrame(nowMs: number): string {
  return JSON.stringify({ time: Math.floor(nowMs / 1000), time_ms: Math.floor(nowMs), channel: 'spot.pong', event: '', error: null, result: null });
}

/**
 * REST `GET /api/v4/spot/order_book` body: `id` only `with_id=true`.
 *
 * @example
 * ```ts
 * restOrderBookBody(market.updateId, Date.now(), Date.now(), market.truth(100), market.grid);
 * ```
 */
export function restOrderBookBody(id: number | undefined, current: number, update: number, image: BookImage, grid: PriceGrid): string {
  return JSON.stringify({
    ...(id === undefined ? {} : { id }),
    current: Math.floor(current),
    update: Math.floor(update),
    asks: gateioLevels(image.asks, grid),
    bids: gateioLevels(image.bids, grid),
  });
}

/**
 * One pair as the simulator lists it in `GET /api/v4/spot/currency_pairs`.
 *
 * @example
 * ```ts
 * const listed: GateioListedPair = { id: 'BTC_USDT', base: 'BTC', quote: 'USDT', precision: 2, amountPrecision: 5 };
 * ```
 */
export interface GateioListedPair {
  readonly id: string;
  readonly base: string;
  readonly quote: string;
  readonly precision: number;
  readonly amountPrecision: number;
}

/**
 * REST `GET /api/v4/spot/currency_pairs` body, every field of the documentation's example.
 *
 * @example
 * ```ts
 * restCurrencyPairsBody([{ id: 'BTC_USDT', base: 'BTC', quote: 'USDT', precision: 2, amountPrecision: 5 }]);
 * ```
 */
export function restCurrencyPairsBody(pairs: readonly GateioListedPair[]): string {
  return JSON.stringify(
    pairs.map((pair) => ({
      id: pair.id,
      base: pair.base,
      base_name: pair.base,
      quote: pair.quote,
      quote_name: pair.quote,
      fee: '0.2',
      min_base_amount: gateioDecimal(10 ** -pair.amountPrecision, pair.amountPrecision),
      min_quote_amount: '1',
      max_base_amount: '10000',
      max_quote_amount: '10000000',
      amount_precision: pair.amountPrecision,
      precision: pair.precision,
      trade_status: 'tradable',
      sell_start: 1516378650,
      buy_start: 1516378650,
      delisting_time: 0,
      trade_url: `https://www.gate.io/trade/${pair.id}`,
      st_tag: false,
      up_rate: '0.05',
      down_rate: '0.02',
      slippage: '0.05',
      max_market_order_stock: '100000',
      max_market_order_money: '1000000',
    })),
  );
}

/**
 * A REST error body: `{"label":"…","message":"…"}`.
 *
 * @example
 * ```ts
 * restErrorBody('INVALID_CURRENCY_PAIR', 'Invalid currency pair NOPE_USDT');
 * ```
 */
export function restErrorBody(label: string, message: string): string {
  return JSON.stringify({ label, message });
}
