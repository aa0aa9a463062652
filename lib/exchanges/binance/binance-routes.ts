/**
 * What a Binance stream name stands for.
 *
 * @example
 * ```ts
 * const route: BinanceRoute = { kind: 'trade', symbol: 'BTC/USDT' };
 * ```
 */
export interface BinanceRoute {
  readonly kind: 'ticker' | 'trade' | 'depth';
  /** Unified symbol. */
  readonly symbol: string;
}

/**
 * Stream names of one Binance client and what they carry; filled when a stream is requested, read
 * by the frame decoder to route and to give events their unified symbol.
 *
 * @example
 * ```ts
 * const routes = new BinanceRoutes();
 * routes.key('trade', 'BTC/USDT'); // 'btcusdt@trade'
 * routes.get('btcusdt@trade');     // { kind: 'trade', symbol: 'BTC/USDT' }
 * ```
 */
export class BinanceRoutes {
  private readonly routes = new Map<string, BinanceRoute>();

  /**
   * The stream name for `kind` on the unified `symbol`, registering the route. `native` is the venue's
   * name of the symbol (from exchangeInfo; default: the symbol without its `/`).
   */
  key(kind: BinanceRoute['kind'], symbol: string, native: string = binanceSymbol(symbol)): string {
    native = native.toLowerCase();
    const key = kind === 'ticker' ? `${native}@ticker` : kind === 'trade' ? `${native}@trade` : `${native}@depth@100ms`;
    if (!this.routes.has(key)) this.routes.set(key, { kind, symbol });
    return key;
  }

  get(key: string): BinanceRoute | undefined {
    return this.routes.get(key);
  }
}

/**
 * Binance's native symbol for a unified one.
 *
 * @example
 * ```ts
 * binanceSymbol('BTC/USDT'); // 'BTCUSDT'
 * ```
 */
export function binanceSymbol(symbol: string): string {
  return symbol.replace('/', '');
}
