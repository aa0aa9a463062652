import { EXCHANGES } from '../../lib/cli/exchanges/exchange-registry';
import type { ExchangeEntry } from '../../lib/cli/exchanges/exchange-entry';
import { binanceEntry } from '../../lib/cli/exchanges/binance-entry';
import { runCli } from '../../lib/cli/run-cli';
import { testIo, trackedRegistry } from './cli-test-io';

/** Parses every stdout line as JSON (fails the test on a non-JSON line). */
function ndjson(lines: readonly string[]): Record<string, unknown>[] {
  return lines.map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('runCli subcommands against the embedded simulators', () => {
  it('ticker --json: one parseable Ticker per line, for every requested symbol on one client', async () => {
    const tracked = trackedRegistry(EXCHANGES);
    const io = testIo();
    const code = await runCli(['ticker', 'binance', 'BTC/USDT', 'eth/usdt', '--json', '--limit', '4'], io, tracked.registry);
    expect(io.stderrText()).toBe('');
    expect(code).toBe(0);
    const tickers = ndjson(io.stdoutLines());
    expect(tickers).toHaveLength(4);
    for (const t of tickers) {
      expect(t).toMatchObject({ type: 'ticker', exchange: 'binance' });
      expect(['BTC/USDT', 'ETH/USDT']).toContain(t.symbol);
      expect(t.ask as number).toBeGreaterThan(t.bid as number);
    }
    expect(new Set(tickers.map((t) => t.symbol)).size).toBe(2);
    expect(tracked.started).toEqual([{ exchange: 'binance', stopped: true }]);
  });

  it('trades: human lines by default, NDJSON Trades with --json (coinbase)', async () => {
    const human = testIo();
    expect(await runCli(['trades', 'coinbase', 'BTC/USD', '--limit', '2'], human)).toBe(0);
    expect(human.stdoutLines()).toHaveLength(2);
    for (const line of human.stdoutLines()) expect(line).toMatch(/^\d\d:\d\d:\d\d\.\d{3} coinbase BTC\/USD (BUY |SELL) \d+\.\d{4} @ \d+\.\d{2}  #\S+$/);

    const json = testIo();
    expect(await runCli(['trades', 'coinbase', '--json', '--limit', '3'], json)).toBe(0);
    const trades = ndjson(json.stdoutLines());
    expect(trades).toHaveLength(3);
    for (const t of trades) expect(t).toMatchObject({ type: 'trade', exchange: 'coinbase', symbol: 'BTC/USD' });
  });

  it('book --json: verified order book states with the requested depth (kraken)', async () => {
    const io = testIo();
    expect(await runCli(['book', 'kraken', 'ETH/USD', '--depth', '3', '--json', '--limit', '3'], io)).toBe(0);
    const states = ndjson(io.stdoutLines());
    expect(states).toHaveLength(3);
    for (const s of states) {
      expect(s).toMatchObject({ type: 'book', exchange: 'kraken', symbol: 'ETH/USD' });
      const bids = s.bids as [number, number][];
      const asks = s.asks as [number, number][];
      expect(bids).toHaveLength(3);
      expect(asks).toHaveLength(3);
      expect(bids[0]![0]).toBeLessThan(asks[0]![0]); // never crossed
      expect(bids[0]![0]).toBeGreaterThan(bids[2]![0]); // best first
    }
  });

  it('book --depth beyond the exchange default asks the exchange for enough levels (kraken 25, a valid Kraken depth)', async () => {
    const io = testIo();
    expect(await runCli(['book', 'kraken', 'BTC/USD', '--depth', '25', '--json', '--limit', '1'], io)).toBe(0);
    const [state] = ndjson(io.stdoutLines());
    expect((state!.bids as unknown[]).length).toBe(25);
    expect((state!.asks as unknown[]).length).toBe(25);
  });

  it('book on a terminal: a ladder repainted in place, cursor restored at the end', async () => {
    const io = testIo({ columns: 100, rows: 30 });
    expect(await runCli(['book', 'binance', '--depth', '4', '--limit', '2'], io)).toBe(0);
    const text = io.stdoutText();
    expect(text.startsWith('\x1b[?25l\x1b[2J')).toBe(true);
    expect(text.split('\x1b[H')).toHaveLength(3); // two frames, each from the top
    expect(text).toContain('binance BTC/USDT order book');
    expect(text.endsWith('\x1b[?25h')).toBe(true);
  });

  it('book piped: plain top-of-book lines', async () => {
    const io = testIo();
    expect(await runCli(['book', 'binance', 'ETH/USDT', '--limit', '2'], io)).toBe(0);
    for (const line of io.stdoutLines()) expect(line).toMatch(/ binance ETH\/USDT bid \S+ @ \S+ \| ask \S+ @ \S+  spread /);
    expect(io.stdoutText()).not.toContain('\x1b[');
  });

  it('arb --json: opportunities/withdrawals over the explicit mapping, all three simulators stopped after', async () => {
    const tracked = trackedRegistry(EXCHANGES);
    const io = testIo();
    const argv = ['arb', 'binance:BTC/USDT', 'coinbase:BTC/USD', 'kraken:BTC/USD', '--json', '--limit', '2', '--duration', '20'];
    expect(await runCli(argv, io, tracked.registry)).toBe(0);
    const signals = ndjson(io.stdoutLines());
    expect(signals.length).toBeGreaterThanOrEqual(1);
    for (const s of signals) {
      const o = (s.type === 'closed' ? s.opportunity : s) as Record<string, unknown>;
      expect(['opportunity', 'closed']).toContain(s.type);
      expect(o.sellPrice as number).toBeGreaterThan(o.buyPrice as number);
      expect(o.buyExchange).not.toBe(o.sellExchange);
      expect(['BTC/USDT', 'BTC/USD']).toContain(o.buySymbol);
    }
    expect(tracked.started.map((s) => s.exchange).sort()).toEqual(['binance', 'coinbase', 'kraken']);
    expect(tracked.started.every((s) => s.stopped)).toBe(true);
  });

  it('Ctrl-C (the abort signal) ends a stream run with exit code 0 and stops its simulator', async () => {
    const tracked = trackedRegistry(EXCHANGES);
    const io = testIo();
    const run = runCli(['trades', 'binance'], io, tracked.registry);
    const firstLine = new Promise<void>((resolve) => {
      const check = setInterval(() => io.stdoutLines().length > 0 && (clearInterval(check), resolve()), 10);
    });
    await firstLine;
    io.controller.abort();
    expect(await run).toBe(0);
    expect(tracked.started).toEqual([{ exchange: 'binance', stopped: true }]);
  });

  it('--live that cannot connect fails with one clear line and exit code 1 (no real exchange contacted)', async () => {
    // A "live" endpoint on 127.0.0.1 where nothing listens stands in for an unreachable exchange.
    const unreachable = 'ws://127.0.0.1:1';
    const offline: ExchangeEntry = { ...binanceEntry, liveUrl: unreachable, client: (options = {}) => binanceEntry.client({ ...options, wsUrl: unreachable }) };
    const io = testIo();
    const code = await runCli(['ticker', 'binance', 'BTC/USDT', '--live'], io, [offline]);
    expect(code).toBe(1);
    expect(io.stdoutText()).toBe('');
    expect(io.stderrText()).toMatch(/^rxmarket: cannot reach binance at ws:\/\/127\.0\.0\.1:1: .+ \(offline\? without --live the embedded simulator is used\)\n$/);
  });
});
