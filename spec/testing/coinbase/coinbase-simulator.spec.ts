import { CoinbaseSimulator } from '../../../lib/testing/coinbase/coinbase-simulator';
import type { CoinbaseSimulatorOptions } from '../../../lib/testing/coinbase/coinbase-simulator-options';
import { COINBASE_CAPTURE, readCapture } from '../../exchanges/coinbase/support/capture';
import { itWithSharedCapture } from '../../support/real-data';
import { waitFor } from '../../helpers/wait-for';
import { RawClient } from '../support/raw-client';

const TIMESTAMP = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z$/;
const EVENT_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{0,5}[1-9])?Z$/;

/** Key signature of a message: its keys, its events' keys, and the keys of their items, per kind. */
function shapes(frames: readonly any[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of frames) {
    out.set('envelope', Object.keys(m).join());
    for (const e of m.events) {
      const kind = `${m.channel}/${e.type ?? '-'}`;
      out.set(kind, Object.keys(e).join());
      for (const list of ['updates', 'tickers', 'trades']) if (Array.isArray(e[list]) && e[list][0]) out.set(`${kind}/${list}`, Object.keys(e[list][0]).join());
    }
  }
  return out;
}

const capturedShapes = (): Map<string, string> => shapes(readCapture().filter((r) => r.t === 'recv').map((r) => JSON.parse(r.data!)));

describe('CoinbaseSimulator (bare ws client)', () => {
  let sim: CoinbaseSimulator;
  const clients: RawClient[] = [];

  async function start(options: CoinbaseSimulatorOptions = {}): Promise<CoinbaseSimulator> {
    sim = await CoinbaseSimulator.start({ symbols: ['BTC/USD', 'ETH/USD'], seed: 3, bookLevels: 50, autoStart: false, heartbeatIntervalMs: 60_000, ...options });
    return sim;
  }
  async function client(): Promise<RawClient> {
    const c = await RawClient.connect(sim.wsUrl);
    clients.push(c);
    return c;
  }
  const subscribe = (c: RawClient, channel: string, products?: string[]): void =>
    c.send(products ? { type: 'subscribe', product_ids: products, channel } : { type: 'subscribe', channel });
  const nextOn = (c: RawClient, channel: string) => c.nextJson((m) => m.channel === channel);

  afterEach(async () => {
    for (const c of clients.splice(0)) c.close();
    await sim.stop();
  });

  itWithSharedCapture('speaks the capture formats: envelope, snapshots, updates, tickers, trades, heartbeats, subscriptions', COINBASE_CAPTURE, async () => {
    const captured = capturedShapes();
    await start({ heartbeatIntervalMs: 30 });
    sim.step(20); // some trades for the market_trades snapshot
    const c = await client();
    subscribe(c, 'market_trades', ['BTC-USD', 'ETH-USD']);
    subscribe(c, 'ticker', ['BTC-USD', 'ETH-USD']);
    subscribe(c, 'level2', ['BTC-USD', 'ETH-USD']);
    subscribe(c, 'heartbeats');
    await c.nextJson((m) => m.channel === 'subscriptions' && m.events[0].subscriptions.heartbeats);
    let stepsWithTrades = 0;
    while (stepsWithTrades < 3) {
      const before = c.frames.length;
      sim.step(1);
      await c.nextJson((m) => m.channel === 'l2_data' && m.events[0].product_id === 'ETH-USD');
      if (c.frames.slice(before).some((f) => f.includes('"market_trades"'))) stepsWithTrades++;
    }
    await nextOn(c, 'heartbeats');
    const frames = c.frames.map((f) => JSON.parse(f));
    const simShapes = shapes(frames);
    for (const [kind, keys] of simShapes) expect({ kind, keys }).toEqual({ kind, keys: captured.get(kind) });
    expect([...simShapes.keys()].sort()).toEqual([...captured.keys()].filter((k) => !k.startsWith('candles')).sort());
    expect(frames.map((m) => m.sequence_num)).toEqual(frames.map((_, i) => i));
    for (const m of frames) expect(m.timestamp).toMatch(TIMESTAMP);
    const l2 = frames.filter((m) => m.channel === 'l2_data').flatMap((m) => m.events[0].updates);
    for (const u of l2) {
      expect(u.event_time).toMatch(EVENT_TIME);
      expect(u.price_level).toMatch(/^\d+(\.\d*[1-9])?$/);
      expect(u.new_quantity).toMatch(/^\d+(\.\d*[1-9])?$/);
    }
    expect(frames.find((m) => m.channel === 'subscriptions' && m.events[0].subscriptions.heartbeats).events[0].subscriptions).toEqual({
      heartbeats: ['heartbeats'],
      level2: ['BTC-USD', 'ETH-USD'],
      market_trades: ['BTC-USD', 'ETH-USD'],
      ticker: ['BTC-USD', 'ETH-USD'],
    });
    expect(frames.find((m) => m.channel === 'heartbeats').events[0].current_time).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{9} \+0000 UTC m=\+\d+\.\d{9}$/);
  });

  it('sends the whole ground-truth book as a snapshot, then updates that keep it equal to the truth', async () => {
    await start();
    const c = await client();
    subscribe(c, 'level2', ['BTC-USD']);
    const snapshot = await nextOn(c, 'l2_data');
    const book = { bid: new Map<number, number>(), offer: new Map<number, number>() };
    const apply = (m: any) => {
      for (const u of m.events[0].updates) {
        const side = book[u.side as 'bid' | 'offer'];
        Number(u.new_quantity) === 0 ? side.delete(Number(u.price_level)) : side.set(Number(u.price_level), Number(u.new_quantity));
      }
    };
    expect(snapshot.events[0].type).toBe('snapshot');
    const sides = snapshot.events[0].updates.map((u: any) => u.side);
    expect(sides).toEqual([...Array(50).fill('bid'), ...Array(50).fill('offer')]);
    apply(snapshot);
    const truth = () => sim.truth('BTC/USD');
    const image = () => ({ bids: [...book.bid].sort((a, b) => b[0] - a[0]), asks: [...book.offer].sort((a, b) => a[0] - b[0]) });
    expect(image()).toEqual(truth());
    for (let i = 0; i < 30; i++) {
      sim.step(1);
      const update = await nextOn(c, 'l2_data');
      expect(update.events[0].type).toBe('update');
      apply(update);
    }
    expect(image()).toEqual(truth());
  });

  it('reports the MAKER side on market_trades (the taker bought → "SELL"), newest first, and a snapshot of the most recent trades', async () => {
    await start({ recentTrades: 5 });
    const c = await client();
    subscribe(c, 'market_trades', ['BTC-USD']);
    await nextOn(c, 'market_trades');
    const simulated: { id: number; side: string }[] = [];
    sim.onStep((step) => step.symbol === 'BTC/USD' && simulated.push(...step.trades.map((t) => ({ id: t.id, side: t.side }))));
    while (simulated.length < 8) sim.step(1);
    await waitFor(() => c.frames.filter((f) => f.includes('"update"')).flatMap((f) => JSON.parse(f).events[0].trades).length >= simulated.length, 'all trades');
    const updates = c.frames.map((f) => JSON.parse(f)).filter((m) => m.channel === 'market_trades' && m.events[0].type === 'update');
    for (const m of updates) {
      const ids = m.events[0].trades.map((t: any) => Number(t.trade_id));
      expect(ids).toEqual([...ids].sort((a, b) => b - a));
    }
    const wire = updates.flatMap((m) => m.events[0].trades);
    for (const t of simulated) {
      expect(wire.find((w: any) => w.trade_id === String(t.id)).side).toBe(t.side === 'buy' ? 'SELL' : 'BUY');
    }
    const c2 = await client();
    subscribe(c2, 'market_trades', ['BTC-USD']);
    const snapshot = await nextOn(c2, 'market_trades');
    expect(snapshot.events[0].trades.map((t: any) => Number(t.trade_id))).toEqual([...simulated].reverse().slice(0, 5).map((t) => t.id));
  });

  it('loses a message on demand: the next one shows the sequence_num gap', async () => {
    await start();
    const c = await client();
    subscribe(c, 'level2', ['BTC-USD']);
    await c.nextJson((m) => m.channel === 'subscriptions');
    sim.dropNextFrame('l2_data');
    sim.step(2);
    const next = await nextOn(c, 'l2_data');
    expect(next.sequence_num).toBe(3); // 0 snapshot, 1 subscriptions, 2 lost
  });

  it('sends malformed frames that take a sequence_num, and error replies to bad requests', async () => {
    await start();
    const c = await client();
    subscribe(c, 'level2', ['ETH-USD']);
    await c.nextJson((m) => m.channel === 'subscriptions');
    sim.sendMalformed('invalid-json');
    sim.sendMalformed('schema');
    await waitFor(() => c.frames.length >= 4, 'two malformed frames');
    expect(() => JSON.parse(c.frames[2]!)).toThrow();
    expect(c.frames[2]).toContain('"sequence_num":2');
    expect(JSON.parse(c.frames[3]!)).toEqual(expect.objectContaining({ channel: 'l2_data', sequence_num: 3, events: [expect.objectContaining({ product_id: 'ETH-USD' })] }));
    c.send('not json');
    expect(await c.nextJson((m) => m.type === 'error')).toEqual({ type: 'error', message: 'failure to parse message' });
    subscribe(c, 'level2', ['DOGE-USD']);
    expect(await c.nextJson((m) => m.type === 'error')).toEqual({ type: 'error', message: 'failure to subscribe' });
    subscribe(c, 'level3', ['BTC-USD']);
    expect(await c.nextJson((m) => m.type === 'error')).toEqual({ type: 'error', message: 'failure to subscribe' });
    expect(sim.subscriptions(1)).toEqual({ level2: ['ETH-USD'] });
  });

  it('refuses more than 8 messages per second per connection', async () => {
    await start();
    const c = await client();
    for (let i = 0; i < 9; i++) subscribe(c, 'heartbeats');
    expect(await c.nextJson((m) => m.type === 'error')).toEqual({ type: 'error', message: 'rate limit exceeded' });
  });

  it('closes a connection that subscribes nothing within the deadline, and one left with nothing subscribed', async () => {
    await start({ subscribeDeadlineMs: 100 });
    const idle = await client();
    expect(await idle.closed).toEqual({ code: 1008, reason: 'no subscription within 100 ms' });
    const c = await client();
    subscribe(c, 'ticker', ['BTC-USD']);
    await c.nextJson((m) => m.channel === 'subscriptions');
    c.send({ type: 'unsubscribe', product_ids: ['BTC-USD'], channel: 'ticker' });
    expect((await c.closed).code).toBe(1008);
    expect(sim.closures).toEqual([
      { kind: 'idle', connection: 1 },
      { kind: 'idle', connection: 2 },
    ]);
  });

  it('closes a quiet channel server-side unless heartbeats are subscribed', async () => {
    await start({ quietChannelTimeoutMs: 100, heartbeatIntervalMs: 20 });
    const withHeartbeats = await client();
    subscribe(withHeartbeats, 'level2', ['BTC-USD']);
    subscribe(withHeartbeats, 'heartbeats');
    const without = await client();
    subscribe(without, 'level2', ['BTC-USD']);
    await waitFor(() => sim.closures.length > 0, 'a quiet channel to close');
    // 10 heartbeats = twice the quiet timeout: the channel with heartbeats is still open
    await waitFor(() => withHeartbeats.frames.filter((f) => f.includes('"heartbeats"')).length >= 11, 'ten heartbeats');
    expect(sim.closures).toEqual([{ kind: 'quiet', connection: 2, channel: 'level2' }]);
    expect(sim.subscriptions(1)).toEqual({ heartbeats: ['heartbeats'], level2: ['BTC-USD'] });
    sim.step(1);
    await withHeartbeats.nextJson((m) => m.channel === 'l2_data' && m.events[0].type === 'update');
    expect(without.frames.some((f) => f.includes('"update"'))).toBe(false);
  });

  it('goes silent (messages lost, not queued) and drops connections', async () => {
    await start();
    const c = await client();
    subscribe(c, 'level2', ['BTC-USD']);
    await c.nextJson((m) => m.channel === 'subscriptions');
    sim.goSilent();
    sim.step(3);
    sim.resumeSending();
    sim.step(1);
    expect((await nextOn(c, 'l2_data')).sequence_num).toBe(5);
    sim.dropConnections();
    expect((await c.closed).code).toBe(1006);
  });
});
