import { crc32 } from 'node:zlib';
import type { BookLevel } from '../../model/book-event';
import type { PriceGrid } from '../harness/price-grid';
import type { MarketStats, SimulatedTrade } from '../harness/simulated-market';

/**
 * An RFC 3339 time with microseconds, as Kraken v2 writes every timestamp (`2023-09-25T09:04:31.742648Z`).
 *
 * @example
 * ```ts
 * rfc3339(1695632671742.648); // '2023-09-25T09:04:31.742648Z'
 * ```
 */
export function rfc3339(epochMs: number): string {
  const whole = Math.floor(epochMs);
  const micros = Math.min(999, Math.round((epochMs - whole) * 1000));
  return `${new Date(whole).toISOString().slice(0, 23)}${String(micros).padStart(3, '0')}Z`;
}

/**
 * Kraken's book checksum computed the documented way on TEXT (independent of the library's
 * integer implementation): top 10 asks then top 10 bids, price then quantity written with the
 * pair's decimals, `.` removed, leading zeros stripped, CRC32.
 *
 * @example
 * ```ts
 * wireChecksum([[45285.2, 0.001]], [[45283.5, 0.1]], 1, 8);
 * ```
 */
export function wireChecksum(asks: readonly BookLevel[], bids: readonly BookLevel[], priceDecimals: number, qtyDecimals: number): number {
  const strip = (text: string): string => text.replace('.', '').replace(/^0+/, '');
  let text = '';
  for (const [price, qty] of [...asks.slice(0, 10), ...bids.slice(0, 10)]) text += strip(price.toFixed(priceDecimals)) + strip(qty.toFixed(qtyDecimals));
  return crc32(text);
}

/**
 * The `status` frame sent on connect.
 *
 * @example
 * ```ts
 * statusMessage(7); // '{"channel":"status","type":"update","data":[{"api_version":"v2","connection_id":7,"system":"online","version":"2.0.0"}]}'
 * ```
 */
export function statusMessage(connectionId: number): string {
  return JSON.stringify({ channel: 'status', type: 'update', data: [{ api_version: 'v2', connection_id: connectionId, system: 'online', version: '2.0.0' }] });
}

/** The heartbeat frame: `{"channel":"heartbeat"}`. */
export const HEARTBEAT_MESSAGE = '{"channel":"heartbeat"}';

/**
 * A successful reply: `{"method","result","success":true,"time_in","time_out","req_id"}` (`result` and
 * `req_id` only when given).
 *
 * @example
 * ```ts
 * successReply('subscribe', { channel: 'ticker', symbol: 'BTC/USD', snapshot: true }, 1, Date.now());
 * ```
 */
export function successReply(method: string, result: object | undefined, reqId: number | undefined, receivedAt: number): string {
  return JSON.stringify({
    method,
    ...(result === undefined ? {} : { result }),
    success: true,
    time_in: rfc3339(receivedAt),
    time_out: rfc3339(Date.now()),
    ...(reqId === undefined ? {} : { req_id: reqId }),
  });
}

/**
 * A failure reply: `{"error","method","success":false,"symbol"?,"time_in","time_out","req_id"?}`.
 *
 * @example
 * ```ts
 * errorReply('subscribe', 'Currency pair not supported NOPE/USD', 'NOPE/USD', 3, Date.now());
 * ```
 */
export function errorReply(method: string, error: string, symbol: string | undefined, reqId: number | undefined, receivedAt: number): string {
  return JSON.stringify({
    error,
    method,
    success: false,
    ...(symbol === undefined ? {} : { symbol }),
    time_in: rfc3339(receivedAt),
    time_out: rfc3339(Date.now()),
    ...(reqId === undefined ? {} : { req_id: reqId }),
  });
}

/**
 * A `pong` reply to `{"method":"ping","req_id":N}`.
 *
 * @example
 * ```ts
 * pongReply(101, Date.now()); // '{"method":"pong","req_id":101,"time_in":"…","time_out":"…"}'
 * ```
 */
export function pongReply(reqId: number | undefined, receivedAt: number): string {
  return JSON.stringify({ method: 'pong', ...(reqId === undefined ? {} : { req_id: reqId }), time_in: rfc3339(receivedAt), time_out: rfc3339(Date.now()) });
}

const levels = (side: readonly BookLevel[]): { price: number; qty: number }[] => side.map(([price, qty]) => ({ price, qty }));

/**
 * A `book` message of one symbol; prices and quantities are JSON numbers.
 *
 * @example
 * ```ts
 * bookMessage('update', 'BTC/USD', [[65000.1, 0.5]], [], 123456789, Date.now());
 * ```
 */
export function bookMessage(type: 'snapshot' | 'update', symbol: string, bids: readonly BookLevel[], asks: readonly BookLevel[], checksum: number, epochMs: number): string {
  return JSON.stringify({ channel: 'book', type, data: [{ symbol, bids: levels(bids), asks: levels(asks), checksum, timestamp: rfc3339(epochMs) }] });
}

/**
 * A `ticker` message from the market's 24 h statistics (`change_pct` with 2 decimals).
 *
 * @example
 * ```ts
 * tickerMessage('snapshot', 'BTC/USD', market.stats(), Date.now());
 * ```
 */
export function tickerMessage(type: 'snapshot' | 'update', symbol: string, stats: MarketStats, epochMs: number): string {
  return JSON.stringify({
    channel: 'ticker',
    type,
    data: [
      {
        symbol,
        bid: stats.bid,
        bid_qty: stats.bidSize,
        ask: stats.ask,
        ask_qty: stats.askSize,
        last: stats.last,
        volume: stats.volume,
        vwap: stats.weightedAveragePrice,
        low: stats.low,
        high: stats.high,
        change: stats.priceChange,
        change_pct: Math.round(stats.priceChangePercent * 100) / 100,
        timestamp: rfc3339(epochMs),
      },
    ],
  });
}

/**
 * A `trade` message (taker `side`, `ord_type` of the taker).
 *
 * @example
 * ```ts
 * tradeMessage('update', 'BTC/USD', step.trades);
 * ```
 */
export function tradeMessage(type: 'snapshot' | 'update', symbol: string, trades: readonly SimulatedTrade[]): string {
  return JSON.stringify({
    channel: 'trade',
    type,
    data: trades.map((trade) => ({
      symbol,
      side: trade.side,
      price: trade.price,
      qty: trade.amount,
      ord_type: trade.id % 3 === 0 ? 'limit' : 'market',
      trade_id: trade.id,
      timestamp: rfc3339(trade.timestamp),
    })),
  });
}

/**
 * The `instrument` snapshot (or an update) for the simulated pairs (assets and pairs with the
 * documented fields); `precision` overrides the precisions the grid implies.
 *
 * @example
 * ```ts
 * instrumentMessage([{ symbol: 'BTC/USD', grid: priceGrid(0.1, 8) }]);
 * ```
 */
export function instrumentMessage(
  pairs: readonly { readonly symbol: string; readonly grid: PriceGrid; readonly precision?: { readonly price: number; readonly qty: number } }[],
  type: 'snapshot' | 'update' = 'snapshot',
): string {
  const assets = new Set<string>();
  const pairData = pairs.map(({ symbol, grid, precision }) => {
    const [base, quote] = symbol.split('/') as [string, string];
    assets.add(base);
    assets.add(quote);
    const qtyIncrement = 10 ** -grid.quantityDecimals;
    return {
      symbol,
      base,
      quote,
      status: 'online',
      qty_precision: precision?.qty ?? grid.quantityDecimals,
      qty_increment: qtyIncrement,
      price_precision: precision?.price ?? grid.priceDecimals,
      cost_precision: (precision?.price ?? grid.priceDecimals) + 4,
      marginable: false,
      has_index: true,
      cost_min: 0.5,
      tick_size: grid.tickSize,
      price_increment: grid.tickSize,
      qty_min: qtyIncrement,
    };
  });
  const assetData = [...assets].map((id) => ({ id, status: 'enabled', precision: 10, precision_display: 5, borrowable: false, collateral_value: 0, margin_rate: 0 }));
  return JSON.stringify({ channel: 'instrument', type, data: { assets: assetData, pairs: pairData } });
}
