import { asyncScheduler, interval, merge, Observable, Subscription } from 'rxjs';
import type { BookOptions, ExchangeClient } from '../model/client';
import { BookPublisher } from './book-publisher';
import { IngestLease } from './ingest-lease';
import { contentId } from './message-id';
import { encodeDerivativeTicker, encodeTicker, encodeTrade } from './nats-codec';
import { type Bus, ensureStreams, openBus } from './nats-connection';
import { type NatsOptions, resolveNatsOptions } from './nats-options';
import { encodeSymbolToken, marketSubject, streamNames } from './nats-subjects';

/**
 * What an ingest publishes, and how it shares a venue with hot standbys.
 *
 * @example
 * ```ts
 * const options: PublishOptions = { servers: 'nats://127.0.0.1:4222', books: ['BTC/USDT'], trades: ['BTC/USDT'], tickers: ['BTC/USDT', 'ETH/USDT'] };
 * ```
 */
export interface PublishOptions extends NatsOptions {
  /** Symbols whose order books are published (snapshot + deltas with a per-book sequence). */
  readonly books?: readonly string[] | undefined;
  /** Symbols whose trades are published. */
  readonly trades?: readonly string[] | undefined;
  /** Symbols whose tickers are published. */
  readonly tickers?: readonly string[] | undefined;
  /** Symbols whose derivative tickers are published. */
  readonly derivatives?: readonly string[] | undefined;
  /** Options of `client.book()` (depth). */
  readonly bookOptions?: BookOptions | undefined;
  /**
   * Name of the lease that ingests of the same venue and books share (default `default`): only the
   * holder publishes books; the others are hot standbys. Letters, digits, `-` and `_`.
   */
  readonly group?: string | undefined;
  /** How long a lease outlives its holder's last renewal in ms (default 3 000): the longest book outage when an ingest dies. */
  readonly leaseMs?: number | undefined;
  /** How often each book's latest image is stored for late joiners, in ms (default 1 000). */
  readonly snapshotIntervalMs?: number | undefined;
}

/**
 * What `publish()` reports: `ready` (connected, streams in place), `leader` (this ingest now
 * publishes the books), `standby` (another ingest does: this one follows the venue and takes over
 * when that one's lease expires), `disconnected`/`reconnected` (NATS), `error` (a failed publish or
 * a failed stream of the exchange client; publishing goes on).
 *
 * @example
 * ```ts
 * publish(bn, options).subscribe((e) => e.type === 'error' && console.warn(e.message));
 * ```
 */
export type PublishEvent =
  | { readonly type: 'ready'; readonly epoch: string }
  | { readonly type: 'leader'; readonly epoch: string }
  | { readonly type: 'standby'; readonly epoch: string }
  | { readonly type: 'disconnected' }
  | { readonly type: 'reconnected' }
  | { readonly type: 'error'; readonly message: string };

/**
 * Publishes `client`'s normalized streams to NATS JetStream, cold: connecting, creating the
 * streams and subscribing to the exchange start on subscribe; unsubscribing stops the exchange
 * streams, releases the lease and drains the connection.
 *
 * Subjects: `md.<exchange>.<book|trade|ticker|derivative>.<symbol token>` (see
 * {@link encodeSymbolToken}); the latest book images on `md.<exchange>.snapshot.<symbol token>`.
 * Trades and tickers are published by every ingest of the venue with a `Nats-Msg-Id` derived from
 * the event (trade id; a hash of a ticker's content), so JetStream keeps one copy when a hot
 * standby runs; books only by the lease holder (see {@link PublishOptions.group}).
 *
 * @example
 * ```ts
 * import { binance } from 'rxmarket';
 * import { publish } from 'rxmarket/nats';
 * publish(binance(), { servers: 'nats://127.0.0.1:4222', books: ['BTC/USDT'], trades: ['BTC/USDT'] }).subscribe();
 * ```
 */
export function publish(client: ExchangeClient, options: PublishOptions): Observable<PublishEvent> {
  return new Observable<PublishEvent>((subscriber) => {
    const resolved = resolveNatsOptions(options);
    const scheduler = options.scheduler ?? asyncScheduler;
    const leaseMs = options.leaseMs ?? 3_000;
    const group = options.group ?? 'default';
    if (!/^[A-Za-z0-9_-]+$/.test(group)) throw new TypeError(`publish: group "${group}" must be letters, digits, "-" or "_"`);
    const epoch = `${Date.now().toString(36)}${Math.floor(Math.random() * 36 ** 4).toString(36)}`;
    const subscription = new Subscription();
    let bus: Bus | undefined;
    let closed = false;
    let lease: IngestLease | undefined;
    const report = (message: string): void => subscriber.next({ type: 'error', message });

    const start = async (): Promise<void> => {
      bus = await openBus(resolved);
      if (closed) return void bus.nc.close();
      const b = bus;
      await ensureStreams(b, client.exchange, resolved, leaseMs);
      if (closed) return;
      subscriber.next({ type: 'ready', epoch });
      const books = (options.books ?? []).map((symbol) => new BookPublisher(b, client.exchange, symbol, epoch, report));
      let connected = true;
      let leader = false;
      const setActive = (): void => books.forEach((book) => (leader && connected ? book.activate() : book.deactivate()));
      lease = new IngestLease(b, streamNames(client.exchange).leases, `md.${client.exchange}.lease.${group}`, epoch);
      let renewing = false;
      const renew = async (): Promise<void> => {
        if (renewing || closed) return;
        renewing = true;
        try {
          const held = await lease!.tryHold();
          if (held !== leader && !closed) {
            leader = held;
            subscriber.next({ type: held ? 'leader' : 'standby', epoch });
          }
          setActive();
        } finally {
          renewing = false;
        }
      };
      void (async () => {
        for await (const status of b.nc.status()) {
          if (status.type === 'disconnect') {
            connected = false;
            setActive();
            subscriber.next({ type: 'disconnected' });
          } else if (status.type === 'reconnect') {
            connected = true;
            subscriber.next({ type: 'reconnected' });
            await renew(); // the lease first: another ingest may have taken over meanwhile
          }
        }
      })().catch(() => undefined);
      if (books.length > 0) {
        await renew();
        if (leader === false && !closed) subscriber.next({ type: 'standby', epoch });
        subscription.add(interval(Math.max(50, leaseMs / 3), scheduler).subscribe(() => void renew()));
        subscription.add(interval(options.snapshotIntervalMs ?? 1_000, scheduler).subscribe(() => books.forEach((book) => book.storeSnapshot())));
      }
      if (closed) return;
      const sendDeduplicated = (subject: string, payload: Uint8Array, msgID: string): void => {
        b.js.publish(subject, payload, { msgID, timeout: 5_000 }).catch((error: unknown) => report(`publish ${subject}: ${String(error)}`));
      };
      const streamError = (what: string) => (error: unknown) => report(`${what}: ${error instanceof Error ? error.message : String(error)}`);
      subscription.add(
        merge(
          ...books.map((book, i) => {
            const symbol = options.books![i]!;
            return new Observable<void>((inner) =>
              client.book(symbol, options.bookOptions).subscribe({ next: (event) => book.onEvent(event), error: (error: unknown) => inner.error(error) }),
            );
          }),
        ).subscribe({ error: streamError('book') }),
      );
      if ((options.trades ?? []).length > 0) {
        subscription.add(
          client.trades(options.trades!).subscribe({
            next: (trade) => sendDeduplicated(marketSubject(client.exchange, 'trade', trade.symbol), encodeTrade(trade), `t.${encodeSymbolToken(trade.symbol)}.${trade.id}`),
            error: streamError('trades'),
          }),
        );
      }
      if ((options.tickers ?? []).length > 0) {
        subscription.add(
          client.tickers(options.tickers!).subscribe({
            next: (ticker) => {
              const payload = encodeTicker(ticker);
              sendDeduplicated(marketSubject(client.exchange, 'ticker', ticker.symbol), payload, `k.${encodeSymbolToken(ticker.symbol)}.${contentId(encodeTicker({ ...ticker, localTimestamp: 0 }))}`);
            },
            error: streamError('tickers'),
          }),
        );
      }
      for (const symbol of options.derivatives ?? []) {
        subscription.add(
          client.derivativeTicker(symbol).subscribe({
            next: (ticker) => {
              const payload = encodeDerivativeTicker(ticker);
              sendDeduplicated(marketSubject(client.exchange, 'derivative', symbol), payload, `d.${encodeSymbolToken(symbol)}.${contentId(encodeDerivativeTicker({ ...ticker, localTimestamp: 0 }))}`);
            },
            error: streamError('derivatives'),
          }),
        );
      }
    };
    start().catch((error: unknown) => {
      if (!closed) subscriber.error(error);
    });
    return () => {
      closed = true;
      subscription.unsubscribe();
      const b = bus;
      if (b === undefined || b.nc.isClosed()) return;
      // release the lease and flush what is pending; a NATS that does not answer within a second is given up on
      const cleanStop = (async () => {
        await lease?.release();
        await b.nc.drain();
      })().catch(() => undefined);
      void Promise.race([cleanStop, new Promise((resolve) => setTimeout(resolve, 1_000))]).then(() => b.nc.isClosed() || b.nc.close());
    };
  });
}
