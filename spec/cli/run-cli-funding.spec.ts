import { EXCHANGES } from '../../lib/cli/exchanges/exchange-registry';
import { derivativeLine } from '../../lib/cli/format/derivative-line';
import { runCli } from '../../lib/cli/run-cli';
import { testIo, trackedRegistry } from './cli-test-io';

describe('rxmarket with Binance USD-M on the embedded simulator', () => {
  it('funding --json: NDJSON DerivativeTickers of every requested perpetual, simulator stopped after', async () => {
    const tracked = trackedRegistry(EXCHANGES);
    const io = testIo();
    const code = await runCli(['funding', 'binanceFutures', 'BTC/USDT:USDT', 'eth/usdt:usdt', '--json', '--limit', '6'], io, tracked.registry);
    expect(io.stderrText()).toBe('');
    expect(code).toBe(0);
    const records = io.stdoutLines().map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(records).toHaveLength(6);
    for (const d of records) {
      expect(d).toMatchObject({ type: 'derivative_ticker', exchange: 'binanceFutures' });
      expect(d.markPrice as number).toBeGreaterThan(0);
      expect(typeof d.fundingRate).toBe('number');
      expect(d.nextFundingTime as number).toBeGreaterThan(d.timestamp as number);
    }
    expect(new Set(records.map((d) => d.symbol))).toEqual(new Set(['BTC/USDT:USDT', 'ETH/USDT:USDT']));
    expect(tracked.started).toEqual([{ exchange: 'binanceFutures', stopped: true }]);
  });

  it('funding without a symbol: the BTC perpetual, one human line per update (the exchange name is case-insensitive)', async () => {
    const io = testIo();
    expect(await runCli(['funding', 'binancefutures', '--limit', '2'], io)).toBe(0);
    for (const line of io.stdoutLines()) {
      expect(line).toMatch(/^\d\d:\d\d:\d\d\.\d{3} binanceFutures BTC\/USDT:USDT mark \d+\.\d\d {2}index \d+\.\d\d {2}last (\d+\.\d\d|-) {2}funding [+-]\d\.\d{4}% next \d\d:\d\d:\d\d {2}OI (\d+\.\d{4}|-)$/);
    }
  });

  it('a derivative line shows - for what the venue did not send', () => {
    const line = derivativeLine({ type: 'derivative_ticker', exchange: 'binanceFutures', symbol: 'BTC/USDT:USDT-261225', markPrice: 65000.5, indexPrice: 64990, lastPrice: undefined, fundingRate: undefined, nextFundingTime: undefined, openInterest: undefined, timestamp: 0, localTimestamp: 0 });
    expect(line).toMatch(/ binanceFutures BTC\/USDT:USDT-261225 mark 65000\.50 {2}index 64990\.00 {2}last - {2}funding - next - {2}OI -$/);
  });

  it('book, ticker and trades work on perpetuals like on any venue', async () => {
    const book = testIo();
    expect(await runCli(['book', 'binanceFutures', 'ETH/USDT:USDT', '--depth', '3', '--json', '--limit', '2'], book)).toBe(0);
    for (const state of book.stdoutLines().map((l) => JSON.parse(l) as { bids: [number, number][]; asks: [number, number][] })) {
      expect([state.bids.length, state.asks.length]).toEqual([3, 3]);
      expect(state.bids[0]![0]).toBeLessThan(state.asks[0]![0]);
    }
    const ticker = testIo();
    expect(await runCli(['ticker', 'binanceFutures', '--json', '--limit', '1'], ticker)).toBe(0);
    expect(JSON.parse(ticker.stdoutLines()[0]!)).toMatchObject({ type: 'ticker', exchange: 'binanceFutures', symbol: 'BTC/USDT:USDT' });
    const trades = testIo();
    expect(await runCli(['trades', 'binanceFutures', 'SOL/USDT:USDT', '--json', '--limit', '2'], trades)).toBe(0);
    expect(trades.stdoutLines().map((l) => (JSON.parse(l) as { symbol: string }).symbol)).toEqual(['SOL/USDT:USDT', 'SOL/USDT:USDT']);
  });
});
