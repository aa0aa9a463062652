import { EXCHANGES } from '../../lib/cli/exchanges/exchange-registry';
import { kucoinEntry } from '../../lib/cli/exchanges/kucoin-entry';
import { runCli } from '../../lib/cli/run-cli';
import { testIo, trackedRegistry } from './cli-test-io';

describe('rxmarket with kucoin (embedded KucoinSimulator)', () => {
  it('book --json: verified KuCoin book states of the requested depth', async () => {
    const tracked = trackedRegistry(EXCHANGES);
    const io = testIo();
    expect(await runCli(['book', 'kucoin', 'ETH/USDT', '--depth', '3', '--json', '--limit', '3'], io, tracked.registry)).toBe(0);
    expect(io.stderrText()).toBe('');
    const states = io.stdoutLines().map((line) => JSON.parse(line) as { exchange: string; symbol: string; bids: [number, number][]; asks: [number, number][] });
    expect(states).toHaveLength(3);
    for (const s of states) {
      expect(s).toMatchObject({ exchange: 'kucoin', symbol: 'ETH/USDT' });
      expect(s.bids).toHaveLength(3);
      expect(s.bids[0]![0]).toBeLessThan(s.asks[0]![0]);
    }
    expect(tracked.started).toEqual([{ exchange: 'kucoin', stopped: true }]);
    expect(kucoinEntry.bookOptions(3)).toEqual({ depth: 3 });
    expect(kucoinEntry.bookOptions(500)).toEqual({ depth: 100 });
  });

  it('trades --json: taker trades; an unknown symbol is refused before anything starts', async () => {
    const io = testIo();
    expect(await runCli(['trades', 'kucoin', 'BTC/USDT', '--json', '--limit', '2'], io)).toBe(0);
    for (const line of io.stdoutLines()) expect(JSON.parse(line)).toMatchObject({ type: 'trade', exchange: 'kucoin', symbol: 'BTC/USDT', side: expect.stringMatching(/^(buy|sell)$/) });
    const bad = testIo();
    expect(await runCli(['trades', 'kucoin', 'BTC/USD'], bad)).not.toBe(0);
    expect(bad.stderrText()).toMatch(/^rxmarket: unknown symbol "BTC\/USD" for kucoin/);
  });
});
