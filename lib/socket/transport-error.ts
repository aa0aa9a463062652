/**
 * A socket-level failure: an error event, a close with a non-normal code, a handshake timeout or a
 * ping timeout (half-open socket). Triggers a reconnect; reported as an `error` event of kind `transport`.
 *
 * @example
 * ```ts
 * throw new TransportError('ping timeout after 10000 ms');
 * ```
 */
export class TransportError extends Error {
  constructor(
    message: string,
    /** The WebSocket close code, when the socket closed. */
    readonly code?: number,
    /** The WebSocket close reason, when the socket closed. */
    readonly reason?: string,
  ) {
    super(message);
    this.name = 'TransportError';
  }
}
