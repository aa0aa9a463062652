import type { Observable, SchedulerLike } from 'rxjs';
import type { BookEvent } from './book-event';
import type { ExchangeEvent } from './exchange-event';
import type { ExchangeId } from './exchange-id';
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
  /** WebSocket base URL (defaults to the exchange's live endpoint). */
  readonly wsUrl?: string;
  /** REST base URL, for exchanges that need one (Binance depth snapshots). */
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
  /** Snapshot depth requested from the exchange (default: the exchange's usual, 100 on Binance). */
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
  ticker(symbol: string): Observable<Ticker>;
  tickers(symbols: readonly string[]): Observable<Ticker>;
  trades(symbols: string | readonly string[]): Observable<Trade>;
  book(symbol: string, options?: BookOptions): Observable<BookEvent>;
}
