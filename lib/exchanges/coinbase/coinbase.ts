import { map, type MonoTypeOperatorFunction, type Observable } from 'rxjs';
import type { BookEvent } from '../../model/book-event';
import type { BookOptions, ClientOptions, ExchangeClient } from '../../model/client';
import type { Instrument } from '../../model/instrument';
import type { Ticker } from '../../model/ticker';
import type { Trade } from '../../model/trade';
import { assembleClient } from '../common/assemble-client';
import { forwardPayloads } from '../common/forward-payloads';
import { InstrumentCatalog } from '../common/instrument-catalog';
import { resolveOptions } from '../common/resolved-options';
import { StreamHub } from '../common/stream-hub';
import { CoinbaseBookSync } from './coinbase-book-sync';
import { type CoinbaseInstrument, fetchCoinbaseInstruments } from './coinbase-instruments';
import { coinbaseProtocol } from './coinbase-protocol';
import { HEARTBEATS_KEY, streamKey } from './coinbase-symbols';
import { CoinbaseTradeFeed } from './coinbase-trade-feed';
import { withCompanion } from './with-companion';

/**
 * Coinbase Advanced Trade's public market-data endpoint (the default `wsUrl`).
 *
 * @example
 * ```ts
 * coinbase({ wsUrl: COINBASE_WS_URL });
 * ```
 */
export const COINBASE_WS_URL = 'wss://advanced-trade-ws.coinbase.com';

/**
 * Coinbase's public REST endpoint (the default `restUrl`, for the products list).
 *
 * @example
 * ```ts
 * coinbase({ restUrl: COINBASE_REST_URL });
 * ```
 */
export const COINBASE_REST_URL = 'https://api.coinbase.com';

/** Where the products list comes from, for messages. */
const PRODUCTS_SOURCE = 'GET /api/v3/brokerage/market/products';

/**
 * The product whose channels carry `symbol`: its `alias` when Coinbase serves it under another product
 * (`BTC/USDC` → `BTC-USD`), else its own. Throws for a product the list shows delisted (Coinbase sends
 * nothing for it: a clear error instead of a silent stream).
 */
function servedProduct(symbol: string, instrument: Instrument | undefined): string {
  const listed = instrument as CoinbaseInstrument | undefined;
  if (listed === undefined) throw new Error(`coinbase: ${symbol} has no product (${PRODUCTS_SOURCE} was not loaded)`);
  if (listed.status === 'delisted') throw new Error(`coinbase: ${symbol} is delisted (${PRODUCTS_SOURCE} status "delisted")`);
  return listed.servedAs ?? listed.native;
}

/** Relabels events of a served product with the alias symbol the user asked for (none needed otherwise). */
function labelledAs<T extends { readonly symbol: string }>(symbol: string, product: string, instrument: Instrument | undefined): MonoTypeOperatorFunction<T> {
  if (instrument === undefined || product === instrument.native) return (source) => source;
  return map((event) => (event.symbol === symbol ? event : { ...event, symbol }));
}

/**
 * Options of {@link coinbase}: the common {@link ClientOptions} (`restUrl` serves the products list
 * every symbol is checked against; book snapshots come over the WebSocket).
 *
 * @example
 * ```ts
 * const options: CoinbaseOptions = { wsUrl: sim.wsUrl, reconnect: { delay: 20, maxDelay: 200 } };
 * ```
 */
export type CoinbaseOptions = ClientOptions;

/**
 * A Coinbase Advanced Trade client: cold, normalized streams over one multiplexed socket
 * (`level2`, `ticker`, `market_trades`, plus the `heartbeats` subscription Coinbase needs to keep
 * quiet channels open, held while any stream lives). Symbols are unified (`BTC/USD`); trades carry
 * the taker side; books resync (a fresh snapshot) after any sequence gap, invalid frame or reconnect.
 * Symbols are checked against `GET {restUrl}/api/v3/brokerage/market/products` (fetched once per
 * client): an unlisted or delisted product errors its own stream. A product Coinbase serves under
 * another one (`BTC/USDC` under `BTC-USD`, the list's `alias`) is subscribed as that product and its
 * events are labelled with the symbol asked for. `book()` accepts `depth` (a positive integer) for
 * compatibility, but Coinbase always sends the whole book: cut it with `orderBook({ depth })`.
 *
 * @example
 * ```ts
 * const cb = coinbase();
 * cb.tickers(['BTC/USD', 'ETH/USD']).subscribe((t) => console.log(t.symbol, t.bid, t.ask));
 * cb.book('BTC/USD').pipe(orderBook({ depth: 10 })).subscribe(render);
 * ```
 */
export function coinbase(options: CoinbaseOptions = {}): ExchangeClient {
  const resolved = resolveOptions(options);
  const hub = new StreamHub(coinbaseProtocol(options.wsUrl ?? COINBASE_WS_URL), resolved);
  const restUrl = options.restUrl ?? COINBASE_REST_URL;
  const raise = hub.raise.bind(hub);
  const catalog = new InstrumentCatalog({
    exchange: 'coinbase',
    source: PRODUCTS_SOURCE,
    load: () => fetchCoinbaseInstruments(resolved.http, restUrl),
    options: resolved,
    raise,
  });
  const heartbeats$ = hub.stream<never>(HEARTBEATS_KEY, (subscriber) => ({
    data: () => undefined,
    status: () => undefined,
    reject: (error) => subscriber.error(error),
  }));

  return assembleClient({
    clientOptions: options,
    options: resolved,
    exchange: 'coinbase',
    events$: hub.events$,
    raise,
    catalog,
    validateSymbols: true, // Coinbase's refusal of an unknown product names no request
    ticker: (symbol, instrument): Observable<Ticker> => {
      const product = servedProduct(symbol, instrument);
      return hub
        .stream<Ticker>(streamKey('ticker', product), forwardPayloads)
        .pipe(labelledAs<Ticker>(symbol, product, instrument), withCompanion<Ticker>(heartbeats$));
    },
    trades: (symbol, instrument): Observable<Trade> => {
      const product = servedProduct(symbol, instrument);
      return hub
        .stream<Trade>(streamKey('market_trades', product), (subscriber) => new CoinbaseTradeFeed(subscriber))
        .pipe(labelledAs<Trade>(symbol, product, instrument), withCompanion<Trade>(heartbeats$));
    },
    book: (symbol, bookOptions: BookOptions, instrument): Observable<BookEvent> => {
      const product = servedProduct(symbol, instrument);
      const depth = bookOptions.depth;
      if (depth !== undefined && !(Number.isInteger(depth) && depth >= 1)) throw new RangeError(`coinbase book depth must be a positive integer, got ${depth}`);
      return hub
        .stream<BookEvent>(streamKey('level2', product), (subscriber, context) => new CoinbaseBookSync(subscriber, context, symbol), { fresh: true })
        .pipe(withCompanion<BookEvent>(heartbeats$));
    },
  });
}
