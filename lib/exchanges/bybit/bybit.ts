import type { Observable } from 'rxjs';
import type { BookEvent } from '../../model/book-event';
import type { BookOptions, ClientOptions, ExchangeClient } from '../../model/client';
import type { DerivativeTicker } from '../../model/derivative-ticker';
import type { Instrument } from '../../model/instrument';
import type { Ticker } from '../../model/ticker';
import type { Trade } from '../../model/trade';
import { assembleClient } from '../common/assemble-client';
import { forwardPayloads } from '../common/forward-payloads';
import { InstrumentCatalog } from '../common/instrument-catalog';
import { resolveOptions } from '../common/resolved-options';
import { StreamHub } from '../common/stream-hub';
import { BybitBookSync } from './bybit-book-sync';
import { fetchBybitInstruments } from './bybit-instruments';
import { spotTicker, tickerListener, topOfBookListener } from './bybit-listeners';
import { bybitProtocol } from './bybit-protocol';
import { type BybitCategory, BybitRoutes } from './bybit-routes';

/**
 * Bybit's public WebSocket host (the default `wsUrl`): the client adds `/v5/public/spot` and
 * `/v5/public/linear`, one socket per category.
 *
 * @example
 * ```ts
 * bybit({ wsUrl: BYBIT_WS_URL });
 * ```
 */
export const BYBIT_WS_URL = 'wss://stream.bybit.com';

/**
 * Bybit's REST host (the default `restUrl`, for `GET /v5/market/instruments-info`).
 *
 * @example
 * ```ts
 * bybit({ restUrl: BYBIT_REST_URL });
 * ```
 */
export const BYBIT_REST_URL = 'https://api.bybit.com';

/**
 * Book depths Bybit v5 offers on spot and linear (`orderbook.{depth}.{symbol}`): 1 (10 ms, snapshots
 * only), 50 (20 ms), 200 (100 ms linear, 200 ms spot), 1000.
 *
 * @example
 * ```ts
 * bybit().book('BTC/USDT:USDT', { depth: BYBIT_BOOK_DEPTHS[2] }); // 200 levels a side
 * ```
 */
export const BYBIT_BOOK_DEPTHS: readonly number[] = [1, 50, 200, 1000];

/**
 * The default `pingInterval` of {@link bybit}: Bybit recommends an `{"op":"ping"}` every 20 s.
 *
 * @example
 * ```ts
 * bybit({ pingInterval: BYBIT_PING_INTERVAL / 2 });
 * ```
 */
export const BYBIT_PING_INTERVAL = 20_000;

const DEFAULT_DEPTH = 50;

/**
 * Options of {@link bybit}: the common {@link ClientOptions}. `wsUrl` is the host the category paths
 * are appended to; `pingInterval` defaults to 20 s.
 *
 * @example
 * ```ts
 * const options: BybitOptions = { wsUrl: sim.wsUrl, restUrl: sim.restUrl };
 * ```
 */
export type BybitOptions = ClientOptions;

/**
 * A Bybit v5 public client for spot (`BTC/USDT`) and linear contracts (`BTC/USDT:USDT` perpetuals,
 * `BTC/USDT:USDT-YYMMDD` futures) on one client: one socket per category (`/v5/public/spot`,
 * `/v5/public/linear`), `{"op":"ping"}` keepalive. Streams: `ticker`/`tickers` (linear: the merged
 * `tickers` topic; spot: `tickers` for the 24 h statistics plus `orderbook.1` for the best bid/ask,
 * which spot tickers lack), `trades` (`publicTrade`), `book` (`orderbook.{depth}`, every sequence rule
 * verified) and `derivativeTicker` (linear `tickers`: mark, index, funding, open interest). Symbols
 * are checked against `GET /v5/market/instruments-info` (both categories, paginated).
 *
 * @example
 * ```ts
 * const by = bybit();
 * by.book('BTC/USDT:USDT', { depth: 200 }).pipe(orderBook({ depth: 10 })).subscribe(render);
 * by.derivativeTicker('BTC/USDT:USDT').subscribe((d) => console.log(d.markPrice, d.fundingRate));
 * by.trades(['BTC/USDT', 'BTC/USDT:USDT']).subscribe((t) => console.log(t.symbol, t.price)); // two sockets
 * ```
 */
export function bybit(options: BybitOptions = {}): ExchangeClient {
  const resolved = resolveOptions({ pingInterval: BYBIT_PING_INTERVAL, ...options });
  const routes = new BybitRoutes();
  const hub = new StreamHub(bybitProtocol(options.wsUrl ?? BYBIT_WS_URL, routes), resolved);
  const restUrl = options.restUrl ?? BYBIT_REST_URL;
  const raise = hub.raise.bind(hub);
  const catalog = new InstrumentCatalog({
    exchange: 'bybit',
    source: 'GET /v5/market/instruments-info (spot, linear)',
    load: () => fetchBybitInstruments(resolved.http, restUrl),
    options: resolved,
    raise,
  });

  /** The category and native name of a checked symbol (the catalog always resolves one: `validateSymbols`). */
  const market = (symbol: string, instrument: Instrument | undefined): { readonly category: BybitCategory; readonly native: string } => {
    if (instrument === undefined) throw new Error(`bybit: no instrument for ${symbol}`);
    return { category: instrument.type === 'spot' ? 'spot' : 'linear', native: instrument.native };
  };

  /** The book listeners of each topic on this client. */
  const liveBooks = new Map<string, Set<BybitBookSync>>();

  const ticker = (symbol: string, instrument: Instrument | undefined): Observable<Ticker> => {
    const { category, native } = market(symbol, instrument);
    const tickers = routes.register('ticker', category, native, symbol).key;
    if (category === 'linear') return hub.stream<Ticker>(tickers, tickerListener((payload) => payload.ticker));
    const top = routes.register('book', 'spot', native, symbol, 1).key;
    return spotTicker(symbol, hub.stream(tickers, tickerListener((payload) => payload.stats)), hub.stream(top, topOfBookListener));
  };

  const book = (symbol: string, bookOptions: BookOptions, instrument: Instrument | undefined): Observable<BookEvent> => {
    const depth = bookOptions.depth ?? DEFAULT_DEPTH;
    if (!BYBIT_BOOK_DEPTHS.includes(depth)) throw new RangeError(`bybit book depth must be one of ${BYBIT_BOOK_DEPTHS.join(', ')}, got ${depth}`);
    const { category, native } = market(symbol, instrument);
    const { key } = routes.register('book', category, native, symbol, depth);
    return hub.stream<BookEvent>(
      key,
      (subscriber, context) => {
        // A joining subscriber resubscribes the topic (fresh): the books already live expect that snapshot.
        const peers = liveBooks.get(key) ?? new Set<BybitBookSync>();
        for (const peer of peers) peer.expectFreshSnapshot();
        const sync = new BybitBookSync(subscriber, context, { symbol, depth });
        liveBooks.set(key, peers.add(sync));
        subscriber.add(() => {
          peers.delete(sync);
          if (peers.size === 0) liveBooks.delete(key);
        });
        return sync;
      },
      { fresh: true },
    );
  };

  return assembleClient({
    clientOptions: options,
    options: resolved,
    exchange: 'bybit',
    events$: hub.events$,
    raise,
    catalog,
    validateSymbols: true,
    ticker,
    trades: (symbol, instrument): Observable<Trade> => {
      const { category, native } = market(symbol, instrument);
      return hub.stream<Trade>(routes.register('trade', category, native, symbol).key, forwardPayloads);
    },
    book,
    derivativeTicker: (symbol, instrument): Observable<DerivativeTicker> => {
      const { native } = market(symbol, instrument);
      return hub.stream<DerivativeTicker>(routes.register('ticker', 'linear', native, symbol).key, tickerListener((payload) => payload.derivative));
    },
  });
}
