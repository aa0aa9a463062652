import { EXCHANGES } from '../../lib/cli/exchanges/exchange-registry';
import { gateioEntry } from '../../lib/cli/exchanges/gateio-entry';
import { runCli } from '../../lib/cli/run-cli';
import { testIo, trackedRegistry } from './cli-test-io';

describe('rxmarket with gateio (embedded GateioSimulator)', () => {
  it('book --json: verified Gate.io book states of the requested depth, from a 20-level stream', async () => {
    const tracked = trackedRegistry(EXCHANGES);
    const io = testIo();
    expect(await runCli(['book', 'gateio', 'ETH/USDT', '--depth', '3', '--json', '--limit', '3'], io, tracked.registry)).toBe(0);
    expect(io.stderrText()).toBe('');
    const states = io.stdoutLines().map((line) => JSON.parse(line) as { exchange: string; symbol: string; bids: [number, number][]; asks: [number, number][] });
    expect(states).toHaveLength(3);
    for (const s of states) {
      expect(s).toMatchObject({ exchange: 'gateio', symbol: 'ETH/USDT' });
      expect(s.bids).toHaveLength(3);
      expect(s.bids[0]![0]).toBeLessThan(s.asks[0]![0]);
    }
    expect(tracked.started).toEqual([{ exchange: 'gateio', stopped: true }]);
    expect(gateioEntry.bookOptions(3)).toEqual({ depth: 20 });
    expect(gateioEntry.bookOptions(50)).toEqual({ depth: 100 });
  });

  it('ticker --json: tickers with sizes; an unknown symbol is refused before anything starts', async () => {
    const io = testIo();
    expect(await runCli(['ticker', 'gateio', 'BTC/USDT', '--json', '--limit', '2'], io)).toBe(0);
    for (const line of io.stdoutLines()) expect(JSON.parse(line)).toMatchObject({ type: 'ticker', exchange: 'gateio', symbol: 'BTC/USDT', bidSize: expect.any(Number) });
    const bad = testIo();
    expect(await runCli(['trades', 'gateio', 'BTC/USD'], bad)).not.toBe(0);
    expect(bad.stderrText()).toMatch(/^rxmarket: unknown symbol "BTC\/USD" for gateio/);
  });
});
