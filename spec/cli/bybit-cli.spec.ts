import { EXCHANGES } from '../../lib/cli/exchanges/exchange-registry';
import { runCli } from '../../lib/cli/run-cli';
import { testIo, trackedRegistry } from './cli-test-io';

describe('rxmarket on Bybit (embedded simulator): spot and a perpetual on one client', () => {
  it('ticker --json: tickers of BTC/USDT:USDT and BTC/USDT', async () => {
    const tracked = trackedRegistry(EXCHANGES);
    const io = testIo();
    expect(await runCli(['ticker', 'bybit', 'btc/usdt:usdt', 'BTC/USDT', '--json', '--limit', '6'], io, tracked.registry)).toBe(0);
    expect(io.stderrText()).toBe('');
    const tickers = io.stdoutLines().map((line) => JSON.parse(line));
    expect(tickers).toHaveLength(6);
    for (const t of tickers) {
      expect(t).toMatchObject({ type: 'ticker', exchange: 'bybit' });
      expect(t.ask).toBeGreaterThan(t.bid);
    }
    expect(new Set(tickers.map((t) => t.symbol))).toEqual(new Set(['BTC/USDT:USDT', 'BTC/USDT']));
    expect(tracked.started).toEqual([{ exchange: 'bybit', stopped: true }]);
  });

  it('book --depth 3 --json: verified states of the perpetual (Bybit depth 50 asked for)', async () => {
    const io = testIo();
    expect(await runCli(['book', 'bybit', 'BTC/USDT:USDT', '--depth', '3', '--json', '--limit', '3'], io)).toBe(0);
    const states = io.stdoutLines().map((line) => JSON.parse(line));
    expect(states).toHaveLength(3);
    for (const s of states) {
      expect(s).toMatchObject({ exchange: 'bybit', symbol: 'BTC/USDT:USDT' });
      expect([s.bids.length, s.asks.length]).toEqual([3, 3]);
      expect(s.bids[0][0]).toBeLessThan(s.asks[0][0]);
    }
  });
});
