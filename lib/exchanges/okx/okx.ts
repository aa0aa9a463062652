import type { Observable } from 'rxjs';
import type { BookEvent } from '../../model/book-event';
import type { BookOptions, ClientOptions, ExchangeClient } from '../../model/client';
import type { Instrument } from '../../model/instrument';
import type { Ticker } from '../../model/ticker';
import type { Trade } from '../../model/trade';
import { assembleClient } from '../common/assemble-client';
import { ControlRate, throttled } from '../common/control-rate';
import { forwardPayloads } from '../common/forward-payloads';
import { InstrumentCatalog } from '../common/instrument-catalog';
import { resolveOptions } from '../common/resolved-options';
import { StreamHub } from '../common/stream-hub';
import { fetchOkxBook, OKX_REST_BOOK_DEPTH } from './okx-book-snapshot';
import { OkxBookSync } from './okx-book-sync';
import { okxDerivativeTicker } from './okx-derivative-ticker';
import { fetchOkxInstruments } from './okx-instruments';
import { okxProtocol } from './okx-protocol';
import { OkxRequestLog } from './okx-request-log';
import { OkxRoutes } from './okx-routes';
import { okxIndexId, okxInstId } from './okx-symbols';

/**
 * OKX v5's public WebSocket endpoint (the default `wsUrl`; every channel rxmarket uses lives there).
 *
 * @example
 * ```ts
 * okx({ wsUrl: OKX_WS_URL });
 * ```
 */
export const OKX_WS_URL = 'wss://ws.okx.com:8443/ws/v5/public';
/**
 * OKX's REST endpoint (the default `restUrl`: instruments and book snapshots).
 *
 * @example
 * ```ts
 * okx({ restUrl: OKX_REST_URL });
 * ```
 */
export const OKX_REST_URL = 'https://www.okx.com';
/**
 * The depth of OKX's `books` channel (and of the REST snapshots that bridge it), per side.
 *
 * @example
 * ```ts
 * okx().book('BTC/USDT', { depth: OKX_BOOK_DEPTH });
 * ```
 */
export const OKX_BOOK_DEPTH = OKX_REST_BOOK_DEPTH;

const MAX_BUFFERED_UPDATES = 10_000;
/** `GET /api/v5/market/books`: 40 requests per 2 s per IP; one budget per client. */
const REST_BOOKS_PER_SECOND = 20;

/**
 * Options of {@link okx}: the common {@link ClientOptions} (`wsUrl` is the full public endpoint) and
 * where book snapshots come from.
 *
 * @example
 * ```ts
 * const options: OkxOptions = { wsUrl: sim.wsUrl, restUrl: sim.restUrl, bookSnapshots: 'rest' };
 * ```
 */
export interface OkxOptions extends ClientOptions {
  /**
   * `auto` (default): use the snapshot OKX pushes on subscribe while it still sends one, a REST
   * snapshot bridged by `seqId` otherwise; `rest`: always the REST bridge, ignoring pushed snapshots
   * (OKX's procedure after it delists them in 2026). Recovery after a break is always the REST bridge.
   */
  readonly bookSnapshots?: 'auto' | 'rest';
}

/**
 * An OKX v5 public client: spot pairs (`BTC/USDT` → `BTC-USDT`) and perpetual swaps (`BTC/USDT:USDT`
 * → `BTC-USDT-SWAP`) on one multiplexed socket: `tickers`, `trades`, `books` (400 levels, verified by
 * `seqId`/`prevSeqId` and the CRC32 checksum while OKX sends one, bridged to REST snapshots by
 * `seqId`), and `derivativeTicker()` from `mark-price`, `funding-rate`, `open-interest` and
 * `index-tickers`. Symbols are checked against `GET /api/v5/public/instruments` (SPOT and SWAP);
 * an unknown one errors its own stream. Sizes of swaps are OKX's: contracts (see
 * `instrument.contractSize`), except `volume24h`, which is in base units.
 *
 * @example
 * ```ts
 * const ok = okx();
 * ok.trades(['BTC/USDT', 'BTC/USDT:USDT']).subscribe((t) => console.log(t.symbol, t.side, t.price));
 * ok.derivativeTicker('BTC/USDT:USDT').subscribe((d) => console.log(d.markPrice, d.fundingRate));
 * ```
 */
export function okx(options: OkxOptions = {}): ExchangeClient {
  const resolved = resolveOptions(options);
  const routes = new OkxRoutes();
  const hub = new StreamHub(okxProtocol(options.wsUrl ?? OKX_WS_URL, routes, new OkxRequestLog()), resolved);
  const restUrl = options.restUrl ?? OKX_REST_URL;
  const raise = hub.raise.bind(hub);
  const restRate = new ControlRate(REST_BOOKS_PER_SECOND);
  const catalog = new InstrumentCatalog({
    exchange: 'okx',
    source: 'GET /api/v5/public/instruments (SPOT, SWAP)',
    load: () => fetchOkxInstruments(resolved.http, restUrl),
    options: resolved,
    raise,
  });
  const instIdOf = (symbol: string, instrument: Instrument | undefined): string => instrument?.native ?? okxInstId(symbol);

  return assembleClient({
    clientOptions: options,
    options: resolved,
    exchange: 'okx',
    events$: hub.events$,
    raise,
    catalog,
    validateSymbols: true,
    ticker: (symbol, instrument): Observable<Ticker> => hub.stream<Ticker>(routes.register('tickers', instIdOf(symbol, instrument), symbol), forwardPayloads),
    trades: (symbol, instrument): Observable<Trade> => hub.stream<Trade>(routes.register('trades', instIdOf(symbol, instrument), symbol), forwardPayloads),
    book: (symbol: string, bookOptions: BookOptions, instrument): Observable<BookEvent> => {
      const depth = bookOptions.depth ?? OKX_BOOK_DEPTH;
      if (depth !== OKX_BOOK_DEPTH) throw new RangeError(`okx book depth: the books channel has ${OKX_BOOK_DEPTH} levels a side, got ${depth}`);
      const instId = instIdOf(symbol, instrument);
      return hub.stream<BookEvent>(routes.register('books', instId, symbol), (subscriber, context) =>
        new OkxBookSync(subscriber, context, {
          symbol,
          fetchSnapshot: () => throttled(restRate, resolved.scheduler, fetchOkxBook(resolved.http, restUrl, instId, resolved.maxPayload)),
          maxBufferedUpdates: MAX_BUFFERED_UPDATES,
          retryDelay: resolved.reconnect.delay,
          socketSnapshots: options.bookSnapshots !== 'rest',
        }),
      );
    },
    derivativeTicker: (symbol, instrument) => okxDerivativeTicker(hub, routes, { symbol, instId: instIdOf(symbol, instrument), indexId: okxIndexId(symbol) }),
  });
}
