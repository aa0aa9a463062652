import { Observable } from 'rxjs';
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
import { KucoinBookSync } from './kucoin-book-sync';
import { fetchKucoinEndpoint } from './kucoin-endpoint';
import { fetchKucoinInstruments } from './kucoin-instruments';
import { fetchKucoinOrderBook } from './kucoin-order-book';
import { kucoinProtocol } from './kucoin-protocol';
import { KucoinBatchGroups } from './kucoin-requests';
import { KucoinRoutes } from './kucoin-routes';
import { kucoinSymbol } from './kucoin-symbols';

/**
 * KuCoin's live spot WebSocket endpoint, as `POST /api/v1/bullet-public` names it (shown in messages
 * and the CLI; the client connects where each token answer says, unless `wsUrl` is given).
 *
 * @example
 * ```ts
 * kucoin({ wsUrl: KUCOIN_WS_URL }); // always this host, with a fresh token each time
 * ```
 */
export const KUCOIN_WS_URL = 'wss://ws-api-spot.kucoin.com/';

/**
 * KuCoin's live REST endpoint (the default `restUrl`: tokens, symbols and book snapshots under `/api`).
 *
 * @example
 * ```ts
 * kucoin({ restUrl: KUCOIN_REST_URL });
 * ```
 */
export const KUCOIN_REST_URL = 'https://api.kucoin.com';

/**
 * The deepest `depth` a KuCoin book keeps known: the public REST snapshot (`level2_100`) has 100
 * levels a side, and the increments cannot tell what lies beyond them.
 *
 * @example
 * ```ts
 * kucoin().book('BTC/USDT', { depth: KUCOIN_MAX_BOOK_DEPTH });
 * ```
 */
export const KUCOIN_MAX_BOOK_DEPTH = 100;
/** Levels a side of the public REST snapshot rxmarket requests (`level2_100`). */
const SNAPSHOT_LIMIT = 100;
const DEFAULT_DEPTH = 50;
const MAX_BUFFERED_UPDATES = 10_000;
const QUIET_FETCH_AFTER_MS = 1000;

/**
 * Options of {@link kucoin}: the common {@link ClientOptions} and the client's connection budget.
 * `restUrl` is the REST host (`/api/…` is added; tokens come from there); `wsUrl`, when given,
 * replaces the endpoint of every token answer (a proxy or a simulator in front of it; the token and
 * `connectId` are still added to its query).
 *
 * @example
 * ```ts
 * const options: KucoinOptions = { restUrl: sim.restUrl, connectionsPerMinute: 600 };
 * ```
 */
export interface KucoinOptions extends ClientOptions {
  /**
   * Sockets this client opens per minute at most, reconnections included (default 30, KuCoin's
   * documented connection limit): during a reconnect storm a further connection (and its token
   * request) waits for the sliding minute. Raise it only against a simulator.
   */
  readonly connectionsPerMinute?: number;
}

/**
 * A KuCoin spot client: cold, normalized streams over multiplexed sockets (`/market/snapshot` for
 * tickers, `/market/match` for trades, `/market/level2` + REST `level2_100` snapshots for verified
 * books). Every (re)connect first takes a fresh token from `POST /api/v1/bullet-public` and waits for
 * the server's `welcome`; an expired token is reported on `events$` and replaced on the reconnect.
 * Symbols are checked against `GET /api/v2/symbols` (fetched once, cached): an unknown symbol errors
 * its own stream. `BTC/USDT` is KuCoin's `BTC-USDT`.
 *
 * Tickers come from the symbol snapshot (every 2 s): it is the only public spot channel with both
 * the best bid/ask with sizes and the 24 h figures (`/market/ticker` has no 24 h figures).
 *
 * @example
 * ```ts
 * const kc = kucoin();
 * kc.trades(['BTC/USDT', 'ETH/USDT']).subscribe((t) => console.log(t.symbol, t.side, t.price));
 * kc.book('BTC/USDT', { depth: 50 }).pipe(orderBook({ depth: 10 })).subscribe(render);
 * kc.events$.pipe(filter((e) => e.type === 'resync')).subscribe(console.warn);
 * ```
 */
export function kucoin(options: KucoinOptions = {}): ExchangeClient {
  const resolved = resolveOptions(options);
  const restUrl = options.restUrl ?? KUCOIN_REST_URL;
  const routes = new KucoinRoutes();
  let connects = 0;
  const connectId = (): string => `rxm${Math.floor(resolved.scheduler.now()).toString(36)}${++connects}`;
  const hub = new StreamHub(
    kucoinProtocol({
      url: options.wsUrl ?? KUCOIN_WS_URL,
      routes,
      groups: new KucoinBatchGroups(),
      resolveEndpoint: () => fetchKucoinEndpoint(resolved.http, restUrl, options.wsUrl, connectId),
      ...(options.connectionsPerMinute === undefined ? {} : { connectionsPerMinute: options.connectionsPerMinute }),
    }),
    resolved,
  );
  const raise = hub.raise.bind(hub);
  const catalog = new InstrumentCatalog({
    exchange: 'kucoin',
    source: 'GET /api/v2/symbols',
    load: () => fetchKucoinInstruments(resolved.http, restUrl),
    options: resolved,
    raise,
  });
  const nativeOf = (symbol: string, instrument: Instrument | undefined): string => instrument?.native ?? kucoinSymbol(symbol);

  const book = (symbol: string, bookOptions: BookOptions, instrument: Instrument | undefined): Observable<BookEvent> => {
    const depth = bookOptions.depth ?? DEFAULT_DEPTH;
    if (!Number.isInteger(depth) || depth < 1 || depth > KUCOIN_MAX_BOOK_DEPTH) {
      throw new RangeError(`kucoin book depth must be an integer from 1 to ${KUCOIN_MAX_BOOK_DEPTH} (the public snapshot has 100 levels), got ${depth}`);
    }
    const native = nativeOf(symbol, instrument);
    return hub.stream<BookEvent>(routes.key('/market/level2', symbol, native), (subscriber, context) =>
      new KucoinBookSync(subscriber, context, {
        symbol,
        depth,
        snapshotLimit: SNAPSHOT_LIMIT,
        fetchSnapshot: () => fetchKucoinOrderBook(resolved.http, restUrl, native, SNAPSHOT_LIMIT, resolved.maxPayload),
        maxBufferedUpdates: MAX_BUFFERED_UPDATES,
        retryDelay: resolved.reconnect.delay,
        maxRetryDelay: resolved.reconnect.maxDelay,
        quietFetchAfter: QUIET_FETCH_AFTER_MS,
      }),
    );
  };

  return assembleClient({
    clientOptions: options,
    options: resolved,
    exchange: 'kucoin',
    events$: hub.events$,
    raise,
    catalog,
    // KuCoin refuses an unknown symbol itself, but refuses a joined request whole: looking every
    // symbol up first keeps an unknown one from reaching the socket at all.
    validateSymbols: true,
    ticker: (symbol, instrument): Observable<Ticker> => hub.stream<Ticker>(routes.key('/market/snapshot', symbol, nativeOf(symbol, instrument)), forwardPayloads),
    trades: (symbol, instrument): Observable<Trade> => hub.stream<Trade>(routes.key('/market/match', symbol, nativeOf(symbol, instrument)), forwardPayloads),
    book,
  });
}
