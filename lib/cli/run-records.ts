import { fromEvent, type Observable, take, takeUntil, timer } from 'rxjs';
import type { CliIo } from './cli-io';

/**
 * Bounds of a run: a record count and/or a duration; Ctrl-C (the io's signal) always ends it.
 *
 * @example
 * ```ts
 * const bounds: RunBounds = { limit: 10, durationMs: undefined };
 * ```
 */
export interface RunBounds {
  readonly limit: number | undefined;
  readonly durationMs: number | undefined;
}

/**
 * Subscribes `records$`, hands each record to `write`, and resolves when the run ends: `limit`
 * records, `durationMs` elapsed, the io's signal aborted, or `records$` completed. Rejects when
 * `records$` errors. Unsubscribes in every case.
 *
 * @example
 * ```ts
 * await runRecords(client.trades('BTC/USDT'), (t) => io.stdout.write(`${JSON.stringify(t)}\n`), io, { limit: 5, durationMs: undefined });
 * ```
 */
export function runRecords<T>(records$: Observable<T>, write: (record: T) => void, io: CliIo, bounds: RunBounds): Promise<void> {
  if (io.signal.aborted) return Promise.resolve();
  let bounded = records$.pipe(takeUntil(fromEvent(io.signal, 'abort')));
  if (bounds.limit !== undefined) bounded = bounded.pipe(take(bounds.limit));
  if (bounds.durationMs !== undefined) bounded = bounded.pipe(takeUntil(timer(bounds.durationMs)));
  return new Promise<void>((resolve, reject) => {
    bounded.subscribe({ next: write, error: reject, complete: resolve });
  });
}
