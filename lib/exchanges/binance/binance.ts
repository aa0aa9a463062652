import { merge, type Observable } from 'rxjs';
import type { BookEvent } from '../../model/book-event';
import type { BookOptions, ClientOptions, ExchangeClient } from '../../model/client';
import { parseSymbol } from '../../model/symbol';
import type { Ticker } from '../../model/ticker';
import type { Trade } from '../../model/trade';
import type { CreateWebSocket } from '../../socket/web-socket-like';
import { forwardPayloads } from '../common/forward-payloads';
import { guarded } from '../common/guarded';
import { resolveOptions } from '../common/resolved-options';
import { StreamHub } from '../common/stream-hub';
import { BinanceBookSync } from './binance-book-sync';
import { fetchBinanceDepth } from './binance-depth-snapshot';
import { binanceProtocol } from './binance-protocol';
import { BinanceRoutes, binanceSymbol } from './binance-routes';

/**
 * Binance spot's live WebSocket endpoint (the default `wsUrl`; the client adds `/stream`).
 *
 * @example
 * ```ts
 * binance({ wsUrl: BINANCE_WS_URL });
 * ```
 */
export const BINANCE_WS_URL = 'wss://stream.binance.com:9443';
/**
 * Binance spot's live REST endpoint (the default `restUrl`, for depth snapshots).
 *
 * @example
 * ```ts
 * binance({ restUrl: BINANCE_REST_URL });
 * ```
 */
export const BINANCE_REST_URL = 'https://api.binance.com';

const DEFAULT_DEPTH = 100;
const MAX_DEPTH = 5000;
const MAX_BUFFERED_UPDATES = 10_000;
const QUIET_FETCH_AFTER_MS = 1000;

/**
 * Options of {@link binance}: the common {@link ClientOptions}.
 *
 * @example
 * ```ts
 * const options: BinanceOptions = { wsUrl: sim.wsUrl, restUrl: sim.restUrl };
 * ```
 */
export type BinanceOptions = ClientOptions & { readonly createWebSocket?: CreateWebSocket };

/**
 * A Binance spot client: cold, normalized streams over one multiplexed combined-stream socket
 * (`<symbol>@ticker`, `<symbol>@trade`, `<symbol>@depth@100ms` + REST depth snapshots).
 *
 * @example
 * ```ts
 * const bn = binance();
 * bn.tickers(['BTC/USDT', 'ETH/USDT']).subscribe((t) => console.log(t.symbol, t.bid, t.ask));
 * bn.book('BTC/USDT', { depth: 100 }).pipe(orderBook({ depth: 10 })).subscribe(render);
 * ```
 */
export function binance(options: BinanceOptions = {}): ExchangeClient {
  const resolved = resolveOptions(options);
  const routes = new BinanceRoutes();
  const hub = new StreamHub(binanceProtocol(options.wsUrl ?? BINANCE_WS_URL, routes), resolved);
  const restUrl = options.restUrl ?? BINANCE_REST_URL;

  const tickers = (symbols: readonly string[]): Observable<Ticker> =>
    guarded(() => merge(...symbols.map((symbol) => (parseSymbol(symbol), hub.stream<Ticker>(routes.key('ticker', symbol), forwardPayloads)))));
  const trades = (symbols: string | readonly string[]): Observable<Trade> =>
    guarded(() =>
      merge(...(typeof symbols === 'string' ? [symbols] : symbols).map((symbol) => (parseSymbol(symbol), hub.stream<Trade>(routes.key('trade', symbol), forwardPayloads)))),
    );

  return {
    exchange: 'binance',
    events$: hub.events$,
    ticker: (symbol) => tickers([symbol]),
    tickers,
    trades,
    book: (symbol: string, bookOptions: BookOptions = {}): Observable<BookEvent> =>
      guarded(() => {
      parseSymbol(symbol);
      const depth = bookOptions.depth ?? DEFAULT_DEPTH;
      if (!Number.isInteger(depth) || depth < 1 || depth > MAX_DEPTH) throw new RangeError(`binance book depth must be an integer in 1..${MAX_DEPTH}, got ${depth}`);
      const native = binanceSymbol(symbol);
      return hub.stream<BookEvent>(routes.key('depth', symbol), (subscriber, context) =>
        new BinanceBookSync(subscriber, context, {
          symbol,
          fetchSnapshot: () => fetchBinanceDepth(restUrl, native, depth, resolved.maxPayload),
          maxBufferedUpdates: MAX_BUFFERED_UPDATES,
          retryDelay: resolved.reconnect.delay,
          quietFetchAfter: QUIET_FETCH_AFTER_MS,
        }),
      );
    }),
  };
}
