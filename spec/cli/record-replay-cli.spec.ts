import { existsSync } from 'node:fs';
import { runCli } from '../../lib/cli/run-cli';
import { readRecording } from '../../lib/replay/recording-reader';
import { fixturePath } from '../support/real-data';
import { tempDir } from '../replay/support/session-log';
import { testIo } from './cli-test-io';

const temp = tempDir();
afterAll(() => temp.cleanup());
const file = temp.file('kr.rxrec.gz');

describe('rxmarket record / replay / convert', () => {
  it('record: records the embedded simulator with a status line on stderr, then closes the file', async () => {
    const io = testIo();
    const code = await runCli(['record', 'kraken', 'BTC/USD', 'ETH/USD', '--out', file, '--duration', '1.5', '--seed', '3'], io);
    expect(io.stderrText()).toMatch(/recording kraken: \d+ frames · [\d.]+ (B|KB|MB) → [\d.]+ (B|KB|MB) gzip · \d+ frames\/s · 0 dropped/);
    expect(code).toBe(0);
    const last = io.stderrText().trim().split('\n').at(-1)!;
    expect(Number(/(\d+) frames/.exec(last)![1])).toBeGreaterThan(10);
    expect(last).toContain(file);
    const { header, records } = readRecording(file);
    expect(header).toEqual(expect.objectContaining({ exchange: 'kraken', timers: true }));
    expect(records.filter((r) => r.type === 'subscribe').map((r) => [(r as { method: string }).method, (r as { symbols: readonly string[] }).symbols])).toEqual([
      ['book', ['BTC/USD']],
      ['book', ['ETH/USD']],
      ['trades', ['BTC/USD', 'ETH/USD']],
      ['tickers', ['BTC/USD', 'ETH/USD']],
    ]);
    expect(records.at(-1)).toEqual(expect.objectContaining({ type: 'close', by: 'client' }));
  });

  it('replay <kind> --json: the recorded streams of that kind, as NDJSON', async () => {
    const io = testIo();
    expect(await runCli(['replay', file, 'book', '--json', '--depth', '3', '--limit', '6'], io)).toBe(0);
    const states = io.stdoutLines().map((line) => JSON.parse(line) as { exchange: string; symbol: string; bids: unknown[]; asks: unknown[] });
    expect(states).toHaveLength(6);
    for (const s of states) {
      expect(s.exchange).toBe('kraken');
      expect(['BTC/USD', 'ETH/USD']).toContain(s.symbol);
      expect(s.bids).toHaveLength(3);
    }
    const trades = testIo();
    expect(await runCli(['replay', file, 'trades', '--limit', '3'], trades)).toBe(0);
    for (const line of trades.stdoutLines()) expect(line).toMatch(/^\d\d:\d\d:\d\d\.\d{3} kraken (BTC|ETH)\/USD (BUY |SELL) /);
  });

  it('replay without a kind runs every recorded stream to the end of the recording', async () => {
    const io = testIo();
    expect(await runCli(['replay', file, '--json'], io)).toBe(0);
    const kinds = new Set(io.stdoutLines().map((line) => (JSON.parse(line) as { type?: string }).type ?? 'book'));
    expect(kinds).toEqual(new Set(['book', 'trade', 'ticker']));
  });

  it('replay --stats: events per stream, gaps and resyncs, the time span', async () => {
    const io = testIo();
    expect(await runCli(['replay', file, '--stats'], io)).toBe(0);
    const text = io.stdoutText();
    expect(text).toMatch(/^kraken recording \(format 1, rxmarket /);
    expect(text).toMatch(/time span: \d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3} → \d\d:\d\d:\d\d\.\d{3} UTC \(1\.\d{3} s\)/);
    expect(text).toMatch(/ {2}book\("BTC\/USD"\): [1-9]\d*/);
    expect(text).toMatch(/ {2}trades\(\["BTC\/USD","ETH\/USD"\]\): \d+/);
    expect(text).toContain('gaps found: 0');
    expect(text).toContain('resyncs: none');
    const json = testIo();
    expect(await runCli(['replay', file, '--stats', '--json'], json)).toBe(0);
    const stats = JSON.parse(json.stdoutText()) as { streams: Record<string, number>; summary: { connections: number } };
    expect(stats.summary.connections).toBe(1);
    expect(stats.streams['tickers(["BTC/USD","ETH/USD"])']).toBeGreaterThan(0);
  });

  it('convert cryptofeed-binance, then replay the converted capture', async () => {
    const converted = temp.file('bn.rxrec.gz');
    const io = testIo();
    expect(await runCli(['convert', 'cryptofeed-binance', fixturePath('binance-spot.ws.txt'), fixturePath('binance-spot.rest.txt'), '--out', converted], io)).toBe(0);
    expect(io.stdoutText()).toMatch(/^wrote .*bn\.rxrec\.gz: binance, \d+ records, streams book\("NKN\/USDT", \{"depth":800\}\)/);
    const replayed = testIo();
    expect(await runCli(['replay', converted, '--stats'], replayed)).toBe(0);
    expect(replayed.stdoutText()).toContain('gaps found: 0');
    expect(replayed.stdoutText()).toMatch(/book\("RUNE\/EUR", \{"depth":800\}\): [1-9]/);
  });

  it('usage errors: exit code 2 and one line', async () => {
    for (const [argv, message] of [
      [['record', 'kraken', 'BTC/USD'], /record needs --out <file>/],
      [['record', 'kraken', '--out', 'x.gz'], /at least one symbol/],
      [['replay'], /replay needs a recording file/],
      [['replay', file, '--speed', '0'], /--speed expects a positive number or "max"/],
      [['convert', 'tardis', 'x'], /convert needs a format: one of cryptofeed, cryptofeed-binance, kraken-book/],
    ] as const) {
      const io = testIo();
      expect(await runCli([...argv], io)).toBe(2);
      expect(io.stderrText()).toMatch(message);
    }
    expect(existsSync('x.gz')).toBe(false);
  });

  it('replay of a stream kind the recording does not hold: a usage error naming what it holds', async () => {
    const converted = temp.file('bn2.rxrec.gz');
    await runCli(['convert', 'cryptofeed-binance', fixturePath('binance-spot.ws.txt'), '--out', converted], testIo());
    const io = testIo();
    expect(await runCli(['replay', converted, 'trades'], io)).toBe(2);
    expect(io.stderrText()).toMatch(/holds no trades stream \(it holds: book\)/);
  });
});
