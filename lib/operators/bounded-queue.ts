import type { BoundedBufferOptions, OverflowStrategy } from './bounded-buffer-options';
import { BufferOverflowError } from './buffer-overflow-error';

/**
 * The hard-capped FIFO behind every bounded buffer: a ring buffer, or an insertion-ordered map
 * when `conflateBy` is set. `offer` applies the overflow strategy; it never grows past
 * `bufferSize`. Internal building block, exported for custom bridges.
 *
 * @example
 * ```ts
 * const q = new BoundedQueue<number>({ bufferSize: 2, strategy: 'drop_oldest' });
 * q.offer(1); q.offer(2); q.offer(3); // 1 is dropped
 * q.shift(); // 2
 * ```
 */
export class BoundedQueue<T> {
  readonly bufferSize: number;
  readonly strategy: OverflowStrategy;
  /** Values dropped so far. */
  dropped = 0;

  private readonly keyOf: ((value: T) => unknown) | undefined;
  private readonly onDrop: ((dropped: T, droppedTotal: number) => void) | undefined;
  // Ring buffer (no conflation).
  private readonly ring: (T | undefined)[];
  private head = 0;
  private count = 0;
  // Keyed map (conflation): Map keeps first-insertion order; `set` on an existing key keeps the slot.
  private readonly keyed: Map<unknown, T> | undefined;

  constructor(options: BoundedBufferOptions<T>) {
    const { bufferSize, strategy = 'drop_oldest' } = options;
    if (!Number.isInteger(bufferSize) || bufferSize < 1) {
      throw new RangeError(`bufferSize must be an integer >= 1, got ${String(bufferSize)}`);
    }
    if (strategy !== 'drop_oldest' && strategy !== 'drop_newest' && strategy !== 'error') {
      throw new RangeError(`unknown overflow strategy "${String(strategy)}"`);
    }
    this.bufferSize = bufferSize;
    this.strategy = strategy;
    this.keyOf = options.conflateBy;
    this.onDrop = options.onDrop;
    this.ring = this.keyOf ? [] : new Array<T | undefined>(bufferSize);
    this.keyed = this.keyOf ? new Map() : undefined;
  }

  /** Number of values waiting. */
  get size(): number {
    return this.keyed ? this.keyed.size : this.count;
  }

  /**
   * Enqueues `value` (or replaces the waiting value with the same key). Applies the overflow
   * strategy when full; throws {@link BufferOverflowError} under `'error'`.
   */
  offer(value: T): void {
    if (this.keyed) {
      const key = this.keyOf!(value);
      if (this.keyed.has(key)) {
        this.keyed.set(key, value);
        return;
      }
      if (this.keyed.size >= this.bufferSize) {
        if (this.strategy === 'error') throw new BufferOverflowError(this.bufferSize);
        if (this.strategy === 'drop_newest') return this.drop(value);
        const oldestKey = this.keyed.keys().next().value;
        const oldest = this.keyed.get(oldestKey) as T;
        this.keyed.delete(oldestKey);
        this.drop(oldest);
      }
      this.keyed.set(key, value);
      return;
    }
    if (this.count >= this.bufferSize) {
      if (this.strategy === 'error') throw new BufferOverflowError(this.bufferSize);
      if (this.strategy === 'drop_newest') return this.drop(value);
      this.drop(this.shift() as T);
    }
    this.ring[(this.head + this.count) % this.bufferSize] = value;
    this.count++;
  }

  /** Removes and returns the oldest waiting value (`undefined` when empty: check `size` first). */
  shift(): T | undefined {
    if (this.keyed) {
      const next = this.keyed.entries().next();
      if (next.done) return undefined;
      this.keyed.delete(next.value[0]);
      return next.value[1];
    }
    if (this.count === 0) return undefined;
    const value = this.ring[this.head];
    this.ring[this.head] = undefined;
    this.head = (this.head + 1) % this.bufferSize;
    this.count--;
    return value;
  }

  /** Empties the queue (drops nothing: used on teardown). */
  clear(): void {
    this.keyed?.clear();
    this.ring.fill(undefined);
    this.head = 0;
    this.count = 0;
  }

  private drop(value: T): void {
    this.dropped++;
    this.onDrop?.(value, this.dropped);
  }
}
