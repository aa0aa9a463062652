import { merge, type Observable } from 'rxjs';
import type { BookEvent } from '../../model/book-event';
import type { BookOptions, ClientOptions, ExchangeClient } from '../../model/client';
import type { Ticker } from '../../model/ticker';
import type { Trade } from '../../model/trade';
import type { CreateWebSocket } from '../../socket/web-socket-like';
import { forwardPayloads } from '../common/forward-payloads';
import { guarded } from '../common/guarded';
import { resolveOptions } from '../common/resolved-options';
import { StreamHub } from '../common/stream-hub';
import { CoinbaseBookSync } from './coinbase-book-sync';
import { coinbaseProtocol } from './coinbase-protocol';
import { coinbaseProduct, HEARTBEATS_KEY, streamKey } from './coinbase-symbols';
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
 * Options of {@link coinbase}: the common {@link ClientOptions} (`restUrl` is not used: Coinbase sends
 * book snapshots over the WebSocket).
 *
 * @example
 * ```ts
 * const options: CoinbaseOptions = { wsUrl: sim.wsUrl, reconnect: { delay: 20, maxDelay: 200 } };
 * ```
 */
export type CoinbaseOptions = ClientOptions & { readonly createWebSocket?: CreateWebSocket };

function listOf(symbols: string | readonly string[]): readonly string[] {
  return typeof symbols === 'string' ? [symbols] : symbols;
}

/**
 * A Coinbase Advanced Trade client: cold, normalized streams over one multiplexed socket
 * (`level2`, `ticker`, `market_trades`, plus the `heartbeats` subscription Coinbase needs to keep
 * quiet channels open, held while any stream lives). Symbols are unified (`BTC/USD`); trades carry
 * the taker side; books resync (a fresh snapshot) after any sequence gap, invalid frame or reconnect.
 * `book()` accepts `depth` (a positive integer) for compatibility, but Coinbase always sends the whole
 * book: cut it with `orderBook({ depth })`.
 *
 * @example
 * ```ts
 * const cb = coinbase();
 * cb.tickers(['BTC/USD', 'ETH/USD']).subscribe((t) => console.log(t.symbol, t.bid, t.ask));
 * cb.book('BTC/USD').pipe(orderBook({ depth: 10 })).subscribe(render);
 * ```
 */
export function coinbase(options: CoinbaseOptions = {}): ExchangeClient {
  const hub = new StreamHub(coinbaseProtocol(options.wsUrl ?? COINBASE_WS_URL), resolveOptions(options));
  const heartbeats$ = hub.stream<never>(HEARTBEATS_KEY, (subscriber) => ({
    data: () => undefined,
    status: () => undefined,
    reject: (error) => subscriber.error(error),
  }));

  const tickers = (symbols: readonly string[]): Observable<Ticker> =>
    guarded(() =>
      merge(...symbols.map((symbol) => hub.stream<Ticker>(streamKey('ticker', coinbaseProduct(symbol)), forwardPayloads))).pipe(
        withCompanion<Ticker>(heartbeats$),
      ),
    );
  const trades = (symbols: string | readonly string[]): Observable<Trade> =>
    guarded(() =>
      merge(
        ...listOf(symbols).map((symbol) =>
          hub.stream<Trade>(streamKey('market_trades', coinbaseProduct(symbol)), (subscriber) => new CoinbaseTradeFeed(subscriber)),
        ),
      ).pipe(withCompanion<Trade>(heartbeats$)),
    );
  const book = (symbol: string, bookOptions: BookOptions = {}): Observable<BookEvent> =>
    guarded(() => {
      const product = coinbaseProduct(symbol);
      const depth = bookOptions.depth;
      if (depth !== undefined && !(Number.isInteger(depth) && depth >= 1)) throw new RangeError(`coinbase book depth must be a positive integer, got ${depth}`);
      return hub
        .stream<BookEvent>(streamKey('level2', product), (subscriber, context) => new CoinbaseBookSync(subscriber, context, symbol), { fresh: true })
        .pipe(withCompanion<BookEvent>(heartbeats$));
    });

  return { exchange: 'coinbase', events$: hub.events$, ticker: (symbol) => tickers([symbol]), tickers, trades, book };
}
