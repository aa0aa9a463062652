import { krakenKey } from './kraken-keys';

interface ActiveBook {
  readonly depth: number;
  readonly key: string;
  subscribers: number;
}

/**
 * The stream keys of one Kraken client, looked up by the frame decoder to route data by symbol.
 *
 * Kraken's `book` frames do not say which depth they belong to, so one client holds at most one book
 * depth per symbol at a time: {@link acquireBook} refuses a second depth while another is active.
 * Ticker and trade keys are cached per symbol so routing a message builds no string.
 *
 * @example
 * ```ts
 * const routes = new KrakenRoutes();
 * routes.acquireBook('BTC/USD', 10); // undefined: granted
 * routes.bookKey('BTC/USD');         // 'book:BTC/USD:10'
 * routes.tickerKey('BTC/USD');       // 'ticker:BTC/USD'
 * ```
 */
export class KrakenRoutes {
  private readonly books = new Map<string, ActiveBook>();
  private readonly tickers = new Map<string, string>();
  private readonly trades = new Map<string, string>();

  /** Registers one book subscriber; returns why it is refused, or `undefined` when granted. */
  acquireBook(symbol: string, depth: number): string | undefined {
    const active = this.books.get(symbol);
    if (active === undefined) {
      this.books.set(symbol, { depth, key: krakenKey('book', symbol, depth), subscribers: 1 });
      return undefined;
    }
    if (active.depth !== depth) {
      return `kraken book ${symbol}: depth ${depth} requested while depth ${active.depth} is active on this client (Kraken book frames carry no depth; use one depth per symbol)`;
    }
    active.subscribers++;
    return undefined;
  }

  /** Releases one book subscriber of `symbol`. */
  releaseBook(symbol: string): void {
    const active = this.books.get(symbol);
    if (active !== undefined && --active.subscribers <= 0) this.books.delete(symbol);
  }

  /** The key of the active book of `symbol`, or `undefined`. */
  bookKey(symbol: string): string | undefined {
    return this.books.get(symbol)?.key;
  }

  /** `ticker:<symbol>` (cached). */
  tickerKey(symbol: string): string {
    let key = this.tickers.get(symbol);
    if (key === undefined) this.tickers.set(symbol, (key = krakenKey('ticker', symbol)));
    return key;
  }

  /** `trade:<symbol>` (cached). */
  tradeKey(symbol: string): string {
    let key = this.trades.get(symbol);
    if (key === undefined) this.trades.set(symbol, (key = krakenKey('trade', symbol)));
    return key;
  }
}
