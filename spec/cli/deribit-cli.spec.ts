import { EXCHANGES } from '../../lib/cli/exchanges/exchange-registry';
import { runCli } from '../../lib/cli/run-cli';
import { testIo, trackedRegistry } from './cli-test-io';

describe('rxmarket on Deribit (embedded simulator): inverse perpetuals', () => {
  it('funding deribit BTC/USD:BTC --json: derivative tickers with mark, index, funding and open interest, no next funding time (Deribit funds continuously)', async () => {
    const tracked = trackedRegistry(EXCHANGES);
    const io = testIo();
    expect(await runCli(['funding', 'deribit', 'BTC/USD:BTC', '--json', '--limit', '3'], io, tracked.registry)).toBe(0);
    expect(io.stderrText()).toBe('');
    const records = io.stdoutLines().map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(records).toHaveLength(3);
    for (const d of records) {
      expect(d).toMatchObject({ type: 'derivative_ticker', exchange: 'deribit', symbol: 'BTC/USD:BTC' });
      expect(d.markPrice as number).toBeGreaterThan(0);
      expect(d.indexPrice as number).toBeGreaterThan(0);
      expect(typeof d.fundingRate).toBe('number');
      expect(d.openInterest as number).toBeGreaterThan(0);
      expect('nextFundingTime' in d).toBe(false); // undefined: left out of the JSON
    }
    expect(tracked.started).toEqual([{ exchange: 'deribit', stopped: true }]);
  });

  it('funding without a symbol takes the BTC perpetual; the human line shows "next -"', async () => {
    const io = testIo();
    expect(await runCli(['funding', 'deribit', '--limit', '2'], io)).toBe(0);
    for (const line of io.stdoutLines()) expect(line).toMatch(/ deribit BTC\/USD:BTC mark \d+\.\d\d {2}index \d+\.\d\d {2}last \d+\.\d\d {2}funding [+-]\d\.\d{4}% next - {2}OI \d+/);
  });

  it('book --depth 3 --json: verified states of ETH-PERPETUAL (the whole book, cut to 3)', async () => {
    const io = testIo();
    expect(await runCli(['book', 'deribit', 'eth/usd:eth', '--depth', '3', '--json', '--limit', '3'], io)).toBe(0);
    const states = io.stdoutLines().map((line) => JSON.parse(line));
    expect(states).toHaveLength(3);
    for (const s of states) {
      expect(s).toMatchObject({ exchange: 'deribit', symbol: 'ETH/USD:ETH' });
      expect([s.bids.length, s.asks.length]).toEqual([3, 3]);
      expect(s.bids[0][0]).toBeLessThan(s.asks[0][0]);
    }
  });
});
