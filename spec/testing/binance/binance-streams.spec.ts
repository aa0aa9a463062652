import type { BookLevel } from '../../../lib/model/book-event';
import { BinanceSimulator } from '../../../lib/testing/binance/binance-simulator';
import type { BinanceSimulatorOptions } from '../../../lib/testing/binance/binance-simulator-options';
import { RawClient } from '../support/raw-client';

const readJson = (response: Response): Promise<any> => response.json();

type Level = [string, string];
interface DepthUpdate {
  e: string;
  E: number;
  s: string;
  U: number;
  u: number;
  b: Level[];
  a: Level[];
}

/** Local book per Binance's "How to manage a local order book correctly". */
class LocalBook {
  readonly bids = new Map<number, number>();
  readonly asks = new Map<number, number>();
  lastUpdateId = 0;
  synced = false;

  load(snapshot: { lastUpdateId: number; bids: Level[]; asks: Level[] }): void {
    this.lastUpdateId = snapshot.lastUpdateId;
    for (const [p, q] of snapshot.bids) this.bids.set(Number(p), Number(q));
    for (const [p, q] of snapshot.asks) this.asks.set(Number(p), Number(q));
  }

  apply(event: DepthUpdate): void {
    if (event.u <= this.lastUpdateId) return; // drop old events
    if (!this.synced) {
      expect(event.U).toBeLessThanOrEqual(this.lastUpdateId + 1);
      expect(event.u).toBeGreaterThanOrEqual(this.lastUpdateId + 1);
      this.synced = true;
    } else {
      expect(event.U).toBe(this.lastUpdateId + 1);
    }
    for (const [p, q] of event.b) Number(q) === 0 ? this.bids.delete(Number(p)) : this.bids.set(Number(p), Number(q));
    for (const [p, q] of event.a) Number(q) === 0 ? this.asks.delete(Number(p)) : this.asks.set(Number(p), Number(q));
    this.lastUpdateId = event.u;
  }

  image(): { bids: BookLevel[]; asks: BookLevel[] } {
    return {
      bids: [...this.bids.entries()].sort((x, y) => y[0] - x[0]),
      asks: [...this.asks.entries()].sort((x, y) => x[0] - y[0]),
    };
  }
}

describe('BinanceSimulator streams (bare ws client)', () => {
  let sim: BinanceSimulator;
  const clients: RawClient[] = [];

  async function start(options: BinanceSimulatorOptions = {}): Promise<BinanceSimulator> {
    sim = await BinanceSimulator.start({
      symbols: ['BTC/USDT', 'ETH/USDT'],
      seed: 42,
      bookLevels: 120,
      autoStart: false,
      serverPingIntervalMs: 0,
      maxMessagesPerSecond: 10_000,
      ...options,
    });
    return sim;
  }

  async function client(path = '/stream'): Promise<RawClient> {
    const c = await RawClient.connect(`${sim.wsUrl}${path}`);
    clients.push(c);
    return c;
  }

  let syncId = 1000;
  /** Every frame the server sent before this reply has been received once it resolves. */
  async function sync(c: RawClient): Promise<void> {
    await c.request({ method: 'LIST_SUBSCRIPTIONS', id: ++syncId });
  }

  afterEach(async () => {
    for (const c of clients.splice(0)) c.close();
    await sim?.stop();
  });

  it('replies to SUBSCRIBE/UNSUBSCRIBE/LIST_SUBSCRIPTIONS exactly like Binance', async () => {
    await start();
    const c = await client();
    c.send({ method: 'SUBSCRIBE', params: ['btcusdt@depth@100ms', 'btcusdt@ticker'], id: 1 });
    expect(await c.next()).toBe('{"result":null,"id":1}');
    c.send({ method: 'LIST_SUBSCRIPTIONS', id: 3 });
    expect(await c.next()).toBe('{"result":["btcusdt@depth@100ms","btcusdt@ticker"],"id":3}');
    c.send({ method: 'UNSUBSCRIBE', params: ['btcusdt@depth@100ms'], id: 312 });
    expect(await c.next()).toBe('{"result":null,"id":312}');
    expect(await c.request({ method: 'LIST_SUBSCRIPTIONS', id: 4 })).toEqual({ result: ['btcusdt@ticker'], id: 4 });
    expect(await c.request({ method: 'GET_PROPERTY', params: ['combined'], id: 5 })).toEqual({ result: true, id: 5 });
    c.send('not json');
    expect(JSON.parse(await c.next())).toEqual({ error: { code: 3, msg: 'Invalid JSON: expected value at line 1 column 1' } });
    expect(await c.request({ method: 'SUBSCRIBE', params: ['BTCUSDT@trade'], id: 6 })).toEqual({
      error: { code: 2, msg: 'Invalid request: invalid stream' },
      id: 6,
    });
    expect(sim.subscriptions(sim.connections.values().next().value!)).toEqual(['btcusdt@ticker']);
  });

  it('accepts a valid stream of an unknown symbol and sends nothing for it', async () => {
    await start();
    const c = await client();
    expect(await c.request({ method: 'SUBSCRIBE', params: ['dogeusdt@trade', 'dogeusdt@depth@100ms', 'btcusdt@depth@100ms'], id: 1 })).toEqual({
      result: null,
      id: 1,
    });
    sim.step(20);
    sim.flush();
    await sync(c);
    expect(c.dataOf('btcusdt@depth@100ms').length).toBe(1);
    const dataStreams = c.frames.map((f) => JSON.parse(f).stream).filter((s) => s !== undefined);
    expect(dataStreams).toEqual(['btcusdt@depth@100ms']);
  });

  it('wraps data as {"stream","data"} on /stream and sends it raw on /ws; ?streams= subscribes at connect', async () => {
    await start();
    const combined = await client('/stream?streams=btcusdt@depth@100ms/ethusdt@depth@100ms');
    const raw = await client('/ws/btcusdt@depth@100ms');
    sim.step(2);
    sim.flush();
    await sync(combined);
    await sync(raw);
    const btc = combined.dataOf('btcusdt@depth@100ms');
    expect(btc).toHaveLength(1);
    expect(combined.dataOf('ethusdt@depth@100ms')).toHaveLength(1);
    const rawEvent = JSON.parse(raw.frames[0]!);
    expect(rawEvent).toEqual(btc[0]);
    expect(rawEvent.e).toBe('depthUpdate');
  });

  it('sends continuous depth events (U = previous u + 1) aggregating every step of the interval', async () => {
    await start();
    const c = await client('/stream?streams=btcusdt@depth@100ms/btcusdt@depth');
    const stepsPerFlush = [1, 3, 1, 5, 2];
    const startId = sim.truth('BTC/USDT').lastUpdateId;
    for (const steps of stepsPerFlush) {
      sim.step(steps);
      sim.flush();
    }
    await sync(c);
    const fast: DepthUpdate[] = c.dataOf('btcusdt@depth@100ms');
    expect(fast.map((e) => e.u - e.U + 1)).toEqual(stepsPerFlush);
    expect(fast[0]!.U).toBe(startId + 1);
    for (let i = 1; i < fast.length; i++) expect(fast[i]!.U).toBe(fast[i - 1]!.u + 1);
    expect(fast[fast.length - 1]!.u).toBe(sim.truth('BTC/USDT').lastUpdateId);
    for (const event of fast) {
      expect(event.e).toBe('depthUpdate');
      expect(event.s).toBe('BTCUSDT');
      expect(event.b.length + event.a.length).toBeGreaterThan(0);
    }
    expect(c.dataOf('btcusdt@depth')).toHaveLength(stepsPerFlush.length);
  });

  it('REST snapshot + buffered depth events rebuild exactly the truth while the market runs', async () => {
    await start({ autoStart: true, stepsPerSecond: 100, depthIntervalMs: 20 });
    const c = await client('/stream?streams=btcusdt@depth@100ms');
    await c.next(); // at least one event buffered before the snapshot
    const response = await fetch(`${sim.restUrl}/api/v3/depth?symbol=BTCUSDT&limit=1000`);
    const snapshot = await readJson(response);
    // let a few more events arrive, then freeze the market and drain
    await c.next();
    await c.next();
    sim.pause();
    sim.flush();
    await sync(c);
    const book = new LocalBook();
    book.load(snapshot);
    for (const event of c.dataOf('btcusdt@depth@100ms') as DepthUpdate[]) book.apply(event);
    const truth = sim.truth('BTC/USDT');
    expect(book.synced).toBe(true);
    expect(book.lastUpdateId).toBe(truth.lastUpdateId);
    expect(book.image()).toEqual({ bids: truth.bids, asks: truth.asks });
  });

  it('bookTicker equals the truth at its update id; trade and 24hrTicker carry consistent values', async () => {
    await start();
    const c = await client('/stream?streams=btcusdt@bookTicker/btcusdt@trade/btcusdt@ticker');
    sim.step(200);
    sim.flush();
    await sync(c);
    const bookTickers = c.dataOf('btcusdt@bookTicker');
    expect(bookTickers.length).toBeGreaterThan(10);
    for (const t of bookTickers) {
      const truth = sim.truthAt('BTC/USDT', t.u, 1)!;
      expect([Number(t.b), Number(t.B)]).toEqual(truth.bids[0]);
      expect([Number(t.a), Number(t.A)]).toEqual(truth.asks[0]);
    }
    const trades = c.dataOf('btcusdt@trade');
    expect(trades.length).toBeGreaterThan(10);
    for (let i = 1; i < trades.length; i++) expect(trades[i].t).toBe(trades[i - 1].t + 1);
    const tickers = c.dataOf('btcusdt@ticker');
    expect(tickers).toHaveLength(1);
    const ticker = tickers[0];
    const stats = sim.market('BTC/USDT').stats();
    expect(Number(ticker.c)).toBe(stats.last);
    expect(Number(ticker.c)).toBe(Number(trades[trades.length - 1].p));
    expect(ticker.L).toBe(trades[trades.length - 1].t);
    expect(Number(ticker.b)).toBe(sim.truth('BTC/USDT', 1).bids[0]![0]);
    expect(Number(ticker.A)).toBe(sim.truth('BTC/USDT', 1).asks[0]![1]);
    expect(Number(ticker.h)).toBeGreaterThanOrEqual(Number(ticker.c));
    expect(Number(ticker.l)).toBeLessThanOrEqual(Number(ticker.c));
  });

  it('is reproducible: the same seed gives the same book', async () => {
    await start({ seed: 5 });
    sim.step(50);
    const first = sim.truth('ETH/USDT');
    await sim.stop();
    await start({ seed: 5 });
    sim.step(50);
    expect(sim.truth('ETH/USDT')).toEqual(first);
  });
});
