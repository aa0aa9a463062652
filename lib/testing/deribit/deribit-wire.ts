import type { PriceGrid } from '../harness/price-grid';

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];
/** Deribit's expiry of perpetuals and spot pairs in `get_instruments` (year 3000). */
const NEVER = 32_503_708_800_000;

/**
 * How the simulator lists one unified symbol: Deribit's instrument name, kind, currencies, expiry.
 *
 * @example
 * ```ts
 * deribitListing('BTC/USD:BTC-261225'); // { native: 'BTC-25DEC26', kind: 'future', perpetual: false, inverse: true, base: 'BTC', quote: 'USD', settle: 'BTC', expiry: 1798185600000 }
 * ```
 */
export interface DeribitListing {
  readonly native: string;
  readonly kind: 'future' | 'spot';
  readonly perpetual: boolean;
  /** Settled in the base coin, amounts in USD. */
  readonly inverse: boolean;
  readonly base: string;
  readonly quote: string;
  readonly settle?: string;
  /** Expiration, epoch ms (08:00 UTC of the expiry day for dated futures). */
  readonly expiry: number;
}

/**
 * Deribit's listing of a unified symbol: `BTC/USD:BTC` → `BTC-PERPETUAL`, `BTC/USDC:USDC` →
 * `BTC_USDC-PERPETUAL`, `BTC/USD:BTC-261225` → `BTC-25DEC26` (day without a leading zero, 08:00 UTC),
 * `BTC/USDC` → `BTC_USDC`.
 *
 * @example
 * ```ts
 * deribitListing('ETH/USD:ETH').native; // 'ETH-PERPETUAL'
 * ```
 */
export function deribitListing(symbol: string): DeribitListing {
  const [pair, settlement] = symbol.split(':');
  const [base, quote] = pair!.split('/') as [string, string];
  if (settlement === undefined) return { native: `${base}_${quote}`, kind: 'spot', perpetual: false, inverse: false, base, quote, expiry: NEVER };
  const [settle, yymmdd] = settlement.split('-') as [string, string | undefined];
  const inverse = settle === base;
  const root = inverse ? base : `${base}_${quote}`;
  if (yymmdd === undefined) return { native: `${root}-PERPETUAL`, kind: 'future', perpetual: true, inverse, base, quote, settle, expiry: NEVER };
  const year = 2000 + Number(yymmdd.slice(0, 2));
  const month = Number(yymmdd.slice(2, 4));
  const day = Number(yymmdd.slice(4, 6));
  const native = `${root}-${day}${MONTHS[month - 1]}${yymmdd.slice(0, 2)}`;
  return { native, kind: 'future', perpetual: false, inverse, base, quote, settle, expiry: Date.UTC(year, month - 1, day, 8) };
}

/** Deribit's JSON-RPC reply trailer: when the request came in and the answer left, in µs. */
function timing(receivedAtMs: number): { usIn: number; usOut: number; usDiff: number; testnet: boolean } {
  const usIn = Math.round(receivedAtMs * 1000);
  const usOut = usIn + 57;
  return { usIn, usOut, usDiff: usOut - usIn, testnet: false };
}

/**
 * A JSON-RPC reply as Deribit writes it: `{"jsonrpc","id","result","usIn","usOut","usDiff","testnet"}`.
 *
 * @example
 * ```ts
 * resultMessage(2, ['ticker.BTC-PERPETUAL.100ms'], Date.now());
 * ```
 */
export function resultMessage(id: unknown, result: unknown, receivedAtMs: number): string {
  return JSON.stringify({ jsonrpc: '2.0', id, result, ...timing(receivedAtMs) });
}

/**
 * A JSON-RPC error as Deribit writes it (`id` left out when the request had none readable), e.g.
 * `{"code":-32602,"message":"Invalid params","data":{"reason":"value must be a list","param":"channels"}}`.
 *
 * @example
 * ```ts
 * errorMessage(7, -32601, 'Method not found', undefined, Date.now());
 * ```
 */
export function errorMessage(id: unknown, code: number, message: string, data: object | undefined, receivedAtMs: number): string {
  const error = data === undefined ? { message, code } : { message, data, code };
  return JSON.stringify({ jsonrpc: '2.0', ...(id === undefined ? {} : { id }), error, ...timing(receivedAtMs) });
}

/**
 * A subscription notification: `{"jsonrpc":"2.0","method":"subscription","params":{"channel","data"}}`.
 *
 * @example
 * ```ts
 * notification('trades.BTC-PERPETUAL.100ms', [trade]);
 * ```
 */
export function notification(channel: string, data: unknown): string {
  return JSON.stringify({ jsonrpc: '2.0', method: 'subscription', params: { channel, data } });
}

/**
 * A heartbeat message: `type` `heartbeat` (the periodic one) or `test_request` (to be answered with
 * `public/test`).
 *
 * @example
 * ```ts
 * heartbeatMessage('test_request'); // '{"jsonrpc":"2.0","method":"heartbeat","params":{"type":"test_request"}}'
 * ```
 */
export function heartbeatMessage(type: 'heartbeat' | 'test_request'): string {
  return JSON.stringify({ jsonrpc: '2.0', method: 'heartbeat', params: { type } });
}

/**
 * One Deribit book level on the wire, `[action, price, amount]` (a `delete` carries amount 0).
 *
 * @example
 * ```ts
 * const level: WireLevel = ['change', 10700, 45690];
 * ```
 */
export type WireLevel = readonly [action: 'new' | 'change' | 'delete', price: number, amount: number];

/**
 * The fields of one book notification.
 *
 * @example
 * ```ts
 * const data: BookFields = { type: 'change', timestamp: Date.now(), prevChangeId: 14202051597, native: 'BTC-PERPETUAL', changeId: 14202051674, bids: [['delete', 10746.5, 0]], asks: [] };
 * ```
 */
export interface BookFields {
  readonly type: 'snapshot' | 'change';
  readonly timestamp: number;
  readonly prevChangeId?: number;
  readonly native: string;
  readonly changeId: number;
  readonly bids: readonly WireLevel[];
  readonly asks: readonly WireLevel[];
}

/**
 * A `book.{instrument}.100ms` notification in Deribit's key order (`type, timestamp,
 * prev_change_id, instrument_name, change_id, bids, asks`; a snapshot has no `prev_change_id`).
 *
 * @example
 * ```ts
 * bookNotification(fields);
 * ```
 */
export function bookNotification(book: BookFields): string {
  const data =
    book.type === 'snapshot'
      ? { type: book.type, timestamp: book.timestamp, instrument_name: book.native, change_id: book.changeId, bids: book.bids, asks: book.asks }
      : { type: book.type, timestamp: book.timestamp, prev_change_id: book.prevChangeId, instrument_name: book.native, change_id: book.changeId, bids: book.bids, asks: book.asks };
  return notification(`book.${book.native}.100ms`, data);
}

/**
 * One `get_instruments` entry for a listing, with the fields Deribit's answer carries (spot pairs
 * have no settlement fields).
 *
 * @example
 * ```ts
 * instrumentEntry(deribitListing('BTC/USD:BTC'), priceGrid(0.5, 0), 124972);
 * ```
 */
export function instrumentEntry(listing: DeribitListing, grid: PriceGrid, instrumentId: number): Record<string, unknown> {
  const { native, kind, base, quote, inverse, perpetual } = listing;
  // One amount step (Deribit's BTC-PERPETUAL trades in steps of 10 USD; the simulated amounts lie on the market grid).
  const step = Number((10 ** -grid.quantityDecimals).toFixed(grid.quantityDecimals));
  const common = {
    tick_size: grid.tickSize,
    tick_size_steps: [],
    taker_commission: 0.0005,
    maker_commission: 0,
    rfq: false,
    quote_currency: quote,
    price_index: `${base.toLowerCase()}_${quote.toLowerCase()}`,
    min_trade_amount: step,
    kind,
    is_active: true,
    instrument_name: native,
    instrument_id: instrumentId,
    expiration_timestamp: listing.expiry,
    creation_timestamp: 1_534_242_287_000,
    counter_currency: quote,
    contract_size: step,
    block_trade_tick_size: grid.tickSize,
    block_trade_min_trade_amount: inverse ? 200_000 : 25,
    block_trade_commission: 0.00025,
    base_currency: base,
  };
  if (kind === 'spot') return { ...common, instrument_type: 'linear' };
  const type = inverse ? 'reversed' : 'linear';
  return {
    ...common,
    settlement_period: perpetual ? 'perpetual' : 'month',
    settlement_currency: listing.settle,
    max_liquidation_commission: 0.0075,
    max_leverage: 50,
    instrument_type: type,
    future_type: type,
  };
}
