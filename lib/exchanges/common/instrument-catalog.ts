import { defer, finalize, type Observable, of, retry, share, switchMap, tap, throwError, timer } from 'rxjs';
import type { Instrument } from '../../model/instrument';
import { backoffDelay } from '../../socket/backoff';
import type { ResolvedOptions } from './resolved-options';
import type { RaisedEvent } from './stream-listener';
import { UnknownSymbolError } from './unknown-symbol-error';

/**
 * Settings of an {@link InstrumentCatalog}.
 *
 * @example
 * ```ts
 * const settings: InstrumentCatalogSettings = { exchange: 'binance', source: 'GET /api/v3/exchangeInfo', load, options, raise };
 * ```
 */
export interface InstrumentCatalogSettings {
  readonly exchange: string;
  /** Where the list comes from, for messages (e.g. `GET /api/v3/exchangeInfo`). */
  readonly source: string;
  /** Fetches the whole list once (a cold Observable that emits one array). */
  readonly load: () => Observable<readonly Instrument[]>;
  /** Scheduler, reconnect policy (retries of a failed load) and jitter source of the client. */
  readonly options: Pick<ResolvedOptions, 'scheduler' | 'reconnect' | 'random'>;
  /** Raises an event on the client's `events$` (a failed load is reported there before each retry). */
  readonly raise: (event: RaisedEvent) => void;
  /** A symbol missing from a list older than this (ms) refetches the list once (default 60 000). */
  readonly refreshAfterMs?: number;
}

/**
 * The instruments of one client's venue, fetched once and cached (ccxt's `loadMarkets`): concurrent
 * callers share one request; a failed request is reported as an `error` event (kind `transport`)
 * and retried with the client's reconnect backoff; a symbol missing from the list refetches it when
 * the list is older than `refreshAfterMs` (a listing since), and otherwise fails with an
 * {@link UnknownSymbolError}.
 *
 * @example
 * ```ts
 * const catalog = new InstrumentCatalog({ exchange: 'binance', source: 'GET /api/v3/exchangeInfo', load, options, raise });
 * catalog.resolve('BTC/USDT').subscribe((instrument) => console.log(instrument.native)); // 'BTCUSDT'
 * ```
 */
export class InstrumentCatalog {
  private readonly bySymbol = new Map<string, Instrument>();
  private list: readonly Instrument[] | undefined;
  private loadedAt = -Infinity;
  private inflight: Observable<readonly Instrument[]> | undefined;

  constructor(private readonly settings: InstrumentCatalogSettings) {}

  /** The whole list: the cached one, or one load shared by every caller. Emits once, then completes. */
  instruments(): Observable<readonly Instrument[]> {
    return defer(() => (this.list ? of(this.list) : this.load()));
  }

  /** The instrument of a unified symbol; errors with an {@link UnknownSymbolError} when the venue does not list it. */
  resolve(symbol: string): Observable<Instrument> {
    return defer(() => {
      const known = this.bySymbol.get(symbol);
      if (known) return of(known);
      const now = this.settings.options.scheduler.now();
      const stale = now - this.loadedAt >= (this.settings.refreshAfterMs ?? 60_000);
      if (this.list && !stale) return throwError(() => this.unknown(symbol));
      return this.load().pipe(
        switchMap(() => {
          const found = this.bySymbol.get(symbol);
          return found ? of(found) : throwError(() => this.unknown(symbol));
        }),
      );
    });
  }

  /** The cached instrument of `symbol`, without loading. */
  peek(symbol: string): Instrument | undefined {
    return this.bySymbol.get(symbol);
  }

  private unknown(symbol: string): UnknownSymbolError {
    return new UnknownSymbolError(this.settings.exchange, symbol, `${this.settings.source} does not list it`);
  }

  private load(): Observable<readonly Instrument[]> {
    if (this.inflight) return this.inflight;
    const { options, raise, source } = this.settings;
    this.inflight = defer(() => this.settings.load()).pipe(
      retry({
        count: options.reconnect.attempts,
        delay: (error: unknown, attempt: number) => {
          const delay = backoffDelay(attempt, options.reconnect, options.random);
          raise({ type: 'error', kind: 'transport', message: `${this.settings.exchange} instruments (${source}) failed, retrying in ${delay} ms: ${(error as Error)?.message ?? String(error)}` });
          return timer(delay, options.scheduler);
        },
      }),
      tap((list) => this.store(list)),
      finalize(() => (this.inflight = undefined)),
      share(),
    );
    return this.inflight;
  }

  private store(list: readonly Instrument[]): void {
    this.list = list;
    this.loadedAt = this.settings.options.scheduler.now();
    this.bySymbol.clear();
    for (const instrument of list) this.bySymbol.set(instrument.symbol, instrument);
  }
}
