/**
 * The KuCoin spot topics rxmarket subscribes: the symbol snapshot (tickers), matches (trades) and the
 * level-2 increments (books).
 *
 * @example
 * ```ts
 * const channel: KucoinChannel = '/market/level2';
 * ```
 */
export type KucoinChannel = '/market/snapshot' | '/market/match' | '/market/level2';

/**
 * What one stream key stands for: its topic prefix, the unified symbol and KuCoin's symbol.
 *
 * @example
 * ```ts
 * const route: KucoinRoute = { channel: '/market/match', symbol: 'BTC/USDT', native: 'BTC-USDT' };
 * ```
 */
export interface KucoinRoute {
  readonly channel: KucoinChannel;
  readonly symbol: string;
  readonly native: string;
}

/**
 * The stream keys of one KuCoin client. A key is the topic of one symbol exactly as KuCoin names it
 * in the messages it pushes (`/market/level2:BTC-USDT`), so a frame's `topic` is its key; requests
 * join the symbols of one channel (`/market/level2:BTC-USDT,ETH-USDT`).
 *
 * @example
 * ```ts
 * const routes = new KucoinRoutes();
 * const key = routes.key('/market/match', 'BTC/USDT', 'BTC-USDT'); // '/market/match:BTC-USDT'
 * routes.route(key)?.symbol;                                      // 'BTC/USDT'
 * ```
 */
export class KucoinRoutes {
  private readonly byKey = new Map<string, KucoinRoute>();

  /** The key of `channel` for `native`, registering its route. */
  key(channel: KucoinChannel, symbol: string, native: string): string {
    const key = `${channel}:${native}`;
    if (!this.byKey.has(key)) this.byKey.set(key, { channel, symbol, native });
    return key;
  }

  /** The route of a key (a frame's topic), or `undefined` for one this client never built. */
  route(key: string): KucoinRoute | undefined {
    return this.byKey.get(key);
  }
}

/**
 * The channel of a key: the topic before the `:` (keys of one channel share a subscribe request).
 *
 * @example
 * ```ts
 * kucoinChannelOf('/market/level2:BTC-USDT'); // '/market/level2'
 * ```
 */
export function kucoinChannelOf(key: string): string {
  const colon = key.indexOf(':');
  return colon < 0 ? key : key.slice(0, colon);
}

/**
 * The symbols part of a key or topic: what follows the `:`.
 *
 * @example
 * ```ts
 * kucoinSymbolsOf('/market/level2:BTC-USDT,ETH-USDT'); // 'BTC-USDT,ETH-USDT'
 * ```
 */
export function kucoinSymbolsOf(topic: string): string {
  const colon = topic.indexOf(':');
  return colon < 0 ? '' : topic.slice(colon + 1);
}
