import { parseSymbol } from '../../model/symbol';

/**
 * The Advanced Trade channels rxmarket streams, as written in a subscribe message.
 *
 * @example
 * ```ts
 * const channel: CoinbaseChannel = 'level2';
 * ```
 */
export type CoinbaseChannel = 'level2' | 'ticker' | 'market_trades';

/**
 * Stream key of the `heartbeats` channel (one per socket, no products).
 *
 * @example
 * ```ts
 * hub.stream(HEARTBEATS_KEY, ignoreEverything);
 * ```
 */
export const HEARTBEATS_KEY = 'heartbeats';

/**
 * Coinbase's product id for a unified symbol: `BTC/USD` → `BTC-USD`. Throws a `TypeError` for a
 * symbol that is not `BASE/QUOTE` (called when a stream is requested, never on the data path).
 *
 * @example
 * ```ts
 * coinbaseProduct('ETH/USD'); // 'ETH-USD'
 * ```
 */
export function coinbaseProduct(symbol: string): string {
  const { base, quote } = parseSymbol(symbol);
  return `${base}-${quote}`;
}

/**
 * The unified symbol of a Coinbase product id: `BTC-USD` → `BTC/USD`.
 *
 * @example
 * ```ts
 * unifiedSymbol('BTC-USD'); // 'BTC/USD'
 * ```
 */
export function unifiedSymbol(product: string): string {
  return product.replace('-', '/');
}

/**
 * The hub's stream key of one channel of one product: `channel:PRODUCT`.
 *
 * @example
 * ```ts
 * streamKey('level2', 'BTC-USD'); // 'level2:BTC-USD'
 * ```
 */
export function streamKey(channel: CoinbaseChannel, product: string): string {
  return `${channel}:${product}`;
}

/**
 * The channel of a stream key (`heartbeats` for {@link HEARTBEATS_KEY}): the hub's `groupOf`, since
 * Coinbase takes one channel per subscribe message.
 *
 * @example
 * ```ts
 * channelOfKey('market_trades:ETH-USD'); // 'market_trades'
 * ```
 */
export function channelOfKey(key: string): string {
  const colon = key.indexOf(':');
  return colon < 0 ? key : key.slice(0, colon);
}

/**
 * The product of a stream key (`''` for {@link HEARTBEATS_KEY}).
 *
 * @example
 * ```ts
 * productOfKey('ticker:BTC-USD'); // 'BTC-USD'
 * ```
 */
export function productOfKey(key: string): string {
  const colon = key.indexOf(':');
  return colon < 0 ? '' : key.slice(colon + 1);
}
