import { BinanceSimulator } from '../../../lib/testing/binance/binance-simulator';
import type { BinanceSimulatorOptions } from '../../../lib/testing/binance/binance-simulator-options';
import { RawClient } from '../support/raw-client';

describe('BinanceSimulator faults and limits (bare ws client)', () => {
  let sim: BinanceSimulator | undefined;
  const clients: RawClient[] = [];

  async function start(options: BinanceSimulatorOptions = {}): Promise<BinanceSimulator> {
    sim = await BinanceSimulator.start({
      symbols: ['BTC/USDT'],
      seed: 9,
      bookLevels: 60,
      autoStart: false,
      serverPingIntervalMs: 0,
      maxMessagesPerSecond: 10_000,
      ...options,
    });
    return sim;
  }

  async function client(path = '/stream?streams=btcusdt@depth@100ms', options = {}): Promise<RawClient> {
    const c = await RawClient.connect(`${sim!.wsUrl}${path}`, options);
    clients.push(c);
    return c;
  }

  let syncId = 0;
  async function sync(c: RawClient): Promise<void> {
    await c.request({ method: 'LIST_SUBSCRIPTIONS', id: ++syncId });
  }

  afterEach(async () => {
    for (const c of clients.splice(0)) c.close();
    await sim?.stop();
    sim = undefined;
  });

  it('dropConnections terminates without a close frame; closeAll sends code and reason', async () => {
    await start();
    const a = await client();
    const b = await client();
    expect(sim!.connectionCount).toBe(2);
    sim!.dropConnections(1);
    expect((await a.closed).code).toBe(1006);
    sim!.closeAll(1000, 'connection lifetime exceeded');
    expect(await b.closed).toEqual({ code: 1000, reason: 'connection lifetime exceeded' });
    while (sim!.connections.size > 0) await new Promise((resolve) => setImmediate(resolve));
    expect(sim!.connectionCount).toBe(2);
  });

  it('goSilent stops data and pong replies; resumeSending lets data flow again, with a gap', async () => {
    await start();
    const c = await client();
    sim!.step(1);
    sim!.flush();
    const before = await c.nextJson((m) => m.stream === 'btcusdt@depth@100ms');
    sim!.goSilent();
    let pongs = 0;
    c.socket.on('pong', () => pongs++);
    c.socket.ping();
    c.send({ method: 'LIST_SUBSCRIPTIONS', id: 99 }); // not heard while silent
    sim!.step(3);
    sim!.flush();
    // a second, healthy connection proves the server has processed and pushed everything by now
    const witness = await client();
    await sync(witness);
    sim!.step(1);
    sim!.flush();
    await witness.next((f) => f.includes('depthUpdate'));
    expect(c.frames).toHaveLength(1);
    expect(pongs).toBe(0);

    sim!.resumeSending();
    sim!.step(1);
    sim!.flush();
    const after = await c.nextJson((m) => m.stream === 'btcusdt@depth@100ms');
    expect(after.data.U).toBe(before.data.u + 5); // the 4 steps pushed while silent are lost
    await sync(c);
    expect(c.frames.some((f) => f.includes('"id":99'))).toBe(false);
  });

  it('sendMalformed sends broken JSON and schema-violating data', async () => {
    await start();
    const c = await client();
    sim!.sendMalformed('invalid-json');
    const broken = await c.next();
    expect(() => JSON.parse(broken)).toThrow();
    sim!.sendMalformed('schema');
    const bad = JSON.parse(await c.next());
    expect(bad.stream).toBe('btcusdt@depth@100ms');
    expect(typeof bad.data.E).toBe('string');
    expect(typeof bad.data.U).toBe('string');
    expect(Array.isArray(bad.data.b)).toBe(false);
  });

  it('skipDepthEvent creates a gap in U/u', async () => {
    await start();
    const c = await client();
    sim!.step(2);
    sim!.flush();
    sim!.skipDepthEvent('BTC/USDT');
    sim!.step(3);
    sim!.flush(); // skipped
    sim!.step(1);
    sim!.flush();
    await sync(c);
    const events = c.dataOf('btcusdt@depth@100ms');
    expect(events).toHaveLength(2);
    expect(events[1].U).toBe(events[0].u + 4);
  });

  it('disconnects a connection sending more than 5 messages per second (code 1008) and logs each with its time', async () => {
    await start({ maxMessagesPerSecond: 5 });
    const c = await client('/stream');
    for (let id = 1; id <= 6; id++) c.send({ method: 'LIST_SUBSCRIPTIONS', id });
    expect(await c.closed).toEqual({ code: 1008, reason: 'Too many requests' });
    const replies = c.frames.map((f) => JSON.parse(f).id);
    expect(replies).toEqual([1, 2, 3, 4, 5]);
    const log = sim!.controlLog.filter((e) => e.kind === 'message');
    expect(log).toHaveLength(6);
    expect(log.map((e) => JSON.parse(e.text!).id)).toEqual([1, 2, 3, 4, 5, 6]);
    for (let i = 1; i < log.length; i++) expect(log[i]!.at).toBeGreaterThanOrEqual(log[i - 1]!.at);
  });

  it('counts ping frames towards the limit too', async () => {
    await start({ maxMessagesPerSecond: 5 });
    const c = await client('/stream');
    for (let i = 0; i < 6; i++) c.socket.ping();
    expect((await c.closed).code).toBe(1008);
    expect(sim!.controlLog.filter((e) => e.kind === 'ping')).toHaveLength(6);
  });

  it('refuses more than 1024 streams on a connection with an error reply', async () => {
    await start();
    const c = await client('/stream');
    const streams = Array.from({ length: 1025 }, (_, i) => `sym${i}usdt@trade`);
    expect(await c.request({ method: 'SUBSCRIBE', params: streams, id: 1 })).toEqual({
      error: { code: 2, msg: 'Invalid request: too many streams' },
      id: 1,
    });
    expect(await c.request({ method: 'SUBSCRIBE', params: streams.slice(0, 1024), id: 2 })).toEqual({ result: null, id: 2 });
    expect((await c.request({ method: 'LIST_SUBSCRIPTIONS', id: 3 })).result).toHaveLength(1024);
    expect((await c.request({ method: 'SUBSCRIBE', params: ['btcusdt@trade'], id: 4 })).error.code).toBe(2);
  });

  it('pings every serverPingIntervalMs and drops a client that never pongs', async () => {
    await start({ serverPingIntervalMs: 30, pongTimeoutMs: 60 });
    const polite = await client();
    const pinged = new Promise<void>((resolve) => polite.socket.once('ping', () => resolve()));
    const mute = await client('/stream', { autoPong: false });
    await pinged;
    expect((await mute.closed).code).toBe(1006);
    expect(polite.socket.readyState).toBe(polite.socket.OPEN);
    expect(sim!.controlLog.some((e) => e.kind === 'pong')).toBe(true);
  });

  it('drops connections on unknown paths', async () => {
    await start();
    const c = await client('/nope');
    expect((await c.closed).code).toBe(1006);
  });

  it('announceShutdown sends serverShutdown (the docs\' event wrapping, or bare) and closes lingering connections later', async () => {
    await start();
    const a = await client();
    const b = await client('/ws/btcusdt@trade');
    const before = Date.now();
    sim!.announceShutdown(1, { closeAfterMs: 50 });
    sim!.announceShutdown(2, { closeAfterMs: 60_000, shape: 'bare' });
    const notice = await a.nextJson((m) => 'event' in m);
    expect(notice).toEqual({ event: { e: 'serverShutdown', E: expect.any(Number) } });
    expect(notice.event.E).toBeGreaterThanOrEqual(before);
    expect(await b.nextJson((m) => m.e === 'serverShutdown')).toEqual({ e: 'serverShutdown', E: expect.any(Number) });
    // the first client stays: closed by the server; the second leaves by itself before its deadline
    expect(await a.closed).toEqual({ code: 1001, reason: 'Server shutdown' });
    expect(sim!.shutdownClosures).toBe(1);
    b.close();
    await b.closed;
    expect(sim!.shutdownClosures).toBe(1);
  });
});
