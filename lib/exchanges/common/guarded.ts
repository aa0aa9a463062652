import { type Observable, throwError } from 'rxjs';

/**
 * Builds a stream, turning an argument error (bad symbol, bad depth) into an Observable that errors
 * on subscribe instead of a synchronous throw, so every method of a client is safely composable.
 *
 * @example
 * ```ts
 * const book$ = guarded(() => { if (depth < 1) throw new RangeError('depth'); return hub.stream(key, factory); });
 * ```
 */
export function guarded<T>(build: () => Observable<T>): Observable<T> {
  try {
    return build();
  } catch (error) {
    return throwError(() => error);
  }
}
