import { BinanceFuturesSimulator } from '../../../lib/testing/binance-futures/binance-futures-simulator';
import type { BinanceFuturesSimulatorOptions } from '../../../lib/testing/binance-futures/binance-futures-simulator-options';
import { UPDATE_ID_STRIDE } from '../../../lib/testing/binance-futures/binance-futures-wire';
import { binanceFuturesInstrument } from '../../../lib/exchanges/binance-futures/binance-futures-instruments';
import { WebSocket } from 'ws';
import { RawClient } from '../support/raw-client';

const readJson = (response: Response): Promise<any> => response.json();
type Level = [string, string];
interface DepthUpdate {
  e: string;
  E: number;
  T: number;
  s: string;
  U: number;
  u: number;
  pu: number;
  b: Level[];
  a: Level[];
}

describe('BinanceFuturesSimulator wire format (bare ws client)', () => {
  let sim: BinanceFuturesSimulator;
  const clients: RawClient[] = [];

  async function start(options: BinanceFuturesSimulatorOptions = {}): Promise<BinanceFuturesSimulator> {
    sim = await BinanceFuturesSimulator.start({ symbols: ['BTC/USDT:USDT', 'ETH/USDT:USDT'], seed: 9, autoStart: false, bookLevels: 50, ...options });
    return sim;
  }
  async function connect(path: string): Promise<RawClient> {
    const client = await RawClient.connect(`${sim.wsUrl}${path}`);
    clients.push(client);
    return client;
  }
  afterEach(async () => {
    clients.splice(0).forEach((c) => c.close());
    await sim.stop();
  });

  it('depth events carry U, u and pu: pu is the previous u, U is never the previous u + 1, and a snapshot book rebuilt by the USD-M rule equals the truth', async () => {
    await start();
    const client = await connect('/public/stream');
    expect(await client.request({ method: 'SUBSCRIBE', params: ['btcusdt@depth@100ms'], id: 1 })).toEqual({ result: null, id: 1 });
    sim.step(3);
    sim.flush();
    const snapshot = await fetch(`${sim.restUrl}/fapi/v1/depth?symbol=BTCUSDT&limit=1000`).then(readJson);
    expect(Object.keys(snapshot)).toEqual(['lastUpdateId', 'E', 'T', 'bids', 'asks']);
    expect(snapshot.lastUpdateId).toBe(sim.truth('BTC/USDT:USDT').lastUpdateId);
    for (let i = 0; i < 6; i++) {
      sim.step(2);
      sim.flush();
    }
    await client.nextJson((m) => m.stream === 'btcusdt@depth@100ms' && m.data.u === sim.truth('BTC/USDT:USDT').lastUpdateId);
    const events = client.dataOf('btcusdt@depth@100ms') as DepthUpdate[];
    expect(Object.keys(events[0]!)).toEqual(['e', 'E', 'T', 's', 'U', 'u', 'pu', 'b', 'a']);
    for (let i = 1; i < events.length; i++) {
      expect(events[i]!.pu).toBe(events[i - 1]!.u);
      expect(events[i]!.U).not.toBe(events[i - 1]!.u + 1);
    }
    // the documented procedure, by hand
    const bids = new Map<number, number>(snapshot.bids.map(([p, q]: Level) => [Number(p), Number(q)]));
    const asks = new Map<number, number>(snapshot.asks.map(([p, q]: Level) => [Number(p), Number(q)]));
    const applied = events.filter((e) => e.u >= snapshot.lastUpdateId);
    expect(applied[0]!.U <= snapshot.lastUpdateId && snapshot.lastUpdateId <= applied[0]!.u).toBe(true);
    for (const e of applied) {
      for (const [side, levels] of [[bids, e.b], [asks, e.a]] as const) for (const [p, q] of levels) Number(q) === 0 ? side.delete(Number(p)) : side.set(Number(p), Number(q));
    }
    const truth = sim.truth('BTC/USDT:USDT');
    expect([...bids.entries()].sort((a, b) => b[0] - a[0])).toEqual(truth.bids);
    expect([...asks.entries()].sort((a, b) => a[0] - b[0])).toEqual(truth.asks);
    // USD-M writes the symbol's precision, not 8 decimals (BTCUSDT: tick 0.1, step 0.001)
    expect(snapshot.bids[0][0]).toMatch(/^\d+\.\d$/);
    expect(snapshot.bids[0][1]).toMatch(/^\d+\.\d{3}$/);
  });

  it('skipDepthEvent withholds one event (the next pu names it); breakPu sends an intact event with a wrong pu', async () => {
    await start();
    const client = await connect('/public/stream');
    await client.request({ method: 'SUBSCRIBE', params: ['ethusdt@depth@100ms'], id: 1 });
    const push = () => {
      sim.step(1);
      sim.flush();
    };
    push();
    sim.skipDepthEvent('ETH/USDT:USDT');
    push();
    push();
    sim.breakPu('ETH/USDT:USDT');
    push();
    push();
    await client.nextJson((m) => m.data?.u === sim.truth('ETH/USDT:USDT').lastUpdateId);
    const [a, b, c, d] = client.dataOf('ethusdt@depth@100ms') as DepthUpdate[];
    expect(b!.pu).toBe(a!.u + UPDATE_ID_STRIDE); // the withheld event's u
    expect(c!.pu).not.toBe(b!.u); // broken
    expect(c!.U).toBe(b!.u + 7); // data intact: it starts right after b
    expect(d!.pu).toBe(c!.u);
  });

  it('routes streams like fstream: /public serves depth and book ticker, /market serves aggTrade, ticker and mark price; the wrong route and the unrouted root stay silent for market data', async () => {
    await start({ markPriceIntervalMs: 20, tickerIntervalMs: 20 });
    const market = await connect('/market/stream');
    const pub = await connect('/public/stream');
    const root = await connect('/stream');
    const all = ['btcusdt@depth@100ms', 'btcusdt@bookTicker', 'btcusdt@aggTrade', 'btcusdt@ticker', 'btcusdt@markPrice@1s'];
    for (const [i, client] of [market, pub, root].entries()) expect(await client.request({ method: 'SUBSCRIBE', params: all, id: i + 1 })).toEqual({ result: null, id: i + 1 });
    for (let i = 0; i < 40 && !(market.dataOf('btcusdt@aggTrade').length > 0 && pub.dataOf('btcusdt@bookTicker').length > 0); i++) {
      sim.step(5);
      sim.flush();
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    const streamsOf = (client: RawClient) => new Set(all.filter((s) => client.dataOf(s).length > 0));
    expect(streamsOf(market)).toEqual(new Set(['btcusdt@aggTrade', 'btcusdt@ticker', 'btcusdt@markPrice@1s']));
    expect(streamsOf(pub)).toEqual(new Set(['btcusdt@depth@100ms', 'btcusdt@bookTicker']));
    expect(streamsOf(root)).toEqual(new Set(['btcusdt@depth@100ms', 'btcusdt@bookTicker']));
    // payload shapes as documented / recorded
    expect(Object.keys(market.dataOf('btcusdt@aggTrade')[0])).toEqual(['e', 'E', 'a', 's', 'p', 'q', 'f', 'l', 'T', 'm']);
    expect(Object.keys(market.dataOf('btcusdt@ticker')[0])).toEqual(['e', 'E', 's', 'p', 'P', 'w', 'c', 'Q', 'o', 'h', 'l', 'v', 'q', 'O', 'C', 'F', 'L', 'n']);
    const mark = market.dataOf('btcusdt@markPrice@1s').at(-1);
    expect(Object.keys(mark)).toEqual(['e', 'E', 's', 'p', 'i', 'P', 'r', 'T']);
    expect(mark.r).toMatch(/^-?\d\.\d{8}$/);
    const pushed = sim.markPricePushes('BTC/USDT:USDT').find((p) => p.time === mark.E)!;
    expect([Number(mark.p), Number(mark.i), Number(mark.r), mark.T]).toEqual([pushed.state.markPrice, pushed.state.indexPrice, pushed.state.fundingRate, pushed.state.nextFundingTime]);
    const top = pub.dataOf('btcusdt@bookTicker')[0];
    expect(Object.keys(top)).toEqual(['e', 'u', 's', 'b', 'B', 'a', 'A', 'T', 'E']);
    expect(top.u % UPDATE_ID_STRIDE).toBe(0);
  });

  it('REST: exchangeInfo maps to perpetual instruments, depth limits are USD-M\'s, open interest, errors', async () => {
    await start({ listedSymbols: ['DOGE/USDT:USDT'] });
    const info = await fetch(`${sim.restUrl}/fapi/v1/exchangeInfo`).then(readJson);
    expect(info.symbols.map((s: { symbol: string }) => s.symbol)).toEqual(['BTCUSDT', 'ETHUSDT', 'DOGEUSDT']);
    expect(info.symbols.map(binanceFuturesInstrument).map((i: { symbol: string; priceTick: number; sizeStep: number }) => [i.symbol, i.priceTick, i.sizeStep])).toEqual([
      ['BTC/USDT:USDT', 0.1, 0.001],
      ['ETH/USDT:USDT', 0.01, 0.001],
      ['DOGE/USDT:USDT', 0.01, 0.001],
    ]);
    const limits = await Promise.all([5, 1000, 7, 5000].map((limit) => fetch(`${sim.restUrl}/fapi/v1/depth?symbol=ETHUSDT&limit=${limit}`)));
    expect(limits.map((r) => r.status)).toEqual([200, 200, 400, 400]);
    expect((await readJson(limits[0]!)).bids).toHaveLength(5);
    expect(await limits[2]!.json()).toEqual(expect.objectContaining({ code: -1100 }));
    const oi = await fetch(`${sim.restUrl}/fapi/v1/openInterest?symbol=BTCUSDT`).then(readJson);
    expect(Object.keys(oi)).toEqual(['symbol', 'openInterest', 'time']);
    expect(Number(oi.openInterest)).toBe(sim.openInterestAnswers('BTC/USDT:USDT').at(-1));
    const unknown = await fetch(`${sim.restUrl}/fapi/v1/openInterest?symbol=NOPEUSDT`);
    expect([unknown.status, await unknown.json()]).toEqual([400, { code: -1121, msg: 'Invalid symbol.' }]);
    sim.failRest(418, 1, 7);
    const banned = await fetch(`${sim.restUrl}/fapi/v1/ping`);
    expect([banned.status, banned.headers.get('retry-after')]).toEqual([418, '7']);
    expect((await fetch(`${sim.restUrl}/fapi/v1/ping`)).status).toBe(200);
    expect((await fetch(`${sim.restUrl}/api/v3/depth?symbol=BTCUSDT`)).status).toBe(404);
  });

  it('limits: more than 10 incoming messages per second closes the connection (1008); more than 1024 streams is refused', async () => {
    await start({ maxStreamsPerConnection: 3 });
    const flood = await connect('/market/stream');
    for (let i = 0; i < 12; i++) flood.send({ method: 'LIST_SUBSCRIPTIONS', id: i });
    expect(await flood.closed).toEqual({ code: 1008, reason: 'Too many requests' });
    const client = await connect('/market/stream');
    const reply = await client.request({ method: 'SUBSCRIBE', params: ['a@ticker', 'b@ticker', 'c@ticker', 'd@ticker'], id: 5 });
    expect(reply).toEqual({ error: { code: 2, msg: 'Invalid request: too many streams' }, id: 5 });
    expect(await client.request({ method: 'LIST_SUBSCRIPTIONS', id: 6 })).toEqual({ result: [], id: 6 });
  });

  it('sendMalformed sends a truncated frame or a depth event of wrong types on the chosen stream; an unknown path is dropped', async () => {
    await start();
    const client = await connect('/public/stream?streams=btcusdt@depth@100ms');
    sim.sendMalformed('invalid-json');
    expect(await client.next()).toBe('{"stream":"btcusdt@depth@100ms","data":{"e":"depthUpdate","E":17');
    sim.sendMalformed('schema');
    expect(JSON.parse(await client.next())).toEqual(expect.objectContaining({ stream: 'btcusdt@depth@100ms', data: expect.objectContaining({ U: 'one', pu: [] }) }));
    const closeCode = await new Promise<number>((resolve) => {
      const socket = new WebSocket(`${sim.wsUrl}/private/ws`);
      socket.on('error', () => undefined);
      socket.on('close', (code) => resolve(code));
    });
    expect(closeCode).toBe(1006); // dropped without a close frame: /private is not simulated
  });
});
