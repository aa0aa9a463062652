/**
 * What a full bounded buffer does with one value too many:
 * - `drop_oldest`: evict the value that has waited longest, keep the new one (freshest data wins);
 * - `drop_newest`: discard the arriving value, keep what is queued;
 * - `error`: fail with a {@link BufferOverflowError}.
 *
 * @example
 * ```ts
 * const strategy: OverflowStrategy = 'drop_oldest';
 * ```
 */
export type OverflowStrategy = 'drop_oldest' | 'drop_newest' | 'error';

/**
 * Options shared by every bounded buffer (`consumeWithBuffer`, `toAsyncIterable`).
 *
 * @example
 * ```ts
 * const options: BoundedBufferOptions<Ticker> = {
 *   bufferSize: 1_000,
 *   strategy: 'drop_oldest',
 *   conflateBy: (t) => `${t.exchange}:${t.symbol}`,
 *   onDrop: (_t, total) => metrics.gauge('dropped', total),
 * };
 * ```
 */
export interface BoundedBufferOptions<T> {
  /** Most values that may wait for the consumer (an integer ≥ 1). Never exceeded. */
  readonly bufferSize: number;
  /** Overflow behaviour (default `'drop_oldest'`). */
  readonly strategy?: OverflowStrategy;
  /**
   * Conflation key. When set, a value whose key is already waiting replaces that waiting value in
   * place (it keeps the position of the key's first arrival), so the buffer holds the latest value
   * per key — lossless for state streams (tickers, book states). `bufferSize` then bounds the
   * number of distinct keys waiting. Replacements are not drops.
   */
  readonly conflateBy?: (value: T) => unknown;
  /** Called synchronously for every dropped value with the running total of drops. */
  readonly onDrop?: (dropped: T, droppedTotal: number) => void;
}
