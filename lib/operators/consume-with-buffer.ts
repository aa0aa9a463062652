import { from, Observable, type ObservableInput, type OperatorFunction, type Subscription } from 'rxjs';
import type { BoundedBufferOptions } from './bounded-buffer-options';
import { BoundedQueue } from './bounded-queue';

/**
 * Runs a slow asynchronous `consumer` on each value, one at a time, with a hard-capped buffer in
 * front of it: the bounded alternative to `concatMap(consumer)` (whose queue grows without limit).
 *
 * - While the consumer is idle a value starts immediately (it never waits in the buffer).
 * - While it is busy, values wait in a buffer of at most `bufferSize`; one more applies
 *   `strategy` (`drop_oldest` default, `drop_newest`, or `error` → {@link BufferOverflowError}).
 * - With `conflateBy`, a waiting value is replaced by a newer one with the same key (lossless
 *   for state streams; `bufferSize` bounds the distinct keys waiting).
 * - Every drop calls `onDrop(value, droppedTotal)`.
 * - Values emitted by the consumer's result (a Promise, Observable, …) are forwarded.
 * - Source completion: the buffer is drained, then the output completes. Source error, consumer
 *   error and overflow error are forwarded at once; waiting values are discarded.
 * - Unsubscribing cancels the running consumer Observable and the source.
 *
 * @example
 * ```ts
 * bn.trades('BTC/USDT').pipe(
 *   consumeWithBuffer((t) => db.insert(t), { bufferSize: 10_000, strategy: 'drop_oldest', onDrop: (_t, n) => dropped$.next(n) }),
 * ).subscribe();
 * ```
 */
export function consumeWithBuffer<T, R>(
  consumer: (value: T, index: number) => ObservableInput<R>,
  options: BoundedBufferOptions<T>,
): OperatorFunction<T, R> {
  // Validate eagerly: a configuration mistake is reported where the pipeline is built.
  new BoundedQueue<T>(options);
  return (source) =>
    new Observable<R>((subscriber) => {
      const queue = new BoundedQueue<T>(options);
      let index = 0;
      let busy = false;
      let draining = false;
      let sourceDone = false;
      let inner: Subscription | null = null;

      const fail = (err: unknown): void => {
        queue.clear();
        subscriber.error(err);
      };

      const start = (value: T): void => {
        busy = true;
        let result: Observable<R>;
        try {
          result = from(consumer(value, index++));
        } catch (err) {
          fail(err);
          return;
        }
        let syncDone = false;
        const sub = result.subscribe({
          next: (r) => subscriber.next(r),
          error: fail,
          complete: () => {
            syncDone = true;
            inner = null;
            busy = false;
            drain();
          },
        });
        if (!syncDone && busy) inner = sub;
      };

      // Iterative, so a synchronous consumer cannot grow the call stack.
      const drain = (): void => {
        if (draining || subscriber.closed) return;
        draining = true;
        try {
          while (!busy && queue.size > 0 && !subscriber.closed) start(queue.shift() as T);
        } finally {
          draining = false;
        }
        if (!busy && sourceDone && queue.size === 0) subscriber.complete();
      };

      const sourceSub = source.subscribe({
        next: (value) => {
          try {
            queue.offer(value);
          } catch (err) {
            fail(err);
            return;
          }
          drain();
        },
        error: fail,
        complete: () => {
          sourceDone = true;
          drain();
        },
      });

      return () => {
        sourceSub.unsubscribe();
        inner?.unsubscribe();
        queue.clear();
      };
    });
}
