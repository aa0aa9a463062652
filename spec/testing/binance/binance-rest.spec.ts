import { BinanceSimulator } from '../../../lib/testing/binance/binance-simulator';

const readJson = (response: Response): Promise<any> => response.json();

describe('BinanceSimulator REST', () => {
  let sim: BinanceSimulator;

  beforeEach(async () => {
    sim = await BinanceSimulator.start({ symbols: ['BTC/USDT', 'SOL/USDT'], bookLevels: 150, autoStart: false, serverPingIntervalMs: 0 });
  });
  afterEach(() => sim.stop());

  it('serves GET /api/v3/depth from the truth (default limit 100, strings with 8 decimals)', async () => {
    sim.step(10);
    const response = await fetch(`${sim.restUrl}/api/v3/depth?symbol=BTCUSDT`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('application/json');
    const body = await readJson(response);
    expect(Object.keys(body)).toEqual(['lastUpdateId', 'bids', 'asks']);
    expect(body.bids).toHaveLength(100);
    expect(body.asks).toHaveLength(100);
    expect(body.bids[0][0]).toMatch(/^\d+\.\d{8}$/);
    const truth = sim.truth('BTC/USDT', 100);
    expect(body.lastUpdateId).toBe(truth.lastUpdateId);
    expect(body.bids.map(([p, q]: string[]) => [Number(p), Number(q)])).toEqual(truth.bids);
    expect(body.asks.map(([p, q]: string[]) => [Number(p), Number(q)])).toEqual(truth.asks);

    const five = await readJson(await fetch(`${sim.restUrl}/api/v3/depth?symbol=SOLUSDT&limit=5`));
    expect(five.bids).toHaveLength(5);
    const all = await readJson(await fetch(`${sim.restUrl}/api/v3/depth?symbol=SOLUSDT&limit=9999`));
    expect(all.bids).toHaveLength(150);
    expect(sim.restRequests).toBe(3);
    expect(sim.restLog.map((r) => r.query['symbol'])).toEqual(['BTCUSDT', 'SOLUSDT', 'SOLUSDT']);
  });

  it('answers an unknown symbol with HTTP 400 and Binance error -1121', async () => {
    const response = await fetch(`${sim.restUrl}/api/v3/depth?symbol=DOGEUSDT&limit=100`);
    expect(response.status).toBe(400);
    expect(await response.text()).toBe('{"code":-1121,"msg":"Invalid symbol."}');
    const missing = await fetch(`${sim.restUrl}/api/v3/depth`);
    expect(missing.status).toBe(400);
    expect((await readJson(missing)).code).toBe(-1102);
  });

  it('fails the next requests with 429/418 and Retry-After, then recovers', async () => {
    sim.failRest(429, 2, 3);
    for (let i = 0; i < 2; i++) {
      const response = await fetch(`${sim.restUrl}/api/v3/depth?symbol=BTCUSDT`);
      expect(response.status).toBe(429);
      expect(response.headers.get('retry-after')).toBe('3');
      expect((await readJson(response)).code).toBe(-1003);
    }
    expect((await fetch(`${sim.restUrl}/api/v3/depth?symbol=BTCUSDT`)).status).toBe(200);
    sim.failRest(418, 1, 120);
    const banned = await fetch(`${sim.restUrl}/api/v3/depth?symbol=BTCUSDT`);
    expect(banned.status).toBe(418);
    expect(banned.headers.get('retry-after')).toBe('120');
    expect(sim.restLog.map((r) => r.status)).toEqual([429, 429, 200, 418]);
  });

  it('can delay responses; the snapshot is the truth at receipt', async () => {
    sim.setRestLatency(50);
    const pending = fetch(`${sim.restUrl}/api/v3/depth?symbol=BTCUSDT&limit=10`);
    while (sim.restRequests === 0) await new Promise((r) => setTimeout(r, 5));
    const atReceipt = sim.truth('BTC/USDT').lastUpdateId;
    sim.step(5);
    const body = await readJson(await pending);
    expect(body.lastUpdateId).toBe(atReceipt);
  });

  it('counts request weight like Binance (depth by limit, X-MBX-USED-WEIGHT-1M) and answers 429 past the minute\'s limit', async () => {
    await sim.stop();
    sim = await BinanceSimulator.start({ symbols: ['BTC/USDT'], autoStart: false, serverPingIntervalMs: 0, restWeightPerMinute: 60 });
    const depth = (limit: number) => fetch(`${sim.restUrl}/api/v3/depth?symbol=BTCUSDT&limit=${limit}`);
    const first = await depth(100);
    expect(first.headers.get('x-mbx-used-weight-1m')).toBe('5');
    expect((await depth(500)).headers.get('x-mbx-used-weight-1m')).toBe('30');
    expect((await depth(101)).headers.get('x-mbx-used-weight-1m')).toBe('55');
    const over = await depth(1000); // 55 + 50 > 60
    expect(over.status).toBe(429);
    expect(Number(over.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await readJson(over)).code).toBe(-1003);
    expect((await depth(1)).status).toBe(200); // 55 + 5 fits
    expect(sim.restLog.map((r) => [r.weight, r.status])).toEqual([[5, 200], [25, 200], [25, 200], [50, 429], [5, 200]]);
  });

  it('serves stale snapshots behind the stream on request, then fresh ones again', async () => {
    sim.step(80);
    sim.serveStaleSnapshots('BTC/USDT', 30);
    const stale = await readJson(await fetch(`${sim.restUrl}/api/v3/depth?symbol=BTCUSDT&limit=20`));
    const now = sim.truth('BTC/USDT').lastUpdateId;
    expect(stale.lastUpdateId).toBe(now - 30);
    const then = sim.truthAt('BTC/USDT', now - 30, 20)!;
    expect(stale.bids.map(([p, q]: string[]) => [Number(p), Number(q)])).toEqual(then.bids);
    expect(stale.asks.map(([p, q]: string[]) => [Number(p), Number(q)])).toEqual(then.asks);
    sim.serveFreshSnapshots();
    expect((await readJson(await fetch(`${sim.restUrl}/api/v3/depth?symbol=BTCUSDT&limit=20`))).lastUpdateId).toBe(now);
  });
});
