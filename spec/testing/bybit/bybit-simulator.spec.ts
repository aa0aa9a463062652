import { BybitSimulator } from '../../../lib/testing/bybit/bybit-simulator';
import { RawClient } from '../support/raw-client';

type Level = [string, string];

/** Applies raw book frames the plain way; `[price text, size text]` kept per side. */
function applyFrames(frames: readonly any[]): { bids: [number, number][]; asks: [number, number][] } {
  const bids = new Map<number, number>();
  const asks = new Map<number, number>();
  for (const frame of frames) {
    if (frame.type === 'snapshot') {
      bids.clear();
      asks.clear();
    }
    for (const [side, levels] of [[bids, frame.data.b], [asks, frame.data.a]] as const) {
      for (const [p, q] of levels as Level[]) Number(q) === 0 ? side.delete(Number(p)) : side.set(Number(p), Number(q));
    }
  }
  return { bids: [...bids].sort((a, b) => b[0] - a[0]), asks: [...asks].sort((a, b) => a[0] - b[0]) };
}

describe('BybitSimulator wire format', () => {
  let sim: BybitSimulator;
  const clients: RawClient[] = [];
  const connect = async (category: 'spot' | 'linear'): Promise<RawClient> => {
    const client = await RawClient.connect(`${sim.wsUrl}/v5/public/${category}`);
    clients.push(client);
    return client;
  };
  const topicFrames = (client: RawClient, topic: string): any[] =>
    client.frames.filter((f) => f.includes(`"topic":"${topic}"`)).map((f) => JSON.parse(f));

  beforeEach(async () => {
    sim = await BybitSimulator.start({ symbols: ['BTC/USDT', 'BTC/USDT:USDT'], seed: 5, autoStart: false, bookLevels: 120, level1RepeatMs: 150 });
  });
  afterEach(async () => {
    clients.splice(0).forEach((c) => c.close());
    await sim.stop();
  });

  it('linear: ack with req_id, then an orderbook snapshot (topic,type,ts,data,cts; fixed decimals) and deltas with u + 1 and a rising seq that keep a 50-level window', async () => {
    const client = await connect('linear');
    client.send({ req_id: '7', op: 'subscribe', args: ['orderbook.50.BTCUSDT'] });
    expect(JSON.parse(await client.next())).toEqual({ success: true, ret_msg: '', conn_id: expect.any(String), req_id: '7', op: 'subscribe' });
    const snapshotText = await client.next();
    expect(Object.keys(JSON.parse(snapshotText))).toEqual(['topic', 'type', 'ts', 'data', 'cts']);
    const snapshot = JSON.parse(snapshotText);
    expect(Object.keys(snapshot.data)).toEqual(['s', 'b', 'a', 'u', 'seq']);
    expect([snapshot.type, snapshot.data.s, snapshot.data.b.length, snapshot.data.a.length]).toEqual(['snapshot', 'BTCUSDT', 50, 50]);
    expect([...snapshot.data.b, ...snapshot.data.a].every(([p, q]: Level) => /^\d+\.\d{2}$/.test(p) && /^\d+\.\d{3}$/.test(q))).toBe(true);
    sim.step(60);
    await client.next((f) => f.includes('"type":"delta"'));
    await new Promise((resolve) => setTimeout(resolve, 50));
    const frames = topicFrames(client, 'orderbook.50.BTCUSDT');
    const deltas = frames.slice(1);
    expect(deltas.length).toBeGreaterThan(30);
    deltas.forEach((delta, i) => {
      const previous = frames[i];
      expect(delta.data.u).toBe(previous.data.u + 1);
      expect(delta.data.seq).toBeGreaterThan(previous.data.seq);
    });
    const book = applyFrames(frames);
    expect(book).toEqual(sim.truth('BTC/USDT:USDT', 50));
    expect([book.bids.length, book.asks.length]).toEqual([50, 50]);
  });

  it('spot: ack without req_id when none was sent (ret_msg "subscribe"), topic,ts,type,data,cts, numbers without trailing zeros', async () => {
    const client = await connect('spot');
    client.send({ op: 'subscribe', args: ['orderbook.200.BTCUSDT', 'publicTrade.BTCUSDT', 'tickers.BTCUSDT'] });
    expect(JSON.parse(await client.next())).toEqual({ success: true, ret_msg: 'subscribe', conn_id: expect.any(String), op: 'subscribe' });
    const snapshotText = await client.next((f) => f.includes('orderbook'));
    expect(Object.keys(JSON.parse(snapshotText))).toEqual(['topic', 'ts', 'type', 'data', 'cts']);
    const levels: Level[] = [...JSON.parse(snapshotText).data.b, ...JSON.parse(snapshotText).data.a];
    expect(levels).toHaveLength(240); // the whole 120-level book of each side
    expect(levels.every(([p, q]) => !/\.\d*0$|\.$/.test(p) && !/\.\d*0$|\.$/.test(q))).toBe(true);
    const ticker = JSON.parse(await client.next((f) => f.includes('tickers')));
    expect(Object.keys(ticker)).toEqual(['topic', 'ts', 'type', 'cs', 'data']);
    expect(ticker.type).toBe('snapshot');
    expect(Object.keys(ticker.data)).toEqual(['symbol', 'lastPrice', 'highPrice24h', 'lowPrice24h', 'prevPrice24h', 'volume24h', 'turnover24h', 'price24hPcnt', 'usdIndexPrice']);
    sim.step(80);
    const trades = JSON.parse(await client.next((f) => f.includes('publicTrade')));
    expect(Object.keys(trades)).toEqual(['topic', 'ts', 'type', 'data']);
    expect(Object.keys(trades.data[0])).toEqual(['i', 'T', 'p', 'v', 'S', 'seq', 's', 'BT', 'RPI']);
    expect(trades.data[0].i).toMatch(/^\d+$/);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(topicFrames(client, 'tickers.BTCUSDT').every((f) => f.type === 'snapshot' && f.data.bid1Price === undefined)).toBe(true);
  });

  it('linear tickers: one full snapshot, then deltas carrying only the fields that changed; linear trades carry a UUID id and a tick direction', async () => {
    const client = await connect('linear');
    client.send({ op: 'subscribe', args: ['tickers.BTCUSDT', 'publicTrade.BTCUSDT'] });
    const snapshot = JSON.parse(await client.next((f) => f.includes('tickers')));
    expect(Object.keys(snapshot)).toEqual(['topic', 'type', 'data', 'cs', 'ts']);
    expect(snapshot.data).toEqual(expect.objectContaining({ symbol: 'BTCUSDT', fundingRate: '0.0001', fundingIntervalHour: '8', preOpenPrice: '' }));
    sim.step(40);
    const delta = JSON.parse(await client.next((f) => f.includes('"type":"delta"')));
    expect(delta.data.symbol).toBe('BTCUSDT');
    expect(Object.keys(delta.data).length).toBeLessThan(Object.keys(snapshot.data).length);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const merged = { ...snapshot.data };
    for (const frame of topicFrames(client, 'tickers.BTCUSDT').slice(1)) Object.assign(merged, frame.data);
    expect(merged).toEqual(sim.tickerFields('BTC/USDT:USDT'));
    const trades = JSON.parse(await client.next((f) => f.includes('publicTrade')));
    expect(Object.keys(trades.data[0])).toEqual(['T', 's', 'S', 'v', 'p', 'L', 'i', 'BT', 'RPI', 'seq']);
    expect(trades.data[0].i).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-8[0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('answers {"op":"ping"} with each category\'s pong', async () => {
    const spot = await connect('spot');
    const linear = await connect('linear');
    spot.send({ op: 'ping' });
    linear.send({ op: 'ping' });
    expect(JSON.parse(await spot.next())).toEqual({ success: true, ret_msg: 'pong', conn_id: expect.any(String), op: 'ping' });
    expect(JSON.parse(await linear.next())).toEqual({ success: true, ret_msg: 'pong', conn_id: expect.any(String), req_id: '', op: 'ping' });
    spot.send({ req_id: 'p1', op: 'ping' });
    expect(JSON.parse(await spot.next())).toEqual(expect.objectContaining({ req_id: 'p1', ret_msg: 'pong' }));
  });

  it('refuses what Bybit refuses: > 10 args on spot, unknown topics and depths, duplicates, unknown ops', async () => {
    const spot = await connect('spot');
    const eleven = Array.from({ length: 11 }, (_, i) => `publicTrade.X${i}USDT`);
    spot.send({ req_id: '1', op: 'subscribe', args: eleven });
    expect(JSON.parse(await spot.next())).toEqual({ success: false, ret_msg: 'args size >10', conn_id: expect.any(String), req_id: '1', op: 'subscribe' });
    spot.send({ req_id: '2', op: 'subscribe', args: ['orderbook.30.BTCUSDT', 'orderbook.50.btcusdt', 'tickers.NOPEUSDT'] });
    for (const topic of ['orderbook.30.BTCUSDT', 'orderbook.50.btcusdt', 'tickers.NOPEUSDT']) {
      expect(JSON.parse(await spot.next())).toEqual(expect.objectContaining({ success: false, ret_msg: `error:handler not found,topic:${topic}`, req_id: '2' }));
    }
    spot.send({ req_id: '3', op: 'subscribe', args: ['publicTrade.BTCUSDT'] });
    expect(JSON.parse(await spot.next()).success).toBe(true);
    spot.send({ req_id: '4', op: 'subscribe', args: ['publicTrade.BTCUSDT'] });
    expect(JSON.parse(await spot.next()).ret_msg).toBe('error:already subscribed,topic:publicTrade.BTCUSDT');
    spot.send({ op: 'nope' });
    expect(JSON.parse(await spot.next())).toEqual(expect.objectContaining({ success: false, ret_msg: 'error:invalid op', op: 'nope' }));
    sim.failNextSubscription('BTC/USDT');
    spot.send({ req_id: '5', op: 'subscribe', args: ['tickers.BTCUSDT'] });
    expect(JSON.parse(await spot.next()).ret_msg).toBe('error:handler not found,topic:tickers.BTCUSDT');
    // no such limit on linear: 11 args are taken one by one (here 5 unknown ones refused, 6 subscribed)
    const linear = await connect('linear');
    const valid = ['tickers.BTCUSDT', 'publicTrade.BTCUSDT', ...[1, 50, 200, 1000].map((d) => `orderbook.${d}.BTCUSDT`)];
    linear.send({ req_id: '6', op: 'subscribe', args: [...valid, ...Array.from({ length: 5 }, (_, i) => `tickers.X${i}USDT`)] });
    await linear.next((f) => JSON.parse(f).success === true);
    await new Promise((resolve) => setTimeout(resolve, 30));
    const replies = linear.frames.map((f) => JSON.parse(f)).filter((m) => m.op === 'subscribe');
    expect(replies.filter((m) => m.success === false).map((m) => m.ret_msg)).toEqual(Array.from({ length: 5 }, (_, i) => `error:handler not found,topic:tickers.X${i}USDT`));
    expect(sim.subscriptions(linear.socket === clients[1]!.socket ? 2 : 0).sort()).toEqual([...valid].sort());
  });

  it('level 1 is snapshot-only and an unchanged one is sent again with the same u', async () => {
    const client = await connect('linear');
    client.send({ op: 'subscribe', args: ['orderbook.1.BTCUSDT'] });
    await client.next((f) => f.includes('orderbook'));
    const repeated = JSON.parse(await client.next((f) => f.includes('orderbook')));
    const frames = topicFrames(client, 'orderbook.1.BTCUSDT');
    expect(frames.every((f) => f.type === 'snapshot' && f.data.b.length === 1 && f.data.a.length === 1)).toBe(true);
    expect(repeated.data.u).toBe(frames[0].data.u);
    sim.step(30);
    await client.next((f) => f.includes('orderbook') && JSON.parse(f).data.u > repeated.data.u);
    await new Promise((resolve) => setTimeout(resolve, 50)); // the 30 steps' snapshots may arrive in more than one read
    expect(applyFrames(topicFrames(client, 'orderbook.1.BTCUSDT')).bids).toEqual(sim.truth('BTC/USDT:USDT', 1).bids);
  });

  it('faults: a mid-stream snapshot (u + 1), a u = 1 restart (deltas go on from 2), a lost delta (u jumps), malformed frames', async () => {
    const client = await connect('spot');
    client.send({ op: 'subscribe', args: ['orderbook.50.BTCUSDT'] });
    const first = JSON.parse(await client.next((f) => f.includes('snapshot')));
    sim.resetBook('BTC/USDT');
    expect(JSON.parse(await client.next((f) => f.includes('orderbook'))).data).toEqual(expect.objectContaining({ u: first.data.u + 1 }));
    sim.resetBook('BTC/USDT', { restart: true });
    const restart = JSON.parse(await client.next((f) => f.includes('orderbook')));
    expect([restart.type, restart.data.u]).toEqual(['snapshot', 1]);
    sim.step(1);
    expect(JSON.parse(await client.next((f) => f.includes('orderbook'))).data.u).toBe(2);
    sim.skipDelta('BTC/USDT');
    sim.step(2);
    expect(JSON.parse(await client.next((f) => f.includes('orderbook'))).data.u).toBe(4);
    sim.sendMalformed('invalid-json', 'BTC/USDT');
    const truncated = await client.next((f) => {
      try {
        JSON.parse(f);
        return false;
      } catch {
        return true;
      }
    });
    expect(truncated.startsWith('{"topic":"orderbook.50.BTCUSDT","type":"delta"')).toBe(true);
    sim.sendMalformed('schema', 'BTC/USDT');
    const schema = JSON.parse(await client.next((f) => f.includes('"none"')));
    expect(schema).toEqual(expect.objectContaining({ topic: 'orderbook.50.BTCUSDT', type: 'delta' }));
  });

  it('drops a connection that stops pinging when idleTimeoutMs is set; one that pings stays', async () => {
    await sim.stop();
    sim = await BybitSimulator.start({ symbols: ['BTC/USDT'], idleTimeoutMs: 200 });
    const silent = await connect('spot');
    const pinging = await connect('spot');
    const timer = setInterval(() => pinging.send({ op: 'ping' }), 50);
    try {
      const closed = await silent.closed;
      expect(closed.code).toBe(1006);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(pinging.socket.readyState).toBe(pinging.socket.OPEN);
    } finally {
      clearInterval(timer);
    }
  });

  it('drops connections to paths that are not a public endpoint', async () => {
    const client = await RawClient.connect(`${sim.wsUrl}/v5/public/inverse`).catch(() => undefined);
    if (client) {
      clients.push(client);
      await client.closed;
    }
    expect(sim.connections.size).toBe(0);
  });

  it('instruments-info: spot in one page without a cursor, linear paged by limit with nextPageCursor, failures on demand', async () => {
    await sim.stop();
    sim = await BybitSimulator.start({ symbols: ['BTC/USDT', 'BTC/USDT:USDT', 'ETH/USDT:USDT', 'SOL/USDT:USDT'] });
    const get = async (query: string): Promise<[number, any]> => {
      const response = await fetch(`${sim.restUrl}/v5/market/instruments-info?${query}`);
      return [response.status, await response.json()];
    };
    const [, spot] = await get('category=spot');
    expect(spot).toEqual(expect.objectContaining({ retCode: 0, retMsg: 'OK' }));
    expect(spot.result.nextPageCursor).toBeUndefined();
    expect(spot.result.list[0]).toEqual(expect.objectContaining({ symbol: 'BTCUSDT', status: 'Trading', priceFilter: { tickSize: '0.1' }, lotSizeFilter: expect.objectContaining({ basePrecision: '0.000001' }) }));
    const [, page1] = await get('category=linear&limit=2');
    expect(page1.result.list.map((i: any) => i.symbol)).toEqual(['BTCUSDT', 'ETHUSDT']);
    expect(page1.result.list[0]).toEqual(expect.objectContaining({ contractType: 'LinearPerpetual', priceScale: '2', settleCoin: 'USDT', priceFilter: expect.objectContaining({ tickSize: '0.10' }) }));
    const [, page2] = await get(`category=linear&limit=2&cursor=${encodeURIComponent(page1.result.nextPageCursor)}`);
    expect([page2.result.list.map((i: any) => i.symbol), page2.result.nextPageCursor]).toEqual([['SOLUSDT'], '']);
    sim.failRest(403, 1);
    expect((await get('category=spot'))[0]).toBe(403);
  });
});

