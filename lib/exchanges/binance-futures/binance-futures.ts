import { type Observable, share, startWith } from 'rxjs';
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
import { BINANCE_FUTURES_DEPTH_LIMITS, fetchBinanceFuturesDepth } from './binance-futures-depth-snapshot';
import { binanceFuturesNative, fetchBinanceFuturesInstruments } from './binance-futures-instruments';
import { pollBinanceFuturesOpenInterest } from './binance-futures-open-interest';
import type { BinanceFuturesMark, BinanceFuturesStats, BinanceFuturesTop } from './binance-futures-payloads';
import { binanceFuturesProtocol } from './binance-futures-protocol';
import { BinanceFuturesRoutes } from './binance-futures-routes';
import { BinanceSnapshotBookSync } from './binance-snapshot-book-sync';
import { BINANCE_FUTURES_SYNC_RULE } from './binance-sync-rule';
import { onEachPrimary } from './on-each-primary';

/**
 * Binance USD-M futures' live WebSocket root (the default `wsUrl`); the client connects to its routed
 * endpoints `/public/stream` (depth, book ticker) and `/market/stream` (trades, tickers, mark price).
 *
 * @example
 * ```ts
 * binanceFutures({ wsUrl: BINANCE_FUTURES_WS_URL });
 * ```
 */
export const BINANCE_FUTURES_WS_URL = 'wss://fstream.binance.com';
/**
 * Binance USD-M futures' live REST endpoint (the default `restUrl`: exchangeInfo, depth snapshots,
 * open interest).
 *
 * @example
 * ```ts
 * binanceFutures({ restUrl: BINANCE_FUTURES_REST_URL });
 * ```
 */
export const BINANCE_FUTURES_REST_URL = 'https://fapi.binance.com';

const DEFAULT_DEPTH = 1000;
const MAX_BUFFERED_UPDATES = 10_000;
const QUIET_FETCH_AFTER_MS = 1000;
/** 6 requests of weight 1 per minute and symbol: 0.25 % of the 2400/min budget. */
const DEFAULT_OPEN_INTEREST_INTERVAL_MS = 10_000;

/**
 * Options of {@link binanceFutures}: the common {@link ClientOptions} and how often open interest is
 * polled.
 *
 * @example
 * ```ts
 * const options: BinanceFuturesOptions = { wsUrl: sim.wsUrl, restUrl: sim.restUrl, openInterestInterval: 30_000 };
 * ```
 */
export interface BinanceFuturesOptions extends ClientOptions {
  /** Poll `GET /fapi/v1/openInterest` every this many ms per `derivativeTicker` symbol (default 10 000). */
  readonly openInterestInterval?: number;
}

/**
 * A Binance USD-M futures client: cold, normalized streams over multiplexed combined-stream sockets
 * (one per routed endpoint: `/public` carries `<symbol>@depth@100ms` and `<symbol>@bookTicker`,
 * `/market` carries `<symbol>@aggTrade`, `<symbol>@ticker` and `<symbol>@markPrice@1s`), REST depth
 * snapshots and open interest. Symbols are unified `BASE/QUOTE:SETTLE` (perpetuals) and
 * `BASE/QUOTE:SETTLE-YYMMDD` (quarterly contracts), checked against `GET /fapi/v1/exchangeInfo`.
 *
 * - `book()` follows USD-M's own procedure (drop `u < lastUpdateId`, first event `U <= lastUpdateId <= u`,
 *   then `pu` = previous `u`); any break raises `resync` and a new `snapshot`. `depth` is rounded up to
 *   a limit the endpoint takes (5, 10, 20, 50, 100, 500, 1000; default 1000).
 * - `ticker()` joins the 24 h statistics of `@ticker` (which carry no best bid/ask on USD-M) with the
 *   latest `@bookTicker`: one ticker per statistics event, once a book ticker is known.
 * - `trades()` are aggregate trades (`@aggTrade`; `id` is the aggregate trade id).
 * - `derivativeTicker()` emits on every `@markPrice@1s` event (mark, index, funding rate, next funding
 *   time) with the latest last price of `@ticker` and the latest open interest polled from REST every
 *   `openInterestInterval` (shared by every subscriber of the symbol); each is `undefined` until known.
 *
 * @example
 * ```ts
 * const bf = binanceFutures();
 * bf.book('BTC/USDT:USDT').pipe(orderBook({ depth: 10 })).subscribe(render);
 * bf.derivativeTicker('BTC/USDT:USDT').subscribe((d) => console.log(d.markPrice, d.fundingRate, d.openInterest));
 * ```
 */
export function binanceFutures(options: BinanceFuturesOptions = {}): ExchangeClient {
  const resolved = resolveOptions(options);
  const openInterestInterval = options.openInterestInterval ?? DEFAULT_OPEN_INTEREST_INTERVAL_MS;
  if (!(openInterestInterval > 0)) throw new RangeError(`openInterestInterval must be a positive number of ms, got ${openInterestInterval}`);
  const routes = new BinanceFuturesRoutes();
  const hub = new StreamHub(binanceFuturesProtocol(options.wsUrl ?? BINANCE_FUTURES_WS_URL, routes), resolved);
  const restUrl = options.restUrl ?? BINANCE_FUTURES_REST_URL;
  const raise = hub.raise.bind(hub);
  const catalog = new InstrumentCatalog({
    exchange: 'binanceFutures',
    source: 'GET /fapi/v1/exchangeInfo',
    load: () => fetchBinanceFuturesInstruments(resolved.http, restUrl),
    options: resolved,
    raise,
  });
  const nativeOf = (symbol: string, instrument: Instrument | undefined): string => instrument?.native ?? binanceFuturesNative(symbol);
  const streamOf = <T>(kind: Parameters<BinanceFuturesRoutes['key']>[0], symbol: string, native: string): Observable<T> =>
    hub.stream<T>(routes.key(kind, symbol, native), forwardPayloads);
  const openInterest = new Map<string, Observable<number>>();
  const openInterestOf = (symbol: string, native: string): Observable<number> => {
    let polled = openInterest.get(native);
    if (!polled) {
      polled = pollBinanceFuturesOpenInterest({ http: resolved.http, restUrl, native, symbol, intervalMs: openInterestInterval, scheduler: resolved.scheduler, raise }).pipe(
        share({ resetOnRefCountZero: true }),
      );
      openInterest.set(native, polled);
    }
    return polled;
  };

  return assembleClient({
    clientOptions: options,
    options: resolved,
    exchange: 'binanceFutures',
    events$: hub.events$,
    raise,
    catalog,
    validateSymbols: true,
    ticker: (symbol, instrument): Observable<Ticker> => {
      const native = nativeOf(symbol, instrument);
      return onEachPrimary(
        streamOf<BinanceFuturesStats>('ticker', symbol, native),
        [streamOf<BinanceFuturesTop>('bookTicker', symbol, native)] as const,
        (stats, [top]): Ticker => ({
          type: 'ticker',
          exchange: 'binanceFutures',
          symbol,
          price: stats.price,
          bid: top.bid,
          bidSize: top.bidSize,
          ask: top.ask,
          askSize: top.askSize,
          high24h: stats.high24h,
          low24h: stats.low24h,
          volume24h: stats.volume24h,
          change24h: stats.change24h,
          timestamp: stats.timestamp,
          localTimestamp: stats.localTimestamp,
        }),
      );
    },
    trades: (symbol, instrument): Observable<Trade> => streamOf<Trade>('trade', symbol, nativeOf(symbol, instrument)),
    book: (symbol: string, bookOptions: BookOptions, instrument): Observable<BookEvent> => {
      const depth = bookOptions.depth ?? DEFAULT_DEPTH;
      const limit = BINANCE_FUTURES_DEPTH_LIMITS.find((candidate) => candidate >= depth);
      if (!Number.isInteger(depth) || depth < 1 || limit === undefined) {
        throw new RangeError(`binanceFutures book depth must be an integer in 1..1000 (rounded up to 5, 10, 20, 50, 100, 500 or 1000), got ${depth}`);
      }
      const native = nativeOf(symbol, instrument);
      return hub.stream<BookEvent>(routes.key('depth', symbol, native), (subscriber, context) =>
        new BinanceSnapshotBookSync(subscriber, context, {
          exchange: 'binanceFutures',
          symbol,
          rule: BINANCE_FUTURES_SYNC_RULE,
          fetchSnapshot: () => fetchBinanceFuturesDepth(resolved.http, restUrl, native, limit, resolved.maxPayload),
          maxBufferedUpdates: MAX_BUFFERED_UPDATES,
          retryDelay: resolved.reconnect.delay,
          quietFetchAfter: QUIET_FETCH_AFTER_MS,
        }),
      );
    },
    derivativeTicker: (symbol, instrument): Observable<DerivativeTicker> => {
      const native = nativeOf(symbol, instrument);
      const lastPrice$ = streamOf<BinanceFuturesStats>('ticker', symbol, native).pipe(startWith(undefined));
      const openInterest$ = openInterestOf(symbol, native).pipe(startWith(undefined));
      return onEachPrimary(
        streamOf<BinanceFuturesMark>('markPrice', symbol, native),
        [lastPrice$, openInterest$] as const,
        (mark, [stats, openInterest]): DerivativeTicker => ({
          type: 'derivative_ticker',
          exchange: 'binanceFutures',
          symbol,
          markPrice: mark.markPrice,
          indexPrice: mark.indexPrice,
          lastPrice: stats?.price,
          fundingRate: mark.fundingRate,
          nextFundingTime: mark.nextFundingTime,
          openInterest,
          timestamp: mark.timestamp,
          localTimestamp: mark.localTimestamp,
        }),
      );
    },
  });
}
