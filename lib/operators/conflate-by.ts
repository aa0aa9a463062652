import { asyncScheduler, Observable, type OperatorFunction, type SchedulerLike, type Subscription } from 'rxjs';

/**
 * Options of {@link conflateBy}.
 *
 * @example
 * ```ts
 * const options: ConflateOptions = { window: 100, scheduler: asyncScheduler };
 * ```
 */
export interface ConflateOptions {
  /** Conflation window in ms (default `0`: values arriving in the same scheduler tick). */
  readonly window?: number;
  /** Scheduler of the window timer (default `asyncScheduler`). */
  readonly scheduler?: SchedulerLike;
}

/**
 * Time-based conflation: keeps only the latest value per key, emits at most once per key per
 * window. Lossless for state streams (tickers, book states): every key's latest state is delivered.
 *
 * - When idle, a value is emitted at once and opens a window of `window` ms.
 * - Inside the window, values are held in a map: the latest per key, in order of the key's first
 *   arrival in this window.
 * - When the window ends, the held values are emitted in that order and a new window opens; if
 *   nothing was held, the operator goes idle.
 * - Source completion flushes held values immediately, then completes. Errors pass at once.
 *
 * For "conflate while my consumer is busy" use the `conflateBy` option of
 * {@link consumeWithBuffer} or {@link toAsyncIterable}.
 *
 * @example
 * ```ts
 * venues([bn, cb]).tickers(['BTC/USDT', 'ETH/USDT']).pipe(
 *   conflateBy((t) => `${t.exchange}:${t.symbol}`, { window: 100 }),
 * ).subscribe(render); // ≤ 10 renders per second per exchange+symbol
 * ```
 */
export function conflateBy<T>(keyOf: (value: T) => unknown, options: ConflateOptions = {}): OperatorFunction<T, T> {
  const window = options.window ?? 0;
  if (!(window >= 0) || !Number.isFinite(window)) throw new RangeError(`conflateBy window must be >= 0 ms, got ${String(window)}`);
  const scheduler = options.scheduler ?? asyncScheduler;
  return (source) =>
    new Observable<T>((subscriber) => {
      const held = new Map<unknown, T>();
      let timer: Subscription | null = null;

      const openWindow = (): void => {
        timer = scheduler.schedule(endWindow, window);
      };
      const flush = (): void => {
        for (const value of held.values()) subscriber.next(value);
        held.clear();
      };
      const endWindow = (): void => {
        timer = null;
        if (held.size === 0) return; // idle again
        flush();
        if (!subscriber.closed) openWindow();
      };

      const sourceSub = source.subscribe({
        next: (value) => {
          if (timer === null) {
            subscriber.next(value);
            openWindow();
            return;
          }
          let key: unknown;
          try {
            key = keyOf(value);
          } catch (err) {
            subscriber.error(err);
            return;
          }
          held.set(key, value);
        },
        error: (err: unknown) => subscriber.error(err),
        complete: () => {
          flush();
          subscriber.complete();
        },
      });

      return () => {
        sourceSub.unsubscribe();
        timer?.unsubscribe();
        held.clear();
      };
    });
}
