import type { Observable } from 'rxjs';
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
import { BitfinexBookSync } from './bitfinex-book-sync';
import { BITFINEX_CONF_PATH, fetchBitfinexInstruments } from './bitfinex-instruments';
import { bitfinexProtocol } from './bitfinex-protocol';
import { BitfinexRoutes } from './bitfinex-routes';
import { BitfinexTradeFeed } from './bitfinex-trade-feed';

/**
 * Bitfinex's public WebSocket v2 endpoint (the default `wsUrl`, used as given).
 *
 * @example
 * ```ts
 * bitfinex({ wsUrl: BITFINEX_WS_URL });
 * ```
 */
export const BITFINEX_WS_URL = 'wss://api-pub.bitfinex.com/ws/2';

/**
 * Bitfinex's public REST endpoint (the default `restUrl`: the pairs under `/v2/conf/…`).
 *
 * @example
 * ```ts
 * bitfinex({ restUrl: BITFINEX_REST_URL });
 * ```
 */
export const BITFINEX_REST_URL = 'https://api-pub.bitfinex.com';

/**
 * Book lengths (`len`) of Bitfinex's `book` channel: 25 and 100 price levels a side.
 *
 * @example
 * ```ts
 * bitfinex().book('BTC/USD', { depth: BITFINEX_BOOK_DEPTHS[1] }); // 100 levels a side
 * ```
 */
export const BITFINEX_BOOK_DEPTHS: readonly number[] = [25, 100];
const DEFAULT_DEPTH = 25;

/**
 * Options of {@link bitfinex}: the common {@link ClientOptions} (`wsUrl` is the full WebSocket URL,
 * `restUrl` the REST host: `/v2/conf/…` is added) and the client's connection budget.
 *
 * @example
 * ```ts
 * const options: BitfinexOptions = { wsUrl: sim.wsUrl, restUrl: sim.restUrl, connectionsPerMinute: 600 };
 * ```
 */
export interface BitfinexOptions extends ClientOptions {
  /**
   * Sockets this client opens per minute at most, reconnections included (default 20, Bitfinex's
   * limit for `api-pub`, whose server refuses further handshakes with HTTP 429): during a reconnect
   * storm a further connection waits for the sliding minute. Raise it only against a simulator.
   */
  readonly connectionsPerMinute?: number;
}

/**
 * A Bitfinex client (WebSocket v2, public channels): cold, normalized streams multiplexed over as
 * few sockets as 25 channels each allow (`ticker`, `trades`, and `book` `P0` with checksum-verified
 * local books), with sequence numbers checked on the whole connection. Symbols are checked against
 * `GET /v2/conf/pub:info:pair,pub:map:currency:sym` (fetched once, cached): `BTC/USD` is `tBTCUSD`,
 * `BTC/USDT` is `tBTCUST` (Bitfinex's label for `UST` is Tether), `AVAX/USD` is `tAVAX:USD`.
 *
 * @example
 * ```ts
 * const bf = bitfinex();
 * bf.tickers(['BTC/USD', 'ETH/USD']).subscribe((t) => console.log(t.symbol, t.bid, t.ask));
 * bf.book('BTC/USD', { depth: 100 }).pipe(orderBook({ depth: 10 })).subscribe(render);
 * bf.events$.pipe(filter((e) => e.type === 'resync')).subscribe(console.warn);
 * ```
 */
export function bitfinex(options: BitfinexOptions = {}): ExchangeClient {
  const resolved = resolveOptions(options);
  const routes = new BitfinexRoutes();
  const protocolOptions = options.connectionsPerMinute === undefined ? {} : { connectionsPerMinute: options.connectionsPerMinute };
  const hub = new StreamHub(bitfinexProtocol(options.wsUrl ?? BITFINEX_WS_URL, routes, protocolOptions), resolved);
  const restUrl = options.restUrl ?? BITFINEX_REST_URL;
  const raise = hub.raise.bind(hub);
  const catalog = new InstrumentCatalog({
    exchange: 'bitfinex',
    source: `GET ${BITFINEX_CONF_PATH}`,
    load: () => fetchBitfinexInstruments(resolved.http, restUrl),
    options: resolved,
    raise,
  });
  // validateSymbols: every stream has its instrument, hence Bitfinex's own symbol.
  const nativeOf = (instrument: Instrument | undefined): string => instrument!.native;

  const book = (symbol: string, bookOptions: BookOptions, instrument: Instrument | undefined): Observable<BookEvent> => {
    const depth = bookOptions.depth ?? DEFAULT_DEPTH;
    if (!BITFINEX_BOOK_DEPTHS.includes(depth)) throw new RangeError(`bitfinex book depth must be one of ${BITFINEX_BOOK_DEPTHS.join(', ')}, got ${depth}`);
    return hub.stream<BookEvent>(
      routes.key('book', symbol, nativeOf(instrument), depth),
      (subscriber, context) => new BitfinexBookSync(subscriber, context, { symbol, depth }),
      { fresh: true },
    );
  };

  return assembleClient({
    clientOptions: options,
    options: resolved,
    exchange: 'bitfinex',
    events$: hub.events$,
    raise,
    catalog,
    // Bitfinex refuses an unknown symbol itself (error 10300), but looking it up first names the
    // problem before anything is sent, and gives every stream Bitfinex's own symbol.
    validateSymbols: true,
    ticker: (symbol, instrument): Observable<Ticker> => hub.stream<Ticker>(routes.key('ticker', symbol, nativeOf(instrument)), forwardPayloads),
    trades: (symbol, instrument): Observable<Trade> =>
      hub.stream<Trade>(routes.key('trades', symbol, nativeOf(instrument)), (subscriber, context) => new BitfinexTradeFeed(subscriber, context)),
    book,
  });
}
