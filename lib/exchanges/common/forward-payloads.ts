import type { Subscriber } from 'rxjs';
import type { StreamListener } from './stream-listener';

/**
 * The listener of a stateless stream (tickers, trades): forwards each normalized payload to the
 * subscriber and errors it when the exchange refuses the stream.
 *
 * @example
 * ```ts
 * hub.stream<Ticker>('btcusdt@ticker', forwardPayloads);
 * ```
 */
export function forwardPayloads<T>(subscriber: Subscriber<T>): StreamListener {
  return {
    data: (payload) => subscriber.next(payload as T),
    status: () => undefined,
    reject: (error) => subscriber.error(error),
  };
}
