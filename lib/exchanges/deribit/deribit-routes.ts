/**
 * The notification interval of every channel rxmarket subscribes: `100ms`, the aggregated one
 * public connections may use (`raw` needs an authorised connection).
 *
 * @example
 * ```ts
 * `book.BTC-PERPETUAL.${DERIBIT_INTERVAL}`; // 'book.BTC-PERPETUAL.100ms'
 * ```
 */
export const DERIBIT_INTERVAL = '100ms';

/**
 * What a stream stands for: its kind (`book` for `book.{instrument}.100ms`, `ticker` for
 * `ticker.{instrument}.100ms`, `trade` for `trades.{instrument}.100ms`), Deribit's instrument name,
 * the unified symbol, and the channel, which is also the hub's stream key.
 *
 * @example
 * ```ts
 * const route: DeribitRoute = { kind: 'book', native: 'BTC-PERPETUAL', symbol: 'BTC/USD:BTC', key: 'book.BTC-PERPETUAL.100ms' };
 * ```
 */
export interface DeribitRoute {
  readonly kind: 'book' | 'ticker' | 'trade';
  readonly native: string;
  readonly symbol: string;
  readonly key: string;
}

const CHANNEL_PREFIX: Readonly<Record<DeribitRoute['kind'], string>> = { book: 'book', ticker: 'ticker', trade: 'trades' };

/**
 * The Deribit channel of a stream kind on an instrument.
 *
 * @example
 * ```ts
 * deribitChannel('trade', 'ETH-PERPETUAL'); // 'trades.ETH-PERPETUAL.100ms'
 * ```
 */
export function deribitChannel(kind: DeribitRoute['kind'], native: string): string {
  return `${CHANNEL_PREFIX[kind]}.${native}.${DERIBIT_INTERVAL}`;
}

/**
 * The channels one client asked for, so a session can route each notification by its channel to
 * the unified symbol (registered when a stream is requested, never on the data path).
 *
 * @example
 * ```ts
 * const routes = new DeribitRoutes();
 * const { key } = routes.register('book', 'BTC-PERPETUAL', 'BTC/USD:BTC'); // 'book.BTC-PERPETUAL.100ms'
 * routes.get(key)?.symbol; // 'BTC/USD:BTC'
 * ```
 */
export class DeribitRoutes {
  private readonly byChannel = new Map<string, DeribitRoute>();

  /** The route of `kind` on `native` (created once, then reused). */
  register(kind: DeribitRoute['kind'], native: string, symbol: string): DeribitRoute {
    const key = deribitChannel(kind, native);
    let route = this.byChannel.get(key);
    if (route === undefined) {
      route = { kind, native, symbol, key };
      this.byChannel.set(key, route);
    }
    return route;
  }

  /** The route of a channel, or `undefined` when this client never asked for it. */
  get(channel: string): DeribitRoute | undefined {
    return this.byChannel.get(channel);
  }
}
