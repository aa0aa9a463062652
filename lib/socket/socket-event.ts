/**
 * What an open socket lets its owner do.
 *
 * @example
 * ```ts
 * handle.send(JSON.stringify({ method: 'SUBSCRIBE', params: ['btcusdt@trade'], id: 1 }));
 * ```
 */
export interface SocketHandle {
  send(text: string): void;
}

/**
 * What `openSocket()` emits: `open` once, then a `message` per text frame; a server's normal close
 * (code 1000) emits `close` and completes; anything else errors with a `TransportError`.
 *
 * @example
 * ```ts
 * openSocket(options).subscribe((e) => e.type === 'message' && console.log(e.data));
 * ```
 */
export type SocketEvent =
  | { readonly type: 'open'; readonly socket: SocketHandle }
  | { readonly type: 'message'; readonly data: string; readonly receivedAt: number }
  | { readonly type: 'close'; readonly code: number; readonly reason: string };
