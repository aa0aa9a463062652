import { combineLatest, map, type Observable } from 'rxjs';
import type { Ticker } from '../../model/ticker';
import type { ListenerFactory } from '../common/stream-hub';
import type { BybitBookPayload } from './bybit-book-decode';
import type { BybitSpotStats, BybitTickerPayload } from './bybit-tickers';

/**
 * The listener of a merged `tickers` stream: forwards what `pick` takes from each payload (the
 * linear {@link Ticker}, the derivative ticker or the spot statistics; nothing while incomplete), and
 * resubscribes after a bad ticker frame (the merged state was dropped: a fresh snapshot rebuilds it).
 *
 * @example
 * ```ts
 * hub.stream<DerivativeTicker>('linear:tickers.BTCUSDT', tickerListener((payload) => payload.derivative));
 * ```
 */
export function tickerListener<T>(pick: (payload: BybitTickerPayload) => T | undefined): ListenerFactory<T> {
  return (subscriber, context) => ({
    data: (payload) => {
      const value = pick(payload as BybitTickerPayload);
      if (value !== undefined) subscriber.next(value);
    },
    status: (status) => {
      if (status === 'invalid') context.resubscribe();
    },
    reject: (error) => subscriber.error(error),
  });
}

/**
 * The best bid and ask of an `orderbook.1` message (Bybit sends level 1 as snapshots only).
 *
 * @example
 * ```ts
 * const top: BybitTopOfBook = { bid: 64230.5, bidSize: 0.512345, ask: 64230.6, askSize: 0.498765, timestamp: 1790000003618, localTimestamp: 1790000003620.4 };
 * ```
 */
export interface BybitTopOfBook {
  readonly bid: number;
  readonly bidSize: number;
  readonly ask: number;
  readonly askSize: number;
  readonly timestamp: number;
  readonly localTimestamp: number;
}

/**
 * The listener of an `orderbook.1` stream used for a spot ticker's best bid/ask: each snapshot with
 * both sides gives a {@link BybitTopOfBook}; a bad frame resubscribes (a fresh snapshot follows).
 *
 * @example
 * ```ts
 * hub.stream<BybitTopOfBook>('spot:orderbook.1.BTCUSDT', topOfBookListener);
 * ```
 */
export const topOfBookListener: ListenerFactory<BybitTopOfBook> = (subscriber, context) => ({
  data: (payload, receivedAt) => {
    const { type, bids, asks, timestamp } = payload as BybitBookPayload;
    const bid = bids[0];
    const ask = asks[0];
    if (type !== 'snapshot' || bid === undefined || ask === undefined || bid[1] === 0 || ask[1] === 0) return;
    subscriber.next({ bid: bid[0], bidSize: bid[1], ask: ask[0], askSize: ask[1], timestamp, localTimestamp: receivedAt });
  },
  status: (status) => {
    if (status === 'invalid') context.resubscribe();
  },
  reject: (error) => subscriber.error(error),
});

/**
 * A spot {@link Ticker} from Bybit's two spot streams: `tickers.{symbol}` (last price and 24 h
 * statistics, no best bid/ask on spot) and `orderbook.1.{symbol}` (the best bid/ask). Emits once
 * both have spoken, then on every message of either, stamped with the newer of the two.
 *
 * @example
 * ```ts
 * spotTicker('BTC/USDT', stats$, top$).subscribe((t) => console.log(t.price, t.bid, t.ask));
 * ```
 */
export function spotTicker(symbol: string, stats$: Observable<BybitSpotStats>, top$: Observable<BybitTopOfBook>): Observable<Ticker> {
  return combineLatest([stats$, top$]).pipe(
    map(
      ([stats, top]): Ticker => ({
        type: 'ticker',
        exchange: 'bybit',
        symbol,
        price: stats.price,
        bid: top.bid,
        bidSize: top.bidSize,
        ask: top.ask,
        askSize: top.askSize,
        high24h: stats.high24h,
        low24h: stats.low24h,
        volume24h: stats.volume24h,
        change24h: stats.change24h,
        timestamp: Math.max(stats.timestamp, top.timestamp),
        localTimestamp: Math.max(stats.localTimestamp, top.localTimestamp),
      }),
    ),
  );
}
