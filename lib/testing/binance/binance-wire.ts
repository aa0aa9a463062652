import type { BookLevel } from '../../model/book-event';
import type { MarketStats, SimulatedTrade, TopOfBook } from '../harness/simulated-market';

/**
 * A price or quantity as Binance writes it: a string with 8 decimals
 * (`"0.35130000"`, `"6195.00000000"` in the real capture).
 *
 * @example
 * ```ts
 * binanceDecimal(65000.12); // '65000.12000000'
 * ```
 */
export function binanceDecimal(value: number): string {
  return value.toFixed(8);
}

/**
 * `[price, quantity]` string pairs, as in `depthUpdate` `b`/`a` and REST depth `bids`/`asks`.
 *
 * @example
 * ```ts
 * binanceLevels([[65000.12, 0.5]]); // [['65000.12000000', '0.50000000']]
 * ```
 */
export function binanceLevels(levels: readonly BookLevel[]): [string, string][] {
  return levels.map(([price, quantity]) => [binanceDecimal(price), binanceDecimal(quantity)]);
}

/**
 * Binance's `depthUpdate` payload (Diff. Depth Stream), fields in Binance's order.
 *
 * @example
 * ```ts
 * depthUpdatePayload('BTCUSDT', Date.now(), 157, 160, [[65000, 1]], []);
 * ```
 */
export function depthUpdatePayload(
  symbol: string,
  eventTime: number,
  firstUpdateId: number,
  finalUpdateId: number,
  bids: readonly BookLevel[],
  asks: readonly BookLevel[],
): object {
  return {
    e: 'depthUpdate',
    E: eventTime,
    s: symbol,
    U: firstUpdateId,
    u: finalUpdateId,
    b: binanceLevels(bids),
    a: binanceLevels(asks),
  };
}

/**
 * Binance's `trade` payload (Trade Streams). `m` ("is the buyer the market maker?") is `true`
 * when the taker sold. The buyer/seller order ids (`b`/`a`) of older docs are no longer sent.
 *
 * @example
 * ```ts
 * tradePayload('BTCUSDT', Date.now(), { id: 1, price: 65000, amount: 0.1, side: 'sell', timestamp: Date.now() });
 * ```
 */
export function tradePayload(symbol: string, eventTime: number, trade: SimulatedTrade): object {
  return {
    e: 'trade',
    E: eventTime,
    s: symbol,
    t: trade.id,
    p: binanceDecimal(trade.price),
    q: binanceDecimal(trade.amount),
    T: trade.timestamp,
    m: trade.side === 'sell',
    M: true,
  };
}

/**
 * Binance's `24hrTicker` payload (Individual Symbol Ticker Streams), every documented field.
 * `P` (percent) has 3 decimals, everything else priced 8.
 *
 * @example
 * ```ts
 * tickerPayload('BTCUSDT', Date.now(), market.stats());
 * ```
 */
export function tickerPayload(symbol: string, eventTime: number, stats: MarketStats): object {
  return {
    e: '24hrTicker',
    E: eventTime,
    s: symbol,
    p: binanceDecimal(stats.priceChange),
    P: stats.priceChangePercent.toFixed(3),
    w: binanceDecimal(stats.weightedAveragePrice),
    x: binanceDecimal(stats.previousClose),
    c: binanceDecimal(stats.last),
    Q: binanceDecimal(stats.lastQuantity),
    b: binanceDecimal(stats.bid),
    B: binanceDecimal(stats.bidSize),
    a: binanceDecimal(stats.ask),
    A: binanceDecimal(stats.askSize),
    o: binanceDecimal(stats.open),
    h: binanceDecimal(stats.high),
    l: binanceDecimal(stats.low),
    v: binanceDecimal(stats.volume),
    q: binanceDecimal(stats.quoteVolume),
    O: stats.openTime,
    C: stats.closeTime,
    F: stats.firstTradeId,
    L: stats.lastTradeId,
    n: stats.tradeCount,
  };
}

/**
 * Binance's `bookTicker` payload (no event type or time, exactly as in the real capture).
 *
 * @example
 * ```ts
 * bookTickerPayload('BTCUSDT', 400900217, market.top());
 * ```
 */
export function bookTickerPayload(symbol: string, updateId: number, top: TopOfBook): object {
  return {
    u: updateId,
    s: symbol,
    b: binanceDecimal(top.bid),
    B: binanceDecimal(top.bidSize),
    a: binanceDecimal(top.ask),
    A: binanceDecimal(top.askSize),
  };
}

/**
 * REST `GET /api/v3/depth` body.
 *
 * @example
 * ```ts
 * restDepthBody(market.updateId, market.truth(100));
 * ```
 */
export function restDepthBody(
  lastUpdateId: number,
  image: { readonly bids: readonly BookLevel[]; readonly asks: readonly BookLevel[] },
): string {
  return JSON.stringify({ lastUpdateId, bids: binanceLevels(image.bids), asks: binanceLevels(image.asks) });
}

/**
 * The request id of a control message, as echoed back: integer, short alphanumeric string or `null`.
 *
 * @example
 * ```ts
 * const id: BinanceRequestId = 1;
 * ```
 */
export type BinanceRequestId = number | string | null;

/**
 * A control-message error reply as it appears on the wire: `{"error":{"code":2,"msg":"…"},"id":1}`
 * (the docs' table shows the inner object only). `id` is left out when `undefined` (invalid JSON).
 *
 * @example
 * ```ts
 * controlError(2, 'Invalid request: invalid stream', 7); // '{"error":{"code":2,"msg":"Invalid request: invalid stream"},"id":7}'
 * ```
 */
export function controlError(code: number, msg: string, id?: BinanceRequestId): string {
  return JSON.stringify(id === undefined ? { error: { code, msg } } : { error: { code, msg }, id });
}

/**
 * A control-message success reply: `{"result":null,"id":1}`.
 *
 * @example
 * ```ts
 * controlResult(null, 1); // '{"result":null,"id":1}'
 * ```
 */
export function controlResult(result: unknown, id: BinanceRequestId): string {
  return JSON.stringify({ result, id });
}

/**
 * A REST error body: `{"code":-1121,"msg":"Invalid symbol."}`.
 *
 * @example
 * ```ts
 * restError(-1121, 'Invalid symbol.');
 * ```
 */
export function restError(code: number, msg: string): string {
  return JSON.stringify({ code, msg });
}

/**
 * One symbol as the simulator lists it in `GET /api/v3/exchangeInfo`.
 *
 * @example
 * ```ts
 * const listed: BinanceListedSymbol = { symbol: 'BTCUSDT', baseAsset: 'BTC', quoteAsset: 'USDT', tickSize: 0.01, quantityDecimals: 5 };
 * ```
 */
export interface BinanceListedSymbol {
  readonly symbol: string;
  readonly baseAsset: string;
  readonly quoteAsset: string;
  readonly tickSize: number;
  readonly quantityDecimals: number;
}

/**
 * The body of `GET /api/v3/exchangeInfo` for `symbols`, in Binance's shape (fields as the live API
 * sends them; filters `PRICE_FILTER`, `LOT_SIZE`, `NOTIONAL`).
 *
 * @example
 * ```ts
 * restExchangeInfoBody([{ symbol: 'BTCUSDT', baseAsset: 'BTC', quoteAsset: 'USDT', tickSize: 0.01, quantityDecimals: 5 }], Date.now());
 * ```
 */
export function restExchangeInfoBody(symbols: readonly BinanceListedSymbol[], serverTime: number): string {
  const decimal = (value: number): string => value.toFixed(8);
  return JSON.stringify({
    timezone: 'UTC',
    serverTime,
    rateLimits: [
      { rateLimitType: 'REQUEST_WEIGHT', interval: 'MINUTE', intervalNum: 1, limit: 6000 },
      { rateLimitType: 'ORDERS', interval: 'SECOND', intervalNum: 10, limit: 100 },
      { rateLimitType: 'RAW_REQUESTS', interval: 'MINUTE', intervalNum: 5, limit: 61000 },
    ],
    exchangeFilters: [],
    symbols: symbols.map((listed) => ({
      symbol: listed.symbol,
      status: 'TRADING',
      baseAsset: listed.baseAsset,
      baseAssetPrecision: 8,
      quoteAsset: listed.quoteAsset,
      quotePrecision: 8,
      quoteAssetPrecision: 8,
      baseCommissionPrecision: 8,
      quoteCommissionPrecision: 8,
      orderTypes: ['LIMIT', 'LIMIT_MAKER', 'MARKET', 'STOP_LOSS_LIMIT', 'TAKE_PROFIT_LIMIT'],
      icebergAllowed: true,
      ocoAllowed: true,
      quoteOrderQtyMarketAllowed: true,
      allowTrailingStop: true,
      cancelReplaceAllowed: true,
      isSpotTradingAllowed: true,
      isMarginTradingAllowed: false,
      filters: [
        { filterType: 'PRICE_FILTER', minPrice: decimal(listed.tickSize), maxPrice: '1000000.00000000', tickSize: decimal(listed.tickSize) },
        { filterType: 'LOT_SIZE', minQty: decimal(10 ** -listed.quantityDecimals), maxQty: '9000.00000000', stepSize: decimal(10 ** -listed.quantityDecimals) },
        { filterType: 'NOTIONAL', minNotional: '5.00000000', applyMinToMarket: true, maxNotional: '9000000.00000000', applyMaxToMarket: false, avgPriceMins: 5 },
      ],
      permissions: [],
      permissionSets: [['SPOT']],
      defaultSelfTradePreventionMode: 'EXPIRE_MAKER',
      allowedSelfTradePreventionModes: ['EXPIRE_TAKER', 'EXPIRE_MAKER', 'EXPIRE_BOTH'],
    })),
  });
}
