import type { BookEvent } from '../../model/book-event';
import type { DerivativeTicker } from '../../model/derivative-ticker';
import type { ExchangeEvent } from '../../model/exchange-event';
import type { ExchangeId } from '../../model/exchange-id';
import type { OrderBookState } from '../../model/order-book-state';
import { parseSymbol } from '../../model/symbol';
import type { Trade } from '../../model/trade';
import type { ArbitrageClosed, ArbitrageOpportunity, ArbitrageSignal } from '../../operators/arbitrage-signal';
import type { LatencyStats } from '../../operators/latency-stats';
import type { FaultKind } from '../exchanges/exchange-entry';
import { exchangeEventLine } from '../format/event-lines';
import { FaultRecord } from './fault-record';

/**
 * What the dashboard shows for one exchange+symbol.
 *
 * @example
 * ```ts
 * const row: MarketRow = model.markets[0]!;
 * console.log(row.exchange, row.symbol, row.bid, row.ask, row.lastTrade?.price);
 * ```
 */
export interface MarketRow {
  readonly exchange: ExchangeId;
  readonly symbol: string;
  bid: number;
  bidSize: number;
  ask: number;
  askSize: number;
  /** Local receipt time of the latest book state (`NaN` before the first). */
  bookAt: number;
  lastTrade: Trade | undefined;
  trades: number;
  /** The latest verified book state (top levels), for ladders. */
  book: OrderBookState | undefined;
  /** The latest derivative data of a perpetual (funding, mark price); `undefined` for spot. */
  derivative: DerivativeTicker | undefined;
}

/**
 * Connection health of one exchange.
 *
 * @example
 * ```ts
 * const v: VenueRow = model.venues[0]!;
 * console.log(v.exchange, v.status, v.rate, v.p50, v.p99, v.reconnects, v.resyncs);
 * ```
 */
export interface VenueRow {
  readonly exchange: ExchangeId;
  status: 'connecting' | 'open' | 'reconnecting' | 'closed';
  /** Normalized events (trades + book updates) per second, from `latency()` totals. */
  rate: number;
  /** Feed latency (exchange event time → receipt) over the last window, ms. */
  p50: number;
  p99: number;
  reconnects: number;
  resyncs: number;
  errors: number;
  /** Internal: the previous latency report, to derive `rate`. */
  previousTotal: number;
  previousAt: number;
}

/**
 * Arbitrage state of one base asset (e.g. `BTC`): the open opportunity, if any, and counters.
 *
 * @example
 * ```ts
 * const a: ArbitrageRow = model.arbitrage[0]!;
 * if (a.open) console.log(`buy ${a.open.buyExchange} sell ${a.open.sellExchange} since ${a.openedAt}`);
 * ```
 */
export interface ArbitrageRow {
  readonly base: string;
  open: ArbitrageOpportunity | undefined;
  /** When the current open pair first appeared (a price update on the same pair keeps it). */
  openedAt: number;
  lastClosed: ArbitrageClosed | undefined;
  opened: number;
  closed: number;
}

/**
 * A line of the dashboard's event log: what the clients reported on `events$` (resyncs,
 * reconnects, errors).
 *
 * @example
 * ```ts
 * const entry: LogEntry = { at: Date.now(), text: 'binance: resync BTC/USDT (gap)' };
 * ```
 */
export interface LogEntry {
  readonly at: number;
  readonly text: string;
}

const MAX_FAULTS = 6;
const MAX_LOG = 5;
const MAX_TAPE = 40;

/**
 * The demo dashboard's state, fed by the library's streams (book states, trades, arbitrage
 * signals, latency stats, exchange events) and by the fault injector. Each `on…` method is cheap
 * (a few field writes); rendering reads the public arrays at its own pace.
 *
 * @example
 * ```ts
 * const model = new DashboardModel([{ exchange: 'binance', symbol: 'BTC/USDT' }], Date.now);
 * bookStates$.subscribe((s) => model.onBookState(s));
 * renderScreen(model, { width: 120, height: 40 });
 * ```
 */
export class DashboardModel {
  readonly markets: MarketRow[];
  readonly venues: VenueRow[];
  readonly arbitrage: ArbitrageRow[];
  /** Most recent faults, oldest first. */
  readonly faults: FaultRecord[] = [];
  /** Most recent notable exchange events, oldest first. */
  readonly log: LogEntry[] = [];
  /** The latest trades of every market, oldest first (at most 40). */
  readonly tape: Trade[] = [];
  readonly startedAt: number;
  /** Faults injected / recovered since the start (all of them, not only those in `faults`). */
  faultsInjected = 0;
  faultsRecovered = 0;
  private readonly marketIndex = new Map<string, MarketRow>();
  private readonly venueIndex = new Map<ExchangeId, VenueRow>();

  constructor(
    markets: readonly { readonly exchange: ExchangeId; readonly symbol: string }[],
    readonly now: () => number = Date.now,
  ) {
    this.startedAt = now();
    this.markets = markets.map(({ exchange, symbol }) => ({
      exchange,
      symbol,
      bid: NaN,
      bidSize: NaN,
      ask: NaN,
      askSize: NaN,
      bookAt: NaN,
      lastTrade: undefined,
      trades: 0,
      book: undefined,
      derivative: undefined,
    }));
    for (const row of this.markets) this.marketIndex.set(`${row.exchange} ${row.symbol}`, row);
    const exchanges = [...new Set(markets.map((m) => m.exchange))];
    this.venues = exchanges.map((exchange) => ({
      exchange,
      status: 'connecting',
      rate: NaN,
      p50: NaN,
      p99: NaN,
      reconnects: 0,
      resyncs: 0,
      errors: 0,
      previousTotal: 0,
      previousAt: NaN,
    }));
    for (const row of this.venues) this.venueIndex.set(row.exchange, row);
    const bases = [...new Set(markets.map((m) => parseSymbol(m.symbol).base))];
    this.arbitrage = bases.map((base) => ({ base, open: undefined, openedAt: NaN, lastClosed: undefined, opened: 0, closed: 0 }));
  }

  /** Seconds since the model was created. */
  get uptime(): number {
    return (this.now() - this.startedAt) / 1000;
  }

  /** A new top of book (from `orderBook()`). */
  onBookState(state: OrderBookState): void {
    const row = this.marketIndex.get(`${state.exchange} ${state.symbol}`);
    if (!row) return;
    const bid = state.bids[0];
    const ask = state.asks[0];
    row.bid = bid ? bid[0] : NaN;
    row.bidSize = bid ? bid[1] : NaN;
    row.ask = ask ? ask[0] : NaN;
    row.askSize = ask ? ask[1] : NaN;
    row.bookAt = state.localTimestamp;
    row.book = state;
  }

  /** A raw book event (snapshot or delta): completes fault recoveries. */
  /** Keeps the latest derivative ticker (funding rate, mark price) of a perpetual market. */
  onDerivativeTicker(ticker: DerivativeTicker): void {
    const row = this.marketIndex.get(`${ticker.exchange} ${ticker.symbol}`);
    if (row) row.derivative = ticker;
  }

  onBookEvent(event: BookEvent): void {
    if (this.faults.length === 0) return;
    const now = this.now();
    for (const fault of this.faults) fault.onBookEvent(event, now);
  }

  /** A batch of trades. */
  onTrades(trades: readonly Trade[]): void {
    for (const trade of trades) {
      const row = this.marketIndex.get(`${trade.exchange} ${trade.symbol}`);
      if (!row) continue;
      row.lastTrade = trade;
      row.trades++;
      this.tape.push(trade);
    }
    if (this.tape.length > MAX_TAPE) this.tape.splice(0, this.tape.length - MAX_TAPE);
  }

  /** An arbitrage signal (opportunity or withdrawal). */
  onArbitrage(signal: ArbitrageSignal): void {
    const opportunity = signal.type === 'opportunity' ? signal : signal.opportunity;
    const base = parseSymbol(opportunity.buySymbol).base;
    const row = this.arbitrage.find((r) => r.base === base);
    if (!row) return;
    if (signal.type === 'closed') {
      row.open = undefined;
      row.lastClosed = signal;
      row.closed++;
      return;
    }
    const samePair = row.open !== undefined && row.open.buyExchange === signal.buyExchange && row.open.sellExchange === signal.sellExchange;
    if (!samePair) {
      row.openedAt = signal.localTimestamp;
      row.opened++;
    }
    row.open = signal;
  }

  /** A latency report of one exchange; also yields its message rate. */
  onLatency(stats: LatencyStats): void {
    const row = this.venueIndex.get(stats.exchange);
    if (!row) return;
    row.p50 = stats.p50;
    row.p99 = stats.p99;
    if (Number.isFinite(row.previousAt) && stats.timestamp > row.previousAt) {
      row.rate = ((stats.total - row.previousTotal) * 1000) / (stats.timestamp - row.previousAt);
    }
    row.previousTotal = stats.total;
    row.previousAt = stats.timestamp;
  }

  /** A lifecycle/resync/error event of any exchange. */
  onExchangeEvent(event: ExchangeEvent): void {
    const row = this.venueIndex.get(event.exchange);
    if (!row) return;
    switch (event.type) {
      case 'open':
        row.status = 'open';
        break;
      case 'close':
        row.status = 'closed';
        break;
      case 'reconnect':
        row.status = 'reconnecting';
        row.reconnects++;
        break;
      case 'resync':
        row.resyncs++;
        break;
      case 'error':
        row.errors++;
        break;
      default:
        break;
    }
    const line = exchangeEventLine(event);
    if (line !== undefined) this.note(line);
    if (this.faults.length === 0) return;
    const now = this.now();
    for (const fault of this.faults) fault.onExchangeEvent(event, now);
  }

  /** The demo injected `kind` into `exchange`'s simulator. */
  onFaultInjected(exchange: ExchangeId, kind: FaultKind, symbol: string): FaultRecord {
    const symbols = this.markets.filter((m) => m.exchange === exchange).map((m) => m.symbol);
    const record = new FaultRecord(exchange, kind, symbol, this.now(), symbols, () => this.faultsRecovered++);
    this.faultsInjected++;
    this.faults.push(record);
    if (this.faults.length > MAX_FAULTS) this.faults.shift();
    return record;
  }

  /** Adds a line to the event log. */
  note(text: string): void {
    this.log.push({ at: this.now(), text });
    if (this.log.length > MAX_LOG) this.log.shift();
  }
}
