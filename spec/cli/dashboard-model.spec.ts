import { DashboardModel } from '../../lib/cli/dashboard/dashboard-model';
import { PlainReport } from '../../lib/cli/dashboard/plain-report';
import { renderScreen } from '../../lib/cli/dashboard/render-screen';
import type { ArbitrageOpportunity } from '../../lib/operators/arbitrage-signal';
import type { LatencyStats } from '../../lib/operators/latency-stats';

const summary = { count: 10, min: 1, p50: 2, p90: 3, p99: 4, max: 5, mean: 2.5 };
const stats = (total: number, timestamp: number): LatencyStats => ({ exchange: 'binance', window: 10_000, total, timestamp, ...summary, processing: summary });
const opportunity = (buyExchange: 'coinbase' | 'kraken', localTimestamp: number): ArbitrageOpportunity => ({
  type: 'opportunity', buyExchange, sellExchange: 'binance', symbol: 'BTC/USD~BTC/USDT', buySymbol: 'BTC/USD', sellSymbol: 'BTC/USDT',
  buyPrice: 100, sellPrice: 101, size: 2, spread: 1, spreadPct: 1, netSpread: 1, netSpreadPct: 1, profit: 2, timestamp: 1, localTimestamp,
});

describe('DashboardModel', () => {
  let clock = 0;
  const model = (): DashboardModel =>
    new DashboardModel(
      [
        { exchange: 'binance', symbol: 'BTC/USDT' },
        { exchange: 'coinbase', symbol: 'BTC/USD' },
      ],
      () => clock,
    );

  it('derives the message rate from latency() totals and keeps p50/p99', () => {
    const m = model();
    m.onLatency(stats(100, 1_000));
    expect(m.venues[0]!.rate).toBeNaN(); // one report: no rate yet
    m.onLatency(stats(150, 2_000));
    expect(m.venues[0]).toMatchObject({ rate: 50, p50: 2, p99: 4 });
  });

  it('counts reconnects, resyncs and errors per venue and tracks its status', () => {
    const m = model();
    m.onExchangeEvent({ type: 'open', exchange: 'coinbase', connection: 1, url: 'ws://x', timestamp: 1 });
    m.onExchangeEvent({ type: 'reconnect', exchange: 'coinbase', connection: 1, attempt: 1, delay: 5, timestamp: 2 });
    m.onExchangeEvent({ type: 'resync', exchange: 'coinbase', symbol: 'BTC/USD', reason: 'gap', timestamp: 3 });
    m.onExchangeEvent({ type: 'error', exchange: 'coinbase', kind: 'decode', message: 'x', timestamp: 4 });
    expect(m.venues[1]).toMatchObject({ status: 'reconnecting', reconnects: 1, resyncs: 1, errors: 1 });
    expect(m.venues[0]).toMatchObject({ status: 'connecting', reconnects: 0 });
    expect(m.log.map((e) => e.text)).toEqual(['coinbase: reconnecting (attempt 1, in 5 ms)', 'coinbase: resync BTC/USD (gap)', 'coinbase: decode error: x']);
  });

  it('tracks the open arbitrage per base asset: a new pair counts as opened, a price change does not', () => {
    const m = model();
    m.onArbitrage(opportunity('coinbase', 10));
    m.onArbitrage({ ...opportunity('coinbase', 20), buyPrice: 99 });
    expect(m.arbitrage[0]).toMatchObject({ base: 'BTC', opened: 1, openedAt: 10 });
    m.onArbitrage(opportunity('kraken', 30));
    expect(m.arbitrage[0]).toMatchObject({ opened: 2, openedAt: 30 });
    m.onArbitrage({ type: 'closed', symbol: 'x', reason: 'stale', opportunity: opportunity('kraken', 30), localTimestamp: 40 });
    expect(m.arbitrage[0]!.open).toBeUndefined();
    expect(m.arbitrage[0]!.closed).toBe(1);
  });

  it('renders book states and trades into the screen and the plain report', () => {
    clock = 5_000;
    const m = model();
    m.onBookState({ exchange: 'binance', symbol: 'BTC/USDT', bids: [[64999.5, 0.25]], asks: [[65000.5, 0.5]], timestamp: 1, localTimestamp: 2 });
    m.onTrades([{ type: 'trade', exchange: 'binance', symbol: 'BTC/USDT', id: '7', price: 65000.5, amount: 0.01, side: 'buy', timestamp: 1, localTimestamp: 2 }]);
    const screen = renderScreen(m, { mapping: 'BTC/USDT@binance = BTC/USD@coinbase', feesNote: 'fees 0', faultEverySeconds: 5, faultKinds: ['disconnect'] }).map((l) => l.text);
    expect(screen.find((l) => l.startsWith('binance   BTC/USDT'))).toMatch(/64999\.50 +0\.2500 +65000\.50 +0\.5000 +1\.00 +0\.15 +BUY  0\.0100 @ 65000\.50$/);
    expect(screen.find((l) => l.startsWith('coinbase  BTC/USD'))).toMatch(/ - +- +- +- +- +- +-$/);
    expect(screen).toContain('BTC/USDT@binance = BTC/USD@coinbase');
    const plain = new PlainReport(m).report();
    expect(plain[0]).toBe('[   0.0s] market binance BTC/USDT bid 64999.50 x 0.2500 ask 65000.50 x 0.5000 spread 1.00 last BUY 0.0100 @ 65000.50');
  });

  it('the plain report prints a fault once per state change', () => {
    const m = model();
    const plain = new PlainReport(m);
    m.onFaultInjected('binance', 'gap', 'BTC/USDT');
    expect(plain.report().filter((l) => l.includes('fault'))).toEqual([expect.stringContaining('fault  binance gap on BTC/USDT: injected')]);
    expect(plain.report().filter((l) => l.includes('fault'))).toEqual([]);
    m.onExchangeEvent({ type: 'resync', exchange: 'binance', symbol: 'BTC/USDT', reason: 'gap', timestamp: 1 });
    m.onBookEvent({ type: 'snapshot', exchange: 'binance', symbol: 'BTC/USDT', bids: [], asks: [], timestamp: 1, localTimestamp: 1 });
    expect(plain.report().filter((l) => l.includes('fault'))).toEqual([expect.stringMatching(/fault  binance gap on BTC\/USDT: recovered in 0\.00 s \(resync gap\)$/)]);
    expect(m.faultsInjected).toBe(1);
    expect(m.faultsRecovered).toBe(1);
  });
});

describe('renderScreen column widths', () => {
  it('widens the name columns to the longest exchange and symbol, so every row stays aligned under its header', () => {
    const m = new DashboardModel([
      { exchange: 'kraken', symbol: 'BTC/USD' },
      { exchange: 'binanceFutures', symbol: 'BTC/USDT:USDT' },
    ]);
    m.onBookState({ exchange: 'kraken', symbol: 'BTC/USD', bids: [[65000.1, 1]], asks: [[65000.2, 1]], timestamp: 1, localTimestamp: 1 });
    m.onBookState({ exchange: 'binanceFutures', symbol: 'BTC/USDT:USDT', bids: [[64999.9, 1]], asks: [[65000, 1]], timestamp: 1, localTimestamp: 1 });
    const lines = renderScreen(m, { mapping: 'x', feesNote: 'y', faultEverySeconds: 0, faultKinds: [] }).map((l) => l.text);
    const header = lines.find((l) => l.startsWith('MARKETS'))!;
    const bidEnd = header.indexOf('bid') + 3;
    const rows = lines.slice(lines.indexOf(header) + 1, lines.indexOf(header) + 3);
    expect(rows).toHaveLength(2);
    expect(rows.map((row) => [row.slice(0, 15), row.slice(15, 29), row.slice(bidEnd - 8, bidEnd)])).toEqual([
      ['kraken         ', 'BTC/USD       ', '65000.10'],
      ['binanceFutures ', 'BTC/USDT:USDT ', '64999.90'],
    ]);
    const venues = lines.slice(lines.findIndex((l) => l.startsWith('VENUES')));
    expect(venues[0]!.indexOf('status') + 6).toBe(venues.find((l) => l.startsWith('binanceFutures'))!.indexOf('connecting') + 'connecting'.length);
  });
});
