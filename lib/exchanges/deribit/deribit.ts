import type { Observable } from 'rxjs';
import type { BookEvent } from '../../model/book-event';
import type { BookOptions, ClientOptions, ExchangeClient } from '../../model/client';
import type { DerivativeTicker } from '../../model/derivative-ticker';
import type { Instrument } from '../../model/instrument';
import type { Ticker } from '../../model/ticker';
import type { Trade } from '../../model/trade';
import { assembleClient } from '../common/assemble-client';
import { forwardPayloads } from '../common/forward-payloads';
import { InstrumentCatalog } from '../common/instrument-catalog';
import { resolveOptions } from '../common/resolved-options';
import { StreamHub } from '../common/stream-hub';
import type { ListenerFactory } from '../common/stream-hub';
import { DeribitBookSync } from './deribit-book-sync';
import { fetchDeribitInstruments } from './deribit-instruments';
import { deribitProtocol } from './deribit-protocol';
import { DeribitRoutes } from './deribit-routes';
import type { DeribitTickerPayload } from './deribit-tickers';

/**
 * Deribit's public JSON-RPC WebSocket (the default `wsUrl`).
 *
 * @example
 * ```ts
 * deribit({ wsUrl: DERIBIT_WS_URL });
 * ```
 */
export const DERIBIT_WS_URL = 'wss://www.deribit.com/ws/api/v2';

/**
 * Deribit's REST host (the default `restUrl`, for `GET /api/v2/public/get_instruments`).
 *
 * @example
 * ```ts
 * deribit({ restUrl: DERIBIT_REST_URL });
 * ```
 */
export const DERIBIT_REST_URL = 'https://www.deribit.com';

/**
 * The default heartbeat interval asked of Deribit with `public/set_heartbeat`, in seconds (Deribit's
 * minimum is 10): Deribit then sends a `heartbeat` and a `test_request` every interval, and closes
 * a connection that does not answer a `test_request` with `public/test`.
 *
 * @example
 * ```ts
 * deribit({ heartbeatInterval: DERIBIT_HEARTBEAT_INTERVAL * 3 });
 * ```
 */
export const DERIBIT_HEARTBEAT_INTERVAL = 10;

/**
 * Options of {@link deribit}: the common {@link ClientOptions}, plus the heartbeat interval asked of
 * Deribit (seconds, an integer ≥ 10; default {@link DERIBIT_HEARTBEAT_INTERVAL}).
 *
 * @example
 * ```ts
 * const options: DeribitOptions = { wsUrl: sim.wsUrl, restUrl: sim.restUrl, heartbeatInterval: 30 };
 * ```
 */
export interface DeribitOptions extends ClientOptions {
  readonly heartbeatInterval?: number;
}

/** The listener of a `ticker` channel for one consumer: what `pick` takes from each payload. */
function tickerListener<T>(pick: (payload: DeribitTickerPayload) => T | undefined): ListenerFactory<T> {
  return (subscriber) => ({
    data: (payload) => {
      const value = pick(payload as DeribitTickerPayload);
      if (value !== undefined) subscriber.next(value);
    },
    status: () => undefined, // every ticker notification is complete: nothing to rebuild
    reject: (error) => subscriber.error(error),
  });
}

/**
 * A Deribit public client (JSON-RPC 2.0 over `wss://www.deribit.com/ws/api/v2`): perpetuals
 * (`BTC/USD:BTC` inverse = `BTC-PERPETUAL`, `ETH/USD:ETH`, `BTC/USDC:USDC` linear =
 * `BTC_USDC-PERPETUAL`), dated futures (`BTC/USD:BTC-261225` = `BTC-25DEC26`) and spot pairs
 * (`BTC/USDC` = `BTC_USDC`), all on one socket. Streams: `ticker`/`tickers` and `derivativeTicker`
 * (`ticker.{instrument}.100ms`: best bid/ask, last, mark and index price, funding, open interest, 24 h
 * statistics), `trades` (`trades.{instrument}.100ms`, taker side), `book` (`book.{instrument}.100ms`,
 * the whole book: every `prev_change_id` link and every `new`/`change`/`delete` action verified).
 * Symbols are checked against `GET /api/v2/public/get_instruments` (futures and spot, cached): an
 * unknown one errors its own stream. Keepalive: WebSocket pings, and Deribit's heartbeats (each
 * `test_request` answered with `public/test`). Amounts are Deribit's: USD for inverse contracts, the
 * base coin for linear contracts and spot. `book()` accepts `depth` (a positive integer) for
 * compatibility; Deribit always sends the whole book: cut it with `orderBook({ depth })`.
 *
 * @example
 * ```ts
 * const db = deribit();
 * db.derivativeTicker('BTC/USD:BTC').subscribe((d) => console.log(d.markPrice, d.fundingRate));
 * db.book('ETH/USD:ETH').pipe(orderBook({ depth: 10 })).subscribe(render);
 * db.trades(['BTC/USD:BTC', 'ETH/USD:ETH']).subscribe((t) => console.log(t.symbol, t.side, t.amount));
 * ```
 */
export function deribit(options: DeribitOptions = {}): ExchangeClient {
  const heartbeatInterval = options.heartbeatInterval ?? DERIBIT_HEARTBEAT_INTERVAL;
  if (!Number.isInteger(heartbeatInterval) || heartbeatInterval < 10) throw new RangeError(`deribit heartbeatInterval must be an integer number of seconds >= 10, got ${heartbeatInterval}`);
  const resolved = resolveOptions(options);
  const routes = new DeribitRoutes();
  const hub = new StreamHub(deribitProtocol(options.wsUrl ?? DERIBIT_WS_URL, routes, heartbeatInterval), resolved);
  const restUrl = options.restUrl ?? DERIBIT_REST_URL;
  const raise = hub.raise.bind(hub);
  const catalog = new InstrumentCatalog({
    exchange: 'deribit',
    source: 'GET /api/v2/public/get_instruments (future, spot)',
    load: () => fetchDeribitInstruments(resolved.http, restUrl),
    options: resolved,
    raise,
  });

  /** Deribit's name of a checked symbol (the catalog always resolves one: `validateSymbols`). */
  const nativeOf = (symbol: string, instrument: Instrument | undefined): string => {
    if (instrument === undefined) throw new Error(`deribit: no instrument for ${symbol}`);
    return instrument.native;
  };

  /** The book listeners of each channel on this client. */
  const liveBooks = new Map<string, Set<DeribitBookSync>>();

  const book = (symbol: string, bookOptions: BookOptions, instrument: Instrument | undefined): Observable<BookEvent> => {
    const depth = bookOptions.depth;
    if (depth !== undefined && !(Number.isInteger(depth) && depth >= 1)) throw new RangeError(`deribit book depth must be a positive integer, got ${depth}`);
    const { key } = routes.register('book', nativeOf(symbol, instrument), symbol);
    return hub.stream<BookEvent>(
      key,
      (subscriber, context) => {
        // A joining subscriber resubscribes the channel (fresh): the books already live expect that snapshot.
        const peers = liveBooks.get(key) ?? new Set<DeribitBookSync>();
        for (const peer of peers) peer.expectFreshSnapshot();
        const sync = new DeribitBookSync(subscriber, context, symbol);
        liveBooks.set(key, peers.add(sync));
        subscriber.add(() => {
          peers.delete(sync);
          if (peers.size === 0) liveBooks.delete(key);
        });
        return sync;
      },
      { fresh: true },
    );
  };

  return assembleClient({
    clientOptions: options,
    options: resolved,
    exchange: 'deribit',
    events$: hub.events$,
    raise,
    catalog,
    validateSymbols: true,
    ticker: (symbol, instrument): Observable<Ticker> =>
      hub.stream<Ticker>(routes.register('ticker', nativeOf(symbol, instrument), symbol).key, tickerListener((payload) => payload.ticker)),
    trades: (symbol, instrument): Observable<Trade> => hub.stream<Trade>(routes.register('trade', nativeOf(symbol, instrument), symbol).key, forwardPayloads),
    book,
    derivativeTicker: (symbol, instrument): Observable<DerivativeTicker> =>
      hub.stream<DerivativeTicker>(routes.register('ticker', nativeOf(symbol, instrument), symbol).key, tickerListener((payload) => payload.derivative)),
  });
}
