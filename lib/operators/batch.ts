import { asyncScheduler, bufferTime, filter, type OperatorFunction, pipe, type SchedulerLike } from 'rxjs';

/**
 * Options of {@link batch}.
 *
 * @example
 * ```ts
 * const options: BatchOptions = { maxSize: 500, scheduler: asyncScheduler };
 * ```
 */
export interface BatchOptions {
  /** Emit early once a batch holds this many values (default: unbounded within the window). */
  readonly maxSize?: number;
  /** Scheduler of the window timer (default `asyncScheduler`). */
  readonly scheduler?: SchedulerLike;
}

/**
 * Collects values into arrays every `ms` milliseconds — UI-friendly batching: one render per
 * window instead of one per message. A thin wrapper over `bufferTime(ms, null, maxSize, scheduler)`
 * that never emits empty arrays. A pending partial batch is emitted when the source completes.
 *
 * @example
 * ```ts
 * bn.trades('BTC/USDT').pipe(batch(250, { maxSize: 1_000 })).subscribe((trades) => table.append(trades));
 * ```
 */
export function batch<T>(ms: number, options: BatchOptions = {}): OperatorFunction<T, T[]> {
  if (!(ms > 0) || !Number.isFinite(ms)) throw new RangeError(`batch window must be a positive number of ms, got ${String(ms)}`);
  const maxSize = options.maxSize ?? Infinity;
  if (!(maxSize >= 1)) throw new RangeError(`batch maxSize must be >= 1, got ${String(maxSize)}`);
  return pipe(
    bufferTime<T>(ms, null, maxSize, options.scheduler ?? asyncScheduler),
    filter((values) => values.length > 0),
  );
}
