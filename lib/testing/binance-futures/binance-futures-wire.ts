import type { BookLevel } from '../../model/book-event';
import type { DerivativeState } from '../harness/simulated-derivative';
import { decimalsOf, type PriceGrid } from '../harness/price-grid';
import type { MarketStats, SimulatedTrade, TopOfBook } from '../harness/simulated-market';

/**
 * Update ids on the wire: each market step `n` is update `n * UPDATE_ID_STRIDE` (USD-M ids are shared
 * by every symbol, so one symbol's ids jump: `U` is never the previous `u + 1`, as in the capture).
 *
 * @example
 * ```ts
 * const u = step.updateId * UPDATE_ID_STRIDE;
 * ```
 */
export const UPDATE_ID_STRIDE = 1000;

/**
 * `[price, quantity]` string pairs with the market's decimals (USD-M writes `"7.6110"`, `"813"`,
 * its symbol's price and quantity precision, not spot's 8 decimals).
 *
 * @example
 * ```ts
 * futuresLevels([[65000.1, 0.5]], priceGrid(0.1, 3)); // [['65000.1', '0.500']]
 * ```
 */
export function futuresLevels(levels: readonly BookLevel[], grid: PriceGrid): [string, string][] {
  return levels.map(([price, quantity]) => [price.toFixed(grid.priceDecimals), quantity.toFixed(grid.quantityDecimals)]);
}

/**
 * The `depthUpdate` payload of `<symbol>@depth@100ms`, fields in the capture's order (`E`, `T`, `s`,
 * `U`, `u`, `pu`, `b`, `a`).
 *
 * @example
 * ```ts
 * depthUpdatePayload('BTCUSDT', Date.now(), Date.now(), { first: 7, last: 9000, previous: 6000 }, [[65000.1, 1]], [], grid);
 * ```
 */
export function depthUpdatePayload(
  symbol: string,
  eventTime: number,
  transactionTime: number,
  ids: { readonly first: number; readonly last: number; readonly previous: number },
  bids: readonly BookLevel[],
  asks: readonly BookLevel[],
  grid: PriceGrid,
): object {
  return { e: 'depthUpdate', E: eventTime, T: transactionTime, s: symbol, U: ids.first, u: ids.last, pu: ids.previous, b: futuresLevels(bids, grid), a: futuresLevels(asks, grid) };
}

/**
 * The `aggTrade` payload (one fill per aggregate here: `f` = `l` = the trade id).
 *
 * @example
 * ```ts
 * aggTradePayload('BTCUSDT', Date.now(), { id: 1, price: 65000.1, amount: 0.01, side: 'sell', timestamp: Date.now() }, grid);
 * ```
 */
export function aggTradePayload(symbol: string, eventTime: number, trade: SimulatedTrade, grid: PriceGrid): object {
  return {
    e: 'aggTrade',
    E: eventTime,
    a: trade.id,
    s: symbol,
    p: trade.price.toFixed(grid.priceDecimals),
    q: trade.amount.toFixed(grid.quantityDecimals),
    f: trade.id,
    l: trade.id,
    T: trade.timestamp,
    m: trade.side === 'sell',
  };
}

/**
 * The USD-M `24hrTicker` payload: spot's statistics without best bid/ask (USD-M sends none).
 *
 * @example
 * ```ts
 * tickerPayload('BTCUSDT', Date.now(), market.stats(), grid);
 * ```
 */
export function tickerPayload(symbol: string, eventTime: number, stats: MarketStats, grid: PriceGrid): object {
  const price = (value: number): string => value.toFixed(grid.priceDecimals);
  const quantity = (value: number): string => value.toFixed(grid.quantityDecimals);
  return {
    e: '24hrTicker',
    E: eventTime,
    s: symbol,
    p: price(stats.priceChange),
    P: stats.priceChangePercent.toFixed(3),
    w: price(stats.weightedAveragePrice),
    c: price(stats.last),
    Q: quantity(stats.lastQuantity),
    o: price(stats.open),
    h: price(stats.high),
    l: price(stats.low),
    v: quantity(stats.volume),
    q: price(stats.quoteVolume),
    O: stats.openTime,
    C: stats.closeTime,
    F: stats.firstTradeId,
    L: stats.lastTradeId,
    n: stats.tradeCount,
  };
}

/**
 * The USD-M `bookTicker` payload (as in the capture: `e`, `u`, `s`, `b`, `B`, `a`, `A`, `T`, `E`).
 *
 * @example
 * ```ts
 * bookTickerPayload('BTCUSDT', step.updateId * UPDATE_ID_STRIDE, market.top(), Date.now(), grid);
 * ```
 */
export function bookTickerPayload(symbol: string, updateId: number, top: TopOfBook, time: number, grid: PriceGrid): object {
  return {
    e: 'bookTicker',
    u: updateId,
    s: symbol,
    b: top.bid.toFixed(grid.priceDecimals),
    B: top.bidSize.toFixed(grid.quantityDecimals),
    a: top.ask.toFixed(grid.priceDecimals),
    A: top.askSize.toFixed(grid.quantityDecimals),
    T: time,
    E: time,
  };
}

/**
 * The `markPriceUpdate` payload of `<symbol>@markPrice@1s` (`P`, the estimated settle price, equals the
 * index here).
 *
 * @example
 * ```ts
 * markPricePayload('BTCUSDT', Date.now(), derivative.state());
 * ```
 */
export function markPricePayload(symbol: string, eventTime: number, state: DerivativeState): object {
  return {
    e: 'markPriceUpdate',
    E: eventTime,
    s: symbol,
    p: state.markPrice.toFixed(state.priceDecimals),
    i: state.indexPrice.toFixed(state.priceDecimals),
    P: state.indexPrice.toFixed(state.priceDecimals),
    r: state.fundingRate.toFixed(8),
    T: state.nextFundingTime,
  };
}

/**
 * REST `GET /fapi/v1/depth` body (`E` message time, `T` engine time).
 *
 * @example
 * ```ts
 * restDepthBody(market.updateId * UPDATE_ID_STRIDE, Date.now(), market.truth(100), grid);
 * ```
 */
export function restDepthBody(
  lastUpdateId: number,
  time: number,
  image: { readonly bids: readonly BookLevel[]; readonly asks: readonly BookLevel[] },
  grid: PriceGrid,
): string {
  return JSON.stringify({ lastUpdateId, E: time, T: time, bids: futuresLevels(image.bids, grid), asks: futuresLevels(image.asks, grid) });
}

/**
 * REST `GET /fapi/v1/openInterest` body.
 *
 * @example
 * ```ts
 * restOpenInterestBody('BTCUSDT', derivative.state(), Date.now()); // '{"symbol":"BTCUSDT","openInterest":"…","time":…}'
 * ```
 */
export function restOpenInterestBody(symbol: string, state: DerivativeState, time: number): string {
  return JSON.stringify({ symbol, openInterest: state.openInterest.toFixed(state.quantityDecimals), time });
}

/**
 * One contract as the simulator lists it in `GET /fapi/v1/exchangeInfo`.
 *
 * @example
 * ```ts
 * const listed: FuturesListedSymbol = { symbol: 'BTCUSDT', baseAsset: 'BTC', quoteAsset: 'USDT', marginAsset: 'USDT', contractType: 'PERPETUAL', deliveryDate: 4133404800000, tickSize: 0.1, quantityDecimals: 3 };
 * ```
 */
export interface FuturesListedSymbol {
  readonly symbol: string;
  readonly baseAsset: string;
  readonly quoteAsset: string;
  readonly marginAsset: string;
  readonly contractType: string;
  readonly deliveryDate: number;
  readonly tickSize: number;
  readonly quantityDecimals: number;
}

/**
 * The body of `GET /fapi/v1/exchangeInfo` in USD-M's shape (rate limits 2400 weight/min, filters
 * `PRICE_FILTER`, `LOT_SIZE`, `MARKET_LOT_SIZE`, `MAX_NUM_ORDERS`, `MIN_NOTIONAL`, `PERCENT_PRICE`).
 *
 * @example
 * ```ts
 * restExchangeInfoBody([listed], Date.now());
 * ```
 */
export function restExchangeInfoBody(symbols: readonly FuturesListedSymbol[], serverTime: number): string {
  return JSON.stringify({
    timezone: 'UTC',
    serverTime,
    futuresType: 'U_MARGINED',
    rateLimits: [
      { rateLimitType: 'REQUEST_WEIGHT', interval: 'MINUTE', intervalNum: 1, limit: 2400 },
      { rateLimitType: 'ORDERS', interval: 'MINUTE', intervalNum: 1, limit: 1200 },
      { rateLimitType: 'ORDERS', interval: 'SECOND', intervalNum: 10, limit: 300 },
    ],
    exchangeFilters: [],
    assets: [...new Set(symbols.map((s) => s.marginAsset))].map((asset) => ({ asset, marginAvailable: true, autoAssetExchange: '0' })),
    symbols: symbols.map((listed) => {
      const priceDecimals = decimalsOf(listed.tickSize);
      const tick = listed.tickSize.toFixed(priceDecimals);
      const step = (10 ** -listed.quantityDecimals).toFixed(listed.quantityDecimals);
      return {
        symbol: listed.symbol,
        pair: `${listed.baseAsset}${listed.quoteAsset}`,
        contractType: listed.contractType,
        deliveryDate: listed.deliveryDate,
        onboardDate: 1569398400000,
        status: 'TRADING',
        maintMarginPercent: '2.5000',
        requiredMarginPercent: '5.0000',
        baseAsset: listed.baseAsset,
        quoteAsset: listed.quoteAsset,
        marginAsset: listed.marginAsset,
        pricePrecision: priceDecimals,
        quantityPrecision: listed.quantityDecimals,
        baseAssetPrecision: 8,
        quotePrecision: 8,
        underlyingType: 'COIN',
        underlyingSubType: [],
        settlePlan: 0,
        triggerProtect: '0.0500',
        liquidationFee: '0.012500',
        marketTakeBound: '0.05',
        maxMoveOrderLimit: 10000,
        filters: [
          { minPrice: tick, maxPrice: '1000000', filterType: 'PRICE_FILTER', tickSize: tick },
          { stepSize: step, filterType: 'LOT_SIZE', maxQty: '1000', minQty: step },
          { stepSize: step, filterType: 'MARKET_LOT_SIZE', maxQty: '120', minQty: step },
          { limit: 200, filterType: 'MAX_NUM_ORDERS' },
          { limit: 10, filterType: 'MAX_NUM_ALGO_ORDERS' },
          { notional: '5', filterType: 'MIN_NOTIONAL' },
          { multiplierDown: '0.9500', multiplierUp: '1.0500', multiplierDecimal: '4', filterType: 'PERCENT_PRICE' },
        ],
        orderTypes: ['LIMIT', 'MARKET', 'STOP', 'STOP_MARKET', 'TAKE_PROFIT', 'TAKE_PROFIT_MARKET', 'TRAILING_STOP_MARKET'],
        timeInForce: ['GTC', 'IOC', 'FOK', 'GTX', 'GTD'],
      };
    }),
  });
}
