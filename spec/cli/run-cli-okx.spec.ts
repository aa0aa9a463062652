import { EXCHANGES } from '../../lib/cli/exchanges/exchange-registry';
import { runCli } from '../../lib/cli/run-cli';
import { testIo, trackedRegistry } from './cli-test-io';

describe('runCli with OKX (spot and perpetual swap symbols)', () => {
  it('rxmarket ticker okx BTC/USDT:USDT --json: tickers of the perpetual swap from the embedded simulator', async () => {
    const tracked = trackedRegistry(EXCHANGES);
    const io = testIo();
    const code = await runCli(['ticker', 'okx', 'btc/usdt:usdt', '--json', '--limit', '3'], io, tracked.registry);
    expect(io.stderrText()).toBe('');
    expect(code).toBe(0);
    const tickers = io.stdoutLines().map((line) => JSON.parse(line) as Record<string, number | string>);
    expect(tickers).toHaveLength(3);
    for (const t of tickers) {
      expect(t).toMatchObject({ type: 'ticker', exchange: 'okx', symbol: 'BTC/USDT:USDT' });
      expect(t['ask'] as number).toBeGreaterThan(t['bid'] as number);
    }
    expect(tracked.started).toEqual([{ exchange: 'okx', stopped: true }]);
  });

  it('rxmarket book okx BTC/USDT --depth 3 --json: verified book states of the spot pair', async () => {
    const io = testIo();
    expect(await runCli(['book', 'okx', 'BTC/USDT', '--depth', '3', '--json', '--limit', '2'], io)).toBe(0);
    for (const line of io.stdoutLines()) {
      const state = JSON.parse(line) as { exchange: string; symbol: string; bids: [number, number][]; asks: [number, number][] };
      expect(state).toMatchObject({ exchange: 'okx', symbol: 'BTC/USDT' });
      expect(state.bids).toHaveLength(3);
      expect(state.bids[0]![0]).toBeLessThan(state.asks[0]![0]);
    }
  });
});
