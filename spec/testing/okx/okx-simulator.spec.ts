import { okxChecksum } from '../../../lib/exchanges/okx/okx-checksum';
import { OkxSimulator } from '../../../lib/testing/okx/okx-simulator';
import type { OkxSimulatorOptions } from '../../../lib/testing/okx/okx-simulator-options';
import { okxWireChecksum } from '../../../lib/testing/okx/okx-wire';
import { waitFor } from '../../helpers/wait-for';
import { RawClient } from '../support/raw-client';

const LEVEL = /^(0|[1-9]\d*)(\.\d*[1-9])?$/; // OKX's decimals: no exponent, no trailing zero

describe('OkxSimulator wire format', () => {
  let sim: OkxSimulator;
  const clients: RawClient[] = [];

  async function start(options: OkxSimulatorOptions = {}): Promise<void> {
    sim = await OkxSimulator.start({ symbols: ['BTC/USDT', 'BTC/USDT:USDT'], seed: 3, autoStart: false, bookLevels: 40, ...options });
  }
  async function connect(): Promise<RawClient> {
    const client = await RawClient.connect(sim.wsUrl);
    clients.push(client);
    return client;
  }
  afterEach(async () => {
    clients.splice(0).forEach((c) => c.close());
    await sim.stop();
  });

  it('subscribe: one event per arg with the id and connId; books: a snapshot (prevSeqId -1, [px, sz, "0", n] strings, checksum of the top 25), then updates chaining prevSeqId to seqId', async () => {
    await start();
    const client = await connect();
    client.send({ id: '7', op: 'subscribe', args: [{ channel: 'books', instId: 'BTC-USDT-SWAP' }] });
    const ack = await client.nextJson((m) => m.event === 'subscribe');
    expect(ack).toEqual({ id: '7', event: 'subscribe', arg: { channel: 'books', instId: 'BTC-USDT-SWAP' }, connId: expect.stringMatching(/^[0-9a-f]{8}$/) });
    const snapshot = await client.nextJson((m) => m.action === 'snapshot');
    expect(Object.keys(snapshot)).toEqual(['arg', 'action', 'data']);
    const data = snapshot.data[0];
    expect(Object.keys(data)).toEqual(['asks', 'bids', 'ts', 'checksum', 'prevSeqId', 'seqId']);
    expect(data.prevSeqId).toBe(-1);
    expect(data.seqId).toBe(sim.seqIdOf('BTC/USDT:USDT'));
    expect(data.bids).toHaveLength(40);
    for (const level of [...data.bids, ...data.asks]) {
      expect(level).toHaveLength(4);
      expect(level[0]).toMatch(LEVEL);
      expect(level[1]).toMatch(LEVEL);
      expect(level[2]).toBe('0');
    }
    expect(data.checksum).toBe(okxWireChecksum(data.bids, data.asks));
    expect(data.checksum).toBe(okxChecksum(data.bids, data.asks)); // the simulator's text and the library's agree
    expect(data.bids.map((l: string[]) => [Number(l[0]), Number(l[1])])).toEqual(sim.truth('BTC/USDT:USDT').bids);

    sim.step(3);
    sim.flush();
    const update = (await client.nextJson((m) => m.action === 'update')).data[0];
    expect(update.prevSeqId).toBe(data.seqId);
    expect(update.seqId).toBe(data.seqId + 3);
    sim.step(1);
    sim.flush();
    expect((await client.nextJson((m) => m.action === 'update')).data[0].prevSeqId).toBe(update.seqId);
  });

  it('text ping → pong; unreadable request 60012; unknown op 60019; unknown channel or instrument 60018 naming them; past the hourly request budget 60014', async () => {
    await start({ subscribeRequestsPerHour: 2 });
    const client = await connect();
    client.send('ping');
    expect(await client.next()).toBe('pong');
    client.send('{"op":');
    expect(await client.nextJson((m) => m.event === 'error')).toEqual(expect.objectContaining({ code: '60012', msg: 'Invalid request: {"op":' }));
    client.send({ id: '1', op: 'login', args: [] });
    expect(await client.nextJson((m) => m.event === 'error')).toEqual(expect.objectContaining({ id: '1', code: '60019' }));
    client.send({ id: '2', op: 'subscribe', args: [{ channel: 'books', instId: 'NOPE-USDT' }, { channel: 'tickers', instId: 'BTC-USDT' }] });
    expect(await client.nextJson((m) => m.event === 'error')).toEqual(expect.objectContaining({ id: '2', code: '60018', msg: expect.stringContaining('channel:books,instId:NOPE-USDT') }));
    expect(await client.nextJson((m) => m.event === 'subscribe')).toEqual(expect.objectContaining({ id: '2', arg: { channel: 'tickers', instId: 'BTC-USDT' } }));
    client.send({ id: '3', op: 'subscribe', args: [{ channel: 'funding-rate', instId: 'BTC-USDT' }] }); // a swap-only channel on spot
    expect(await client.nextJson((m) => m.event === 'error')).toEqual(expect.objectContaining({ id: '3', code: '60018' }));
    client.send({ id: '4', op: 'unsubscribe', args: [{ channel: 'tickers', instId: 'BTC-USDT' }] });
    expect(await client.nextJson((m) => m.event === 'error')).toEqual(expect.objectContaining({ id: '4', code: '60014' }));
  });

  it('tickers, trades and the derivative channels in the documented shapes', async () => {
    await start({ fundingIntervalMs: 50, openInterestIntervalMs: 50, markPriceIntervalMs: 20 });
    const client = await connect();
    client.send({
      id: '1',
      op: 'subscribe',
      args: ['tickers', 'trades', 'mark-price', 'funding-rate', 'open-interest'].map((channel) => ({ channel, instId: 'BTC-USDT-SWAP' })).concat([{ channel: 'index-tickers', instId: 'BTC-USDT' }]),
    });
    const ticker = (await client.nextJson((m) => m.arg?.channel === 'tickers' && m.data)).data[0];
    expect(Object.keys(ticker)).toEqual(['instType', 'instId', 'last', 'lastSz', 'askPx', 'askSz', 'bidPx', 'bidSz', 'open24h', 'high24h', 'low24h', 'volCcy24h', 'vol24h', 'sodUtc0', 'sodUtc8', 'ts']);
    expect(ticker.instType).toBe('SWAP');
    expect(Number(ticker.volCcy24h)).toBeCloseTo(Number(ticker.vol24h) * 0.01, 6); // contracts × 0.01 BTC
    const mark = (await client.nextJson((m) => m.arg?.channel === 'mark-price' && m.data)).data[0];
    expect(mark).toEqual({ instType: 'SWAP', instId: 'BTC-USDT-SWAP', markPx: expect.stringMatching(LEVEL), ts: expect.stringMatching(/^\d+$/) });
    const funding = (await client.nextJson((m) => m.arg?.channel === 'funding-rate' && m.data)).data[0];
    expect(funding).toEqual(expect.objectContaining({ instId: 'BTC-USDT-SWAP', method: 'current_period', fundingRate: expect.any(String), fundingTime: expect.stringMatching(/^\d+$/) }));
    expect(Number(funding.nextFundingTime) - Number(funding.fundingTime)).toBe(8 * 3_600_000);
    const oi = (await client.nextJson((m) => m.arg?.channel === 'open-interest' && m.data)).data[0];
    expect(Object.keys(oi)).toEqual(['instId', 'instType', 'oi', 'oiCcy', 'oiUsd', 'ts']);
    const index = (await client.nextJson((m) => m.arg?.channel === 'index-tickers' && m.data)).data[0];
    expect(index).toEqual(expect.objectContaining({ instId: 'BTC-USDT', idxPx: expect.stringMatching(LEVEL) }));
    sim.step(200); // trades happen on about one step in four
    const trade = (await client.nextJson((m) => m.arg?.channel === 'trades' && m.data)).data[0];
    expect(Object.keys(trade)).toEqual(['instId', 'tradeId', 'px', 'sz', 'side', 'ts', 'count', 'source', 'seqId']);
    expect(['buy', 'sell']).toContain(trade.side);
  });

  it('faults: corrupt checksum, lost update (prevSeqId breaks the chain), documented sequence reset, keepalive with the same seqId, malformed frames', async () => {
    await start({ bookKeepaliveMs: 60 });
    const client = await connect();
    client.send({ id: '1', op: 'subscribe', args: [{ channel: 'books', instId: 'BTC-USDT' }] });
    let last = (await client.nextJson((m) => m.action === 'snapshot')).data[0];
    const nextUpdate = async () => (await client.nextJson((m) => m.action === 'update')).data[0];

    sim.corruptNextChecksum('BTC/USDT');
    sim.step();
    sim.flush();
    let update = await nextUpdate();
    expect(update.prevSeqId).toBe(last.seqId);
    expect(update.checksum).not.toBe(okxWireChecksum(...wireTop(sim, 'BTC/USDT')));
    last = update;

    sim.skipBookUpdate('BTC/USDT');
    sim.step();
    sim.flush(); // lost
    sim.step();
    sim.flush();
    update = await nextUpdate();
    expect(update.prevSeqId).toBe(last.seqId + 1); // the lost one's seqId: a break for the client
    last = update;

    sim.resetSequence('BTC/USDT');
    sim.step();
    sim.flush();
    update = await nextUpdate();
    expect(update.prevSeqId).toBe(last.seqId);
    expect(update.seqId).toBeLessThan(update.prevSeqId); // "seqId smaller than prevSeqId"
    last = update;

    const keepalive = await nextUpdate(); // nothing changes for 60 ms
    expect(keepalive).toEqual(expect.objectContaining({ asks: [], bids: [], prevSeqId: last.seqId, seqId: last.seqId }));
    expect(keepalive.checksum).toBe(okxWireChecksum(...wireTop(sim, 'BTC/USDT')));

    sim.sendMalformed('invalid-json', 'BTC/USDT');
    expect(await client.next((f) => f.startsWith('{"arg":{"channel":"books","instId":"BTC-USDT"},"action":"update","data":[{"asks":[["1') && !f.endsWith('}'))).toBeDefined();
    sim.sendMalformed('schema', 'BTC/USDT');
    expect(await client.nextJson((m) => m.data?.[0]?.seqId === 'x')).toBeDefined();
  });

  it("OKX's 2026 generations: checksum 0 or absent, no socket snapshot (the first push is an update)", async () => {
    await start({ checksum: 'zero', socketSnapshots: false });
    const zero = await connect();
    zero.send({ id: '1', op: 'subscribe', args: [{ channel: 'books', instId: 'BTC-USDT' }] });
    await zero.nextJson((m) => m.event === 'subscribe');
    sim.step();
    sim.flush();
    const first = await zero.nextJson((m) => m.arg?.channel === 'books' && m.data);
    expect(first.action).toBe('update');
    expect(first.data[0].checksum).toBe(0);
    await sim.stop();

    await start({ checksum: 'absent' });
    const absent = await connect();
    absent.send({ id: '1', op: 'subscribe', args: [{ channel: 'books', instId: 'BTC-USDT' }] });
    const snapshot = (await absent.nextJson((m) => m.action === 'snapshot')).data[0];
    expect('checksum' in snapshot).toBe(false);
  });

  it('REST: books with seqId (and 51001 for an unknown instrument), instruments per type, 429 on demand, stale snapshots on demand', async () => {
    await start({ listedSymbols: ['DOGE/USDT'] });
    const books = await getJson(`${sim.restUrl}/api/v5/market/books?instId=BTC-USDT&sz=400`);
    expect(books.code).toBe('0');
    expect(Object.keys(books.data[0])).toEqual(['asks', 'bids', 'ts', 'seqId']);
    expect(books.data[0].seqId).toBe(sim.seqIdOf('BTC/USDT'));
    expect(books.data[0].bids.map((l: string[]) => [Number(l[0]), Number(l[1])])).toEqual(sim.truth('BTC/USDT').bids);
    const unknown = await fetch(`${sim.restUrl}/api/v5/market/books?instId=NOPE-USDT`);
    expect(unknown.status).toBe(200);
    expect(await unknown.json()).toEqual(expect.objectContaining({ code: '51001', data: [] }));
    const spot = await getJson(`${sim.restUrl}/api/v5/public/instruments?instType=SPOT`);
    expect(spot.data.map((i: { instId: string }) => i.instId)).toEqual(['BTC-USDT', 'DOGE-USDT']);
    const swap = await getJson(`${sim.restUrl}/api/v5/public/instruments?instType=SWAP`);
    expect(swap.data).toEqual([expect.objectContaining({ instId: 'BTC-USDT-SWAP', instFamily: 'BTC-USDT', settleCcy: 'USDT', ctVal: '0.01', ctValCcy: 'BTC', ctType: 'linear', lotSz: '0.01', state: 'live' })]);
    sim.failRest(1);
    const limited = await fetch(`${sim.restUrl}/api/v5/market/books?instId=BTC-USDT`);
    expect(limited.status).toBe(429);
    expect(await limited.json()).toEqual(expect.objectContaining({ code: '50011' }));
    sim.step(10);
    sim.serveStaleSnapshots('BTC/USDT', 4);
    const stale = await getJson(`${sim.restUrl}/api/v5/market/books?instId=BTC-USDT`);
    expect(stale.data[0].seqId).toBe(sim.seqIdOf('BTC/USDT') - 4);
  });

  it('closes a connection that sent nothing for the idle timeout with 4004; pings keep one open', async () => {
    await start({ idleTimeoutMs: 150 });
    const quiet = await connect();
    const pinging = await connect();
    const timer = setInterval(() => pinging.send('ping'), 40);
    try {
      expect(await quiet.closed).toEqual({ code: 4004, reason: 'No data received in 30s' });
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(pinging.socket.readyState).toBe(pinging.socket.OPEN);
    } finally {
      clearInterval(timer);
    }
    await waitFor(() => sim.connections.size === 1, 'the quiet connection gone');
  });
});

/** The top 25 of `symbol` as the simulator writes it. */
function wireTop(sim: OkxSimulator, symbol: string): [string[][], string[][]] {
  const top = sim.truth(symbol, 25);
  const decimals = (value: number) => value.toString();
  return [top.bids.map(([p, q]) => [decimals(p), decimals(q)]), top.asks.map(([p, q]) => [decimals(p), decimals(q)])];
}

/** GET `url`, parsed. */
async function getJson(url: string): Promise<any> {
  return (await fetch(url)).json();
}
