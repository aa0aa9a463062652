import { KrakenChecksum } from '../../../lib/exchanges/kraken/kraken-checksum';
import type { BookLevel } from '../../../lib/model/book-event';
import { KrakenSimulator } from '../../../lib/testing/kraken/kraken-simulator';
import { rfc3339, wireChecksum } from '../../../lib/testing/kraken/kraken-wire';
import { RawClient } from '../support/raw-client';

const RFC3339 = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/;

/** Applies Kraken book messages with truncation, as the guide says (independent of lib/book). */
class LocalBook {
  readonly bids = new Map<number, number>();
  readonly asks = new Map<number, number>();
  truncations = 0;
  constructor(private readonly depth: number) {}
  apply(data: { bids: { price: number; qty: number }[]; asks: { price: number; qty: number }[] }, snapshot: boolean): void {
    if (snapshot) {
      this.bids.clear();
      this.asks.clear();
    }
    for (const { price, qty } of data.bids) qty === 0 ? this.bids.delete(price) : this.bids.set(price, qty);
    for (const { price, qty } of data.asks) qty === 0 ? this.asks.delete(price) : this.asks.set(price, qty);
    for (const [side, descending] of [[this.bids, true], [this.asks, false]] as const) {
      const sorted = [...side.keys()].sort((a, b) => (descending ? b - a : a - b));
      if (sorted.length > this.depth) this.truncations++;
      for (const price of sorted.slice(this.depth)) side.delete(price);
    }
  }
  image(): { bids: BookLevel[]; asks: BookLevel[] } {
    return { bids: [...this.bids].sort((a, b) => b[0] - a[0]), asks: [...this.asks].sort((a, b) => a[0] - b[0]) };
  }
}

describe('KrakenSimulator wire format (bare ws client)', () => {
  let sim: KrakenSimulator;
  const clients: RawClient[] = [];
  afterEach(async () => {
    clients.splice(0).forEach((c) => c.close());
    await sim.stop();
  });
  async function client(path = '/v2'): Promise<RawClient> {
    const c = await RawClient.connect(`${sim.wsUrl.replace(/\/v2$/, '')}${path}`);
    clients.push(c);
    return c;
  }
  let reqId = 0;
  /** Sends a request and waits for its reply(ies) carrying the same req_id. */
  async function request(c: RawClient, method: string, params?: object): Promise<any> {
    const id = ++reqId;
    c.send({ method, ...(params ? { params } : {}), req_id: id });
    return c.nextJson((m) => m.req_id === id);
  }

  it('sends status on connect, answers ping with pong, and heartbeats only once subscribed', async () => {
    sim = await KrakenSimulator.start({ symbols: ['BTC/USD'], autoStart: false, heartbeatIntervalMs: 30 });
    const c = await client();
    const status = await c.nextJson();
    expect(status).toEqual({ channel: 'status', type: 'update', data: [expect.objectContaining({ api_version: 'v2', system: 'online' })] });
    const pong = await request(c, 'ping');
    expect(pong).toEqual({ method: 'pong', req_id: reqId, time_in: expect.stringMatching(RFC3339), time_out: expect.stringMatching(RFC3339) });
    expect(c.frames.some((f) => f.includes('heartbeat'))).toBe(false);
    await request(c, 'subscribe', { channel: 'ticker', symbol: ['BTC/USD'] });
    expect(await c.nextJson((m) => m.channel === 'heartbeat')).toEqual({ channel: 'heartbeat' });
  });

  it('serves instrument precisions, acks per symbol, and refuses unknown pairs, bad depths and duplicates', async () => {
    sim = await KrakenSimulator.start({ symbols: ['BTC/USD', 'ETH/USD'], autoStart: false });
    const c = await client();
    const ack = await request(c, 'subscribe', { channel: 'instrument' });
    expect(ack).toEqual(expect.objectContaining({ method: 'subscribe', success: true, result: { channel: 'instrument', snapshot: true } }));
    const instrument = await c.nextJson((m) => m.channel === 'instrument');
    expect(instrument.type).toBe('snapshot');
    expect(instrument.data.pairs).toEqual([
      expect.objectContaining({ symbol: 'BTC/USD', price_precision: 1, qty_precision: 8, price_increment: 0.1, status: 'online' }),
      expect.objectContaining({ symbol: 'ETH/USD', price_precision: 2, qty_precision: 8 }),
    ]);

    const id = ++reqId;
    c.send({ method: 'subscribe', params: { channel: 'ticker', symbol: ['BTC/USD', 'NOPE/USD'] }, req_id: id });
    const replies = [await c.nextJson((m) => m.req_id === id), await c.nextJson((m) => m.req_id === id)];
    expect(replies).toEqual([
      expect.objectContaining({ method: 'subscribe', success: true, result: expect.objectContaining({ channel: 'ticker', symbol: 'BTC/USD' }) }),
      expect.objectContaining({ method: 'subscribe', success: false, error: 'Currency pair not supported NOPE/USD', symbol: 'NOPE/USD' }),
    ]);
    expect(await request(c, 'subscribe', { channel: 'book', symbol: ['BTC/USD'], depth: 7 })).toEqual(expect.objectContaining({ success: false, symbol: 'BTC/USD', error: expect.stringMatching(/depth/) }));
    expect(await request(c, 'subscribe', { channel: 'ticker', symbol: ['BTC/USD'] })).toEqual(expect.objectContaining({ success: false, error: 'Already subscribed' }));
    expect(await request(c, 'unsubscribe', { channel: 'trade', symbol: ['BTC/USD'] })).toEqual(expect.objectContaining({ success: false, error: 'Subscription Not Found' }));
    sim.failNextSubscription('ETH/USD');
    expect(await request(c, 'subscribe', { channel: 'trade', symbol: ['ETH/USD'] })).toEqual(expect.objectContaining({ success: false, symbol: 'ETH/USD' }));
    expect(await request(c, 'subscribe', { channel: 'trade', symbol: ['ETH/USD'] })).toEqual(expect.objectContaining({ success: true }));
    expect(sim.subscriptions(1)).toEqual(['instrument', 'ticker:BTC/USD', 'trade:ETH/USD']);
  });

  it('publishes a depth-10 book whose every checksum is real, with no removal for levels pushed out of range', async () => {
    sim = await KrakenSimulator.start({ symbols: ['BTC/USD'], autoStart: false, bookLevels: 200 });
    const c = await client();
    await request(c, 'subscribe', { channel: 'book', symbol: ['BTC/USD'], depth: 10 });
    sim.step(400);
    await request(c, 'ping'); // every frame sent before the pong has arrived
    const messages = c.frames.map((f) => JSON.parse(f)).filter((m) => m.channel === 'book');
    expect(messages[0].type).toBe('snapshot');
    expect(messages.length).toBeGreaterThan(50);
    const local = new LocalBook(10);
    const checksum = new KrakenChecksum();
    for (const message of messages) {
      const data = message.data[0];
      expect(data.timestamp).toMatch(RFC3339);
      local.apply(data, message.type === 'snapshot');
      const { bids, asks } = local.image();
      // two independent implementations (text + integer) agree with the sent checksum
      expect(data.checksum).toBe(wireChecksum(asks, bids, 1, 8));
      expect(data.checksum).toBe(checksum.ofLevels(asks, bids, { price: 1, qty: 8 }));
    }
    expect(local.truncations).toBeGreaterThan(0);
    expect(local.image()).toEqual(sim.truth('BTC/USD', 10));
    expect(sim.checksumOf('BTC/USD')).toBe(messages.at(-1).data[0].checksum);
  });

  it('streams trades (optional 50-trade snapshot) and tickers on trades, and injects wire faults', async () => {
    sim = await KrakenSimulator.start({ symbols: ['BTC/USD'], autoStart: false });
    sim.step(300);
    const c = await client();
    await request(c, 'subscribe', { channel: 'trade', symbol: ['BTC/USD'] });
    const snapshot = await c.nextJson((m) => m.channel === 'trade');
    expect(snapshot.type).toBe('snapshot');
    expect(snapshot.data.length).toBeGreaterThan(0);
    expect(snapshot.data.length).toBeLessThanOrEqual(50);
    expect(Object.keys(snapshot.data[0]).sort()).toEqual(['ord_type', 'price', 'qty', 'side', 'symbol', 'timestamp', 'trade_id']);
    await request(c, 'subscribe', { channel: 'ticker', symbol: ['BTC/USD'] });
    const ticker = await c.nextJson((m) => m.channel === 'ticker');
    expect(Object.keys(ticker.data[0]).sort()).toEqual(['ask', 'ask_qty', 'bid', 'bid_qty', 'change', 'change_pct', 'high', 'last', 'low', 'symbol', 'timestamp', 'volume', 'vwap']);

    await request(c, 'subscribe', { channel: 'book', symbol: ['BTC/USD'], depth: 25 });
    sim.corruptNextChecksum('BTC/USD');
    sim.step(100);
    await request(c, 'ping');
    const updates = c.frames.map((f) => JSON.parse(f)).filter((m) => m.channel === 'book' && m.type === 'update');
    const local = new LocalBook(25);
    const books = c.frames.map((f) => JSON.parse(f)).filter((m) => m.channel === 'book');
    const verdicts = books.map((m) => {
      local.apply(m.data[0], m.type === 'snapshot');
      const { bids, asks } = local.image();
      return m.data[0].checksum === wireChecksum(asks, bids, 1, 8);
    });
    expect(updates.length).toBeGreaterThan(1);
    expect(verdicts.filter((ok) => !ok)).toHaveLength(1); // exactly the corrupted one
    expect(verdicts[1]).toBe(false);

    sim.sendMalformed('invalid-json', 'BTC/USD');
    const broken = await c.next((f) => f.startsWith('{"channel":"book","type":"update","data":[{"symbol":"BTC/USD","bids":[{"price":1'));
    expect(() => JSON.parse(broken)).toThrow();
    sim.dropConnections();
    await expect(c.closed).resolves.toEqual(expect.objectContaining({ code: 1006 }));
  });

  it('writes RFC 3339 with microseconds and drops connections to other paths', async () => {
    expect(rfc3339(1695632671742.648)).toBe('2023-09-25T09:04:31.742648Z');
    sim = await KrakenSimulator.start({ symbols: ['BTC/USD'], autoStart: false });
    const c = await client('/v1');
    await expect(c.closed).resolves.toEqual(expect.objectContaining({ code: 1006 }));
  });
});
