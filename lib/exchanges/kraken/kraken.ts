import { filter, map, merge, Observable, take } from 'rxjs';
import type { BookEvent } from '../../model/book-event';
import type { BookOptions, ClientOptions, ExchangeClient } from '../../model/client';
import type { Instrument } from '../../model/instrument';
import type { Ticker } from '../../model/ticker';
import type { Trade } from '../../model/trade';
import { assembleClient } from '../common/assemble-client';
import { forwardPayloads } from '../common/forward-payloads';
import { InstrumentCatalog } from '../common/instrument-catalog';
import { resolveOptions } from '../common/resolved-options';
import { StreamHub } from '../common/stream-hub';
import { KrakenBookSync } from './kraken-book-sync';
import { KrakenChecksum } from './kraken-checksum';
import { KrakenInstruments, type KrakenInstrumentsPayload } from './kraken-instruments';
import { KRAKEN_INSTRUMENT_KEY, krakenKey } from './kraken-keys';
import { krakenProtocol } from './kraken-protocol';
import { KrakenRequestLog } from './kraken-request-log';
import { KrakenRoutes } from './kraken-routes';

/**
 * Kraken's public WebSocket v2 endpoint (the default `wsUrl`).
 *
 * @example
 * ```ts
 * kraken({ wsUrl: KRAKEN_WS_URL });
 * ```
 */
export const KRAKEN_WS_URL = 'wss://ws.kraken.com/v2';

/**
 * Book depths Kraken v2 accepts.
 *
 * @example
 * ```ts
 * kraken().book('BTC/USD', { depth: KRAKEN_BOOK_DEPTHS[1] }); // 25 levels a side
 * ```
 */
export const KRAKEN_BOOK_DEPTHS: readonly number[] = [10, 25, 100, 500, 1000];
const DEFAULT_DEPTH = 10;

/**
 * Options of {@link kraken}: the common {@link ClientOptions} (`wsUrl` is the full v2 URL; `restUrl`
 * is not used: Kraken sends book snapshots on the socket).
 *
 * @example
 * ```ts
 * const options: KrakenOptions = { wsUrl: sim.wsUrl, pingInterval: 5_000 };
 * ```
 */
export type KrakenOptions = ClientOptions;

/**
 * A Kraken spot client (WebSocket v2): cold, normalized streams over one multiplexed socket
 * (`ticker`, `trade`, `book` with checksum-verified local books, and a hidden `instrument`
 * subscription that supplies the precisions the checksums need). Unified symbols (`BTC/USD`) are
 * Kraken v2's own.
 *
 * @example
 * ```ts
 * const kr = kraken();
 * kr.tickers(['BTC/USD', 'ETH/USD']).subscribe((t) => console.log(t.symbol, t.bid, t.ask));
 * kr.book('BTC/USD', { depth: 25 }).pipe(orderBook({ depth: 10 })).subscribe(render);
 * kr.events$.pipe(filter((e) => e.type === 'resync')).subscribe(console.warn);
 * ```
 */
export function kraken(options: KrakenOptions = {}): ExchangeClient {
  const resolved = resolveOptions(options);
  const routes = new KrakenRoutes();
  const instruments = new KrakenInstruments();
  const checksum = new KrakenChecksum();
  const hub = new StreamHub(krakenProtocol(options.wsUrl ?? KRAKEN_WS_URL, routes, new KrakenRequestLog()), resolved);

  /** The hidden `instrument` subscription: emits nothing, fills `instruments`, errors if refused. */
  let refreshInstruments = (): void => undefined;
  const instrument$ = hub.stream<never>(KRAKEN_INSTRUMENT_KEY, (subscriber, context) => {
    refreshInstruments = () => context.resubscribe(); // a fresh instrument snapshot (precisions) on demand
    return {
      data: (payload) => instruments.apply(payload as KrakenInstrumentsPayload),
      status: () => undefined,
      reject: (error) => subscriber.error(new Error(`kraken instrument channel (needed for book checksums): ${error.message}`)),
    };
  });

  const catalog = new InstrumentCatalog({
    exchange: 'kraken',
    source: 'the instrument channel',
    // The first snapshot of the instrument channel, on the client's own socket.
    load: () =>
      new Observable<KrakenInstrumentsPayload>((subscriber) =>
        hub.stream<KrakenInstrumentsPayload>(KRAKEN_INSTRUMENT_KEY, (inner) => ({
          data: (payload) => {
            instruments.apply(payload as KrakenInstrumentsPayload);
            inner.next(payload as KrakenInstrumentsPayload);
          },
          status: () => undefined,
          reject: (error) => inner.error(error),
        })).subscribe(subscriber),
      ).pipe(
        filter((payload) => payload.snapshot),
        take(1),
        map((payload) => payload.pairs.map(krakenInstrument)),
      ),
    options: resolved,
    raise: hub.raise.bind(hub),
  });

  const book = (symbol: string, bookOptions: BookOptions): Observable<BookEvent> => {
    const depth = bookOptions.depth ?? DEFAULT_DEPTH;
    if (!KRAKEN_BOOK_DEPTHS.includes(depth)) throw new RangeError(`kraken book depth must be one of ${KRAKEN_BOOK_DEPTHS.join(', ')}, got ${depth}`);
    const book$ = hub.stream<BookEvent>(
      krakenKey('book', symbol, depth),
      (subscriber, context) => new KrakenBookSync(subscriber, context, { symbol, depth, instruments, checksum, refreshInstruments: () => refreshInstruments() }),
      { fresh: true },
    );
    return new Observable<BookEvent>((subscriber) => {
      const refused = routes.acquireBook(symbol, depth);
      if (refused !== undefined) {
        subscriber.error(new Error(refused));
        return undefined;
      }
      const subscription = merge(instrument$, book$).subscribe(subscriber);
      return () => {
        subscription.unsubscribe();
        routes.releaseBook(symbol);
      };
    });
  };

  // Kraken refuses an unknown pair itself (a failed subscribe that errors the stream): no lookup needed first.
  return assembleClient({
    clientOptions: options,
    options: resolved,
    exchange: 'kraken',
    events$: hub.events$,
    raise: hub.raise.bind(hub),
    catalog,
    validateSymbols: false,
    ticker: (symbol) => hub.stream<Ticker>(routes.tickerKey(symbol), forwardPayloads),
    trades: (symbol) => hub.stream<Trade>(routes.tradeKey(symbol), forwardPayloads),
    book,
  });
}

/** The unified instrument of one Kraken v2 pair (v2 symbols are already `BASE/QUOTE`). */
function krakenInstrument(pair: KrakenInstrumentsPayload['pairs'][number]): Instrument {
  const slash = pair.symbol.indexOf('/');
  return {
    exchange: 'kraken',
    symbol: pair.symbol,
    native: pair.symbol,
    base: pair.base ?? pair.symbol.slice(0, slash),
    quote: pair.quote ?? pair.symbol.slice(slash + 1),
    type: 'spot',
    active: (pair.status ?? 'online') === 'online',
    status: pair.status ?? 'online',
    priceTick: pair.price_increment ?? 10 ** -pair.price_precision,
    sizeStep: pair.qty_increment ?? 10 ** -pair.qty_precision,
  };
}
