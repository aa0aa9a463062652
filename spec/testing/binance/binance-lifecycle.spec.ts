import { BinanceSimulator } from '../../../lib/testing/binance/binance-simulator';
import { RawClient } from '../support/raw-client';

const watched = new Set(['TCPServerWrap', 'TCPSocketWrap', 'Timeout']);
const handles = (): string[] => process.getActiveResourcesInfo().filter((r) => watched.has(r)).sort();
const count = (list: string[], kind: string): number => list.filter((r) => r === kind).length;

describe('BinanceSimulator lifecycle', () => {
  it('leaves no server, socket or timer behind after stop()', async () => {
    const baseline = handles();
    const sim = await BinanceSimulator.start({ symbols: ['BTC/USDT'], bookLevels: 50, stepsPerSecond: 50, restLatencyMs: 10 });
    const c = await RawClient.connect(`${sim.wsUrl}/stream?streams=btcusdt@depth@100ms`);
    await c.next();
    const pendingRest = fetch(`${sim.restUrl}/api/v3/depth?symbol=BTCUSDT`).catch(() => undefined);
    while (sim.restRequests === 0) await new Promise((r) => setImmediate(r));
    expect(handles().length).toBeGreaterThan(baseline.length);
    await sim.stop();
    await sim.stop(); // idempotent
    await c.closed;
    await pendingRest;
    for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
    const after = handles();
    // nothing of ours is left: no more servers, sockets or timers than before start (the runner owns the rest)
    for (const kind of watched) expect(count(after, kind)).toBeLessThanOrEqual(count(baseline, kind));
  });

  it('reports its URLs and rejects unknown symbols in truth()', async () => {
    const sim = await BinanceSimulator.start({ autoStart: false, bookLevels: 20 });
    try {
      expect(sim.wsUrl).toMatch(/^ws:\/\/127\.0\.0\.1:\d+$/);
      expect(sim.restUrl).toBe(sim.wsUrl.replace('ws://', 'http://'));
      expect(sim.symbols).toEqual(['BTC/USDT', 'ETH/USDT', 'SOL/USDT']);
      expect(sim.truth('BTC/USDT').bids).toHaveLength(20);
      expect(sim.truth('BTCUSDT').asks).toHaveLength(20);
      expect(() => sim.truth('DOGE/USDT')).toThrow(RangeError);
    } finally {
      await sim.stop();
    }
  });

  it('notifies onStep listeners with every market step', async () => {
    const sim = await BinanceSimulator.start({ symbols: ['BTC/USDT', 'ETH/USDT'], autoStart: false, bookLevels: 20 });
    try {
      const seen: string[] = [];
      const unsubscribe = sim.onStep((step) => seen.push(`${step.symbol}:${step.updateId}`));
      sim.step(2);
      unsubscribe();
      sim.step(1);
      expect(seen).toHaveLength(4);
      expect(seen[3]).toBe(`ETH/USDT:${sim.truth('ETH/USDT').lastUpdateId - 1}`);
    } finally {
      await sim.stop();
    }
  });
});
