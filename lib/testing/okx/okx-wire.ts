import { crc32 } from 'node:zlib';
import type { BookLevel } from '../../model/book-event';
import type { PriceGrid } from '../harness/price-grid';
import type { MarketStats, SimulatedTrade } from '../harness/simulated-market';

/**
 * A number as OKX writes it: fixed-point with the grid's decimals, trailing zeros and a trailing
 * point dropped (`8477`, `8475.3`, `0.60038921`; never an exponent).
 *
 * @example
 * ```ts
 * okxDecimal(8477, 2);       // '8477'
 * okxDecimal(0.0000001, 8);  // '0.0000001'
 * ```
 */
export function okxDecimal(value: number, decimals: number): string {
  const text = value.toFixed(decimals);
  return decimals === 0 ? text : text.replace(/0+$/, '').replace(/\.$/, '');
}

/**
 * One book level on the wire: `[price, size, "0", numberOfOrders]` (a removal is `[price, "0", "0", "0"]`).
 *
 * @example
 * ```ts
 * okxLevel([65000.1, 0.25], priceGrid(0.1, 2)); // ['65000.1', '0.25', '0', '3']
 * ```
 */
export function okxLevel([price, size]: BookLevel, grid: PriceGrid): string[] {
  const orders = size === 0 ? 0 : 1 + (Math.round(price / grid.tickSize) % 9);
  return [okxDecimal(price, grid.priceDecimals), okxDecimal(size, grid.quantityDecimals), '0', String(orders)];
}

/**
 * OKX's book checksum computed the documented way on the wire TEXT (independently of the library):
 * the first 25 bids and asks interleaved, `price:size` joined by `:`, CRC32 as a signed 32-bit integer.
 *
 * @example
 * ```ts
 * okxWireChecksum([['3366.1', '7'], ['3366', '6']], [['3366.8', '9'], ['3368', '8']]); // -1881014294
 * ```
 */
export function okxWireChecksum(bids: readonly (readonly string[])[], asks: readonly (readonly string[])[]): number {
  const parts: string[] = [];
  for (let i = 0; i < 25; i++) {
    if (i < bids.length) parts.push(`${bids[i]![0]}:${bids[i]![1]}`);
    if (i < asks.length) parts.push(`${asks[i]![0]}:${asks[i]![1]}`);
  }
  const unsigned = crc32(parts.join(':'));
  return unsigned >= 2 ** 31 ? unsigned - 2 ** 32 : unsigned;
}

/**
 * A `books` push (fields in the docs' order; `checksum` omitted when `undefined`).
 *
 * @example
 * ```ts
 * bookPush('BTC-USDT', 'update', [], [['65000.1', '0', '0', '0']], 1700000000000, 123456, 123457, -855196043);
 * ```
 */
export function bookPush(
  instId: string,
  action: 'snapshot' | 'update',
  bids: readonly (readonly string[])[],
  asks: readonly (readonly string[])[],
  ts: number,
  prevSeqId: number,
  seqId: number,
  checksum: number | undefined,
): string {
  const data = { asks, bids, ts: String(ts), ...(checksum === undefined ? {} : { checksum }), prevSeqId, seqId };
  return JSON.stringify({ arg: { channel: 'books', instId }, action, data: [data] });
}

/**
 * A `tickers` push from the market's 24 h statistics. On a swap (`contractValue` given) sizes are
 * contracts, `vol24h` counts contracts and `volCcy24h` base units; on spot `vol24h` is base and
 * `volCcy24h` quote units.
 *
 * @example
 * ```ts
 * tickerPush('SPOT', 'BTC-USDT', market.stats(), market.grid, undefined, Date.now());
 * ```
 */
export function tickerPush(instType: 'SPOT' | 'SWAP', instId: string, stats: MarketStats, grid: PriceGrid, contractValue: number | undefined, ts: number): string {
  const px = (value: number) => okxDecimal(value, grid.priceDecimals);
  const sz = (value: number) => okxDecimal(value, grid.quantityDecimals);
  const base = contractValue === undefined ? stats.volume : stats.volume * contractValue;
  const volCcy24h = contractValue === undefined ? okxDecimal(stats.quoteVolume, grid.priceDecimals) : okxDecimal(base, grid.quantityDecimals + 4);
  return JSON.stringify({
    arg: { channel: 'tickers', instId },
    data: [
      {
        instType,
        instId,
        last: px(stats.last),
        lastSz: sz(stats.lastQuantity),
        askPx: px(stats.ask),
        askSz: sz(stats.askSize),
        bidPx: px(stats.bid),
        bidSz: sz(stats.bidSize),
        open24h: px(stats.open),
        high24h: px(stats.high),
        low24h: px(stats.low),
        volCcy24h,
        vol24h: sz(stats.volume),
        sodUtc0: px(stats.open),
        sodUtc8: px(stats.open),
        ts: String(ts),
      },
    ],
  });
}

/**
 * A `trades` push of one taker order (`count` 1, `source` "0" normal order).
 *
 * @example
 * ```ts
 * tradePush('BTC-USDT', trade, market.grid, 1234);
 * ```
 */
export function tradePush(instId: string, trade: SimulatedTrade, grid: PriceGrid, seqId: number): string {
  return JSON.stringify({
    arg: { channel: 'trades', instId },
    data: [
      {
        instId,
        tradeId: String(trade.id),
        px: okxDecimal(trade.price, grid.priceDecimals),
        sz: okxDecimal(trade.amount, grid.quantityDecimals),
        side: trade.side,
        ts: String(Math.floor(trade.timestamp)),
        count: '1',
        source: '0',
        seqId,
      },
    ],
  });
}

/**
 * A `mark-price` push.
 *
 * @example
 * ```ts
 * markPricePush('BTC-USDT-SWAP', '65000.1', Date.now());
 * ```
 */
export function markPricePush(instId: string, markPx: string, ts: number): string {
  return JSON.stringify({ arg: { channel: 'mark-price', instId }, data: [{ instType: 'SWAP', instId, markPx, ts: String(ts) }] });
}

/**
 * An `index-tickers` push (the 24 h fields repeat the index price: the simulator keeps no index history).
 *
 * @example
 * ```ts
 * indexTickerPush('BTC-USDT', '65000.05', Date.now());
 * ```
 */
export function indexTickerPush(indexId: string, idxPx: string, ts: number): string {
  return JSON.stringify({
    arg: { channel: 'index-tickers', instId: indexId },
    data: [{ instId: indexId, idxPx, high24h: idxPx, low24h: idxPx, open24h: idxPx, sodUtc0: idxPx, sodUtc8: idxPx, ts: String(ts) }],
  });
}

/**
 * The values of one `funding-rate` push.
 *
 * @example
 * ```ts
 * const funding: OkxFunding = { fundingRate: '0.0001', fundingTime: 1700726400000, nextFundingTime: 1700755200000, premium: '0.0001' };
 * ```
 */
export interface OkxFunding {
  readonly fundingRate: string;
  readonly fundingTime: number;
  readonly nextFundingTime: number;
  readonly premium: string;
}

/**
 * A `funding-rate` push with the documented fields (`method` current_period, `formulaType` withRate).
 *
 * @example
 * ```ts
 * fundingRatePush('BTC-USDT-SWAP', funding, Date.now());
 * ```
 */
export function fundingRatePush(instId: string, funding: OkxFunding, ts: number): string {
  return JSON.stringify({
    arg: { channel: 'funding-rate', instId },
    data: [
      {
        formulaType: 'withRate',
        fundingRate: funding.fundingRate,
        fundingTime: String(funding.fundingTime),
        impactValue: '20000',
        instId,
        instType: 'SWAP',
        interestRate: '0.0001',
        method: 'current_period',
        maxFundingRate: '0.00375',
        minFundingRate: '-0.00375',
        nextFundingRate: '',
        nextFundingTime: String(funding.nextFundingTime),
        premium: funding.premium,
        settFundingRate: funding.fundingRate,
        settState: 'settled',
        ts: String(ts),
      },
    ],
  });
}

/**
 * An `open-interest` push (`oi` contracts, `oiCcy` base units, `oiUsd`).
 *
 * @example
 * ```ts
 * openInterestPush('BTC-USDT-SWAP', '2216113.01', '22161.1301', '1939251795.5', Date.now());
 * ```
 */
export function openInterestPush(instId: string, oi: string, oiCcy: string, oiUsd: string, ts: number): string {
  return JSON.stringify({ arg: { channel: 'open-interest', instId }, data: [{ instId, instType: 'SWAP', oi, oiCcy, oiUsd, ts: String(ts) }] });
}

/**
 * A reply to one `arg` of a request: `{"id","event":"subscribe"|"unsubscribe","arg","connId"}`.
 *
 * @example
 * ```ts
 * subscriptionEvent('subscribe', '7', { channel: 'books', instId: 'BTC-USDT' }, 'a4d3ae55');
 * ```
 */
export function subscriptionEvent(event: 'subscribe' | 'unsubscribe', id: string | undefined, arg: { channel: string; instId: string }, connId: string): string {
  return JSON.stringify({ ...(id === undefined ? {} : { id }), event, arg, connId });
}

/**
 * An error reply: `{"id","event":"error","code","msg","connId"}`.
 *
 * @example
 * ```ts
 * errorEvent('7', '60018', "Wrong URL or channel:books,instId:NOPE-USDT doesn't exist. …", 'a4d3ae55');
 * ```
 */
export function errorEvent(id: string | undefined, code: string, msg: string, connId: string): string {
  return JSON.stringify({ ...(id === undefined ? {} : { id }), event: 'error', code, msg, connId });
}

/**
 * OKX's refusal of a channel it does not know on an instrument (error 60018's message).
 *
 * @example
 * ```ts
 * unknownArgMessage('books', 'NOPE-USDT');
 * ```
 */
export function unknownArgMessage(channel: string, instId: string): string {
  return `Wrong URL or channel:${channel},instId:${instId} doesn't exist. Please use the correct URL, channel and parameters referring to API document.`;
}

/**
 * A REST answer: `{"code":"0","msg":"","data":[…]}` (or an error code with its message and no data).
 *
 * @example
 * ```ts
 * restBody([{ instId: 'BTC-USDT' }]);                          // success
 * restBody([], '51001', "Instrument ID doesn't exist.");       // error
 * ```
 */
export function restBody(data: readonly unknown[], code = '0', msg = ''): string {
  return JSON.stringify({ code, msg, data });
}

/**
 * One `GET /api/v5/public/instruments` entry with OKX's documented fields ("" where a field does
 * not apply).
 *
 * @example
 * ```ts
 * instrumentEntry({ instType: 'SPOT', instId: 'BTC-USDT', base: 'BTC', quote: 'USDT', grid: priceGrid(0.1, 8) });
 * ```
 */
export function instrumentEntry(listing: {
  readonly instType: 'SPOT' | 'SWAP';
  readonly instId: string;
  readonly base: string;
  readonly quote: string;
  readonly grid: PriceGrid;
  readonly contractValue?: number;
}): Record<string, unknown> {
  const { instType, instId, base, quote, grid, contractValue } = listing;
  const swap = instType === 'SWAP';
  const lot = okxDecimal(10 ** -grid.quantityDecimals, grid.quantityDecimals);
  return {
    alias: '',
    auctionEndTime: '',
    baseCcy: swap ? '' : base,
    category: '1',
    ctMult: swap ? '1' : '',
    ctType: swap ? 'linear' : '',
    ctVal: swap ? String(contractValue ?? 1) : '',
    ctValCcy: swap ? base : '',
    contTdSwTime: '',
    expTime: '',
    futureSettlement: false,
    groupId: swap ? '2' : '1',
    instFamily: swap ? `${base}-${quote}` : '',
    instId,
    instType,
    lever: swap ? '100' : '10',
    listTime: '1606468572000',
    lotSz: lot,
    maxIcebergSz: '9999999999.0000000000000000',
    maxLmtAmt: '20000000',
    maxLmtSz: '9999999999',
    maxMktAmt: '1000000',
    maxMktSz: '1000000',
    maxStopSz: '1000000',
    maxTriggerSz: '9999999999.0000000000000000',
    maxTwapSz: '9999999999.0000000000000000',
    minSz: lot,
    optType: '',
    openType: swap ? '' : 'call_auction',
    preMktSwTime: '',
    quoteCcy: swap ? '' : quote,
    tradeQuoteCcyList: swap ? [] : [quote],
    settleCcy: swap ? quote : '',
    state: 'live',
    ruleType: 'normal',
    stk: '',
    tickSz: okxDecimal(grid.tickSize, grid.priceDecimals),
    uly: swap ? `${base}-${quote}` : '',
    instIdCode: null,
    instCategory: '1',
    upcChg: [],
  };
}
