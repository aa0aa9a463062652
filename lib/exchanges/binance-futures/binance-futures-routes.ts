/**
 * What a USD-M stream carries: the diff. depth, the best bid/ask, aggregate trades, 24 h statistics
 * or mark price and funding.
 *
 * @example
 * ```ts
 * const kind: BinanceFuturesStreamKind = 'markPrice';
 * ```
 */
export type BinanceFuturesStreamKind = 'depth' | 'bookTicker' | 'trade' | 'ticker' | 'markPrice';

/**
 * Which routed endpoint of `fstream.binance.com` serves a stream: `public` (high-frequency: depth,
 * book ticker) or `market` (regular market data: aggregate trades, tickers, mark price). Since
 * 2026-04-23 a stream subscribed on the wrong route is accepted and never delivered.
 *
 * @example
 * ```ts
 * const category: BinanceFuturesCategory = binanceFuturesCategory('btcusdt@depth@100ms'); // 'public'
 * ```
 */
export type BinanceFuturesCategory = 'public' | 'market';

/**
 * A stream's kind and unified symbol.
 *
 * @example
 * ```ts
 * const route: BinanceFuturesRoute = { kind: 'trade', symbol: 'BTC/USDT:USDT' };
 * ```
 */
export interface BinanceFuturesRoute {
  readonly kind: BinanceFuturesStreamKind;
  readonly symbol: string;
}

const SUFFIX: Readonly<Record<BinanceFuturesStreamKind, string>> = {
  depth: '@depth@100ms',
  bookTicker: '@bookTicker',
  trade: '@aggTrade',
  ticker: '@ticker',
  markPrice: '@markPrice@1s',
};

/**
 * The routed endpoint a USD-M stream name belongs to (see {@link BinanceFuturesCategory}).
 *
 * @example
 * ```ts
 * binanceFuturesCategory('btcusdt@bookTicker');    // 'public'
 * binanceFuturesCategory('btcusdt@markPrice@1s');  // 'market'
 * ```
 */
export function binanceFuturesCategory(key: string): BinanceFuturesCategory {
  return key.includes('@depth') || key.endsWith('@bookTicker') ? 'public' : 'market';
}

/**
 * Stream names of one USD-M client and what they carry: filled when a stream is requested, read by
 * the frame decoder to route and to give events their unified symbol.
 *
 * @example
 * ```ts
 * const routes = new BinanceFuturesRoutes();
 * routes.key('markPrice', 'BTC/USDT:USDT', 'BTCUSDT'); // 'btcusdt@markPrice@1s'
 * routes.get('btcusdt@markPrice@1s');                  // { kind: 'markPrice', symbol: 'BTC/USDT:USDT' }
 * ```
 */
export class BinanceFuturesRoutes {
  private readonly routes = new Map<string, BinanceFuturesRoute>();

  /** The stream name for `kind` on `symbol` (its exchange name is `native`, e.g. `BTCUSDT`), registering the route. */
  key(kind: BinanceFuturesStreamKind, symbol: string, native: string): string {
    const key = `${native.toLowerCase()}${SUFFIX[kind]}`;
    if (!this.routes.has(key)) this.routes.set(key, { kind, symbol });
    return key;
  }

  get(key: string): BinanceFuturesRoute | undefined {
    return this.routes.get(key);
  }
}
