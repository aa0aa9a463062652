import { asyncScheduler, defer, EMPTY, map, merge, mergeMap, Observable, of, ReplaySubject, retry, share, Subject, switchMap, throwError, timer } from 'rxjs';
import type { ExchangeClient } from '../model/client';
import type { ExchangeEvent } from '../model/exchange-event';
import type { ExchangeId } from '../model/exchange-id';
import { decodeDerivativeTicker, decodeTicker, decodeTrade } from './nats-codec';
import { type Bus, ensureStreams, openBus } from './nats-connection';
import { readBook } from './nats-book-reader';
import { type NatsOptions, resolveNatsOptions } from './nats-options';
import { decodeSymbolToken, marketSubject, streamNames, type SubjectKind } from './nats-subjects';
import { orderedMessages } from './ordered-messages';

/** Lease time assumed when a consumer creates a venue's streams before any ingest did. */
const DEFAULT_LEASE_MS = 3_000;

/** Wait before opening the connection again after a failed attempt. */
const RETRY_MS = 500;

/**
 * An {@link ExchangeClient} reading one venue's normalized streams from NATS JetStream instead of
 * the exchange: `book()` gives the same events as a direct client (stored snapshot, then deltas
 * verified by sequence, a fresh snapshot after any gap), `trades()`, `tickers()` and
 * `derivativeTicker()` deliver what ingests publish from now on. One NATS connection per client,
 * opened by the first subscription and drained after the last; it reconnects by itself, and
 * `events$` reports `close`/`open` for NATS disconnects and reconnects, `resync` and `error` events.
 * `book()`'s `depth` is the ingest's (`PublishOptions.bookOptions`); `instruments()` is not carried
 * over the bus and errors.
 *
 * @example
 * ```ts
 * import { orderBook } from 'rxmarket';
 * import { fromNats } from 'rxmarket/nats';
 * const bn = fromNats('binance', { servers: 'nats://127.0.0.1:4222' });
 * bn.book('BTC/USDT').pipe(orderBook({ depth: 10 })).subscribe((b) => console.log(b.bids[0], b.asks[0]));
 * ```
 */
export function fromNats(exchange: ExchangeId, options: NatsOptions): ExchangeClient {
  const resolved = resolveNatsOptions(options);
  const scheduler = options.scheduler ?? asyncScheduler;
  const events$ = new Subject<ExchangeEvent>();
  const emit = (event: ExchangeEvent): void => events$.next(event);
  const names = streamNames(exchange);

  const bus$ = new Observable<Bus>((subscriber) => {
    let bus: Bus | undefined;
    let closed = false;
    emit({ type: 'connecting', exchange, connection: 0, url: resolved.servers.join(','), timestamp: scheduler.now() });
    (async () => {
      const opened = await openBus(resolved);
      if (closed) return void opened.nc.close();
      bus = opened;
      await ensureStreams(opened, exchange, resolved, DEFAULT_LEASE_MS, true);
      emit({ type: 'open', exchange, connection: 0, url: opened.nc.getServer(), timestamp: scheduler.now() });
      void watchStatus(opened);
      subscriber.next(opened);
    })().catch((error: unknown) => {
      emit({ type: 'error', exchange, kind: 'transport', message: `NATS: ${String(error)}`, timestamp: scheduler.now() });
      if (bus !== undefined && !bus.nc.isClosed()) void bus.nc.close();
      bus = undefined;
      subscriber.error(error); // retried after RETRY_MS
    });
    return () => {
      closed = true;
      if (bus !== undefined && !bus.nc.isClosed()) void bus.nc.close().catch(() => undefined);
    };
  }).pipe(
    retry({ delay: () => timer(RETRY_MS, scheduler) }),
    share({ connector: () => new ReplaySubject<Bus>(1), resetOnError: true, resetOnComplete: true, resetOnRefCountZero: true }),
  );

  const watchStatus = async (bus: Bus): Promise<void> => {
    for await (const status of bus.nc.status()) {
      const timestamp = scheduler.now();
      if (status.type === 'disconnect') emit({ type: 'close', exchange, connection: 0, code: 1006, reason: `NATS ${status.server} disconnected`, timestamp });
      else if (status.type === 'reconnect') emit({ type: 'open', exchange, connection: 0, url: status.server, timestamp });
    }
  };

  /** Live messages of `kind` for `symbols`, decoded; an undecodable one is an `error` event. */
  function live<T>(kind: SubjectKind, symbols: readonly string[], decode: (data: Uint8Array, exchange: ExchangeId, symbol: string) => T | undefined): Observable<T> {
    const subjects = symbols.map((symbol) => marketSubject(exchange, kind, symbol));
    return bus$.pipe(
      switchMap((bus) => merge(...subjects.map((subject) => orderedMessages(bus, names.events, subject, 'new')))),
      mergeMap((message) => {
        const symbol = decodeSymbolToken(message.subject.slice(message.subject.lastIndexOf('.') + 1));
        const value = decode(message.data, exchange, symbol);
        if (value !== undefined) return of(value);
        emit({ type: 'error', exchange, kind: 'decode', message: `undecodable ${kind} on ${message.subject}`, frame: message.string().slice(0, 200), symbol, timestamp: scheduler.now() });
        return EMPTY;
      }),
    );
  }

  const symbolsOf = (symbols: string | readonly string[]): readonly string[] => (typeof symbols === 'string' ? [symbols] : symbols);

  return {
    exchange,
    events$: events$.asObservable(),
    ticker: (symbol) => live('ticker', [symbol], decodeTicker),
    tickers: (symbols) => live('ticker', symbolsOf(symbols), decodeTicker),
    trades: (symbols) => live('trade', symbolsOf(symbols), decodeTrade),
    derivativeTicker: (symbol) => live('derivative', [symbol], decodeDerivativeTicker),
    book: (symbol) => bus$.pipe(switchMap((bus) => readBook(bus, exchange, symbol, emit, scheduler))),
    instruments: () => defer(() => throwError(() => new Error(`fromNats('${exchange}'): instruments() is not carried over NATS; ask the exchange client`))).pipe(map((x: never) => x)),
  };
}
