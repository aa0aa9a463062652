import type { ExchangeId } from './exchange-id';

/**
 * Why a book was re-snapshotted: a sequence `gap`, a failed `checksum`, a `reconnect`, a `stale`
 * snapshot (older than the buffered updates, or a buffer overflow), `depth` (fewer levels than asked
 * for are still known: the book would otherwise show a guess below them), or `reset` (the venue
 * itself sent a new full book in the middle of the stream).
 *
 * @example
 * ```ts
 * const reason: ResyncReason = 'gap';
 * ```
 */
export type ResyncReason = 'gap' | 'checksum' | 'reconnect' | 'stale' | 'depth' | 'reset';

/**
 * What went wrong: a frame that did not `decode`, an `exchange` error reply (failed subscription,
 * rate limit), or a `transport` failure (socket error, ping timeout, HTTP failure).
 *
 * @example
 * ```ts
 * const kind: ErrorKind = 'decode';
 * ```
 */
export type ErrorKind = 'decode' | 'exchange' | 'transport';

interface EventBase {
  readonly exchange: ExchangeId;
  /** Local time (epoch ms) the event was raised, from the client's scheduler. */
  readonly timestamp: number;
}

/**
 * Lifecycle, resync and error notifications of one exchange client, on `client.events$`.
 *
 * @example
 * ```ts
 * bn.events$.pipe(filter((e) => e.type === 'resync')).subscribe((e) => console.warn(e.symbol, e.reason));
 * ```
 */
export type ExchangeEvent =
  | (EventBase & { readonly type: 'connecting'; readonly connection: number; readonly url: string })
  | (EventBase & { readonly type: 'open'; readonly connection: number; readonly url: string })
  | (EventBase & { readonly type: 'close'; readonly connection: number; readonly code: number; readonly reason: string })
  | (EventBase & { readonly type: 'reconnect'; readonly connection: number; readonly attempt: number; readonly delay: number })
  | (EventBase & { readonly type: 'subscribe'; readonly connection: number; readonly streams: readonly string[] })
  | (EventBase & { readonly type: 'unsubscribe'; readonly connection: number; readonly streams: readonly string[] })
  | (EventBase & { readonly type: 'resync'; readonly symbol: string; readonly reason: ResyncReason })
  | (EventBase & {
      readonly type: 'error';
      readonly kind: ErrorKind;
      readonly message: string;
      /** The offending raw frame, for `decode` errors. */
      readonly frame?: string;
      readonly symbol?: string;
    })
  | (EventBase & {
      readonly type: 'overflow';
      /** Which buffer overflowed, e.g. `binance depth buffer`. */
      readonly buffer: string;
      readonly capacity: number;
      readonly symbol?: string;
    });

/**
 * The `type` values of {@link ExchangeEvent}.
 *
 * @example
 * ```ts
 * const t: ExchangeEventType = 'resync';
 * ```
 */
export type ExchangeEventType = ExchangeEvent['type'];
