import type { Observable } from 'rxjs';
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
import { BinanceBookSync } from './binance-book-sync';
import { fetchBinanceDepth } from './binance-depth-snapshot';
import { BINANCE_MAX_DEPTH_LIMIT, binanceSnapshotLimit } from './binance-depth-limits';
import { binanceSpotInstrument, fetchBinanceInstruments } from './binance-instruments';
import { binanceProtocol } from './binance-protocol';
import { BinanceRoutes, binanceSymbol } from './binance-routes';
import { BinanceSnapshots } from './binance-snapshots';

/**
 * Binance spot's live WebSocket endpoint (the default `wsUrl`; the client adds `/stream`).
 *
 * @example
 * ```ts
 * binance({ wsUrl: BINANCE_WS_URL });
 * ```
 */
export const BINANCE_WS_URL = 'wss://stream.binance.com:9443';
/**
 * Binance spot's live REST endpoint (the default `restUrl`, for depth snapshots).
 *
 * @example
 * ```ts
 * binance({ restUrl: BINANCE_REST_URL });
 * ```
 */
export const BINANCE_REST_URL = 'https://api.binance.com';

/** Levels kept known by default: the snapshot is then fetched with limit 100 (weight 5), the old default. */
const DEFAULT_DEPTH = 80;
const MAX_DEPTH = BINANCE_MAX_DEPTH_LIMIT;
/** REST weight per minute the client allows itself for depth snapshots by default: a fifth of Binance's 6000 per IP. */
const SNAPSHOT_WEIGHT_PER_MINUTE = 1200;
/** A snapshot held back at least this long by the weight budget is reported on `events$`. */
const REPORTED_BUDGET_WAIT_MS = 1000;
const MAX_BUFFERED_UPDATES = 10_000;
const QUIET_FETCH_AFTER_MS = 1000;

/**
 * Options of {@link binance}: the common {@link ClientOptions}, plus the REST weight budget.
 *
 * @example
 * ```ts
 * const options: BinanceOptions = { wsUrl: sim.wsUrl, restUrl: sim.restUrl };
 * ```
 */
export interface BinanceOptions extends ClientOptions {
  /**
   * REST request weight per minute this client allows itself for depth snapshots (default 1200, a
   * fifth of the 6000 Binance allows per IP; a snapshot weighs 5/25/50/250 by its limit). Snapshots
   * past it wait their turn (an `error` event of kind `exchange` says so when the wait is 1 s or
   * more). Raise it only when nothing else spends the IP's weight, or against a simulator.
   */
  readonly snapshotWeightPerMinute?: number;
}

/**
 * A Binance spot client: cold, normalized streams over one multiplexed combined-stream socket
 * (`<symbol>@ticker`, `<symbol>@trade`, `<symbol>@depth@100ms` + REST depth snapshots, fetched with
 * a margin over `depth`, shared by the subscribers of a book and kept within a request-weight
 * budget; the book never reports a level beyond what its snapshot knew). Symbols are
 * checked against `GET /api/v3/exchangeInfo` (fetched once per client, cached, refetched on a miss
 * when older than a minute), because Binance accepts any well-formed stream name and then sends
 * nothing: an unknown symbol errors its own stream instead of staying silent.
 *
 * @example
 * ```ts
 * const bn = binance();
 * bn.tickers(['BTC/USDT', 'ETH/USDT']).subscribe((t) => console.log(t.symbol, t.bid, t.ask));
 * bn.book('BTC/USDT', { depth: 100 }).pipe(orderBook({ depth: 10 })).subscribe(render);
 * ```
 */
export function binance(options: BinanceOptions = {}): ExchangeClient {
  const resolved = resolveOptions(options);
  const routes = new BinanceRoutes();
  const hub = new StreamHub(binanceProtocol(options.wsUrl ?? BINANCE_WS_URL, routes), resolved);
  const restUrl = options.restUrl ?? BINANCE_REST_URL;
  const raise = hub.raise.bind(hub);
  const catalog = new InstrumentCatalog({
    exchange: 'binance',
    source: 'GET /api/v3/exchangeInfo',
    load: () => fetchBinanceInstruments(resolved.http, restUrl, '/api/v3/exchangeInfo', binanceSpotInstrument),
    options: resolved,
    raise,
  });
  const nativeOf = (symbol: string, instrument: Instrument | undefined): string => instrument?.native ?? binanceSymbol(symbol);
  const weightPerMinute = options.snapshotWeightPerMinute ?? SNAPSHOT_WEIGHT_PER_MINUTE;
  if (!(weightPerMinute > 0)) throw new RangeError(`snapshotWeightPerMinute must be a positive number, got ${weightPerMinute}`);
  const snapshots = new BinanceSnapshots({
    fetch: (native, limit) => fetchBinanceDepth(restUrl, native, limit, resolved.maxPayload, resolved.http),
    scheduler: resolved.scheduler,
    weightPerMinute,
    onWait: (native, limit, waitMs) => {
      if (waitMs < REPORTED_BUDGET_WAIT_MS) return;
      const message = `binance depth snapshot of ${native} (limit ${limit}) waits ${Math.round(waitMs)} ms: the REST weight budget (${weightPerMinute} per minute) is used up`;
      raise({ type: 'error', kind: 'exchange', message });
    },
  });

  return assembleClient({
    clientOptions: options,
    options: resolved,
    exchange: 'binance',
    events$: hub.events$,
    raise,
    catalog,
    validateSymbols: true,
    ticker: (symbol, instrument): Observable<Ticker> => hub.stream<Ticker>(routes.key('ticker', symbol, nativeOf(symbol, instrument)), forwardPayloads),
    trades: (symbol, instrument): Observable<Trade> => hub.stream<Trade>(routes.key('trade', symbol, nativeOf(symbol, instrument)), forwardPayloads),
    book: (symbol: string, bookOptions: BookOptions, instrument): Observable<BookEvent> => {
      const depth = bookOptions.depth ?? DEFAULT_DEPTH;
      if (!Number.isInteger(depth) || depth < 1 || depth > MAX_DEPTH) throw new RangeError(`binance book depth must be an integer in 1..${MAX_DEPTH}, got ${depth}`);
      const native = nativeOf(symbol, instrument);
      return hub.stream<BookEvent>(routes.key('depth', symbol, native), (subscriber, context) =>
        new BinanceBookSync(subscriber, context, {
          symbol,
          depth,
          snapshotLimit: binanceSnapshotLimit(depth),
          fetchSnapshot: (request) => snapshots.request(native, request),
          maxBufferedUpdates: MAX_BUFFERED_UPDATES,
          retryDelay: resolved.reconnect.delay,
          maxRetryDelay: resolved.reconnect.maxDelay,
          random: resolved.random,
          quietFetchAfter: QUIET_FETCH_AFTER_MS,
        }),
      );
    },
  });
}
