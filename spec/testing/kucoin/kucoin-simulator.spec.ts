import { firstValueFrom } from 'rxjs';
import type { BookLevel } from '../../../lib/model/book-event';
import { httpRequest } from '../../../lib/socket/http-transport';
import { KucoinSimulator } from '../../../lib/testing/kucoin/kucoin-simulator';
import { RawClient } from '../support/raw-client';

type Change = [string, string, string];
interface Level2 {
  sequenceStart: number;
  sequenceEnd: number;
  changes: { asks: Change[]; bids: Change[] };
}

/** The documented calibration, written independently of lib/: REST snapshot + level-2 messages by sequence. */
class LocalBook {
  private readonly bids = new Map<number, number>();
  private readonly asks = new Map<number, number>();
  constructor(private sequence: number, snapshot: { bids: [string, string][]; asks: [string, string][] }) {
    for (const [p, q] of snapshot.bids) this.bids.set(+p, +q);
    for (const [p, q] of snapshot.asks) this.asks.set(+p, +q);
  }
  apply(data: Level2): void {
    if (data.sequenceEnd <= this.sequence) return;
    if (data.sequenceStart > this.sequence + 1) throw new Error(`gap: local ${this.sequence}, message ${data.sequenceStart}..${data.sequenceEnd}`);
    for (const [side, changes] of [[this.bids, data.changes.bids], [this.asks, data.changes.asks]] as const) {
      for (const [p, q, s] of changes) {
        if (+s <= this.sequence || +p === 0) continue;
        if (+q === 0) side.delete(+p);
        else side.set(+p, +q);
      }
    }
    this.sequence = data.sequenceEnd;
  }
  image(): { bids: BookLevel[]; asks: BookLevel[] } {
    return { bids: [...this.bids].sort((a, b) => b[0] - a[0]), asks: [...this.asks].sort((a, b) => a[0] - b[0]) };
  }
}

const decimal = (value: unknown): boolean => typeof value === 'string' && /^\d+(\.\d*[1-9])?$/.test(value);

describe('KucoinSimulator wire format (bare ws client)', () => {
  let sim: KucoinSimulator;
  const clients: RawClient[] = [];
  afterEach(async () => {
    clients.splice(0).forEach((c) => c.socket.terminate());
    await sim.stop();
  });
  const rest = async (path: string, method: 'GET' | 'POST' = 'GET') => {
    const response = await firstValueFrom(httpRequest({ method, url: `${sim.restUrl}${path}`, maxBytes: 1 << 24, ...(method === 'POST' ? { body: '' } : {}) }));
    return { status: response.status, headers: response.headers, body: JSON.parse(response.body) };
  };
  /** Takes a token like a client and connects with it. */
  async function client(connectId = 'c1'): Promise<RawClient> {
    const { body } = await rest('/api/v1/bullet-public', 'POST');
    const c = await RawClient.connect(`${body.data.instanceServers[0].endpoint}?token=${encodeURIComponent(body.data.token)}&connectId=${connectId}`);
    clients.push(c);
    return c;
  }
  const request = (c: RawClient, message: Record<string, unknown>) => {
    c.send(message);
    return c.nextJson((m) => m.id === String(message['id']) && (m.type === 'ack' || m.type === 'error' || m.type === 'pong'));
  };
  const messages = (c: RawClient, topic: string): any[] => c.frames.map((f) => JSON.parse(f)).filter((m) => m.type === 'message' && m.topic === topic);

  it('answers bullet-public with a token and its own endpoint; greets a connection with its connectId; acks, pongs, and refuses like KuCoin', async () => {
    sim = await KucoinSimulator.start({ symbols: ['BTC/USDT'], autoStart: false, pingIntervalMs: 18_000, pingTimeoutMs: 10_000 });
    const bullet = await rest('/api/v1/bullet-public', 'POST');
    expect(bullet.body).toEqual({ code: '200000', data: { token: expect.any(String), instanceServers: [{ endpoint: sim.wsUrl, encrypt: false, protocol: 'websocket', pingInterval: 18000, pingTimeout: 10000 }] } });
    expect((await rest('/api/v1/bullet-public')).status).toBe(404); // POST only
    const c = await client('hQvf8jkno');
    expect(await c.nextJson()).toEqual({ id: 'hQvf8jkno', type: 'welcome' });
    expect(await request(c, { id: 1545910660739, type: 'subscribe', topic: '/market/match:BTC-USDT', privateChannel: false, response: true })).toEqual({ id: '1545910660739', type: 'ack' });
    expect(await request(c, { id: '1545910590801', type: 'ping' })).toEqual({ id: '1545910590801', type: 'pong' });
    expect(await request(c, { id: '2', type: 'subscribe', topic: '/market/level2:BTC-USDT,NOPE-USDT', response: true })).toEqual({ id: '2', type: 'error', code: 404, data: 'topic /market/level2:NOPE-USDT is not found' });
    expect(await request(c, { id: '3', type: 'subscribe', topic: '/market/level3:BTC-USDT' })).toEqual({ id: '3', type: 'error', code: 404, data: 'topic does not exist' });
    expect(await request(c, { id: '4', type: 'openTunnel' })).toEqual({ id: '4', type: 'error', code: 415, data: 'type is not supported' });
    const many = Array.from({ length: 101 }, () => 'BTC-USDT').join(',');
    expect(await request(c, { id: '5', type: 'subscribe', topic: `/market/snapshot:${many}` })).toEqual({ id: '5', type: 'error', code: 509, data: 'exceed max subscription count limitation of 100 per time' });
    c.send({ id: '6', type: 'subscribe', topic: '/market/snapshot:BTC-USDT', response: false });
    expect(await request(c, { id: '7', type: 'unsubscribe', topic: '/market/match:BTC-USDT', response: true })).toEqual({ id: '7', type: 'ack' });
    expect(sim.subscriptions(1)).toEqual(['/market/snapshot:BTC-USDT']); // the refused requests left nothing behind
    const stranger = await RawClient.connect(`${sim.wsUrl}?token=forged&connectId=x9`);
    clients.push(stranger);
    expect(await stranger.nextJson()).toEqual({ id: 'x9', type: 'error', code: 401, data: 'token is invalid' });
    expect(await stranger.closed).toEqual({ code: 1000, reason: 'token is invalid' });
  });

  it('pushes /market/level2 in KuCoin\'s shape; REST snapshot + messages by the documented calibration give exactly the truth', async () => {
    sim = await KucoinSimulator.start({ symbols: ['BTC/USDT'], autoStart: false, bookLevels: 100, bookIntervalMs: 5 });
    const c = await client();
    await request(c, { id: '1', type: 'subscribe', topic: '/market/level2:BTC-USDT', response: true });
    sim.step(3);
    const first = await c.nextJson((m) => m.topic === '/market/level2:BTC-USDT');
    expect(Object.keys(first)).toEqual(['topic', 'type', 'subject', 'data']);
    expect(first).toEqual(expect.objectContaining({ type: 'message', subject: 'trade.l2update' }));
    expect(Object.keys(first.data)).toEqual(['changes', 'sequenceEnd', 'sequenceStart', 'symbol', 'time']);
    expect(first.data).toEqual(expect.objectContaining({ symbol: 'BTC-USDT', sequenceEnd: sim.sequence('BTC/USDT') }));
    for (const [p, q, s] of [...first.data.changes.asks, ...first.data.changes.bids]) {
      expect(decimal(p) && (decimal(q) || q === '0')).toBe(true);
      expect(+s >= first.data.sequenceStart && +s <= first.data.sequenceEnd).toBe(true);
    }
    const snapshot = await rest('/api/v1/market/orderbook/level2_100?symbol=BTC-USDT');
    expect(Object.keys(snapshot.body)).toEqual(['code', 'data']);
    expect(Object.keys(snapshot.body.data)).toEqual(['time', 'sequence', 'bids', 'asks']);
    expect(snapshot.body.data.sequence).toBe(String(sim.sequence('BTC/USDT')));
    expect(snapshot.body.data.bids).toHaveLength(100);
    const book = new LocalBook(+snapshot.body.data.sequence, snapshot.body.data);
    const updates = (): Level2[] => messages(c, '/market/level2:BTC-USDT').map((m) => m.data);
    while (updates().length < 40) {
      sim.step(1 + (updates().length % 4));
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    sim.flush();
    await new Promise((resolve) => setTimeout(resolve, 20));
    let previous: number | undefined;
    for (const update of updates()) {
      if (previous !== undefined) expect(update.sequenceStart).toBe(previous + 1);
      previous = update.sequenceEnd;
      book.apply(update);
    }
    expect(previous).toBe(sim.sequence('BTC/USDT'));
    expect(book.image()).toEqual(sim.truth('BTC/USDT'));
    const top20 = (await rest('/api/v1/market/orderbook/level2_20?symbol=BTC-USDT')).body.data;
    expect(top20.bids.map(([p, q]: [string, string]) => [+p, +q])).toEqual(sim.truth('BTC/USDT', 20).bids);
  });

  it('injects a sequence break (a push withheld): the next message starts beyond the previous end + 1', async () => {
    sim = await KucoinSimulator.start({ symbols: ['ETH/USDT'], autoStart: false, bookIntervalMs: 5 });
    const c = await client();
    await request(c, { id: '1', type: 'subscribe', topic: '/market/level2:ETH-USDT', response: true });
    sim.step(1);
    const a = (await c.nextJson((m) => m.topic === '/market/level2:ETH-USDT')).data;
    sim.skipBookUpdate('ETH/USDT');
    sim.step(1);
    await new Promise((resolve) => setTimeout(resolve, 30));
    sim.step(1);
    const b = (await c.nextJson((m) => m.topic === '/market/level2:ETH-USDT')).data;
    expect(b.sequenceStart).toBeGreaterThan(a.sequenceEnd + 1);
  });

  it('pushes /market/match and /market/snapshot with the documented fields', async () => {
    sim = await KucoinSimulator.start({ symbols: ['BTC/USDT'], autoStart: false, tickerIntervalMs: 5 });
    const c = await client();
    await request(c, { id: '1', type: 'subscribe', topic: '/market/match:BTC-USDT', response: true });
    await request(c, { id: '2', type: 'subscribe', topic: '/market/snapshot:BTC-USDT', response: true });
    while (messages(c, '/market/match:BTC-USDT').length === 0) {
      sim.step(1);
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
    const match = messages(c, '/market/match:BTC-USDT')[0];
    expect(match.subject).toBe('trade.l3match');
    expect(Object.keys(match.data)).toEqual(['makerOrderId', 'price', 'sequence', 'side', 'size', 'symbol', 'takerOrderId', 'time', 'tradeId', 'type']);
    expect(match.data.time).toMatch(/^\d{19}$/);
    expect(match.data.makerOrderId).toMatch(/^[0-9a-f]{24}$/);
    await new Promise((resolve) => setTimeout(resolve, 30)); // the last step's snapshot is pushed
    const snapshot = messages(c, '/market/snapshot:BTC-USDT').at(-1);
    expect(snapshot.subject).toBe('trade.snapshot');
    expect(Object.keys(snapshot.data)).toEqual(['sequence', 'data']);
    const stats = sim.market('BTC/USDT').stats();
    expect(snapshot.data.data).toEqual(expect.objectContaining({ symbol: 'BTC-USDT', buy: stats.bid, bidSize: stats.bidSize, sell: stats.ask, askSize: stats.askSize, lastTradedPrice: stats.last, high: stats.high, low: stats.low, vol: stats.volume }));
    expect(typeof snapshot.data.data.changeRate).toBe('number');
  });

  it('expires tokens: open connections get 401 and a normal close; the old token is refused; a fresh one works', async () => {
    sim = await KucoinSimulator.start({ symbols: ['BTC/USDT'], autoStart: false });
    const { body } = await rest('/api/v1/bullet-public', 'POST');
    const url = `${sim.wsUrl}?token=${encodeURIComponent(body.data.token)}&connectId=a`;
    const c = await RawClient.connect(url);
    clients.push(c);
    await c.nextJson((m) => m.type === 'welcome');
    sim.expireTokens();
    expect(await c.nextJson()).toEqual({ id: 'a', type: 'error', code: 401, data: 'token is expired' });
    expect(await c.closed).toEqual({ code: 1000, reason: 'token is expired' });
    const again = await RawClient.connect(url);
    clients.push(again);
    expect(await again.nextJson()).toEqual({ id: 'a', type: 'error', code: 401, data: 'token is expired' });
    const fresh = await client('b');
    expect(await fresh.nextJson()).toEqual({ id: 'b', type: 'welcome' });
    expect(sim.tokensIssued).toBe(2);
  });

  it('limits: 100 topics per connection, 100 messages per 10 s (509 then dropped), REST weight per 30 s (429 429000 with gw-ratelimit headers); serves symbols and refuses unknown pairs', async () => {
    const listed = Array.from({ length: 101 }, (_, i) => `X${i}/USDT`);
    sim = await KucoinSimulator.start({ symbols: ['BTC/USDT'], listedSymbols: listed, autoStart: false, restWeightPer30s: 40 });
    const symbols = await rest('/api/v2/symbols');
    expect(symbols.body.data).toHaveLength(102);
    expect(symbols.body.data[0]).toEqual(expect.objectContaining({ symbol: 'BTC-USDT', name: 'BTC-USDT', baseCurrency: 'BTC', quoteCurrency: 'USDT', priceIncrement: '0.01', baseIncrement: '0.00001', enableTrading: true }));
    expect(await rest('/api/v1/market/orderbook/level2_100?symbol=NOPE-USDT')).toEqual(expect.objectContaining({ status: 400, body: { code: '900001', msg: 'Trading pair does not exist' } }));
    const c = await client(); // bullet-public: weight 10 (4 + 4 + 10 = 18 so far)
    await c.nextJson((m) => m.type === 'welcome');
    const topics = listed.slice(0, 100).map((s) => s.replace('/', '-')).join(',');
    expect(await request(c, { id: '1', type: 'subscribe', topic: `/market/match:${topics}`, response: true })).toEqual({ id: '1', type: 'ack' });
    expect(await request(c, { id: '2', type: 'subscribe', topic: '/market/match:X100-USDT', response: true })).toEqual({ id: '2', type: 'error', code: 509, data: 'exceed max subscription count limitation of 100 per session' });
    for (let i = 3; i <= 100; i++) c.send({ id: String(i), type: 'ping' });
    c.send({ id: '101', type: 'ping' });
    expect(await c.nextJson((m) => m.id === '101')).toEqual({ id: '101', type: 'error', code: 509, data: 'exceed max permits per 10 seconds' });
    expect((await c.closed).code).toBe(1006);
    sim.failRest(429, 1, 1500);
    const limited = await rest('/api/v2/symbols');
    expect(limited).toEqual(expect.objectContaining({ status: 429, body: { code: '429000', msg: 'Too Many Requests' } }));
    expect(limited.headers).toEqual(expect.objectContaining({ 'gw-ratelimit-reset': '1500', 'gw-ratelimit-remaining': '0', 'gw-ratelimit-limit': '40' }));
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await rest('/api/v1/market/orderbook/level2_100?symbol=BTC-USDT')).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]); // 18 + 5 × 4 = 38 of 40: the sixth is over
  });
});
