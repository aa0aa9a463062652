import type { DerivativeTicker } from '../../model/derivative-ticker';
import type { Ticker } from '../../model/ticker';
import { toNumber } from '../common/decode';

/**
 * The 24 h statistics of a spot `tickers.{symbol}` message (spot tickers carry no best bid/ask: the
 * spot {@link Ticker} takes those from `orderbook.1`).
 *
 * @example
 * ```ts
 * const stats: BybitSpotStats = { price: 64230.6, high24h: 64390.2, low24h: 63815.1, volume24h: 2871.512345, change24h: 0.15, timestamp: 1790000002126, localTimestamp: 1790000002130.2 };
 * ```
 */
export interface BybitSpotStats {
  readonly price: number;
  readonly high24h: number;
  readonly low24h: number;
  readonly volume24h: number;
  /** Percent (Bybit's `price24hPcnt` is a fraction). */
  readonly change24h: number;
  readonly timestamp: number;
  readonly localTimestamp: number;
}

/**
 * What the decoder hands to the listeners of a `tickers.{symbol}` stream, from the ticker state
 * merged so far on the connection: on linear the {@link Ticker} (once every field it needs has
 * arrived) and the {@link DerivativeTicker}; on spot the {@link BybitSpotStats}.
 *
 * @example
 * ```ts
 * const payload: BybitTickerPayload = { ticker, derivative };
 * ```
 */
export interface BybitTickerPayload {
  readonly ticker?: Ticker;
  readonly derivative?: DerivativeTicker;
  readonly stats?: BybitSpotStats;
}

/**
 * The merged `tickers` state of one connection: a `snapshot` replaces a topic's fields, a `delta`
 * overwrites only the fields it carries (Bybit: "if a response param is not found in the message,
 * then its value has not changed"). A new socket starts empty (the subscribe brings a snapshot); a
 * delta with nothing to merge into is dropped rather than shown as a partial ticker.
 *
 * @example
 * ```ts
 * const merged = new BybitTickerMerge();
 * merged.apply('tickers.BTCUSDT', 'snapshot', { symbol: 'BTCUSDT', markPrice: '64204.55' });
 * merged.apply('tickers.BTCUSDT', 'delta', { symbol: 'BTCUSDT', bid1Price: '64201.30' }); // both fields
 * ```
 */
export class BybitTickerMerge {
  private readonly topics = new Map<string, Record<string, string>>();

  /**
   * Applies one message; returns the topic's fields after it, or `undefined` for a delta with no
   * snapshot to merge into (before the first one, or after {@link forget}).
   */
  apply(topic: string, type: 'snapshot' | 'delta', data: Readonly<Record<string, string>>): Readonly<Record<string, string>> | undefined {
    if (type === 'snapshot') {
      const fields = { ...data };
      this.topics.set(topic, fields);
      return fields;
    }
    const current = this.topics.get(topic);
    return current === undefined ? undefined : Object.assign(current, data);
  }

  /** Drops a topic's fields (after a bad message: the stream resubscribes for a fresh snapshot). */
  forget(topic: string): void {
    this.topics.delete(topic);
  }
}

/** A field as a number: `undefined` when absent or `""`, `NaN` when not a finite decimal. */
function optional(fields: Readonly<Record<string, string>>, name: string): number | undefined {
  const text = fields[name];
  return text === undefined || text === '' ? undefined : toNumber(text);
}

/** Bybit's fraction (`"0.001624"`) as a percent (0.1375), rounded through the text's own decimals. */
function percentOf(fields: Readonly<Record<string, string>>, name: string): number | undefined {
  const fraction = optional(fields, name);
  if (fraction === undefined || Number.isNaN(fraction)) return fraction;
  const text = fields[name]!;
  const dot = text.indexOf('.');
  const decimals = dot < 0 ? 0 : text.length - dot - 1;
  return Number((fraction * 100).toFixed(Math.min(20, Math.max(0, decimals - 2))));
}

const invalid = (value: number | undefined): boolean => value !== undefined && Number.isNaN(value);

/**
 * The normalized linear ticker of merged fields: the {@link DerivativeTicker} (every field Bybit has
 * not sent is `undefined`, never 0) and, when every field it needs is known, the {@link Ticker}.
 * A string when a present field is not a number.
 *
 * @example
 * ```ts
 * linearTickerPayload('BTC/USDT:USDT', fields, 1790000000883, receivedAt).derivative?.fundingRate; // 0.0001
 * ```
 */
export function linearTickerPayload(symbol: string, fields: Readonly<Record<string, string>>, timestamp: number, localTimestamp: number): BybitTickerPayload | string {
  const lastPrice = optional(fields, 'lastPrice');
  const derivative: DerivativeTicker = {
    type: 'derivative_ticker',
    exchange: 'bybit',
    symbol,
    markPrice: optional(fields, 'markPrice'),
    indexPrice: optional(fields, 'indexPrice'),
    lastPrice,
    fundingRate: optional(fields, 'fundingRate'),
    nextFundingTime: optional(fields, 'nextFundingTime'),
    openInterest: optional(fields, 'openInterest'),
    timestamp,
    localTimestamp,
  };
  const { markPrice, indexPrice, fundingRate, nextFundingTime, openInterest } = derivative;
  if ([lastPrice, markPrice, indexPrice, fundingRate, nextFundingTime, openInterest].some(invalid)) return 'bybit: a linear ticker field is not a number';
  const bid = optional(fields, 'bid1Price');
  const bidSize = optional(fields, 'bid1Size');
  const ask = optional(fields, 'ask1Price');
  const askSize = optional(fields, 'ask1Size');
  const high24h = optional(fields, 'highPrice24h');
  const low24h = optional(fields, 'lowPrice24h');
  const volume24h = optional(fields, 'volume24h');
  const change24h = percentOf(fields, 'price24hPcnt');
  const values = [bid, bidSize, ask, askSize, high24h, low24h, volume24h, change24h];
  if (values.some(invalid)) return 'bybit: a linear ticker field is not a number';
  if (lastPrice === undefined || values.some((value) => value === undefined)) return { derivative };
  const ticker: Ticker = {
    type: 'ticker',
    exchange: 'bybit',
    symbol,
    price: lastPrice,
    bid: bid!,
    bidSize: bidSize!,
    ask: ask!,
    askSize: askSize!,
    high24h: high24h!,
    low24h: low24h!,
    volume24h: volume24h!,
    change24h: change24h!,
    timestamp,
    localTimestamp,
  };
  return { ticker, derivative };
}

/**
 * The 24 h statistics of a spot ticker message; a string when a field is missing or not a number.
 *
 * @example
 * ```ts
 * spotTickerPayload({ symbol: 'BTCUSDT', lastPrice: '64230.6', highPrice24h: '64390.2', lowPrice24h: '63815.1', volume24h: '2871.512345', price24hPcnt: '0.0015' }, 1, 2);
 * ```
 */
export function spotTickerPayload(fields: Readonly<Record<string, string>>, timestamp: number, localTimestamp: number): BybitTickerPayload | string {
  const price = optional(fields, 'lastPrice');
  const high24h = optional(fields, 'highPrice24h');
  const low24h = optional(fields, 'lowPrice24h');
  const volume24h = optional(fields, 'volume24h');
  const change24h = percentOf(fields, 'price24hPcnt');
  const values = [price, high24h, low24h, volume24h, change24h];
  if (values.some((value) => value === undefined || Number.isNaN(value))) return 'bybit: a spot ticker field is missing or not a number';
  return { stats: { price: price!, high24h: high24h!, low24h: low24h!, volume24h: volume24h!, change24h: change24h!, timestamp, localTimestamp } };
}
