import type { Observable, Subscription } from 'rxjs';
import type { BoundedBufferOptions } from './bounded-buffer-options';
import { BoundedQueue } from './bounded-queue';

/**
 * Bridges an Observable to `for await … of`, with the same hard-capped buffer as
 * {@link consumeWithBuffer} between the (push) source and the (pull) loop.
 *
 * - Each iteration subscribes on its first `next()`; iterating twice subscribes twice (cold).
 * - Values arriving while the loop body runs wait in a buffer of at most `bufferSize`; one more
 *   applies `strategy` (`drop_oldest` default, `drop_newest`, `error`), with optional
 *   `conflateBy` and `onDrop`, exactly as in {@link BoundedBufferOptions}.
 * - Order is preserved: values already buffered are delivered before the source's completion or
 *   error (or the {@link BufferOverflowError}) is thrown; the source subscription ends at once.
 * - `break`, `return` or a `throw` in the loop body unsubscribes from the source.
 *
 * @example
 * ```ts
 * for await (const t of toAsyncIterable(bn.ticker('BTC/USDT'), { bufferSize: 100, strategy: 'drop_oldest' })) {
 *   await render(t);
 *   if (done) break; // unsubscribes
 * }
 * ```
 */
export function toAsyncIterable<T>(source: Observable<T>, options: BoundedBufferOptions<T>): AsyncIterable<T> {
  new BoundedQueue<T>(options); // validate eagerly
  return {
    [Symbol.asyncIterator]: (): AsyncIterator<T> => new ObservableIterator(source, options),
  };
}

interface Waiter<T> {
  resolve(result: IteratorResult<T>): void;
  reject(err: unknown): void;
}

const DONE: IteratorResult<never> = { done: true, value: undefined };

class ObservableIterator<T> implements AsyncIterator<T> {
  private readonly queue: BoundedQueue<T>;
  private readonly waiters: Waiter<T>[] = [];
  private subscription: Subscription | null = null;
  private started = false;
  /** Source ended (completed, errored, overflowed) or the consumer returned. */
  private ended = false;
  private failure: { readonly error: unknown } | null = null;

  constructor(
    private readonly source: Observable<T>,
    options: BoundedBufferOptions<T>,
  ) {
    this.queue = new BoundedQueue<T>(options);
  }

  next(): Promise<IteratorResult<T>> {
    if (!this.started) this.start();
    if (this.queue.size > 0) return Promise.resolve({ done: false, value: this.queue.shift() as T });
    if (this.ended) {
      const failure = this.failure;
      if (failure) {
        this.failure = null; // thrown once; afterwards the iterator is simply done
        return Promise.reject(failure.error);
      }
      return Promise.resolve(DONE);
    }
    return new Promise((resolve, reject) => this.waiters.push({ resolve, reject }));
  }

  return(): Promise<IteratorResult<T>> {
    this.started = true;
    this.finish(null);
    this.queue.clear();
    this.failure = null;
    return Promise.resolve(DONE);
  }

  throw(err?: unknown): Promise<IteratorResult<T>> {
    void this.return();
    return Promise.reject(err);
  }

  private start(): void {
    this.started = true;
    const subscription = this.source.subscribe({
      next: (value) => this.push(value),
      error: (err: unknown) => this.finish({ error: err }),
      complete: () => this.finish(null),
    });
    if (this.ended) subscription.unsubscribe();
    else this.subscription = subscription;
  }

  private push(value: T): void {
    if (this.ended) return;
    const waiter = this.waiters.shift();
    if (waiter) {
      waiter.resolve({ done: false, value });
      return;
    }
    try {
      this.queue.offer(value);
    } catch (err) {
      this.finish({ error: err });
    }
  }

  private finish(failure: { readonly error: unknown } | null): void {
    if (this.ended) return;
    this.ended = true;
    this.failure = failure;
    this.subscription?.unsubscribe();
    this.subscription = null;
    // Waiters only exist while the queue is empty, so they get the end right away.
    for (const waiter of this.waiters.splice(0)) {
      if (this.failure) {
        waiter.reject(this.failure.error);
        this.failure = null;
      } else waiter.resolve(DONE);
    }
  }
}
