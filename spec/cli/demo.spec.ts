import { EXCHANGES } from '../../lib/cli/exchanges/exchange-registry';
import { runCli } from '../../lib/cli/run-cli';
import { testIo, trackedRegistry, waitUntil } from './cli-test-io';

describe('rxmarket demo', () => {
  it('piped: plain periodic lines for every exchange, faults injected and recovered, ends after --duration and closes everything', async () => {
    const tracked = trackedRegistry(EXCHANGES);
    const io = testIo();
    const code = await runCli(['demo', '--duration', '4.5', '--fault-every', '1'], io, tracked.registry);
    expect(io.stderrText()).toBe('');
    expect(code).toBe(0);
    const lines = io.stdoutLines();
    expect(io.stdoutText()).not.toContain('\x1b[');
    const venues = EXCHANGES.map((e) => e.id);
    expect(lines[0]).toBe(`rxmarket demo: starting simulators of ${venues.join(', ')} on 127.0.0.1 …`);
    expect(lines[1]).toContain('BTC/USDT@binance = BTC/USD@coinbase = BTC/USD@kraken');
    for (const market of EXCHANGES.flatMap((e) => e.demoSymbols.map((symbol) => `${e.id} ${symbol}`))) {
      expect(lines.some((l) => new RegExp(`^\\[ +\\d+\\.\\ds\\] market ${market.replace('/', '\\/')} bid \\d`).test(l))).toBe(true);
    }
    for (const venue of venues) expect(lines.some((l) => l.includes(`] venue  ${venue} `))).toBe(true);
    expect(lines.some((l) => /\] arb    BTC /.test(l))).toBe(true);
    expect(lines.some((l) => /\] fault  binance disconnect on BTC\/USDT: (injected|detected|recovered)/.test(l))).toBe(true);
    expect(lines.some((l) => /\] fault  \w+ \w+ on \S+: recovered in \d+\.\d\d s \(/.test(l))).toBe(true);
    expect(lines[lines.length - 1]).toMatch(/^rxmarket demo: stopped after \d+\.\d s; \d+ faults injected, \d+ recovered; every socket and simulator closed$/);
    expect(tracked.started.map((s) => s.exchange)).toEqual(venues);
    expect(tracked.started.every((s) => s.stopped)).toBe(true);
  });

  it('on a terminal: repaints the dashboard in place until Ctrl-C, then restores the cursor and exits 0', async () => {
    const tracked = trackedRegistry(EXCHANGES);
    const io = testIo({ columns: 150, rows: 45 });
    const run = runCli(['demo', '--fault-every', '0'], io, tracked.registry);
    await waitUntil(() => /kraken {4}ETH\/USD +\d/.test(io.stdoutText()), 'a painted kraken ETH/USD row with prices');
    io.controller.abort();
    expect(await run).toBe(0);
    const text = io.stdoutText();
    expect(text.startsWith('\x1b[?25l\x1b[2J')).toBe(true);
    expect(text.split('\x1b[H').length).toBeGreaterThan(2);
    for (const heading of ['MARKETS', 'ARBITRAGE', 'VENUES', 'FAULTS  injection off']) expect(text).toContain(heading);
    expect(text).toContain('\x1b[?25h');
    expect(text).toMatch(/rxmarket demo: stopped after \d+\.\d s; 0 faults injected, 0 recovered; every socket and simulator closed\n$/);
    expect(tracked.started.every((s) => s.stopped)).toBe(true);
    // no painted line is wider than the terminal
    const plain = text.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '');
    for (const line of plain.split('\n')) expect(line.length).toBeLessThanOrEqual(150);
  });
});
