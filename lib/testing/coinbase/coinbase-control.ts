/**
 * Channels the Advanced Trade market-data endpoint accepts (`user` and `futures_balance_summary`
 * need authentication, which the simulator does not offer).
 *
 * @example
 * ```ts
 * COINBASE_CHANNELS.includes('level2'); // true
 * ```
 */
export const COINBASE_CHANNELS = ['heartbeats', 'candles', 'status', 'ticker', 'ticker_batch', 'level2', 'market_trades'] as const;

/**
 * One accepted channel name.
 *
 * @example
 * ```ts
 * const channel: CoinbaseChannelName = 'market_trades';
 * ```
 */
export type CoinbaseChannelName = (typeof COINBASE_CHANNELS)[number];

/**
 * A well-formed (un)subscribe request: one channel, its products (none for `heartbeats`/`status`).
 *
 * @example
 * ```ts
 * const request: CoinbaseControlRequest = { type: 'subscribe', channel: 'level2', productIds: ['BTC-USD'] };
 * ```
 */
export interface CoinbaseControlRequest {
  readonly type: 'subscribe' | 'unsubscribe';
  readonly channel: CoinbaseChannelName;
  readonly productIds: readonly string[];
}

/**
 * Result of {@link parseCoinbaseControl}: the request, or the error message to reply with.
 *
 * @example
 * ```ts
 * const parsed: ParsedCoinbaseControl = parseCoinbaseControl('{"type":"subscribe","channel":"heartbeats"}');
 * ```
 */
export type ParsedCoinbaseControl = { readonly ok: true; readonly request: CoinbaseControlRequest } | { readonly ok: false; readonly message: string };

const PRODUCTLESS: readonly string[] = ['heartbeats', 'status'];

/**
 * Parses one incoming text frame like the simulator's Advanced Trade server: `{"type":"subscribe"|
 * "unsubscribe","product_ids":[…],"channel":"…"}`. Coinbase's docs do not list its error texts; the
 * simulator answers `failure to parse message` (not a JSON object), `failure to subscribe` (unknown
 * type or channel, missing or malformed `product_ids`).
 *
 * @example
 * ```ts
 * parseCoinbaseControl('{"type":"subscribe","product_ids":["BTC-USD"],"channel":"level2"}');
 * // { ok: true, request: { type: 'subscribe', channel: 'level2', productIds: ['BTC-USD'] } }
 * ```
 */
export function parseCoinbaseControl(text: string): ParsedCoinbaseControl {
  let message: unknown;
  try {
    message = JSON.parse(text);
  } catch {
    return { ok: false, message: 'failure to parse message' };
  }
  if (typeof message !== 'object' || message === null || Array.isArray(message)) return { ok: false, message: 'failure to parse message' };
  const { type, channel, product_ids: productIds } = message as { type?: unknown; channel?: unknown; product_ids?: unknown };
  if (type !== 'subscribe' && type !== 'unsubscribe') return { ok: false, message: 'failure to subscribe' };
  if (typeof channel !== 'string' || !(COINBASE_CHANNELS as readonly string[]).includes(channel)) return { ok: false, message: 'failure to subscribe' };
  const productless = PRODUCTLESS.includes(channel);
  if (productIds === undefined && productless) return { ok: true, request: { type, channel: channel as CoinbaseChannelName, productIds: [] } };
  if (!Array.isArray(productIds) || !productIds.every((p): p is string => typeof p === 'string') || (productIds.length === 0 && !productless)) {
    return { ok: false, message: 'failure to subscribe' };
  }
  return { ok: true, request: { type, channel: channel as CoinbaseChannelName, productIds: productless ? [] : productIds } };
}
