import { catchError, EMPTY, map, merge, type Observable, scan } from 'rxjs';
import type { DerivativeTicker } from '../../model/derivative-ticker';
import type { Ticker } from '../../model/ticker';
import { forwardPayloads } from '../common/forward-payloads';
import type { StreamHub } from '../common/stream-hub';
import type { OkxChannel } from './okx-keys';
import type { OkxDerivativePart } from './okx-payloads';
import type { OkxRoutes } from './okx-routes';

/** A part stamped with its receipt time. */
type Received = OkxDerivativePart & { readonly localTimestamp: number };

/**
 * Where a perpetual's derivative data lives on OKX: its instrument id and the index its
 * `index-tickers` channel uses.
 *
 * @example
 * ```ts
 * const ids: OkxDerivativeIds = { symbol: 'BTC/USDT:USDT', instId: 'BTC-USDT-SWAP', indexId: 'BTC-USDT' };
 * ```
 */
export interface OkxDerivativeIds {
  readonly symbol: string;
  readonly instId: string;
  readonly indexId: string;
}

/**
 * A perpetual's {@link DerivativeTicker} from five OKX channels on the client's sockets: `mark-price`,
 * `funding-rate` (the rate settling at `fundingTime`, reported as `nextFundingTime`), `open-interest`
 * (`oi`, in contracts), `index-tickers` (the index price; a refusal there only leaves `indexPrice`
 * undefined and is reported on `events$`) and `tickers` (the last price). Emits on every update of
 * any of them; a field not received yet is `undefined`, never 0; `timestamp` is the newest exchange
 * time among the parts.
 *
 * @example
 * ```ts
 * okxDerivativeTicker(hub, routes, { symbol: 'BTC/USDT:USDT', instId: 'BTC-USDT-SWAP', indexId: 'BTC-USDT' }).subscribe((d) => console.log(d.markPrice, d.fundingRate));
 * ```
 */
export function okxDerivativeTicker(hub: StreamHub, routes: OkxRoutes, ids: OkxDerivativeIds): Observable<DerivativeTicker> {
  const { symbol, instId, indexId } = ids;
  const part = (channel: OkxChannel, id: string): Observable<Received> =>
    hub.stream<Received>(routes.register(channel, id, symbol), (subscriber) => ({
      data: (payload, receivedAt) => subscriber.next({ ...(payload as OkxDerivativePart), localTimestamp: receivedAt }),
      status: () => undefined,
      reject: (error) => subscriber.error(error),
    }));
  const index$ = part('index-tickers', indexId).pipe(
    catchError((error: unknown) => {
      hub.raise({ type: 'error', kind: 'exchange', message: `okx index-tickers ${indexId} for ${symbol} (indexPrice stays undefined): ${(error as Error)?.message ?? String(error)}`, symbol });
      return EMPTY;
    }),
  );
  const last$ = hub
    .stream<Ticker>(routes.register('tickers', instId, symbol), forwardPayloads)
    .pipe(map((ticker): Received => ({ lastPrice: ticker.price, timestamp: ticker.timestamp, localTimestamp: ticker.localTimestamp })));
  const initial: DerivativeTicker = {
    type: 'derivative_ticker',
    exchange: 'okx',
    symbol,
    markPrice: undefined,
    indexPrice: undefined,
    lastPrice: undefined,
    fundingRate: undefined,
    nextFundingTime: undefined,
    openInterest: undefined,
    timestamp: 0,
    localTimestamp: 0,
  };
  return merge(part('mark-price', instId), part('funding-rate', instId), part('open-interest', instId), index$, last$).pipe(
    scan(
      (latest: DerivativeTicker, received: Received): DerivativeTicker => ({
        ...latest,
        ...(received.markPrice === undefined ? {} : { markPrice: received.markPrice }),
        ...(received.indexPrice === undefined ? {} : { indexPrice: received.indexPrice }),
        ...(received.lastPrice === undefined ? {} : { lastPrice: received.lastPrice }),
        ...(received.fundingRate === undefined ? {} : { fundingRate: received.fundingRate }),
        ...(received.nextFundingTime === undefined ? {} : { nextFundingTime: received.nextFundingTime }),
        ...(received.openInterest === undefined ? {} : { openInterest: received.openInterest }),
        timestamp: Math.max(latest.timestamp, received.timestamp),
        localTimestamp: received.localTimestamp,
      }),
      initial,
    ),
  );
}
