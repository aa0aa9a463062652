import { httpGet } from '../../../lib/socket/http-transport';
import { firstValueFrom } from 'rxjs';
import type { BookLevel } from '../../../lib/model/book-event';
import { GateioSimulator } from '../../../lib/testing/gateio/gateio-simulator';
import { RawClient } from '../support/raw-client';

const now = (): number => Math.floor(Date.now() / 1000);
const request = (id: number, channel: string, event: string, payload: string[]) => ({ time: now(), id, channel, event, payload });
const levels = (value: unknown): boolean => Array.isArray(value) && value.every((l) => Array.isArray(l) && l.length === 2 && l.every((x) => typeof x === 'string' && /^\d+(\.\d*[1-9])?$/.test(x)));

/** The documented procedure, written independently of lib/: REST snapshot + updates with U/u checks. */
class LocalBook {
  private readonly bids = new Map<number, number>();
  private readonly asks = new Map<number, number>();
  constructor(private id: number, snapshot: { bids: [string, string][]; asks: [string, string][] }) {
    for (const [p, q] of snapshot.bids) this.bids.set(+p, +q);
    for (const [p, q] of snapshot.asks) this.asks.set(+p, +q);
  }
  apply(result: { U: number; u: number; b: [string, string][]; a: [string, string][]; full?: boolean }): void {
    if (result.full) {
      this.bids.clear();
      this.asks.clear();
    } else {
      if (result.u < this.id + 1) return;
      if (result.U > this.id + 1) throw new Error(`gap: local id ${this.id}, update ${result.U}..${result.u}`);
    }
    for (const [p, q] of result.b) +q === 0 ? this.bids.delete(+p) : this.bids.set(+p, +q);
    for (const [p, q] of result.a) +q === 0 ? this.asks.delete(+p) : this.asks.set(+p, +q);
    this.id = result.u;
  }
  image(): { bids: BookLevel[]; asks: BookLevel[] } {
    return { bids: [...this.bids].sort((a, b) => b[0] - a[0]), asks: [...this.asks].sort((a, b) => a[0] - b[0]) };
  }
}

describe('GateioSimulator wire format (bare ws client)', () => {
  let sim: GateioSimulator;
  const clients: RawClient[] = [];
  afterEach(async () => {
    clients.splice(0).forEach((c) => c.socket.terminate());
    await sim.stop();
  });
  async function client(url = sim.wsUrl): Promise<RawClient> {
    const c = await RawClient.connect(url);
    clients.push(c);
    return c;
  }
  const rest = async (path: string) => {
    const response = await firstValueFrom(httpGet(`${sim.restUrl}${path}`, 1 << 24));
    return { status: response.status, headers: response.headers, body: JSON.parse(response.body) };
  };

  it('acknowledges a subscription with the request echoed, and refuses unknown pairs, channels, intervals and stale times with Gate.io errors', async () => {
    sim = await GateioSimulator.start({ symbols: ['BTC/USDT'], autoStart: false });
    const c = await client();
    const ack = await c.request(request(1, 'spot.trades', 'subscribe', ['BTC_USDT']));
    expect(Object.keys(ack)).toEqual(['time', 'time_ms', 'id', 'conn_id', 'trace_id', 'channel', 'event', 'payload', 'result', 'requestId']);
    expect(ack).toEqual(expect.objectContaining({ id: 1, channel: 'spot.trades', event: 'subscribe', payload: ['BTC_USDT'], result: { status: 'success' } }));
    expect(ack.conn_id).toMatch(/^[0-9a-f]{16}$/);
    const refused = await c.request(request(2, 'spot.trades', 'subscribe', ['NOPE_USDT', 'BTC_USDT']));
    expect(refused).toEqual(expect.objectContaining({ id: 2, error: { code: 2, message: 'unknown currency pair: NOPE_USDT' }, result: { status: 'fail' } }));
    expect((await c.request(request(3, 'spot.order_book_update', 'subscribe', ['BTC_USDT', '1000ms']))).error.code).toBe(2);
    expect((await c.request(request(4, 'spot.klines', 'subscribe', ['BTC_USDT']))).error).toEqual({ code: 2, message: 'unknown channel: spot.klines' });
    expect((await c.request({ ...request(5, 'spot.trades', 'subscribe', ['BTC_USDT']), time: now() - 120 })).error.code).toBe(2);
    c.send('{"time":');
    expect(await c.nextJson((m) => m.error !== undefined && m.id === undefined)).toEqual(expect.objectContaining({ error: { code: 1, message: 'Invalid request body format' }, result: { status: 'fail' } }));
    c.send({ time: now(), channel: 'spot.ping' });
    expect(await c.nextJson((m) => m.channel === 'spot.pong')).toEqual({ time: expect.any(Number), time_ms: expect.any(Number), channel: 'spot.pong', event: '', error: null, result: null });
    expect(sim.subscriptions(1)).toEqual(['spot.trades:BTC_USDT']);
  });

  it('pushes spot.order_book_update in Gate.io\'s shape; REST snapshot + updates by the documented procedure give exactly the top 100 of the truth', async () => {
    sim = await GateioSimulator.start({ symbols: ['BTC/USDT'], autoStart: false, bookLevels: 300, bookIntervalMs: 5 });
    const c = await client();
    await c.request(request(1, 'spot.order_book_update', 'subscribe', ['BTC_USDT', '100ms']));
    sim.step(3);
    const first = await c.nextJson((m) => m.channel === 'spot.order_book_update' && m.event === 'update');
    expect(Object.keys(first)).toEqual(['time', 'time_ms', 'channel', 'event', 'result']);
    expect(Object.keys(first.result)).toEqual(['t', 'l', 'e', 'E', 's', 'U', 'u', 'b', 'a']);
    expect(first.result).toEqual(expect.objectContaining({ l: '100', e: 'depthUpdate', s: 'BTC_USDT', u: sim.updateId('BTC/USDT'), U: sim.updateId('BTC/USDT') - 2 }));
    expect(levels(first.result.b) && levels(first.result.a)).toBe(true);
    const snapshot = await rest('/api/v4/spot/order_book?currency_pair=BTC_USDT&limit=100&with_id=true');
    expect(Object.keys(snapshot.body)).toEqual(['id', 'current', 'update', 'asks', 'bids']);
    expect(snapshot.body.id).toBe(sim.updateId('BTC/USDT'));
    expect(snapshot.body.bids).toHaveLength(100);
    const book = new LocalBook(snapshot.body.id, snapshot.body);
    let previous = first.result.u as number;
    const updates = (): { U: number; u: number; b: [string, string][]; a: [string, string][] }[] =>
      c.frames.map((f) => JSON.parse(f)).filter((m) => m.channel === 'spot.order_book_update' && m.event === 'update' && m.result.u > first.result.u).map((m) => m.result);
    while (updates().length < 40) {
      sim.step(1 + (updates().length % 4));
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    for (const update of updates()) {
      expect(update.U).toBe(previous + 1);
      previous = update.u;
      book.apply(update);
    }
    sim.flush();
    await new Promise((resolve) => setTimeout(resolve, 20));
    for (const update of updates().filter((u) => u.u > previous)) book.apply(update);
    sim.pause();
    expect(book.image()).toEqual(sim.truth('BTC/USDT', 100));
    expect((await rest('/api/v4/spot/order_book?currency_pair=BTC_USDT&limit=5')).body).not.toHaveProperty('id');
  });

  it('injects a sequence break (a push withheld) and a full=true push of the whole book', async () => {
    sim = await GateioSimulator.start({ symbols: ['ETH/USDT'], autoStart: false, fastBookIntervalMs: 5, bookLevels: 100 });
    const c = await client();
    await c.request(request(1, 'spot.order_book_update', 'subscribe', ['ETH_USDT', '20ms']));
    sim.step(1);
    const a = (await c.nextJson((m) => m.event === 'update')).result;
    sim.skipBookUpdate('ETH/USDT');
    sim.step(1);
    await new Promise((resolve) => setTimeout(resolve, 30));
    sim.step(1);
    const b = (await c.nextJson((m) => m.event === 'update')).result;
    expect(b.U).toBe(a.u + 2);
    sim.resetBook('ETH/USDT');
    sim.step(1);
    const full = (await c.nextJson((m) => m.event === 'update')).result;
    expect(Object.keys(full)).toEqual(['t', 'full', 'l', 'e', 'E', 's', 'U', 'u', 'b', 'a']);
    expect(full).toEqual(expect.objectContaining({ full: true, l: '20', U: b.u + 1, u: b.u + 1 }));
    const truth = sim.truth('ETH/USDT', 20);
    expect(full.b.map(([p, q]: [string, string]) => [+p, +q])).toEqual(truth.bids);
    expect(full.a.map(([p, q]: [string, string]) => [+p, +q])).toEqual(truth.asks);
  });

  it('pushes spot.tickers, spot.book_ticker and spot.trades with the documented fields', async () => {
    sim = await GateioSimulator.start({ symbols: ['BTC/USDT'], autoStart: false, tickerIntervalMs: 5 });
    const c = await client();
    for (const [id, channel] of [[1, 'spot.tickers'], [2, 'spot.book_ticker'], [3, 'spot.trades']] as const) await c.request(request(id, channel, 'subscribe', ['BTC_USDT']));
    let trades = 0;
    while (trades === 0) {
      sim.step(1);
      trades = c.frames.filter((f) => f.includes('"spot.trades","event":"update"')).length;
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
    const ticker = await c.nextJson((m) => m.channel === 'spot.tickers' && m.event === 'update');
    expect(Object.keys(ticker.result)).toEqual(['currency_pair', 'last', 'lowest_ask', 'highest_bid', 'change_percentage', 'base_volume', 'quote_volume', 'high_24h', 'low_24h']);
    const top = JSON.parse(c.frames.find((f) => f.includes('"spot.book_ticker","event":"update"'))!);
    expect(Object.keys(top.result)).toEqual(['t', 'u', 's', 'b', 'B', 'a', 'A']);
    const trade = JSON.parse(c.frames.find((f) => f.includes('"spot.trades","event":"update"'))!).result;
    expect(Object.keys(trade)).toEqual(['id', 'create_time', 'create_time_ms', 'side', 'currency_pair', 'amount', 'price', 'range', 'id_market']);
    expect(trade.create_time_ms).toMatch(/^\d{13}\.\d{4}$/);
    expect(trade.amount).toMatch(/^\d+\.\d{10}$/);
  });

  it('serves currency_pairs and order_book with Gate.io errors, 429 with X-Gate-RateLimit headers, and its per-endpoint rate limit', async () => {
    sim = await GateioSimulator.start({ symbols: ['BTC/USDT'], listedSymbols: ['DOGE/USDT'], autoStart: false, restRequestsPer10s: 4 });
    const pairs = await rest('/api/v4/spot/currency_pairs');
    expect(pairs.body.map((p: { id: string }) => p.id)).toEqual(['BTC_USDT', 'DOGE_USDT']);
    expect(pairs.body[0]).toEqual(expect.objectContaining({ base: 'BTC', quote: 'USDT', precision: 2, amount_precision: 5, trade_status: 'tradable' }));
    expect(await rest('/api/v4/spot/order_book?currency_pair=NOPE_USDT&with_id=true')).toEqual(expect.objectContaining({ status: 400, body: { label: 'INVALID_CURRENCY_PAIR', message: 'Invalid currency pair NOPE_USDT' } }));
    sim.failRest(429, 1, 2000);
    const limited = await rest('/api/v4/spot/order_book?currency_pair=BTC_USDT&with_id=true');
    expect(limited.status).toBe(429);
    expect(limited.body.label).toBe('TOO_MANY_REQUESTS');
    expect(Number(limited.headers['x-gate-ratelimit-reset-timestamp'])).toBeGreaterThan(Date.now());
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await rest('/api/v4/spot/order_book?currency_pair=BTC_USDT')).status);
    expect(statuses).toEqual([200, 200, 200, 429, 429]); // the 400 above counted too: 4 in 10 s
  });

  it('drops a connection to another path or past its connection limit, and sends the whole book first when asked to', async () => {
    sim = await GateioSimulator.start({ symbols: ['BTC/USDT'], autoStart: false, maxConnections: 1, fullOnSubscribe: true });
    const c = await client();
    await expect(client(sim.wsUrl.replace('/ws/v4/', '/v3/')).then((x) => x.closed)).resolves.toEqual(expect.objectContaining({ code: 1006 }));
    await expect(client().then((x) => x.closed)).resolves.toEqual(expect.objectContaining({ code: 1006 }));
    await c.request(request(1, 'spot.order_book_update', 'subscribe', ['BTC_USDT', '100ms']));
    const full = (await c.nextJson((m) => m.event === 'update')).result;
    expect(full).toEqual(expect.objectContaining({ full: true, U: sim.updateId('BTC/USDT'), u: sim.updateId('BTC/USDT') }));
    expect(full.b.map(([p, q]: [string, string]) => [+p, +q])).toEqual(sim.truth('BTC/USDT', 100).bids);
  });
});
