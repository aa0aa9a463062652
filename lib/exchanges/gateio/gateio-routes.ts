/**
 * The Gate.io v4 spot channels rxmarket subscribes.
 *
 * @example
 * ```ts
 * const channel: GateioChannel = 'spot.order_book_update';
 * ```
 */
export type GateioChannel = 'spot.tickers' | 'spot.book_ticker' | 'spot.trades' | 'spot.order_book_update';

/**
 * What one stream key stands for: its channel, the unified symbol, the currency pair, and the
 * subscription payload (`[pair]`, or `[pair, interval]` for `spot.order_book_update`).
 *
 * @example
 * ```ts
 * const route: GateioRoute = { channel: 'spot.trades', symbol: 'BTC/USDT', pair: 'BTC_USDT', payload: ['BTC_USDT'] };
 * ```
 */
export interface GateioRoute {
  readonly channel: GateioChannel;
  readonly symbol: string;
  readonly pair: string;
  readonly payload: readonly string[];
}

/**
 * The stream keys of one Gate.io client (`<channel>:<payload joined by ":">`, e.g.
 * `spot.order_book_update:BTC_USDT:100ms`) and the way back from a frame's channel and currency
 * pair to its key. Gate.io frames name the pair only, not the interval, so a client keeps at most
 * one book interval per pair ({@link acquireBook}).
 *
 * @example
 * ```ts
 * const routes = new GateioRoutes();
 * const key = routes.key('spot.trades', 'BTC/USDT', 'BTC_USDT'); // 'spot.trades:BTC_USDT'
 * routes.keyOf('spot.trades', 'BTC_USDT');                         // same key
 * ```
 */
export class GateioRoutes {
  private readonly byKey = new Map<string, GateioRoute>();
  private readonly byChannelPair = new Map<string, string>();
  private readonly bookHolders = new Map<string, { interval: string; holders: number }>();

  /** The key of `channel` for `pair` (with `interval` for books), registering its route. */
  key(channel: GateioChannel, symbol: string, pair: string, interval?: string): string {
    const payload = interval === undefined ? [pair] : [pair, interval];
    const key = `${channel}:${payload.join(':')}`;
    if (!this.byKey.has(key)) this.byKey.set(key, { channel, symbol, pair, payload });
    this.byChannelPair.set(`${channel}|${pair}`, key); // the latest wins: one book interval per pair at a time
    return key;
  }

  /** The route of a key, or `undefined` for a key this client never built. */
  route(key: string): GateioRoute | undefined {
    return this.byKey.get(key);
  }

  /** The key a frame of `channel` about `pair` belongs to, or `undefined` when this client never asked for it. */
  keyOf(channel: string, pair: string): string | undefined {
    return this.byChannelPair.get(`${channel}|${pair}`);
  }

  /**
   * Takes the book of `pair` at `interval` for one more subscriber; a message (and nothing taken)
   * when the pair's book is already held at another interval by this client.
   */
  acquireBook(pair: string, interval: string): string | undefined {
    const held = this.bookHolders.get(pair);
    if (held && held.interval !== interval) {
      return `gateio: one book interval per pair and client: ${pair} is already streamed at ${held.interval}, asked for ${interval}`;
    }
    if (held) held.holders++;
    else this.bookHolders.set(pair, { interval, holders: 1 });
    return undefined;
  }

  /** Gives back what {@link acquireBook} took. */
  releaseBook(pair: string): void {
    const held = this.bookHolders.get(pair);
    if (!held) return;
    if (--held.holders <= 0) this.bookHolders.delete(pair);
  }
}
