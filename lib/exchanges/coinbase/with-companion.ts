import { type MonoTypeOperatorFunction, Observable, type Subscription } from 'rxjs';

/**
 * Keeps `companion` subscribed exactly as long as the source subscription lives: its values and its
 * completion are ignored, its error is forwarded. The companion is subscribed after the source (not
 * at all if the source ended synchronously) and unsubscribed after it, so it outlives the source.
 * Used to hold Coinbase's `heartbeats` subscription open alongside every public stream.
 *
 * @example
 * ```ts
 * hub.stream<Ticker>('ticker:BTC-USD', forward).pipe(withCompanion(heartbeats$));
 * ```
 */
export function withCompanion<T>(companion: Observable<unknown>): MonoTypeOperatorFunction<T> {
  return (source) =>
    new Observable<T>((subscriber) => {
      const main = source.subscribe(subscriber);
      let side: Subscription | undefined;
      if (!subscriber.closed) side = companion.subscribe({ error: (error: unknown) => subscriber.error(error) });
      return () => {
        main.unsubscribe();
        side?.unsubscribe();
      };
    });
}
