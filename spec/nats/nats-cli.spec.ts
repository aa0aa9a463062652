import { runCli } from '../../lib/cli/run-cli';
import { testIo } from '../cli/cli-test-io';
import { waitFor } from '../helpers/wait-for';
import { describeWithNatsServer, NatsServer } from '../support/nats-server';

// real processes and sockets: generous bounds for a loaded CI machine (the waits inside are bounded themselves)
jest.setTimeout(60_000);

describeWithNatsServer('rxmarket publish and --nats (real nats-server -js)', () => {
  let nats: NatsServer;
  beforeEach(async () => (nats = await NatsServer.start()));
  afterEach(() => nats.stop());

  it('publish binance → NATS; ticker, trades and book --nats read it back as NDJSON', async () => {
    const ingestIo = testIo();
    const ingest = runCli(['publish', 'binance', 'BTC/USDT', 'ETH/USDT', '--nats', nats.url, '--seed', '3'], ingestIo);
    await waitFor(() => ingestIo.stdoutText().includes('leader'), 'the ingest to lead');
    const book = testIo();
    const tickers = testIo();
    const trades = testIo();
    const codes = await Promise.all([
      runCli(['book', 'binance', 'BTC/USDT', '--nats', nats.url, '--json', '--limit', '3', '--depth', '5'], book),
      runCli(['ticker', 'binance', 'ETH/USDT', '--nats', nats.url, '--json', '--limit', '2'], tickers),
      runCli(['trades', 'binance', 'BTC/USDT', '--nats', nats.url, '--json', '--limit', '2'], trades),
    ]);
    ingestIo.controller.abort();
    expect(await ingest).toBe(0);
    expect([book.stderrText(), tickers.stderrText(), trades.stderrText()]).toEqual(['', '', '']);
    expect(codes).toEqual([0, 0, 0]);
    const states = book.stdoutLines().map((line) => JSON.parse(line) as { bids: [number, number][]; asks: [number, number][] });
    expect(states).toHaveLength(3);
    for (const s of states) expect(s.bids[0]![0]).toBeLessThan(s.asks[0]![0]);
    for (const line of tickers.stdoutLines()) expect(JSON.parse(line)).toMatchObject({ type: 'ticker', exchange: 'binance', symbol: 'ETH/USDT' });
    for (const line of trades.stdoutLines()) expect(JSON.parse(line)).toMatchObject({ type: 'trade', exchange: 'binance', symbol: 'BTC/USDT' });
    expect(ingestIo.stdoutLines()[0]).toMatch(/^rxmarket publish: binance BTC\/USDT, ETH\/USDT → nats:\/\/127\.0\.0\.1:\d+/);
  });

  it('refuses a publish without --nats and a bad --nats URL with one-line usage errors', async () => {
    const missing = testIo();
    expect(await runCli(['publish', 'binance', 'BTC/USDT'], missing)).not.toBe(0);
    expect(missing.stderrText()).toContain('publish needs --nats');
    const bad = testIo();
    expect(await runCli(['ticker', 'binance', '--nats', 'http://x'], bad)).not.toBe(0);
    expect(bad.stderrText()).toContain('--nats expects a NATS URL');
  });
});
