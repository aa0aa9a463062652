import type { SchedulerLike } from 'rxjs';
import type { ExchangeEvent } from '../../model/exchange-event';

/**
 * A change in a stream's delivery: its socket (re)`connected` (after a reconnect the stream's
 * state must be rebuilt), `disconnected`, a connection-wide `gap`, or one of its frames was `invalid`.
 *
 * @example
 * ```ts
 * const status: StreamStatus = 'gap';
 * ```
 */
export type StreamStatus = 'connected' | 'disconnected' | 'gap' | 'invalid';

/**
 * Receives one stream's traffic from the hub. Implemented per stream kind by exchange adapters
 * (a ticker forwards; a book runs its sync state machine).
 *
 * @example
 * ```ts
 * const listener: StreamListener = { data: (t) => subscriber.next(t as Ticker), status: () => undefined, reject: (e) => subscriber.error(e) };
 * ```
 */
export interface StreamListener {
  data(payload: unknown, receivedAt: number): void;
  status(status: StreamStatus): void;
  /** The exchange refused this stream, or reconnection gave up: error the stream. */
  reject(error: Error): void;
}

/**
 * An event to raise on `events$`; the hub stamps `exchange` and `timestamp`.
 *
 * @example
 * ```ts
 * ctx.raise({ type: 'resync', symbol: 'BTC/USDT', reason: 'gap' });
 * ```
 */
export type RaisedEvent = ExchangeEvent extends infer E ? (E extends ExchangeEvent ? Omit<E, 'exchange' | 'timestamp'> : never) : never;

/**
 * What a stream's listener may ask of the hub.
 *
 * @example
 * ```ts
 * ctx.raise({ type: 'resync', symbol, reason: 'checksum' }); ctx.resubscribe();
 * ```
 */
export interface StreamContext {
  readonly key: string;
  readonly scheduler: SchedulerLike;
  raise(event: RaisedEvent): void;
  /** Unsubscribe and subscribe the stream again on its socket (a fresh snapshot, where the exchange sends one). */
  resubscribe(): void;
}
