import { combineLatest, distinctUntilChanged, map, type Observable } from 'rxjs';

/**
 * Emits `combine(p, latest)` for each value `p` of `primary$`, with the latest value of every
 * `secondaries$`: a primary value that arrives before every secondary has one is held (the newest
 * only) and emitted when the last of them arrives. Secondaries alone never emit; errors of any input
 * error the result; it completes when every input did (as `combineLatest`).
 *
 * @example
 * ```ts
 * onEachPrimary(stats$, [top$], (stats, [top]) => ({ ...stats, bid: top.bid })); // one ticker per 24 h statistics event
 * ```
 */
export function onEachPrimary<P, S extends readonly unknown[], R>(
  primary$: Observable<P>,
  secondaries$: { readonly [K in keyof S]: Observable<S[K]> },
  combine: (primary: P, secondaries: S) => R,
): Observable<R> {
  const indexed$ = primary$.pipe(map((value, index) => [value, index] as const));
  return combineLatest([indexed$, ...(secondaries$ as readonly Observable<unknown>[])]).pipe(
    distinctUntilChanged((previous, next) => previous[0][1] === next[0][1]),
    map(([[value], ...rest]) => combine(value, rest as unknown as S)),
  );
}
