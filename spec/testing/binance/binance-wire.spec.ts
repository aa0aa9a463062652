import { readFileSync } from 'node:fs';
import { BinanceSimulator } from '../../../lib/testing/binance/binance-simulator';
import { RawClient } from '../support/raw-client';
import { fixturePath } from '../../support/real-data';

const readJson = (response: Response): Promise<any> => response.json();

const wsLines = readFileSync(fixturePath('binance-spot.ws.txt'), 'utf8').split('\n').slice(1).filter(Boolean);
const realFrames = wsLines.map((line) => JSON.parse(line.slice(line.indexOf(': ') + 2)));
const realRest = JSON.parse(readFileSync(fixturePath('binance-spot.rest.txt'), 'utf8').split('\n')[0]!.split(': ').slice(1).join(': '));

/** Field name → JSON type, in order: the "shape" of a payload. */
const shape = (value: Record<string, unknown>): [string, string][] =>
  Object.entries(value).map(([key, v]) => [key, Array.isArray(v) ? 'array' : typeof v]);

describe('Binance simulator wire format vs the real capture', () => {
  let sim: BinanceSimulator;
  let c: RawClient;

  beforeAll(async () => {
    sim = await BinanceSimulator.start({ symbols: ['BTC/USDT'], bookLevels: 50, autoStart: false, serverPingIntervalMs: 0 });
    c = await RawClient.connect(`${sim.wsUrl}/stream?streams=btcusdt@depth@100ms/btcusdt@bookTicker/btcusdt@trade/btcusdt@ticker`);
    sim.step(100);
    sim.flush();
    await c.request({ method: 'LIST_SUBSCRIPTIONS', id: 1 });
  });
  afterAll(async () => {
    c.close();
    await sim.stop();
  });

  it('depthUpdate has exactly the fields, order and types of the real frames', () => {
    const real = realFrames.find((f) => f.data.e === 'depthUpdate');
    const ours = c.dataOf('btcusdt@depth@100ms')[0];
    expect(Object.keys(JSON.parse(c.frames.find((f) => f.includes('depthUpdate'))!))).toEqual(Object.keys(real));
    expect(shape(ours)).toEqual(shape(real.data));
    for (const [price, quantity] of [...ours.b, ...ours.a]) {
      expect(price).toMatch(/^\d+\.\d{8}$/);
      expect(quantity).toMatch(/^\d+\.\d{8}$/);
    }
  });

  it('bookTicker has exactly the fields and types of the real frames', () => {
    const real = realFrames.find((f) => String(f.stream).endsWith('@bookTicker'));
    expect(shape(c.dataOf('btcusdt@bookTicker')[0])).toEqual(shape(real.data));
  });

  it('REST depth has exactly the fields of the real snapshot', async () => {
    const ours = await readJson(await fetch(`${sim.restUrl}/api/v3/depth?symbol=BTCUSDT&limit=1000`));
    expect(shape(ours)).toEqual(shape(realRest));
    expect(ours.bids[0]).toEqual([expect.stringMatching(/^\d+\.\d{8}$/), expect.stringMatching(/^\d+\.\d{8}$/)]);
  });

  it('trade and 24hrTicker carry every documented field, with Binance types', () => {
    expect(shape(c.dataOf('btcusdt@trade')[0])).toEqual([
      ['e', 'string'], ['E', 'number'], ['s', 'string'], ['t', 'number'], ['p', 'string'], ['q', 'string'],
      ['T', 'number'], ['m', 'boolean'], ['M', 'boolean'],
    ]);
    const ticker = c.dataOf('btcusdt@ticker')[0];
    expect(Object.keys(ticker)).toEqual(['e', 'E', 's', 'p', 'P', 'w', 'x', 'c', 'Q', 'b', 'B', 'a', 'A', 'o', 'h', 'l', 'v', 'q', 'O', 'C', 'F', 'L', 'n']);
    expect(ticker.e).toBe('24hrTicker');
    for (const key of ['p', 'P', 'w', 'x', 'c', 'Q', 'b', 'B', 'a', 'A', 'o', 'h', 'l', 'v', 'q']) expect(typeof ticker[key]).toBe('string');
    for (const key of ['E', 'O', 'C', 'F', 'L', 'n']) expect(Number.isInteger(ticker[key])).toBe(true);
    expect(ticker.n).toBe(ticker.L - ticker.F + 1);
  });
});
