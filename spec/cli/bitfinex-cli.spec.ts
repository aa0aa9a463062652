import { bitfinexEntry } from '../../lib/cli/exchanges/bitfinex-entry';
import { EXCHANGES } from '../../lib/cli/exchanges/exchange-registry';
import { runCli } from '../../lib/cli/run-cli';
import { testIo, trackedRegistry } from './cli-test-io';

describe('rxmarket with bitfinex (embedded BitfinexSimulator)', () => {
  it('book --json: verified Bitfinex book states of the requested depth, from a 25-level channel', async () => {
    const tracked = trackedRegistry(EXCHANGES);
    const io = testIo();
    expect(await runCli(['book', 'bitfinex', 'ETH/USD', '--depth', '3', '--json', '--limit', '3'], io, tracked.registry)).toBe(0);
    expect(io.stderrText()).toBe('');
    const states = io.stdoutLines().map((line) => JSON.parse(line) as { exchange: string; symbol: string; bids: [number, number][]; asks: [number, number][] });
    expect(states).toHaveLength(3);
    for (const s of states) {
      expect(s).toMatchObject({ exchange: 'bitfinex', symbol: 'ETH/USD' });
      expect(s.bids).toHaveLength(3);
      expect(s.bids[0]![0]).toBeLessThan(s.asks[0]![0]);
    }
    expect(tracked.started).toEqual([{ exchange: 'bitfinex', stopped: true }]);
    expect(bitfinexEntry.bookOptions(3)).toEqual({ depth: 25 });
    expect(bitfinexEntry.bookOptions(50)).toEqual({ depth: 100 });
  });

  it('ticker --json: tickers with sizes; BTC/USDT is Bitfinex\'s tBTCUST; an unknown symbol is refused before anything starts', async () => {
    const io = testIo();
    expect(await runCli(['ticker', 'bitfinex', 'BTC/USDT', '--json', '--limit', '2'], io)).toBe(0);
    for (const line of io.stdoutLines()) expect(JSON.parse(line)).toMatchObject({ type: 'ticker', exchange: 'bitfinex', symbol: 'BTC/USDT', bidSize: expect.any(Number) });
    const bad = testIo();
    expect(await runCli(['trades', 'bitfinex', 'BTC/EUR'], bad)).not.toBe(0);
    expect(bad.stderrText()).toMatch(/^rxmarket: unknown symbol "BTC\/EUR" for bitfinex/);
  });
});
