import { EXCHANGES } from '../../lib/cli/exchanges/exchange-registry';
import { runCli } from '../../lib/cli/run-cli';
import { testIo, trackedRegistry, waitUntil } from './cli-test-io';

describe('rxmarket demo', () => {
  it('piped: plain periodic lines for every exchange, faults injected and recovered, ends after --duration and closes everything', async () => {
    const tracked = trackedRegistry(EXCHANGES);
    const io = testIo();
    const code = await runCli(['demo', '--duration', '4.5', '--fault-every', '1', '--port', '0'], io, tracked.registry);
    expect(io.stderrText()).toBe('');
    expect(code).toBe(0);
    const lines = io.stdoutLines();
    expect(io.stdoutText()).not.toContain('\x1b[');
    // every venue of the registry, in its order (the registry grows one line per venue)
    const ids = EXCHANGES.map((e) => e.id);
    expect(ids.slice(0, 3)).toEqual(['binance', 'coinbase', 'kraken']);
    expect(lines[0]).toMatch(new RegExp(`^rxmarket demo: web dashboard http://127\\.0\\.0\\.1:\\d+/ · simulators of ${ids.join(', ')} on 127\\.0\\.0\\.1$`));
    expect(lines[1]).toContain(EXCHANGES.map((e) => `${e.demoSymbols[0]}@${e.id}`).join(' = '));
    for (const market of EXCHANGES.flatMap((e) => e.demoSymbols.map((symbol) => `${e.id} ${symbol}`))) {
      expect(lines.some((l) => new RegExp(`^\\[ +\\d+\\.\\ds\\] market ${market.replace('/', '\\/')} bid \\d`).test(l))).toBe(true);
    }
    for (const venue of ids) expect(lines.some((l) => l.includes(`] venue  ${venue} `))).toBe(true);
    expect(lines.some((l) => /\] arb    BTC /.test(l))).toBe(true);
    // the perpetuals show their funding rate and mark price (derivativeTicker)
    expect(lines.some((l) => /\] market binanceFutures BTC\/USDT:USDT bid .* funding [+-]\d+\.\d{4}% mark \d/.test(l))).toBe(true);
    expect(lines.some((l) => /\] fault  binance disconnect on BTC\/USDT: (injected|detected|recovered)/.test(l))).toBe(true);
    expect(lines.some((l) => /\] fault  \w+ \w+ on \S+: recovered in \d+\.\d\d s \(/.test(l))).toBe(true);
    expect(lines[lines.length - 1]).toMatch(/^rxmarket demo: stopped after \d+\.\d s; \d+ faults injected, \d+ recovered; every socket and simulator closed$/);
    expect(tracked.started.map((s) => s.exchange)).toEqual(ids);
    expect(tracked.started.every((s) => s.stopped)).toBe(true);
  });

  it('on a terminal: repaints the dashboard in place until Ctrl-C, then restores the cursor and exits 0', async () => {
    const tracked = trackedRegistry(EXCHANGES);
    const io = testIo({ columns: 150, rows: 45 });
    const run = runCli(['demo', '--fault-every', '0', '--no-web'], io, tracked.registry);
    await waitUntil(() => /kraken +ETH\/USD +\d/.test(io.stdoutText()), 'a painted kraken ETH/USD row with prices');
    await waitUntil(() => /binanceFutures +ETH\/USDT:USDT +\d/.test(io.stdoutText()), 'a painted binanceFutures ETH/USDT:USDT row with prices');
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

describe('rxmarket web', () => {
  it('serves the web dashboard alone, URL on the first line, until --duration; then closes everything', async () => {
    const tracked = trackedRegistry(EXCHANGES);
    const io = testIo();
    const run = runCli(['web', '--port', '0', '--duration', '3', '--fault-every', '0'], io, tracked.registry);
    await waitUntil(() => /^rxmarket web: http:\/\/127\.0\.0\.1:\d+\/ /.test(io.stdoutText()), 'the URL on the first line');
    const url = /http:\/\/127\.0\.0\.1:\d+\//.exec(io.stdoutText())![0];
    const page = await fetch(url);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<title>rxmarket · live</title>');
    expect(await run).toBe(0);
    expect(io.stdoutLines()[0]).toBe(`rxmarket web: ${url} · embedded simulators: ${EXCHANGES.map((e) => e.id).join(', ')} · Ctrl-C to quit`);
    expect(io.stdoutLines().at(-1)).toBe('rxmarket web: stopped; every socket and simulator closed');
    expect(tracked.started.every((s) => s.stopped)).toBe(true);
    await expect(fetch(url)).rejects.toThrow();
  });
});
