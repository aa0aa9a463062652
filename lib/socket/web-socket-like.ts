/**
 * The part of a `ws` WebSocket the transport uses; lets tests inject a fake socket on virtual time.
 *
 * @example
 * ```ts
 * const create: CreateWebSocket = (url, opts) => new WebSocket(url, opts);
 * ```
 */
export interface WebSocketLike {
  on(event: 'open', listener: () => void): unknown;
  on(event: 'message', listener: (data: unknown, isBinary: boolean) => void): unknown;
  /** `ping` listeners get the ping's payload (to echo in the pong). */
  on(event: 'ping' | 'pong', listener: (payload?: Buffer) => void): unknown;
  on(event: 'close', listener: (code: number, reason: Buffer) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  removeAllListeners(): unknown;
  send(text: string): void;
  ping(): void;
  /**
   * Sends a pong frame with `payload`. Used only when the socket was created with `autoPong: false`
   * (the transport then answers server pings itself, within its message budget).
   */
  pong?(payload?: Buffer): void;
  close(code?: number): void;
  terminate(): void;
  readonly readyState: number;
}

/**
 * Creates a socket; the default wraps `new WebSocket(url, { maxPayload, autoPong })` from `ws`.
 * `autoPong: false` (set for exchanges that count pongs in a message budget, e.g. Binance) means the
 * transport answers pings itself through `pong()`: pass it on to `ws`, or the server gets two pongs.
 *
 * @example
 * ```ts
 * const create: CreateWebSocket = (url, { maxPayload, autoPong }) => new WebSocket(url, { maxPayload, autoPong });
 * ```
 */
export type CreateWebSocket = (url: string, options: { readonly maxPayload: number; readonly autoPong?: boolean }) => WebSocketLike;
