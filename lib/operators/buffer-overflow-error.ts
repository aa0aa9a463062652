/**
 * Raised by the bounded buffers (`consumeWithBuffer`, `toAsyncIterable`) under
 * `strategy: 'error'` when a value arrives while the buffer already holds `bufferSize` values.
 *
 * @example
 * ```ts
 * source$.pipe(consumeWithBuffer(save, { bufferSize: 100, strategy: 'error' })).subscribe({
 *   error: (e) => { if (e instanceof BufferOverflowError) console.error(`full at ${e.bufferSize}`); },
 * });
 * ```
 */
export class BufferOverflowError extends Error {
  override readonly name = 'BufferOverflowError';

  constructor(
    /** The capacity that was exceeded. */
    readonly bufferSize: number,
  ) {
    super(`buffer overflow: more than ${bufferSize} values waiting for a slow consumer`);
    Object.setPrototypeOf(this, new.target.prototype);
  }
}
