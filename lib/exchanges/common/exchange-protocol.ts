import type { Observable } from 'rxjs';
import type { ExchangeId } from '../../model/exchange-id';
import type { ControlRequest } from './control-queue';

/**
 * Where an exchange's frame decoder delivers what it found. The hub routes by stream `key`.
 *
 * @example
 * ```ts
 * sink.data('btcusdt@trade', trade); // to every listener of that stream
 * sink.invalid('data.p: expected string', rawFrame, 'btcusdt@trade');
 * ```
 */
export interface FrameSink {
  /** A decoded, normalized payload for the listeners of stream `key`. */
  data(key: string, payload: unknown): void;
  /** A frame that failed to decode: an `error` event (kind `decode`); a known `key`'s listeners are told (books resync). */
  invalid(message: string, frame: string, key?: string): void;
  /** An error reply from the exchange that is not a rejected request (e.g. a rate-limit reply). */
  exchangeError(message: string, frame?: string): void;
  /** A control request was refused: the streams it carried (by request id, or the `keys` given) error out. */
  rejected(requestId: number | undefined, keys: readonly string[] | undefined, message: string): void;
  /** A connection-wide sequence gap: every stream on this connection is told (books resync). */
  gap(message: string): void;
  /**
   * Unsubscribes and subscribes `keys` again (e.g. the healthy part of a batch the exchange refused
   * whole, to find which key it refuses). Keys no stream wants any more, or all keys while the socket
   * is not open, are skipped; returns the keys queued. Optional: the hub's sink has it, a decoder
   * test's sink may leave it out.
   */
  resubscribe?(keys: readonly string[]): readonly string[];
  /**
   * Sends `text` on this socket now, counted against the control-message rate: for a session that
   * must answer the exchange itself (Bitfinex: unsubscribing a channel whose subscribe reply came
   * after its stream had left). Optional: the hub's sink has it, a decoder test's sink may leave it out.
   */
  send?(text: string): void;
  /**
   * The exchange announced that it will close this socket soon (e.g. Binance's `serverShutdown`):
   * the connection moves to a new socket at once — closes this one normally, reconnects without
   * waiting, resubscribes every stream (books resync 'reconnect') — instead of waiting for the drop
   * (Bitfinex's info 20051 asks for the same). Optional so that sinks written before it keep
   * compiling; the hub's sink always has it.
   */
  reconnect?(reason: string): void;
  /**
   * Sends `text` on this session's socket now, outside the control-message queue and its budget (a
   * protocol-level answer the exchange demands at once, e.g. Deribit's `public/test` reply to a
   * heartbeat `test_request`). Nothing is sent while the socket is not open. Optional so that sinks
   * written before it keep compiling; the hub's sink always has it.
   */
  send?(text: string): void;
  /**
   * The server greeted the socket (KuCoin's `welcome`): for a protocol with
   * {@link ExchangeProtocol.awaitsReady}, subscriptions go out and streams are told `connected` only
   * now. Optional: the hub's sink has it, a decoder test's sink may leave it out.
   */
  ready?(): void;
}

/**
 * Where one socket connects, resolved before every connection attempt by
 * {@link ExchangeProtocol.resolveEndpoint}.
 *
 * @example
 * ```ts
 * const endpoint: ConnectionEndpoint = { url: 'wss://ws-api-spot.kucoin.com/?token=…&connectId=1', pingInterval: 18_000 };
 * ```
 */
export interface ConnectionEndpoint {
  /** The WebSocket URL to open (e.g. with a fresh token in its query). */
  readonly url: string;
  /** The longest keepalive interval the server accepts, in ms: the client pings every min(its `pingInterval`, this). */
  readonly pingInterval?: number;
}

/**
 * Per-connection decoding state (e.g. Coinbase's connection-wide `sequence_num`); a new session is
 * created every time a socket opens.
 *
 * @example
 * ```ts
 * const session: FrameSession = { onFrame(text, receivedAt, sink) { sink.data(keyOf(text), decode(text, receivedAt)); } };
 * ```
 */
export interface FrameSession {
  onFrame(text: string, receivedAt: number, sink: FrameSink): void;
  /**
   * Called for every control message sent on this session's socket, in order (optional). For
   * exchanges whose replies carry no request id: the session pairs replies with requests itself.
   */
  onControlSent?(request: ControlRequest): void;
  /**
   * Builds the text of a control request on this session's socket instead of the protocol (optional),
   * for exchanges whose requests name per-socket state (Bitfinex unsubscribes by the channel id its
   * server assigned on this socket). `undefined`: the protocol's builder; `''`: nothing is sent for
   * it now (the session sends what it needs later through {@link FrameSink.send}).
   */
  controlMessage?(request: ControlRequest): string | undefined;
  /**
   * Called once when this session's socket has opened, before the streams are (re)subscribed
   * (optional): the place for the messages an exchange wants first on every socket (Deribit's
   * `public/set_heartbeat`, Bitfinex's `conf` flags), sent with `sink.send`.
   */
  onOpen?(sink: FrameSink): void;
}

/**
 * Everything the exchange-independent hub needs to know about one exchange's WebSocket protocol.
 * A stream `key` is the exchange's own name for one subscription (e.g. `btcusdt@depth@100ms`).
 *
 * @example
 * ```ts
 * const protocol: ExchangeProtocol = { exchange: 'binance', url, maxStreamsPerConnection: 1024, controlMessagesPerSecond: 4,
 *   groupOf: () => 'all', subscribeMessage: (keys, id) => JSON.stringify({ method: 'SUBSCRIBE', params: keys, id }),
 *   unsubscribeMessage: (keys, id) => JSON.stringify({ method: 'UNSUBSCRIBE', params: keys, id }), createSession };
 * ```
 */
export interface ExchangeProtocol {
  readonly exchange: ExchangeId;
  /**
   * The WebSocket URL to connect to (of every key, unless {@link urlOf} says otherwise; with
   * {@link resolveEndpoint}: the address the sockets are grouped and shown by, resolved per attempt).
   */
  readonly url: string;
  /**
   * The WebSocket URL of the socket that carries `key`, for exchanges with one endpoint per market
   * category (Bybit: `/v5/public/spot`, `/v5/public/linear`). Keys of different URLs never share a
   * socket; each URL gets its own sockets, stream limit and (per-connection) control budget.
   * Default: {@link url} for every key.
   */
  readonly urlOf?: (key: string) => string;
  /** Streams one connection may carry; the hub opens a further socket past it. */
  readonly maxStreamsPerConnection: number;
  /** Keys one (un)subscribe message may carry at most (e.g. Bybit spot: 10 args); a larger group is split. Default: no limit. */
  readonly maxKeysPerMessage?: number;
  /** Subscribe/unsubscribe messages the client may send per second and connection. */
  readonly controlMessagesPerSecond: number;
  /** Subscribe/unsubscribe messages per connection and hour, on top of the per-second budget (OKX: 480); unlimited when omitted. */
  readonly controlMessagesPerHour?: number;
  /** `connection` (default): the budget is per socket; `client`: one budget for all the client's sockets (a per-IP limit). */
  readonly controlRateScope?: 'connection' | 'client';
  /**
   * Connection attempts (first connects and reconnects) per second across all the client's sockets
   * (OKX: 3 per IP); attempts past it wait. Unlimited when omitted.
   */
  readonly connectionsPerSecond?: number;
  /**
   * Whether pings and pongs count against `controlMessagesPerSecond` (Binance: they do). They then go
   * through the same budget as the control messages: a keepalive waits for a free slot (ahead of the
   * control messages pending then), and the ping timeout starts when the ping is actually sent.
   */
  readonly keepaliveCountsAsControl?: boolean;
  /**
   * Resolves the endpoint before EVERY connection attempt, the first and each reconnect (KuCoin: a
   * fresh token from `POST /api/v1/bullet-public`); its requests must go through the client's
   * `resolved.http` (record & replay). A failure is a `transport` error, retried with the reconnect
   * backoff. Default: {@link url} (or {@link urlOf}), the same for every attempt.
   */
  readonly resolveEndpoint?: () => Observable<ConnectionEndpoint>;
  /**
   * The socket is usable only once the server greets it: nothing is subscribed and no stream is told
   * `connected` until the session calls `sink.ready()`; a socket not ready within `pingTimeout` of
   * opening is terminated and reconnected (a `transport` error), and only a ready socket resets the
   * reconnect backoff. Default: usable as soon as it opens.
   */
  readonly awaitsReady?: boolean;
  /** Application-level ping text; without it the hub sends WebSocket ping frames. */
  readonly appPing?: () => string;
  /**
   * Sockets one client may open per minute (Bitfinex: 20 connections per minute): a further
   * connection or reconnection waits until the sliding minute allows it. Default: no limit.
   */
  readonly connectionsPerMinute?: number;
  /** Keys of one group are (un)subscribed with one message (e.g. Coinbase: one channel per message). */
  groupOf(key: string): string;
  subscribeMessage(keys: readonly string[], requestId: number): string;
  unsubscribeMessage(keys: readonly string[], requestId: number): string;
  /**
   * A fresh decoder for one socket. The hub passes the socket's URL (see {@link urlOf}); a caller
   * that omits it means {@link url}.
   */
  createSession(url?: string): FrameSession;
}
