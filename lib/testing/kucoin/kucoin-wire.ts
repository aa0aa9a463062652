import type { BookImage } from '../harness/ground-truth-book';
import type { PriceGrid } from '../harness/price-grid';
import type { MarketStats, SimulatedTrade } from '../harness/simulated-market';

// KuCoin spot WebSocket / REST wire format, field for field from the documentation's examples (see
// docs/exchanges/kucoin.md).

/**
 * One level-2 change as the simulator holds it before writing it: price, size (`0` removes) and the
 * sequence of the last modification of that price.
 *
 * @example
 * ```ts
 * const change: KucoinWireChange = [67993.3, 1.21427407, 14701689783];
 * ```
 */
export type KucoinWireChange = readonly [price: number, size: number, sequence: number];

/**
 * A decimal as KuCoin writes prices and sizes: plain, no trailing zeros (`"67993.3"`, `"0.003"`, `"67523"`).
 *
 * @example
 * ```ts
 * kucoinDecimal(65000.1, 2); // '65000.1'
 * ```
 */
export function kucoinDecimal(value: number, decimals: number): string {
  const text = value.toFixed(decimals);
  return text.includes('.') ? text.replace(/\.?0+$/, '') : text;
}

/**
 * A pushed message: `{"topic":…,"type":"message","subject":…,"data":{…}}` (the documentation's key order).
 *
 * @example
 * ```ts
 * messageFrame('/market/match:BTC-USDT', 'trade.l3match', matchData('BTC-USDT', trade, 7, grid));
 * ```
 */
export function messageFrame(topic: string, subject: string, data: object): string {
  return JSON.stringify({ topic, type: 'message', subject, data });
}

/**
 * `data` of `/market/level2:{symbol}` (subject `trade.l2update`): changes `[price, size, sequence]`
 * as strings, the sequences covered, the symbol and `time` (ms).
 *
 * @example
 * ```ts
 * level2Data('BTC-USDT', 101, 104, [[65000.1, 0.5, 103]], [], Date.now(), grid);
 * ```
 */
export function level2Data(
  symbol: string,
  sequenceStart: number,
  sequenceEnd: number,
  asks: readonly KucoinWireChange[],
  bids: readonly KucoinWireChange[],
  time: number,
  grid: PriceGrid,
): object {
  const wire = (changes: readonly KucoinWireChange[]): [string, string, string][] =>
    changes.map(([price, size, sequence]) => [kucoinDecimal(price, grid.priceDecimals), kucoinDecimal(size, grid.quantityDecimals), String(sequence)]);
  return { changes: { asks: wire(asks), bids: wire(bids) }, sequenceEnd, sequenceStart, symbol, time: Math.floor(time) };
}

/**
 * `data` of `/market/match:{symbol}` (subject `trade.l3match`): the taker's side, `time` in
 * nanoseconds as a string, order ids of 24 hex digits.
 *
 * @example
 * ```ts
 * matchData('BTC-USDT', trade, 11067996711960577, grid);
 * ```
 */
export function matchData(symbol: string, trade: SimulatedTrade, sequence: number, grid: PriceGrid): object {
  return {
    makerOrderId: orderId(trade.id * 2),
    price: kucoinDecimal(trade.price, grid.priceDecimals),
    sequence: String(sequence),
    side: trade.side,
    size: kucoinDecimal(trade.amount, grid.quantityDecimals),
    symbol,
    takerOrderId: orderId(trade.id * 2 + 1),
    time: `${Math.floor(trade.timestamp)}000000`,
    tradeId: String(sequence),
    type: 'match',
  };
}

/** A KuCoin order id: 24 hex digits. */
function orderId(n: number): string {
  return n.toString(16).padStart(24, '0');
}

/**
 * `data` of `/market/snapshot:{symbol}` (subject `trade.snapshot`, every 2 s): `{ sequence, data }`
 * with the market's figures as JSON numbers, the fields of the documentation's example.
 *
 * @example
 * ```ts
 * snapshotData('BTC-USDT', 'BTC', 'USDT', market.stats(), 14691517895, grid);
 * ```
 */
export function snapshotData(symbol: string, base: string, quote: string, stats: MarketStats, sequence: number, grid: PriceGrid): object {
  const price = (value: number): number => Number(value.toFixed(grid.priceDecimals));
  const size = (value: number): number => Number(value.toFixed(grid.quantityDecimals));
  const changeRate = Number((stats.priceChangePercent / 100).toFixed(4));
  const change24h = { changePrice: stats.priceChange, changeRate, high: price(stats.high), low: price(stats.low), open: price(stats.open), vol: size(stats.volume), volValue: stats.quoteVolume };
  return {
    sequence: String(sequence),
    data: {
      askSize: size(stats.askSize),
      averagePrice: stats.weightedAveragePrice,
      baseCurrency: base,
      bidSize: size(stats.bidSize),
      board: 0,
      buy: price(stats.bid),
      changePrice: stats.priceChange,
      changeRate,
      close: price(stats.last),
      datetime: Math.floor(stats.closeTime),
      high: price(stats.high),
      lastTradedPrice: price(stats.last),
      low: price(stats.low),
      makerCoefficient: 1,
      makerFeeRate: 0.001,
      marginTrade: true,
      mark: 0,
      market: 'USDS',
      marketChange24h: change24h,
      markets: ['USDS'],
      open: price(stats.open),
      quoteCurrency: quote,
      sell: price(stats.ask),
      siteTypes: ['global'],
      sort: 100,
      symbol,
      symbolCode: symbol,
      takerCoefficient: 1,
      takerFeeRate: 0.001,
      trading: true,
      vol: size(stats.volume),
      volValue: stats.quoteVolume,
    },
  };
}

/**
 * The control answers: `{"id":…,"type":"welcome"}` (the `connectId`), `ack`, `pong`.
 *
 * @example
 * ```ts
 * controlFrame('welcome', 'rxm1'); // '{"id":"rxm1","type":"welcome"}'
 * ```
 */
export function controlFrame(type: 'welcome' | 'ack' | 'pong', id: string): string {
  return JSON.stringify({ id, type });
}

/**
 * An error message: `{"id":…,"type":"error","code":…,"data":"…"}` (the id of the refused request, or
 * the `connectId` for an error about the connection).
 *
 * @example
 * ```ts
 * errorFrame('3', 404, 'topic /market/level2:NOPE-USDT is not found');
 * ```
 */
export function errorFrame(id: string | undefined, code: number, data: string): string {
  return JSON.stringify({ ...(id === undefined ? {} : { id }), type: 'error', code, data });
}

/**
 * A REST success body: `{"code":"200000","data":…}`.
 *
 * @example
 * ```ts
 * restBody({ token: 'x', instanceServers: [] });
 * ```
 */
export function restBody(data: unknown): string {
  return JSON.stringify({ code: '200000', data });
}

/**
 * A REST error body: `{"code":"429000","msg":"Too Many Requests"}`.
 *
 * @example
 * ```ts
 * restErrorBody('900001', 'Trading pair does not exist');
 * ```
 */
export function restErrorBody(code: string, msg: string): string {
  return JSON.stringify({ code, msg });
}

/**
 * `data` of `POST /api/v1/bullet-public`: the token and one instance server.
 *
 * @example
 * ```ts
 * bulletData('2neAiuYv…', 'ws://127.0.0.1:9000/', 18_000, 10_000);
 * ```
 */
export function bulletData(token: string, endpoint: string, pingInterval: number, pingTimeout: number): object {
  return { token, instanceServers: [{ endpoint, encrypt: false, protocol: 'websocket', pingInterval, pingTimeout }] };
}

/**
 * `data` of `GET /api/v1/market/orderbook/level2_20|100`: `sequence` as a string, `time` (ms), levels best first.
 *
 * @example
 * ```ts
 * orderBookData(14701689783, Date.now(), market.truth(100), grid);
 * ```
 */
export function orderBookData(sequence: number, time: number, image: BookImage, grid: PriceGrid): object {
  const levels = (side: BookImage['bids']): [string, string][] => side.map(([price, size]) => [kucoinDecimal(price, grid.priceDecimals), kucoinDecimal(size, grid.quantityDecimals)]);
  return { time: Math.floor(time), sequence: String(sequence), bids: levels(image.bids), asks: levels(image.asks) };
}

/**
 * One symbol as the simulator lists it in `GET /api/v2/symbols`.
 *
 * @example
 * ```ts
 * const listed: KucoinListedSymbol = { symbol: 'BTC-USDT', base: 'BTC', quote: 'USDT', grid: priceGrid(0.1, 8) };
 * ```
 */
export interface KucoinListedSymbol {
  readonly symbol: string;
  readonly base: string;
  readonly quote: string;
  readonly grid: PriceGrid;
}

/**
 * One entry of `GET /api/v2/symbols`, the fields of the documentation's example.
 *
 * @example
 * ```ts
 * symbolInfo({ symbol: 'BTC-USDT', base: 'BTC', quote: 'USDT', grid });
 * ```
 */
export function symbolInfo(listed: KucoinListedSymbol): object {
  const step = (decimals: number): string => kucoinDecimal(10 ** -decimals, decimals);
  return {
    symbol: listed.symbol,
    name: listed.symbol,
    baseCurrency: listed.base,
    quoteCurrency: listed.quote,
    feeCurrency: listed.quote,
    market: 'USDS',
    baseMinSize: step(listed.grid.quantityDecimals),
    quoteMinSize: '0.1',
    baseMaxSize: '10000000000',
    quoteMaxSize: '99999999',
    baseIncrement: step(listed.grid.quantityDecimals),
    quoteIncrement: '0.000001',
    priceIncrement: kucoinDecimal(listed.grid.tickSize, listed.grid.priceDecimals),
    priceLimitRate: '0.1',
    minFunds: '0.1',
    isMarginEnabled: true,
    enableTrading: true,
    feeCategory: 1,
    makerFeeCoefficient: '1.00',
    takerFeeCoefficient: '1.00',
    st: false,
  };
}
