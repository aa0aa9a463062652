/**
 * Resolves after `durationMs` (never, when `undefined`) or as soon as `signal` aborts (Ctrl-C).
 *
 * @example
 * ```ts
 * await untilStopped(30_000, io.signal);
 * ```
 */
export function untilStopped(durationMs: number | undefined, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const done = (): void => {
      clearTimeout(deadline);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const deadline = durationMs === undefined ? undefined : setTimeout(done, durationMs);
    signal.addEventListener('abort', done);
  });
}
