import { formatClock, formatDelta, formatMs, formatPct, formatPrice, formatSize } from '../format/numbers';
import type { DashboardModel, MarketRow } from './dashboard-model';
import type { FaultRecord } from './fault-record';
import { cell, type ScreenLine } from './screen-line';

/**
 * Static facts the screen states: the explicit arbitrage mapping, fees and the fault schedule.
 *
 * @example
 * ```ts
 * const info: ScreenInfo = { mapping: 'BTC/USDT@binance = BTC/USD@coinbase', feesNote: 'taker fees 0', faultEverySeconds: 5, faultKinds: ['disconnect', 'gap'] };
 * ```
 */
export interface ScreenInfo {
  /** The explicit cross-quote mapping, as shown to the user (one line). */
  readonly mapping: string;
  readonly feesNote: string;
  /** `0` when fault injection is off. */
  readonly faultEverySeconds: number;
  readonly faultKinds: readonly string[];
  /** Where the web dashboard is served, if it is. */
  readonly webUrl?: string;
}

/**
 * Renders the whole dashboard as lines (no escape codes): markets, arbitrage, venue health,
 * injected faults with their recovery, and the event log.
 *
 * @example
 * ```ts
 * for (const line of renderScreen(model, info)) console.log(line.text);
 * ```
 */
export function renderScreen(model: DashboardModel, info: ScreenInfo): ScreenLine[] {
  const now = model.now();
  const exchanges = model.venues.length;
  // name columns fit the longest exchange and symbol (e.g. binanceFutures, BTC/USDT:USDT); at least 10
  const ew = Math.max(10, ...model.venues.map((v) => v.exchange.length + 1));
  const sw = Math.max(10, ...model.markets.map((m) => m.symbol.length + 1));
  const lines: ScreenLine[] = [
    {
      text: `rxmarket demo · ${exchanges} exchange${exchanges === 1 ? '' : 's'} on embedded simulators (127.0.0.1) · ${info.webUrl ? `web ${info.webUrl} · ` : ''}up ${model.uptime.toFixed(1)} s · Ctrl-C to quit`,
      style: 'bold',
    },
    { text: '' },
    { text: `${cell('MARKETS', -(ew + sw))}${cell('bid', 10)}${cell('size', 10)}${cell('ask', 14)}${cell('size', 10)}${cell('spread', 10)}${cell('bps', 6)}   last trade`, style: 'bold' },
  ];
  for (const row of model.markets) lines.push({ text: marketLine(row, ew, sw) });

  lines.push({ text: '' }, { text: `ARBITRAGE  ${info.feesNote}`, style: 'bold' }, { text: info.mapping, style: 'dim' });
  for (const row of model.arbitrage) {
    const counts = `(opened ${row.opened}, closed ${row.closed})`;
    if (row.open) {
      const o = row.open;
      lines.push({
        text:
          `${cell(row.base, -5)} buy ${cell(o.buyExchange, 2 - ew)} @ ${cell(formatPrice(o.buyPrice), 10)} → sell ${cell(o.sellExchange, 2 - ew)} @ ${cell(formatPrice(o.sellPrice), 10)}` +
          `  size ${formatSize(o.size)}  net ${formatDelta(o.netSpread)} (${formatPct(o.netSpreadPct, 4)})  open ${((now - row.openedAt) / 1000).toFixed(1)} s  ${counts}`,
        style: 'green',
      });
    } else {
      const last = row.lastClosed;
      const tail = last
        ? `last: buy ${last.opportunity.buyExchange} → sell ${last.opportunity.sellExchange}, closed ${((now - last.localTimestamp) / 1000).toFixed(1)} s ago (${last.reason})`
        : 'no crossed quotes yet';
      lines.push({ text: `${cell(row.base, -5)} none   ${tail}  ${counts}`, style: 'dim' });
    }
  }

  lines.push(
    { text: '' },
    { text: `${cell('VENUES', -ew)}${cell('status', 14)}${cell('msg/s', 9)}${cell('p50 ms', 9)}${cell('p99 ms', 9)}${cell('reconnects', 12)}${cell('resyncs', 9)}${cell('errors', 8)}`, style: 'bold' },
  );
  for (const v of model.venues) {
    lines.push({
      text:
        `${cell(v.exchange, -ew)}${cell(v.status, 14)}${cell(Number.isFinite(v.rate) ? v.rate.toFixed(0) : '-', 9)}${cell(formatMs(v.p50), 9)}${cell(formatMs(v.p99), 9)}` +
        `${cell(String(v.reconnects), 12)}${cell(String(v.resyncs), 9)}${cell(String(v.errors), 8)}`,
      ...(v.status === 'open' ? {} : { style: 'yellow' as const }),
    });
  }

  lines.push({ text: '' });
  lines.push({
    text:
      info.faultEverySeconds > 0
        ? `FAULTS  one every ${info.faultEverySeconds} s, rotating ${info.faultKinds.join(' → ')}`
        : 'FAULTS  injection off (--fault-every 0)',
    style: 'bold',
  });
  for (const fault of model.faults) lines.push(faultLine(fault, now, ew - 1));
  if (model.log.length > 0) {
    lines.push({ text: '' }, { text: 'EVENTS  as reported on client.events$', style: 'bold' });
    for (const entry of model.log) lines.push({ text: `${formatClock(entry.at).slice(0, 8)}  ${entry.text}`, style: 'dim' });
  }
  return lines;
}

function marketLine(row: MarketRow, exchangeWidth: number, symbolWidth: number): string {
  const spread = row.ask - row.bid;
  const bps = (spread / ((row.ask + row.bid) / 2)) * 10_000;
  const trade = row.lastTrade;
  const last = trade ? `${trade.side.toUpperCase().padEnd(4)} ${formatSize(trade.amount)} @ ${formatPrice(trade.price)}` : '-';
  const funding = fundingText(row);
  return (
    `${cell(row.exchange, -exchangeWidth)}${cell(row.symbol, -symbolWidth)}${cell(formatPrice(row.bid), 10)}${cell(formatSize(row.bidSize), 10)}` +
    `${cell(formatPrice(row.ask), 14)}${cell(formatSize(row.askSize), 10)}${cell(formatDelta(spread), 10)}${cell(Number.isFinite(bps) ? bps.toFixed(2) : '-', 6)}   ${last}${funding ? `   ${funding}` : ''}`
  );
}

/**
 * `funding +0.0100% mark 65001.20` for a perpetual with derivative data; `''` otherwise.
 *
 * @example
 * ```ts
 * fundingText(row); // 'funding +0.0100% mark 65001.20'
 * ```
 */
export function fundingText(row: MarketRow): string {
  const d = row.derivative;
  if (!d) return '';
  const rate = d.fundingRate === undefined ? '-' : formatPct(d.fundingRate * 100, 4);
  return `funding ${rate}${d.markPrice === undefined ? '' : ` mark ${formatPrice(d.markPrice)}`}`;
}

/**
 * One line telling an injected fault's story: injected → detected → recovered (the exchange name in
 * `exchangeWidth` columns).
 *
 * @example
 * ```ts
 * faultLine(record, Date.now()).text; // '14:03:01  binance   disconnect  recovered in 0.12 s   closed → transport error → reconnect → resync reconnect'
 * ```
 */
export function faultLine(fault: FaultRecord, now: number, exchangeWidth = 9): ScreenLine {
  const head = `${formatClock(fault.injectedAt).slice(0, 8)}  ${cell(fault.exchange, -exchangeWidth)} ${cell(fault.kind, -11)}`;
  const story = fault.story.length > 0 ? fault.story.join(' → ') : 'not noticed yet';
  if (fault.recoveredAt !== undefined) {
    return { text: `${head} recovered in ${((fault.recoveredAt - fault.injectedAt) / 1000).toFixed(2)} s   ${story}`, style: 'green' };
  }
  return { text: `${head} recovering… ${((now - fault.injectedAt) / 1000).toFixed(1)} s   ${story}`, style: 'yellow' };
}
