import { catchError, defer, EMPTY, merge, type Observable, switchMap, throwError } from 'rxjs';
import type { BookEvent } from '../../model/book-event';
import type { BookOptions, ClientOptions, ExchangeClient } from '../../model/client';
import type { DerivativeTicker } from '../../model/derivative-ticker';
import type { ExchangeEvent } from '../../model/exchange-event';
import type { ExchangeId } from '../../model/exchange-id';
import type { Instrument } from '../../model/instrument';
import { parseSymbol } from '../../model/symbol';
import type { Ticker } from '../../model/ticker';
import type { Trade } from '../../model/trade';
import { guarded } from './guarded';
import type { InstrumentCatalog } from './instrument-catalog';
import type { ResolvedOptions } from './resolved-options';
import type { RaisedEvent } from './stream-listener';

/**
 * What one venue contributes to an {@link ExchangeClient}: a stream builder per kind, given a
 * checked unified symbol and (when the venue validates symbols) its {@link Instrument}. Builders may
 * throw for bad arguments (e.g. an unsupported book depth): the stream errors with it.
 *
 * @example
 * ```ts
 * const parts: VenueStreams = { exchange: 'binance', events$: hub.events$, raise: (e) => hub.raise(e), catalog, validateSymbols: true,
 *   ticker: (symbol, instrument) => hub.stream(routes.key('ticker', instrument!.native), forwardPayloads), trades, book };
 * ```
 */
export interface VenueStreams {
  readonly exchange: ExchangeId;
  /** The options the user passed to the factory (kept for record & replay). */
  readonly clientOptions: ClientOptions;
  /** The same options resolved (the transports every socket and request of the client goes through). */
  readonly options: ResolvedOptions;
  readonly events$: Observable<ExchangeEvent>;
  readonly raise: (event: RaisedEvent) => void;
  /** The venue's instruments (`client.instruments()`), and the symbol check when `validateSymbols`. */
  readonly catalog: InstrumentCatalog;
  /**
   * Look every symbol up in the catalog before opening its stream (venues that accept unknown symbols
   * silently, like Binance). Venues that refuse unknown symbols themselves may skip the lookup.
   */
  readonly validateSymbols: boolean;
  ticker(symbol: string, instrument: Instrument | undefined): Observable<Ticker>;
  trades(symbol: string, instrument: Instrument | undefined): Observable<Trade>;
  book(symbol: string, options: BookOptions, instrument: Instrument | undefined): Observable<BookEvent>;
  /** Absent on spot-only venues. */
  derivativeTicker?(symbol: string, instrument: Instrument | undefined): Observable<DerivativeTicker>;
}

/**
 * Builds the public {@link ExchangeClient} of a venue from its {@link VenueStreams}: symbols are
 * checked (`parseSymbol`, then the catalog where the venue validates), argument errors become stream
 * errors (never a synchronous throw), and multi-symbol `tickers`/`trades` isolate a failing symbol
 * (an `error` event naming it; the others keep flowing; the merged stream errors only when all failed).
 *
 * @example
 * ```ts
 * export function myVenue(options: ClientOptions = {}): ExchangeClient {
 *   const hub = new StreamHub(myProtocol(url), resolveOptions(options));
 *   return assembleClient({ exchange: 'kraken', events$: hub.events$, raise: (e) => hub.raise(e), catalog, validateSymbols: false, ticker, trades, book });
 * }
 * ```
 */
export function assembleClient(venue: VenueStreams): ExchangeClient {
  const withInstrument = <T>(symbol: string, open: (instrument: Instrument | undefined) => Observable<T>): Observable<T> =>
    guarded(() => {
      parseSymbol(symbol);
      if (!venue.validateSymbols) return defer(() => open(venue.catalog.peek(symbol)));
      return venue.catalog.resolve(symbol).pipe(switchMap((instrument) => open(instrument)));
    });
  const ticker = (symbol: string): Observable<Ticker> => withInstrument(symbol, (instrument) => venue.ticker(symbol, instrument));
  const trade = (symbol: string): Observable<Trade> => withInstrument(symbol, (instrument) => venue.trades(symbol, instrument));
  const client: ExchangeClient = {
    exchange: venue.exchange,
    events$: venue.events$,
    ticker,
    tickers: (symbols) => eachSymbol(symbols, ticker, venue, 'ticker'),
    trades: (symbols) => eachSymbol(symbols, trade, venue, 'trades'),
    book: (symbol, options = {}) => withInstrument(symbol, (instrument) => venue.book(symbol, options, instrument)),
    derivativeTicker: (symbol) =>
      withInstrument(symbol, (instrument) => {
        const derivative = venue.derivativeTicker;
        if (!derivative) return throwError(() => new TypeError(`${venue.exchange} has no derivatives: derivativeTicker(${JSON.stringify(symbol)}) is not available`));
        if (!parseSymbol(symbol).settle) {
          return throwError(() => new TypeError(`derivativeTicker needs a perpetual or future symbol (BASE/QUOTE:SETTLE), got spot ${JSON.stringify(symbol)}`));
        }
        return derivative.call(venue, symbol, instrument);
      }),
    instruments: () => venue.catalog.instruments(),
  };
  Object.defineProperty(client, CLIENT_INTERNALS, { value: { clientOptions: venue.clientOptions, options: venue.options } satisfies ClientInternals });
  return client;
}

/** The hidden key under which {@link assembleClient} keeps a client's {@link ClientInternals}. */
const CLIENT_INTERNALS = Symbol('rxmarket.clientInternals');

/**
 * What a client built by {@link assembleClient} keeps for the library's own tools (record & replay):
 * the options it was created with and their resolved form.
 *
 * @example
 * ```ts
 * const internals = clientInternals(binance());
 * internals?.clientOptions.wsUrl; // undefined: the live endpoint
 * ```
 */
export interface ClientInternals {
  readonly clientOptions: ClientOptions;
  readonly options: ResolvedOptions;
}

/**
 * The {@link ClientInternals} of a client built by {@link assembleClient}; `undefined` for any other
 * {@link ExchangeClient} (a mock, a user's own implementation).
 *
 * @example
 * ```ts
 * clientInternals(binance())?.options.pingInterval; // 10000
 * ```
 */
export function clientInternals(client: ExchangeClient): ClientInternals | undefined {
  return (client as unknown as Record<symbol, ClientInternals | undefined>)[CLIENT_INTERNALS];
}

/**
 * Merges one stream per symbol; a symbol whose stream errors is reported on `events$` (an `error`
 * event with its `symbol`) and dropped, the others keep flowing. The merged stream errors only when
 * every symbol failed (with the error itself when there was one symbol).
 */
function eachSymbol<T>(symbols: string | readonly string[], open: (symbol: string) => Observable<T>, venue: VenueStreams, what: string): Observable<T> {
  const list = typeof symbols === 'string' ? [symbols] : symbols;
  if (!Array.isArray(list)) return throwError(() => new TypeError(`${what}: expected a symbol or an array of symbols, got ${typeof symbols}`));
  return defer(() => {
    let failed = 0;
    return merge(
      ...list.map((symbol) =>
        open(symbol).pipe(
          catchError((error: unknown) => {
            failed++;
            if (list.length === 1) return throwError(() => error);
            const message = (error as Error)?.message ?? String(error);
            venue.raise({ type: 'error', kind: 'exchange', message: `${venue.exchange} ${what} ${symbol} failed: ${message}`, symbol });
            if (failed === list.length) return throwError(() => new Error(`${venue.exchange} ${what}: every symbol failed (last: ${message})`));
            return EMPTY;
          }),
        ),
      ),
    );
  });
}
