import { Observable, type OperatorFunction, timer } from 'rxjs';
import { CliRuntimeError } from './cli-error';
import type { OpenedExchange } from './open-exchanges';

/**
 * With `--live`, turns "cannot connect" into one clear error instead of endless silent retries:
 * errors with a {@link CliRuntimeError} if a transport error happens before the first connection
 * opened, or nothing opened within `timeoutMs`. Once open, later reconnects are left to the client.
 * Mirrors the source otherwise (completes with it). A no-op against simulators.
 *
 * @example
 * ```ts
 * client.ticker('BTC/USDT').pipe(failIfUnreachable(opened.exchanges)).subscribe({ error: (e) => console.error(e.message) });
 * ```
 */
export function failIfUnreachable<T>(exchanges: readonly OpenedExchange[], timeoutMs = 15_000): OperatorFunction<T, T> {
  const live = exchanges.filter((e) => e.simulator === undefined);
  if (live.length === 0) return (source) => source;
  return (source) =>
    new Observable<T>((subscriber) => {
      const pending = new Set(live.map((e) => e.entry.id));
      const guards = live.map(({ entry, client }) =>
        client.events$.subscribe((event) => {
          if (!pending.has(entry.id)) return;
          if (event.type === 'open') pending.delete(entry.id);
          else if (event.type === 'error' && event.kind === 'transport') {
            subscriber.error(
              new CliRuntimeError(`cannot reach ${entry.id} at ${entry.liveUrl}: ${event.message} (offline? without --live the embedded simulator is used)`),
            );
          }
        }),
      );
      const deadline = timer(timeoutMs).subscribe(() => {
        if (pending.size > 0) {
          subscriber.error(new CliRuntimeError(`no connection to ${[...pending].join(', ')} within ${timeoutMs / 1000} s (offline? without --live the embedded simulator is used)`));
        }
      });
      const inner = source.subscribe(subscriber);
      return () => {
        for (const guard of guards) guard.unsubscribe();
        deadline.unsubscribe();
        inner.unsubscribe();
      };
    });
}
