import { Injectable, NgZone, inject } from '@angular/core';
import { Observable, type OperatorFunction } from 'rxjs';
import { binance, coinbase, conflateBy, kraken, orderBook, type OrderBookState, type Ticker, type Trade, venues, batch } from 'rxmarket';

/**
 * Runs a stream's subscription — and so the WebSocket it opens and every frame it handles —
 * outside Angular's zone, and re-enters the zone only to deliver values. With conflation before
 * it, change detection runs at most a few times per second however busy the feed is.
 * (In a zoneless application both calls are no-ops and signals drive rendering.)
 */
function outsideAngular<T>(zone: NgZone): OperatorFunction<T, T> {
  return (source) =>
    new Observable<T>((subscriber) => {
      const subscription = zone.runOutsideAngular(() =>
        source.subscribe({
          next: (value) => zone.run(() => subscriber.next(value)),
          error: (error: unknown) => zone.run(() => subscriber.error(error)),
          complete: () => zone.run(() => subscriber.complete()),
        }),
      );
      return () => subscription.unsubscribe();
    });
}

/**
 * Market data for components, as cold Observables: each subscription (e.g. a component's
 * `toSignal`) opens what it needs and closes it when the component is destroyed. Clients are
 * created once; their streams share one socket per exchange.
 */
@Injectable({ providedIn: 'root' })
export class MarketDataService {
  private readonly zone = inject(NgZone);
  private readonly markets = venues([binance(), coinbase(), kraken()]);

  /** Latest ticker per exchange for one explicit symbol mapping, at most 4 updates per second each. */
  tickers(symbols: { binance?: string; coinbase?: string; kraken?: string }): Observable<Ticker> {
    return this.markets.ticker(symbols).pipe(conflateBy((t) => t.exchange, { window: 250 }), outsideAngular(this.zone));
  }

  /** The verified order book (top `depth` levels) of one exchange, at most 4 updates per second. */
  book(exchange: 'binance' | 'coinbase' | 'kraken', symbol: string, depth = 10): Observable<OrderBookState> {
    return this.markets
      .venue(exchange)
      .book(symbol)
      .pipe(orderBook({ depth }), conflateBy(() => symbol, { window: 250 }), outsideAngular(this.zone));
  }

  /** Trades of one exchange in batches, one change detection per 250 ms batch. */
  trades(exchange: 'binance' | 'coinbase' | 'kraken', symbol: string): Observable<Trade[]> {
    return this.markets.venue(exchange).trades(symbol).pipe(batch(250), outsideAngular(this.zone));
  }
}
