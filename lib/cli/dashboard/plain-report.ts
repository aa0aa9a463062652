import { formatDelta, formatMs, formatPct, formatPrice, formatSize } from '../format/numbers';
import { fundingText } from './render-screen';
import type { DashboardModel, LogEntry } from './dashboard-model';
import type { FaultRecord } from './fault-record';

/**
 * The dashboard for a non-terminal stdout (a pipe, a file, CI logs): every call to {@link report}
 * returns plain lines, prefixed with the uptime: one per market, one per arbitrage group, one per
 * venue, plus one per fault whose state changed since the previous report.
 *
 * @example
 * ```ts
 * const plain = new PlainReport(model);
 * setInterval(() => process.stdout.write(plain.report().join('\n') + '\n'), 2_000);
 * // [   2.0s] market binance BTC/USDT bid 65000.12 x 0.5000 ask 65000.13 x 0.3000 spread 0.01 last BUY 0.0123 @ 65000.13
 * ```
 */
export class PlainReport {
  private readonly printed = new WeakMap<FaultRecord, string>();
  private readonly printedNotes = new WeakSet<LogEntry>();

  constructor(private readonly model: DashboardModel) {}

  /** The lines of one periodic report. */
  report(): string[] {
    const model = this.model;
    const now = model.now();
    const at = `[${model.uptime.toFixed(1).padStart(6)}s]`;
    const lines: string[] = [];
    for (const row of model.markets) {
      const t = row.lastTrade;
      lines.push(
        `${at} market ${row.exchange} ${row.symbol} bid ${formatPrice(row.bid)} x ${formatSize(row.bidSize)} ask ${formatPrice(row.ask)} x ${formatSize(row.askSize)}` +
          ` spread ${formatDelta(row.ask - row.bid)} last ${t ? `${t.side.toUpperCase()} ${formatSize(t.amount)} @ ${formatPrice(t.price)}` : '-'}` +
          (row.derivative ? ` ${fundingText(row)}` : ''),
      );
    }
    for (const row of model.arbitrage) {
      const o = row.open;
      lines.push(
        o
          ? `${at} arb    ${row.base} buy ${o.buyExchange} ${o.buySymbol} @ ${formatPrice(o.buyPrice)} sell ${o.sellExchange} ${o.sellSymbol} @ ${formatPrice(o.sellPrice)}` +
              ` size ${formatSize(o.size)} net ${formatPct(o.netSpreadPct, 4)} (opened ${row.opened}, closed ${row.closed})`
          : `${at} arb    ${row.base} none (opened ${row.opened}, closed ${row.closed})`,
      );
    }
    for (const v of model.venues) {
      lines.push(
        `${at} venue  ${v.exchange} ${v.status} ${Number.isFinite(v.rate) ? v.rate.toFixed(0) : '-'} msg/s p50 ${formatMs(v.p50)} ms p99 ${formatMs(v.p99)} ms` +
          ` reconnects ${v.reconnects} resyncs ${v.resyncs} errors ${v.errors}`,
      );
    }
    for (const fault of model.faults) {
      const state = fault.recoveredAt !== undefined ? 'recovered' : fault.detectedAt !== undefined ? 'detected' : 'injected';
      if (this.printed.get(fault) === state) continue;
      this.printed.set(fault, state);
      const detail =
        state === 'recovered'
          ? `recovered in ${((fault.recoveredAt! - fault.injectedAt) / 1000).toFixed(2)} s (${fault.story.join(' → ')})`
          : state === 'detected'
            ? `detected (${fault.story.join(' → ')}), recovering`
            : `injected ${((now - fault.injectedAt) / 1000).toFixed(1)} s ago`;
      lines.push(`${at} fault  ${fault.exchange} ${fault.kind} on ${fault.symbol}: ${detail}`);
    }
    for (const entry of model.log) {
      if (this.printedNotes.has(entry)) continue;
      this.printedNotes.add(entry);
      lines.push(`${at} event  ${entry.text}`);
    }
    return lines;
  }
}
