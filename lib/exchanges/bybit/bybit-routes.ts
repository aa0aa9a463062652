/**
 * A Bybit v5 public market category rxmarket serves: each has its own WebSocket endpoint
 * (`/v5/public/spot`, `/v5/public/linear`) and its own topics (the same topic name on both is two
 * different streams).
 *
 * @example
 * ```ts
 * const category: BybitCategory = 'linear'; // USDT/USDC perpetuals and USDT futures
 * ```
 */
export type BybitCategory = 'spot' | 'linear';

/**
 * What a stream stands for: its kind (`book` for `orderbook.{depth}.{symbol}`, `ticker` for
 * `tickers.{symbol}`, `trade` for `publicTrade.{symbol}`), category, Bybit's symbol name, the unified
 * symbol, and the hub's stream key (`<category>:<topic>`).
 *
 * @example
 * ```ts
 * const route: BybitRoute = { kind: 'book', category: 'linear', native: 'BTCUSDT', symbol: 'BTC/USDT:USDT', topic: 'orderbook.50.BTCUSDT', key: 'linear:orderbook.50.BTCUSDT', depth: 50 };
 * ```
 */
export interface BybitRoute {
  readonly kind: 'book' | 'ticker' | 'trade';
  readonly category: BybitCategory;
  readonly native: string;
  readonly symbol: string;
  readonly topic: string;
  readonly key: string;
  /** Book depth (books only). */
  readonly depth?: number;
}

/**
 * The Bybit topic of a stream kind on a native symbol.
 *
 * @example
 * ```ts
 * bybitTopic('book', 'BTCUSDT', 200); // 'orderbook.200.BTCUSDT'
 * bybitTopic('trade', 'BTCUSDT');     // 'publicTrade.BTCUSDT'
 * ```
 */
export function bybitTopic(kind: BybitRoute['kind'], native: string, depth?: number): string {
  return kind === 'book' ? `orderbook.${depth}.${native}` : kind === 'ticker' ? `tickers.${native}` : `publicTrade.${native}`;
}

/**
 * Splits a hub key (`<category>:<topic>`) back into its category and Bybit topic (control path only).
 *
 * @example
 * ```ts
 * parseBybitKey('spot:tickers.BTCUSDT'); // { category: 'spot', topic: 'tickers.BTCUSDT' }
 * ```
 */
export function parseBybitKey(key: string): { readonly category: BybitCategory; readonly topic: string } {
  const colon = key.indexOf(':');
  return { category: key.slice(0, colon) as BybitCategory, topic: key.slice(colon + 1) };
}

/**
 * The streams one Bybit client has asked for, by category and topic: filled when a stream is
 * requested, read by the frame decoder (one map lookup per frame, no string built) to route a
 * frame to its key and give events their unified symbol.
 *
 * @example
 * ```ts
 * const routes = new BybitRoutes();
 * const route = routes.register('book', 'spot', 'BTCUSDT', 'BTC/USDT', 50);
 * route.key;                                       // 'spot:orderbook.50.BTCUSDT'
 * routes.get('spot', 'orderbook.50.BTCUSDT') === route; // true
 * ```
 */
export class BybitRoutes {
  private readonly byCategory: Record<BybitCategory, Map<string, BybitRoute>> = { spot: new Map(), linear: new Map() };

  /** The route of `kind` on `native` in `category` (registered once, then reused). */
  register(kind: BybitRoute['kind'], category: BybitCategory, native: string, symbol: string, depth?: number): BybitRoute {
    const topic = bybitTopic(kind, native, depth);
    const routes = this.byCategory[category];
    let route = routes.get(topic);
    if (route === undefined) {
      route = { kind, category, native, symbol, topic, key: `${category}:${topic}`, ...(depth === undefined ? {} : { depth }) };
      routes.set(topic, route);
    }
    return route;
  }

  /** The route of a topic received on a `category` socket, or `undefined` when never requested. */
  get(category: BybitCategory, topic: string): BybitRoute | undefined {
    return this.byCategory[category].get(topic);
  }
}
