/** Entries a simulator log keeps: enough for any test, bounded for a demo left running for hours. */
export const LOG_LIMIT = 20_000;

/**
 * Appends `entry` to a simulator log, dropping the oldest entries past {@link LOG_LIMIT} so a
 * long-running simulator (the demo, a soak) does not grow without bound.
 *
 * @example
 * ```ts
 * appendBounded(this.controlLog, { connection: 1, at: hiResNow(), kind: 'ping' });
 * ```
 */
export function appendBounded<T>(log: T[], entry: T, limit = LOG_LIMIT): void {
  log.push(entry);
  if (log.length > limit) log.splice(0, log.length - limit);
}
