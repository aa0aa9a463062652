import { merge, type Observable } from 'rxjs';
import type { BookEvent } from '../model/book-event';
import type { BookOptions, ExchangeClient } from '../model/client';
import type { ExchangeEvent } from '../model/exchange-event';
import type { ExchangeId } from '../model/exchange-id';
import type { Ticker } from '../model/ticker';
import type { Trade } from '../model/trade';

/**
 * Which symbol to request: one unified symbol for every venue, or an explicit per-exchange map
 * (only the listed exchanges are subscribed). Different quote currencies are never equated for
 * you: `{ binance: 'BTC/USDT', kraken: 'BTC/USD' }` is how you say "compare these".
 *
 * @example
 * ```ts
 * const pick: VenueSymbol = { binance: 'BTC/USDT', coinbase: 'BTC/USD', kraken: 'BTC/USD' };
 * ```
 */
export type VenueSymbol = string | Partial<Readonly<Record<ExchangeId, string>>>;

/**
 * Like {@link VenueSymbol}, for the multi-symbol streams.
 *
 * @example
 * ```ts
 * const pick: VenueSymbols = { binance: ['BTC/USDT', 'ETH/USDT'], kraken: ['BTC/USD', 'ETH/USD'] };
 * ```
 */
export type VenueSymbols = string | readonly string[] | Partial<Readonly<Record<ExchangeId, string | readonly string[]>>>;

/**
 * Several exchange clients behind the stream methods of one: each call subscribes to the same
 * stream on every venue (or on the venues of a per-exchange map) and merges the results. Every
 * event keeps its own `exchange` and `symbol`. Standard `merge` semantics: the merged stream
 * completes when all venues complete and errors when one errors.
 *
 * @example
 * ```ts
 * const all = venues([binance(), coinbase(), kraken()]);
 * all.ticker({ binance: 'BTC/USDT', coinbase: 'BTC/USD', kraken: 'BTC/USD' }).subscribe((t) => console.log(t.exchange, t.symbol, t.bid));
 * ```
 */
export interface Venues {
  /** The exchanges, in the order given. */
  readonly exchanges: readonly ExchangeId[];
  /** The clients, in the order given. */
  readonly clients: readonly ExchangeClient[];
  /** Lifecycle/resync/error events of every venue (pass it as `resets$` to `arbitrage`). */
  readonly events$: Observable<ExchangeEvent>;
  ticker(symbol: VenueSymbol): Observable<Ticker>;
  tickers(symbols: VenueSymbols): Observable<Ticker>;
  trades(symbols: VenueSymbols): Observable<Trade>;
  book(symbol: VenueSymbol, options?: BookOptions): Observable<BookEvent>;
  /** One client's stream methods, by exchange (e.g. to build a per-venue pipeline). */
  venue(exchange: ExchangeId): ExchangeClient;
}

/**
 * Groups exchange clients so the common cross-exchange case is one call. Throws a `TypeError`
 * for an empty list or two clients of the same exchange (their events would be indistinguishable).
 * Stream methods throw a `TypeError` for a map naming an exchange that is not in the group, or
 * naming none at all.
 *
 * @example
 * ```ts
 * const v = venues([binance(), kraken()]);
 * v.ticker('ETH/BTC');                                            // same pair on both
 * v.ticker({ binance: 'BTC/USDT', kraken: 'BTC/USD' });           // explicit quote mapping
 * v.trades(['BTC/USDT', 'ETH/USDT']).subscribe(console.log);
 * ```
 */
export function venues(clients: readonly ExchangeClient[]): Venues {
  if (clients.length === 0) throw new TypeError('venues() needs at least one exchange client');
  const byExchange = new Map<ExchangeId, ExchangeClient>();
  for (const client of clients) {
    if (byExchange.has(client.exchange)) throw new TypeError(`venues(): two clients for exchange "${client.exchange}"`);
    byExchange.set(client.exchange, client);
  }
  const exchanges = clients.map((c) => c.exchange);

  const fanOut = <P, E>(pick: P | Partial<Readonly<Record<ExchangeId, P>>>, isShared: (p: unknown) => p is P, open: (client: ExchangeClient, p: P) => Observable<E>): Observable<E> => {
    if (isShared(pick)) return merge(...clients.map((client) => open(client, pick)));
    const entries = Object.entries(pick as Record<string, P | undefined>).filter((entry): entry is [string, P] => entry[1] !== undefined);
    if (entries.length === 0) throw new TypeError('venues(): the symbol map names no exchange');
    return merge(
      ...entries.map(([exchange, p]) => {
        const client = byExchange.get(exchange as ExchangeId);
        if (!client) throw new TypeError(`venues(): "${exchange}" is not one of ${exchanges.join(', ')}`);
        return open(client, p);
      }),
    );
  };
  const isString = (p: unknown): p is string => typeof p === 'string';
  const isList = (p: unknown): p is string | readonly string[] => typeof p === 'string' || Array.isArray(p);

  return {
    exchanges,
    clients: [...clients],
    events$: merge(...clients.map((c) => c.events$)),
    ticker: (symbol) => fanOut(symbol, isString, (c, s) => c.ticker(s)),
    tickers: (symbols) => fanOut(symbols, isList, (c, s) => c.tickers(typeof s === 'string' ? [s] : s)),
    trades: (symbols) => fanOut(symbols, isList, (c, s) => c.trades(s)),
    book: (symbol, options) => fanOut(symbol, isString, (c, s) => (options ? c.book(s, options) : c.book(s))),
    venue: (exchange) => {
      const client = byExchange.get(exchange);
      if (!client) throw new TypeError(`venues(): "${exchange}" is not one of ${exchanges.join(', ')}`);
      return client;
    },
  };
}
