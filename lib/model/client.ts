import type { Observable, SchedulerLike } from 'rxjs';
import type { HttpTransport } from '../socket/http-transport';
import type { CreateWebSocket } from '../socket/web-socket-like';
import type { BookEvent } from './book-event';
import type { DerivativeTicker } from './derivative-ticker';
import type { ExchangeEvent } from './exchange-event';
import type { ExchangeId } from './exchange-id';
import type { Instrument } from './instrument';
import type { Ticker } from './ticker';
import type { Trade } from './trade';

/**
 * Reconnection policy: exponential backoff with jitter, `delay * 2^(attempt-1)` capped by
 * `maxDelay`, reset once a connection opens. `attempts` defaults to `Infinity` (endless).
 *
 * @example
 * ```ts
 * binance({ reconnect: { delay: 500, maxDelay: 30_000 } });
 * ```
 */
export interface ReconnectOptions {
  readonly attempts?: number;
  /** Base delay in ms (default 500). */
  readonly delay?: number;
  /** Cap in ms (default 30 000). */
  readonly maxDelay?: number;
}

/**
 * Options common to every exchange client.
 *
 * @example
 * ```ts
 * binance({ wsUrl: sim.wsUrl, restUrl: sim.restUrl, pingInterval: 5_000, pingTimeout: 5_000 });
 * ```
 */
export interface ClientOptions {
  /**
   * WebSocket base URL (defaults to the exchange's live endpoint). Must be a `ws:` or `wss:` URL:
   * anything else throws a `TypeError` when the client is created.
   */
  readonly wsUrl?: string;
  /**
   * REST base URL (defaults to the exchange's live endpoint), for snapshots and the instrument list.
   * Must be an `http:` or `https:` URL: anything else throws a `TypeError` when the client is created.
   */
  readonly restUrl?: string;
  readonly reconnect?: ReconnectOptions;
  /** How often the client pings the server, in ms (default 10 000). */
  readonly pingInterval?: number;
  /** How long a ping may go unanswered (no frame at all) before the socket is terminated, in ms (default 10 000). */
  readonly pingTimeout?: number;
  /** Largest accepted frame in bytes (default 16 MiB). */
  readonly maxPayload?: number;
  /** Scheduler for every timer and clock reading (default: real time with sub-ms `now()`). */
  readonly scheduler?: SchedulerLike;
  /** Random source for backoff jitter (default `Math.random`). */
  readonly random?: () => number;
  /** Creates the WebSockets (default: `ws`); tests and record & replay inject their own. */
  readonly createWebSocket?: CreateWebSocket;
  /** Performs the REST requests (default: `node:http`/`node:https`); tests and record & replay inject their own. */
  readonly http?: HttpTransport;
}

/**
 * Options of `client.book()`.
 *
 * @example
 * ```ts
 * bn.book('BTC/USDT', { depth: 100 });
 * ```
 */
export interface BookOptions {
  /**
   * Levels per side the book keeps known (exchanges that take a REST snapshot fetch it with a margin
   * over it; default: the exchange's usual — 80 on Binance, fetched as `limit=100`; see its page).
   */
  readonly depth?: number;
}

/**
 * One exchange, one multiplexed connection, normalized cold streams.
 *
 * @example
 * ```ts
 * const bn = binance();
 * bn.tickers(['BTC/USDT', 'ETH/USDT']).subscribe(console.log); // one socket for both
 * ```
 */
export interface ExchangeClient {
  readonly exchange: ExchangeId;
  /** Lifecycle, resync and error events of every connection of this client. */
  readonly events$: Observable<ExchangeEvent>;
  /** One symbol's ticker; errors when the venue does not list the symbol. */
  ticker(symbol: string): Observable<Ticker>;
  /**
   * Several symbols' tickers on one socket (a single symbol string works too). A symbol the venue
   * refuses or does not list errors only its own part: an `error` event naming it on `events$`, the
   * others keep flowing; the merged stream errors only when every symbol failed.
   */
  tickers(symbols: string | readonly string[]): Observable<Ticker>;
  /** Trades of one or several symbols on one socket; a refused symbol is isolated as in {@link tickers}. */
  trades(symbols: string | readonly string[]): Observable<Trade>;
  book(symbol: string, options?: BookOptions): Observable<BookEvent>;
  /**
   * Mark/index price, funding and open interest of a perpetual or future (`BASE/QUOTE:SETTLE`).
   * Errors on a spot symbol or a venue without derivatives.
   */
  derivativeTicker(symbol: string): Observable<DerivativeTicker>;
  /**
   * The venue's instruments (fetched once per client and cached, as ccxt's `loadMarkets`): emits the
   * list once, then completes.
   */
  instruments(): Observable<readonly Instrument[]>;
}
