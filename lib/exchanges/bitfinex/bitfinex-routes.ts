/**
 * The Bitfinex public channels rxmarket subscribes.
 *
 * @example
 * ```ts
 * const channel: BitfinexChannel = 'book';
 * ```
 */
export type BitfinexChannel = 'ticker' | 'trades' | 'book';

/**
 * What one stream key stands for: the channel, the unified symbol, Bitfinex's symbol (`tBTCUSD`)
 * and, for books, the subscribed length.
 *
 * @example
 * ```ts
 * const route: BitfinexRoute = { key: 'book:tBTCUSD:25', channel: 'book', symbol: 'BTC/USD', native: 'tBTCUSD', length: 25 };
 * ```
 */
export interface BitfinexRoute {
  readonly key: string;
  readonly channel: BitfinexChannel;
  readonly symbol: string;
  readonly native: string;
  /** `len` of a book subscription. */
  readonly length?: number;
}

/**
 * The stream keys of one Bitfinex client (`ticker:tBTCUSD`, `trades:tBTCUSD`, `book:tBTCUSD:25`),
 * their subscribe requests, and the way back from a subscription reply's echoed fields to its key.
 * Every book is `P0` (raw price levels, no aggregation) at `F0` (real time).
 *
 * @example
 * ```ts
 * const routes = new BitfinexRoutes();
 * const key = routes.key('book', 'BTC/USD', 'tBTCUSD', 25); // 'book:tBTCUSD:25'
 * routes.subscribeMessage(key); // '{"event":"subscribe","channel":"book","symbol":"tBTCUSD","prec":"P0","freq":"F0","len":"25"}'
 * ```
 */
export class BitfinexRoutes {
  private readonly byKey = new Map<string, BitfinexRoute>();

  /** The key of `channel` for `native` (with `length` for books), registering its route. */
  key(channel: BitfinexChannel, symbol: string, native: string, length?: number): string {
    const key = length === undefined ? `${channel}:${native}` : `${channel}:${native}:${length}`;
    if (!this.byKey.has(key)) this.byKey.set(key, { key, channel, symbol, native, ...(length === undefined ? {} : { length }) });
    return key;
  }

  /** The route of a key, or `undefined` for a key this client never built. */
  route(key: string): BitfinexRoute | undefined {
    return this.byKey.get(key);
  }

  /** The subscribe request of `key`. */
  subscribeMessage(key: string): string {
    const route = this.byKey.get(key);
    if (!route) throw new RangeError(`bitfinex: no route for stream key ${key}`);
    if (route.channel !== 'book') return JSON.stringify({ event: 'subscribe', channel: route.channel, symbol: route.native });
    return JSON.stringify({ event: 'subscribe', channel: 'book', symbol: route.native, prec: 'P0', freq: 'F0', len: String(route.length) });
  }

  /**
   * `true` when a reply's echoed `channel`, `symbol` and (books) `len` are those of `route`; a field
   * the reply leaves out does not count against it.
   */
  static matches(route: BitfinexRoute, echo: { readonly channel?: string; readonly symbol?: string; readonly len?: string | number }): boolean {
    if (echo.channel !== undefined && echo.channel !== route.channel) return false;
    if (echo.symbol !== undefined && echo.symbol !== route.native) return false;
    return echo.len === undefined || route.length === undefined || String(echo.len) === String(route.length);
  }
}
