import { catchError, EMPTY, map, merge, share, Subscription } from 'rxjs';
import type { ExchangeClient } from '../../model/client';
import type { ExchangeId } from '../../model/exchange-id';
import { isDerivativeSymbol } from '../../model/symbol';
import { arbitrage } from '../../operators/arbitrage';
import { batch } from '../../operators/batch';
import { conflateBy } from '../../operators/conflate-by';
import { latency } from '../../operators/latency';
import { orderBook } from '../../operators/order-book';
import { venues } from '../../operators/venues';
import { toBaseUnitsWhere } from './base-unit-sizes';
import type { DashboardModel } from './dashboard-model';

/** Levels per side the dashboards show (the web ladders; the terminal shows the top one). */
export const LADDER_DEPTH = 10;

/**
 * One exchange of the dashboard and its symbols; the i-th symbol of every venue is compared with
 * the i-th of the others (e.g. index 0: BTC/USDT on Binance = BTC/USD on Coinbase and Kraken).
 *
 * @example
 * ```ts
 * const venue: DashboardVenue = { client: binance({ wsUrl: sim.wsUrl, restUrl: sim.restUrl }), symbols: ['BTC/USDT', 'ETH/USDT'] };
 * ```
 */
export interface DashboardVenue {
  readonly client: ExchangeClient;
  readonly symbols: readonly string[];
  /** Whether a symbol's amounts are in the quote currency (converted to base units before `arbitrage()`). */
  readonly quoteSizedSymbol?: (symbol: string) => boolean;
}

/**
 * The explicit cross-exchange mapping of symbol index `index`: `{ binance: 'BTC/USDT', kraken: 'BTC/USD' }`.
 *
 * @example
 * ```ts
 * symbolMap(venueList, 0); // { binance: 'BTC/USDT', coinbase: 'BTC/USD', kraken: 'BTC/USD' }
 * ```
 */
export function symbolMap(list: readonly DashboardVenue[], index: number): Partial<Record<ExchangeId, string>> {
  const map: Partial<Record<ExchangeId, string>> = {};
  for (const venue of list) {
    const symbol = venue.symbols[index];
    if (symbol !== undefined) map[venue.client.exchange] = symbol;
  }
  return map;
}

/**
 * Wires the library's streams into the dashboard model, the way an application would:
 * `venues()` over the clients, `book()` → `orderBook({ depth: 10 })` for the top of book and ladders,
 * `conflateBy` (100 ms per market) before the model, `trades()` → `batch(250)`, one `arbitrage()`
 * per symbol index with the explicit mapping and `resets$`, `derivativeTicker()` of every perpetual
 * (funding rate, mark price), and `latency()` over trades and book
 * events for p50/p99 and the message rate. Unsubscribing the result closes every socket.
 *
 * @example
 * ```ts
 * const subscription = connectDashboard(list, model);
 * // later
 * subscription.unsubscribe();
 * ```
 */
export function connectDashboard(list: readonly DashboardVenue[], model: DashboardModel): Subscription {
  const group = venues(list.map((v) => v.client));
  const width = Math.max(0, ...list.map((v) => v.symbols.length));
  const maps = Array.from({ length: width }, (_, i) => symbolMap(list, i));
  const allSymbols: Partial<Record<ExchangeId, readonly string[]>> = {};
  for (const venue of list) allSymbols[venue.client.exchange] = venue.symbols;

  const trades$ = group.trades(allSymbols).pipe(share());
  const bookEvents$ = merge(...maps.map((map) => group.book(map))).pipe(share());
  const states$ = bookEvents$.pipe(orderBook({ depth: LADDER_DEPTH }), share());

  const subscription = new Subscription();
  // events$ is hot: listen before anything connects.
  subscription.add(group.events$.subscribe((event) => model.onExchangeEvent(event)));
  subscription.add(bookEvents$.subscribe((event) => model.onBookEvent(event)));
  subscription.add(
    states$.pipe(conflateBy((s) => `${s.exchange} ${s.symbol}`, { window: 100 })).subscribe((state) => model.onBookState(state)),
  );
  const quoteSized = toBaseUnitsWhere((s) => list.some((v) => v.client.exchange === s.exchange && v.quoteSizedSymbol?.(s.symbol) === true));
  const comparable$ = states$.pipe(map(quoteSized), share());
  for (const symbols of maps) {
    if (Object.keys(symbols).length < 2) continue; // nothing to compare with
    subscription.add(comparable$.pipe(arbitrage({ symbols, resets$: group.events$ })).subscribe((signal) => model.onArbitrage(signal)));
  }
  subscription.add(trades$.pipe(batch(250)).subscribe((trades) => model.onTrades(trades)));
  // Perpetuals: funding rate and mark price (a venue without them is simply not shown; its error is on events$).
  for (const venue of list) {
    for (const symbol of venue.symbols.filter(isDerivativeSymbol)) {
      subscription.add(
        venue.client
          .derivativeTicker(symbol)
          .pipe(conflateBy((d) => d.symbol, { window: 250 }), catchError(() => EMPTY))
          .subscribe((ticker) => model.onDerivativeTicker(ticker)),
      );
    }
  }
  subscription.add(merge(trades$, bookEvents$).pipe(latency({ window: 10_000, interval: 1_000 })).subscribe((stats) => model.onLatency(stats)));
  return subscription;
}
