import { asyncScheduler, Observable, type OperatorFunction, type SchedulerLike, type Subscription } from 'rxjs';
import type { ExchangeId } from '../model/exchange-id';
import type { Trade } from '../model/trade';

/**
 * One OHLCV bar of one `exchange` + `symbol`, from `candles()`.
 *
 * @example
 * ```ts
 * const bar: Candle = { type: 'candle', exchange: 'binance', symbol: 'BTC/USDT', interval: 60_000, start: 1_764_000_000_000, end: 1_764_000_060_000,
 *   open: 65_000, high: 65_010, low: 64_990, close: 65_005, volume: 3, buyVolume: 2, sellVolume: 1, trades: 12, vwap: 65_001.5,
 *   timestamp: 1_764_000_059_870, localTimestamp: 1_764_000_059_871.2 };
 * ```
 */
export interface Candle {
  readonly type: 'candle';
  readonly exchange: ExchangeId;
  readonly symbol: string;
  /** Bar length, ms. */
  readonly interval: number;
  /** Trade time the bar covers: `[start, end)`, epoch ms, `start` a multiple of `interval`. */
  readonly start: number;
  readonly end: number;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  /** Base-currency volume. */
  readonly volume: number;
  /** Volume of trades whose taker bought. */
  readonly buyVolume: number;
  /** Volume of trades whose taker sold. */
  readonly sellVolume: number;
  readonly trades: number;
  /** Volume-weighted average price. */
  readonly vwap: number;
  /** Exchange time of the bar's last trade. */
  readonly timestamp: number;
  /** Receipt time of the bar's last trade. */
  readonly localTimestamp: number;
}

/**
 * Options of {@link candles}.
 *
 * @example
 * ```ts
 * const options: CandleOptions = { interval: 60_000, closeAfter: 2_000 };
 * ```
 */
export interface CandleOptions {
  /** Bar length in ms (a positive number). */
  readonly interval: number;
  /**
   * Also close a bar this many ms after its end on the scheduler's clock, when no later trade came
   * to close it (a quiet market, live). Default: a bar closes on a later trade or on completion only.
   */
  readonly closeAfter?: number;
  /** Clock for `closeAfter` (default `asyncScheduler`; on a replay, the replay's `scheduler`). */
  readonly scheduler?: SchedulerLike;
}

interface OpenBar {
  exchange: ExchangeId;
  symbol: string;
  start: number;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
  buyVolume: number;
  sellVolume: number;
  notional: number;
  trades: number;
  timestamp: number;
  localTimestamp: number;
  timer: Subscription | undefined;
}

/**
 * OHLCV bars from trades, by trade time (`timestamp`), per `exchange` + `symbol`, with the volume of
 * each taker side. A bar `[start, start + interval)` is emitted when the first trade of a later bar
 * arrives (or `closeAfter` ms after its end, when set), and every open bar is emitted when the
 * source completes; intervals without trades emit no bar. A trade older than its symbol's open bar
 * (or for a bar already emitted) is ignored. A plain RxJS operator: live, on replays, in tests.
 *
 * @example
 * ```ts
 * binance().trades('BTC/USDT').pipe(candles({ interval: 60_000 })).subscribe((c) => console.log(c.start, c.open, c.high, c.low, c.close, c.volume));
 * replay('bn.rxrec.gz').trades('BTC/USDT').pipe(candles({ interval: 1_000 }), toArray()); // backtest bars
 * ```
 */
export function candles(options: CandleOptions): OperatorFunction<Trade, Candle> {
  const { interval, closeAfter } = options;
  if (!(interval > 0 && Number.isFinite(interval))) throw new TypeError(`candles: interval must be a positive number of ms, got ${String(interval)}`);
  if (closeAfter !== undefined && !(closeAfter >= 0)) throw new TypeError(`candles: closeAfter must be >= 0 ms, got ${String(closeAfter)}`);
  const scheduler = options.scheduler ?? asyncScheduler;
  return (source) =>
    new Observable<Candle>((subscriber) => {
      const open = new Map<ExchangeId, Map<string, OpenBar>>();
      const emitted = new Map<ExchangeId, Map<string, number>>(); // start of the last bar emitted
      const emit = (bar: OpenBar): void => {
        bar.timer?.unsubscribe();
        open.get(bar.exchange)?.delete(bar.symbol);
        let starts = emitted.get(bar.exchange);
        if (!starts) emitted.set(bar.exchange, (starts = new Map()));
        starts.set(bar.symbol, bar.start);
        subscriber.next(candleOf(bar, interval));
      };
      const subscription = source.subscribe({
        next: (trade) => {
          const start = Math.floor(trade.timestamp / interval) * interval;
          if (!Number.isFinite(start) || !(trade.price > 0) || !(trade.amount >= 0)) return;
          let bars = open.get(trade.exchange);
          if (!bars) open.set(trade.exchange, (bars = new Map()));
          let bar = bars.get(trade.symbol);
          if (bar && start > bar.start) {
            emit(bar);
            bar = undefined;
          }
          if (!bar) {
            const last = emitted.get(trade.exchange)?.get(trade.symbol);
            if (last !== undefined && start <= last) return; // that bar was emitted already
            bar = openBar(trade, start);
            bars.set(trade.symbol, bar);
            if (closeAfter !== undefined) {
              const closing = bar;
              bar.timer = scheduler.schedule(() => emit(closing), Math.max(0, start + interval + closeAfter - scheduler.now()));
            }
            return;
          }
          if (start < bar.start) return; // older than the open bar
          addTrade(bar, trade);
        },
        error: (error: unknown) => subscriber.error(error),
        complete: () => {
          const all = [...open.values()].flatMap((bars) => [...bars.values()]).sort((a, b) => a.start - b.start);
          for (const bar of all) emit(bar);
          subscriber.complete();
        },
      });
      return () => {
        subscription.unsubscribe();
        for (const bars of open.values()) for (const bar of bars.values()) bar.timer?.unsubscribe();
      };
    });
}

function openBar(trade: Trade, start: number): OpenBar {
  const buy = trade.side === 'buy' ? trade.amount : 0;
  const sell = trade.side === 'sell' ? trade.amount : 0;
  return {
    exchange: trade.exchange,
    symbol: trade.symbol,
    start,
    open: trade.price,
    high: trade.price,
    low: trade.price,
    close: trade.price,
    volume: trade.amount,
    buyVolume: buy,
    sellVolume: sell,
    notional: trade.price * trade.amount,
    trades: 1,
    timestamp: trade.timestamp,
    localTimestamp: trade.localTimestamp,
    timer: undefined,
  };
}

function addTrade(bar: OpenBar, trade: Trade): void {
  if (trade.price > bar.high) bar.high = trade.price;
  if (trade.price < bar.low) bar.low = trade.price;
  bar.close = trade.price;
  bar.volume += trade.amount;
  if (trade.side === 'buy') bar.buyVolume += trade.amount;
  else if (trade.side === 'sell') bar.sellVolume += trade.amount;
  bar.notional += trade.price * trade.amount;
  bar.trades++;
  bar.timestamp = trade.timestamp;
  bar.localTimestamp = trade.localTimestamp;
}

function candleOf(bar: OpenBar, interval: number): Candle {
  return {
    type: 'candle',
    exchange: bar.exchange,
    symbol: bar.symbol,
    interval,
    start: bar.start,
    end: bar.start + interval,
    open: bar.open,
    high: bar.high,
    low: bar.low,
    close: bar.close,
    volume: bar.volume,
    buyVolume: bar.buyVolume,
    sellVolume: bar.sellVolume,
    trades: bar.trades,
    vwap: bar.volume > 0 ? bar.notional / bar.volume : bar.close,
    timestamp: bar.timestamp,
    localTimestamp: bar.localTimestamp,
  };
}
