import { EMPTY, merge, NEVER, type Observable, of } from 'rxjs';
import type { BookEvent } from '../../model/book-event';
import type { DerivativeTicker } from '../../model/derivative-ticker';
import type { Instrument } from '../../model/instrument';
import type { ExchangeClient } from '../../model/client';
import type { ExchangeEvent } from '../../model/exchange-event';
import type { ExchangeId } from '../../model/exchange-id';
import type { Ticker } from '../../model/ticker';
import type { Trade } from '../../model/trade';

/**
 * The streams a {@link mockExchangeClient} serves, per unified symbol. Missing symbols never emit.
 *
 * @example
 * ```ts
 * const streams: MockExchangeStreams = { tickers: { 'BTC/USDT': cold('a-b', { a: t1, b: t2 }) } };
 * ```
 */
export interface MockExchangeStreams {
  readonly tickers?: Readonly<Record<string, Observable<Ticker>>>;
  readonly trades?: Readonly<Record<string, Observable<Trade>>>;
  readonly books?: Readonly<Record<string, Observable<BookEvent>>>;
  readonly derivativeTickers?: Readonly<Record<string, Observable<DerivativeTicker>>>;
  /** What `instruments()` emits (default: an empty list). */
  readonly instruments?: readonly Instrument[];
  readonly events$?: Observable<ExchangeEvent>;
}

/**
 * An {@link ExchangeClient} backed by Observables you provide — typically `cold()`/`hot()` from
 * `TestScheduler.run` — so a user pipeline written against `ExchangeClient` (tickers, books,
 * `arbitrage`, `latency`…) can be marble-tested without sockets or simulators.
 *
 * @example
 * ```ts
 * testScheduler.run(({ cold, expectObservable }) => {
 *   const bn = mockExchangeClient('binance', { tickers: { 'BTC/USDT': cold('a', { a: ticker }) } });
 *   expectObservable(myPipeline(bn)).toBe('x', { x: expected });
 * });
 * ```
 */
export function mockExchangeClient(exchange: ExchangeId, streams: MockExchangeStreams = {}): ExchangeClient {
  const pick = <T>(table: Readonly<Record<string, Observable<T>>> | undefined, symbol: string): Observable<T> => table?.[symbol] ?? NEVER;
  const list = (symbols: string | readonly string[]): readonly string[] => (typeof symbols === 'string' ? [symbols] : symbols);
  return {
    exchange,
    events$: streams.events$ ?? EMPTY,
    ticker: (symbol) => pick(streams.tickers, symbol),
    tickers: (symbols) => merge(...list(symbols).map((symbol) => pick(streams.tickers, symbol))),
    trades: (symbols) => merge(...list(symbols).map((symbol) => pick(streams.trades, symbol))),
    book: (symbol) => pick(streams.books, symbol),
    derivativeTicker: (symbol) => pick(streams.derivativeTickers, symbol),
    instruments: () => of(streams.instruments ?? []),
  };
}
