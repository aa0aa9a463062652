import { map, Observable, withLatestFrom } from 'rxjs';
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
import { GateioBookSync } from './gateio-book-sync';
import { fetchGateioInstruments } from './gateio-instruments';
import { fetchGateioOrderBook } from './gateio-order-book';
import type { GateioBestQuote, GateioTickerStats } from './gateio-payloads';
import { gateioProtocol } from './gateio-protocol';
import { GateioRoutes } from './gateio-routes';
import { gateioPair } from './gateio-symbols';

/**
 * Gate.io's live spot WebSocket v4 endpoint (the default `wsUrl`, used as given).
 *
 * @example
 * ```ts
 * gateio({ wsUrl: GATEIO_WS_URL });
 * ```
 */
export const GATEIO_WS_URL = 'wss://api.gateio.ws/ws/v4/';

/**
 * Gate.io's live REST endpoint (the default `restUrl`: currency pairs and book snapshots under `/api/v4`).
 *
 * @example
 * ```ts
 * gateio({ restUrl: GATEIO_REST_URL });
 * ```
 */
export const GATEIO_REST_URL = 'https://api.gateio.ws';

/**
 * Book depths `spot.order_book_update` offers: 20 levels (pushed every 20 ms) and 100 levels (every 100 ms).
 *
 * @example
 * ```ts
 * gateio().book('BTC/USDT', { depth: GATEIO_BOOK_DEPTHS[0] }); // 20 levels a side
 * ```
 */
export const GATEIO_BOOK_DEPTHS: readonly number[] = [20, 100];
const DEFAULT_DEPTH = 100;
const MAX_BUFFERED_UPDATES = 10_000;
const QUIET_FETCH_AFTER_MS = 1000;

/**
 * Options of {@link gateio}: the common {@link ClientOptions} (`wsUrl` is the full WebSocket URL;
 * `restUrl` the REST host, `/api/v4/…` is added).
 *
 * @example
 * ```ts
 * const options: GateioOptions = { wsUrl: sim.wsUrl, restUrl: sim.restUrl };
 * ```
 */
export type GateioOptions = ClientOptions;

/**
 * A Gate.io v4 spot client: cold, normalized streams over one multiplexed socket (`spot.tickers` +
 * `spot.book_ticker` for tickers, `spot.trades`, `spot.order_book_update` + REST snapshots for
 * verified books). Symbols are checked against `GET /api/v4/spot/currency_pairs` (fetched once,
 * cached): an unknown symbol errors its own stream. `BTC/USDT` is Gate.io's `BTC_USDT`.
 *
 * Tickers: `spot.tickers` carries no bid/ask sizes, so a ticker also subscribes `spot.book_ticker`
 * and is emitted on each `spot.tickers` update with the latest best bid/ask and their sizes.
 *
 * @example
 * ```ts
 * const gt = gateio();
 * gt.tickers(['BTC/USDT', 'ETH/USDT']).subscribe((t) => console.log(t.symbol, t.bid, t.ask));
 * gt.book('BTC/USDT', { depth: 100 }).pipe(orderBook({ depth: 10 })).subscribe(render);
 * gt.events$.pipe(filter((e) => e.type === 'resync')).subscribe(console.warn);
 * ```
 */
export function gateio(options: GateioOptions = {}): ExchangeClient {
  const resolved = resolveOptions(options);
  const routes = new GateioRoutes();
  const hub = new StreamHub(gateioProtocol(options.wsUrl ?? GATEIO_WS_URL, routes, resolved.scheduler), resolved);
  const restUrl = options.restUrl ?? GATEIO_REST_URL;
  const raise = hub.raise.bind(hub);
  const catalog = new InstrumentCatalog({
    exchange: 'gateio',
    source: 'GET /api/v4/spot/currency_pairs',
    load: () => fetchGateioInstruments(resolved.http, restUrl),
    options: resolved,
    raise,
  });
  const pairOf = (symbol: string, instrument: Instrument | undefined): string => instrument?.native ?? gateioPair(symbol);

  const ticker = (symbol: string, instrument: Instrument | undefined): Observable<Ticker> => {
    const pair = pairOf(symbol, instrument);
    const stats$ = hub.stream<GateioTickerStats>(routes.key('spot.tickers', symbol, pair), forwardPayloads);
    const quote$ = hub.stream<GateioBestQuote>(routes.key('spot.book_ticker', symbol, pair), forwardPayloads);
    return stats$.pipe(
      withLatestFrom(quote$),
      map(([stats, quote]): Ticker => ({
        type: 'ticker',
        exchange: 'gateio',
        symbol,
        price: stats.price,
        bid: quote.bid,
        bidSize: quote.bidSize,
        ask: quote.ask,
        askSize: quote.askSize,
        high24h: stats.high24h,
        low24h: stats.low24h,
        volume24h: stats.volume24h,
        change24h: stats.change24h,
        timestamp: stats.timestamp,
        localTimestamp: stats.localTimestamp,
      })),
    );
  };

  const book = (symbol: string, bookOptions: BookOptions, instrument: Instrument | undefined): Observable<BookEvent> => {
    const depth = bookOptions.depth ?? DEFAULT_DEPTH;
    if (!GATEIO_BOOK_DEPTHS.includes(depth)) throw new RangeError(`gateio book depth must be one of ${GATEIO_BOOK_DEPTHS.join(', ')}, got ${depth}`);
    const pair = pairOf(symbol, instrument);
    const interval = depth === 20 ? '20ms' : '100ms';
    return new Observable<BookEvent>((subscriber) => {
      const refused = routes.acquireBook(pair, interval);
      if (refused !== undefined) {
        subscriber.error(new Error(refused));
        return undefined;
      }
      const key = routes.key('spot.order_book_update', symbol, pair, interval);
      const subscription = hub
        .stream<BookEvent>(key, (inner, context) =>
          new GateioBookSync(inner, context, {
            symbol,
            depth,
            fetchSnapshot: () => fetchGateioOrderBook(resolved.http, restUrl, pair, depth, resolved.maxPayload, () => resolved.scheduler.now()),
            maxBufferedUpdates: MAX_BUFFERED_UPDATES,
            retryDelay: resolved.reconnect.delay,
            maxRetryDelay: resolved.reconnect.maxDelay,
            random: resolved.random,
            quietFetchAfter: QUIET_FETCH_AFTER_MS,
          }),
        )
        .subscribe(subscriber);
      return () => {
        subscription.unsubscribe();
        routes.releaseBook(pair);
      };
    });
  };

  return assembleClient({
    clientOptions: options,
    options: resolved,
    exchange: 'gateio',
    events$: hub.events$,
    raise,
    catalog,
    // Gate.io refuses an unknown pair itself, but the refusal of a combined request fails it whole:
    // looking every symbol up first keeps an unknown one from reaching the socket at all.
    validateSymbols: true,
    ticker,
    trades: (symbol, instrument): Observable<Trade> => hub.stream<Trade>(routes.key('spot.trades', symbol, pairOf(symbol, instrument)), forwardPayloads),
    book,
  });
}
