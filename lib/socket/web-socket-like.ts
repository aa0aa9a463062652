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
  on(event: 'ping' | 'pong', listener: () => void): unknown;
  on(event: 'close', listener: (code: number, reason: Buffer) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  removeAllListeners(): unknown;
  send(text: string): void;
  ping(): void;
  close(code?: number): void;
  terminate(): void;
  readonly readyState: number;
}

/**
 * Creates a socket; the default wraps `new WebSocket(url, { maxPayload })` from `ws`.
 *
 * @example
 * ```ts
 * const create: CreateWebSocket = (url, { maxPayload }) => new WebSocket(url, { maxPayload });
 * ```
 */
export type CreateWebSocket = (url: string, options: { readonly maxPayload: number }) => WebSocketLike;
