import type { DashboardModel } from '../cli/dashboard/dashboard-model';
import type { BookLevel } from '../model/book-event';
import type { ExchangeId } from '../model/exchange-id';
import type { ArbitrageOpportunity } from '../operators/arbitrage-signal';
import type { HistoryPoint } from './price-history';

/**
 * One market as the web page shows it: the verified top 10 per side (best first), the last trade.
 *
 * @example
 * ```ts
 * const market: WebMarket = { key: 'binance BTC/USDT', exchange: 'binance', symbol: 'BTC/USDT', bids: [[65000.1, 0.5]], asks: [[65000.2, 0.3]], bookAt: 1786309548210.5, lastTrade: undefined };
 * ```
 */
export interface WebMarket {
  readonly key: string;
  readonly exchange: ExchangeId;
  readonly symbol: string;
  readonly bids: readonly BookLevel[];
  readonly asks: readonly BookLevel[];
  /** Receipt time of the book state shown (epoch ms). */
  readonly bookAt: number | null;
  readonly lastTrade: { readonly side: string; readonly price: number; readonly amount: number; readonly timestamp: number } | undefined;
  /** A perpetual's funding rate (fraction per interval) and mark price; `null` for spot or not known yet. */
  readonly funding: { readonly rate: number | null; readonly markPrice: number | null; readonly nextFundingTime: number | null } | null;
}

/**
 * One venue's health: connection status, message rate, latency p50/p99 (ms), reconnects, resyncs, errors.
 *
 * @example
 * ```ts
 * const venue: WebVenue = { exchange: 'kraken', status: 'open', rate: 47, p50: 1.2, p99: 8, reconnects: 0, resyncs: 1, errors: 0 };
 * ```
 */
export interface WebVenue {
  readonly exchange: ExchangeId;
  readonly status: string;
  readonly rate: number | null;
  readonly p50: number | null;
  readonly p99: number | null;
  readonly reconnects: number;
  readonly resyncs: number;
  readonly errors: number;
}

/**
 * What the page receives on its live connection, at most once per rendered frame: the state of
 * every panel, and the price history points it has not seen yet.
 *
 * @example
 * ```ts
 * socket.onmessage = (m) => render(JSON.parse(m.data) as WebFrame);
 * ```
 */
export interface WebFrame {
  readonly type: 'frame';
  /** Server time, epoch ms. */
  readonly now: number;
  readonly uptime: number;
  readonly mapping: string;
  readonly markets: readonly WebMarket[];
  readonly venues: readonly WebVenue[];
  readonly arbitrage: readonly {
    readonly base: string;
    readonly open: ArbitrageOpportunity | null;
    readonly openedAt: number | null;
    readonly opened: number;
    readonly closed: number;
    readonly lastClosedReason: string | null;
  }[];
  readonly faults: readonly {
    readonly exchange: ExchangeId;
    readonly kind: string;
    readonly symbol: string;
    readonly injectedAt: number;
    /** Seconds from injection to a whole book again; `null` while pending. */
    readonly recoverySeconds: number | null;
    readonly story: readonly string[];
  }[];
  readonly faultKinds: Readonly<Partial<Record<ExchangeId, readonly string[]>>>;
  readonly faultsInjected: number;
  readonly faultsRecovered: number;
  readonly tape: readonly { readonly exchange: ExchangeId; readonly symbol: string; readonly side: string; readonly price: number; readonly amount: number; readonly timestamp: number }[];
  /** New price history points per market key since the previous frame of this connection. */
  readonly history: Readonly<Record<string, readonly HistoryPoint[]>>;
}

/** `null` for what JSON cannot carry (NaN, ±Infinity). */
const finite = (value: number): number | null => (Number.isFinite(value) ? value : null);

/**
 * Builds one {@link WebFrame} from the dashboard model (plain data, JSON-ready).
 *
 * @example
 * ```ts
 * socket.send(JSON.stringify(webFrame(model, info.mapping, faults, history.since(cursor).points)));
 * ```
 */
export function webFrame(
  model: DashboardModel,
  mapping: string,
  faultKinds: WebFrame['faultKinds'],
  history: Readonly<Record<string, readonly HistoryPoint[]>>,
): WebFrame {
  return {
    type: 'frame',
    now: model.now(),
    uptime: model.uptime,
    mapping,
    markets: model.markets.map((row) => ({
      key: `${row.exchange} ${row.symbol}`,
      exchange: row.exchange,
      symbol: row.symbol,
      bids: row.book?.bids ?? [],
      asks: row.book?.asks ?? [],
      bookAt: row.book ? row.book.localTimestamp : null,
      lastTrade: row.lastTrade && { side: row.lastTrade.side, price: row.lastTrade.price, amount: row.lastTrade.amount, timestamp: row.lastTrade.timestamp },
      funding: row.derivative
        ? { rate: row.derivative.fundingRate ?? null, markPrice: row.derivative.markPrice ?? null, nextFundingTime: row.derivative.nextFundingTime ?? null }
        : null,
    })),
    venues: model.venues.map((v) => ({
      exchange: v.exchange,
      status: v.status,
      rate: finite(v.rate),
      p50: finite(v.p50),
      p99: finite(v.p99),
      reconnects: v.reconnects,
      resyncs: v.resyncs,
      errors: v.errors,
    })),
    arbitrage: model.arbitrage.map((row) => ({
      base: row.base,
      open: row.open ?? null,
      openedAt: finite(row.openedAt),
      opened: row.opened,
      closed: row.closed,
      lastClosedReason: row.lastClosed?.reason ?? null,
    })),
    faults: model.faults.map((f) => ({
      exchange: f.exchange,
      kind: f.kind,
      symbol: f.symbol,
      injectedAt: f.injectedAt,
      recoverySeconds: f.recoveredAt === undefined ? null : (f.recoveredAt - f.injectedAt) / 1000,
      story: f.story,
    })),
    faultKinds,
    faultsInjected: model.faultsInjected,
    faultsRecovered: model.faultsRecovered,
    tape: model.tape.map((t) => ({ exchange: t.exchange, symbol: t.symbol, side: t.side, price: t.price, amount: t.amount, timestamp: t.timestamp })),
    history,
  };
}
