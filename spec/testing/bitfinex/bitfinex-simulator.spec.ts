import { crc32 } from 'node:zlib';
import { firstValueFrom } from 'rxjs';
import { WebSocket } from 'ws';
import type { BookLevel } from '../../../lib/model/book-event';
import { httpGet } from '../../../lib/socket/http-transport';
import { BitfinexSimulator } from '../../../lib/testing/bitfinex/bitfinex-simulator';
import { RawClient } from '../support/raw-client';

/** Bitfinex's documented book procedure, written independently of lib/: P0 levels, count 0 deletes, cs over the texts. */
class LocalBook {
  private readonly bids = new Map<number, string>();
  private readonly asks = new Map<number, string>();
  /** Each level's text is cut from the frame itself. */
  apply(levelText: string): void {
    const [p, c, a] = levelText.slice(1, -1).split(',') as [string, string, string];
    const side = +a > 0 ? this.bids : this.asks;
    if (+c === 0) side.delete(+p);
    else side.set(+p, `${p}:${a}`);
  }
  checksum(): number {
    const bids = [...this.bids].sort((x, y) => y[0] - x[0]).slice(0, 25);
    const asks = [...this.asks].sort((x, y) => x[0] - y[0]).slice(0, 25);
    const parts: string[] = [];
    for (let i = 0; i < 25; i++) {
      if (bids[i]) parts.push(bids[i]![1]);
      if (asks[i]) parts.push(asks[i]![1]);
    }
    return crc32(parts.join(':')) | 0;
  }
  image(depth: number): { bids: BookLevel[]; asks: BookLevel[] } {
    const level = ([p, text]: [number, string]): BookLevel => [p, Math.abs(+text.split(':')[1]!)];
    return { bids: [...this.bids].sort((x, y) => y[0] - x[0]).slice(0, depth).map(level), asks: [...this.asks].sort((x, y) => x[0] - y[0]).slice(0, depth).map(level) };
  }
}

/** The level texts of a book message (`[CHAN,[p,c,a],SEQ]` or a snapshot), cut from the frame. */
const levelTexts = (frame: string): string[] => frame.match(/\[-?[\d.e+-]+,-?\d+,-?[\d.e+-]+\]/g) ?? [];

describe('BitfinexSimulator wire format (bare ws client)', () => {
  let sim: BitfinexSimulator;
  const clients: RawClient[] = [];
  afterEach(async () => {
    clients.splice(0).forEach((c) => c.socket.terminate());
    await sim.stop();
  });
  async function client(flags?: number): Promise<RawClient> {
    const c = await RawClient.connect(sim.wsUrl);
    clients.push(c);
    await c.nextJson((m) => m.event === 'info');
    if (flags !== undefined) {
      c.send({ event: 'conf', flags });
      expect(await c.nextJson((m) => m.event === 'conf')).toEqual({ event: 'conf', status: 'OK', flags });
    }
    return c;
  }
  const subscribe = async (c: RawClient, request: Record<string, unknown>) => {
    c.send({ event: 'subscribe', ...request });
    return c.nextJson((m) => m.event === 'subscribed' || m.event === 'error');
  };
  /** Every frame the server sent before answering a ping now (the server answers in order). */
  let cid = 0;
  const drain = async (c: RawClient): Promise<string[]> => {
    const id = ++cid;
    c.send({ event: 'ping', cid: id });
    const frames: string[] = [];
    for (let frame = await c.next(); !frame.includes(`"cid":${id}`); frame = await c.next()) frames.push(frame);
    return frames;
  };
  const rest = async (path: string) => {
    const response = await firstValueFrom(httpGet(`${sim.restUrl}${path}`, 1 << 24));
    return { status: response.status, body: JSON.parse(response.body) };
  };

  it('greets with info, answers conf and ping, and acknowledges or refuses subscriptions like Bitfinex', async () => {
    sim = await BitfinexSimulator.start({ symbols: ['BTC/USD', 'BTC/USDT'], autoStart: false, maxChannelsPerConnection: 3 });
    const c = await RawClient.connect(sim.wsUrl);
    clients.push(c);
    expect(JSON.parse(await c.next())).toEqual({ event: 'info', version: 2, serverId: expect.stringMatching(/^[0-9a-f-]{36}$/), platform: { status: 1 } });
    c.send({ event: 'ping', cid: 1234 });
    expect(await c.nextJson((m) => m.event === 'pong')).toEqual({ event: 'pong', ts: expect.any(Number), cid: 1234 });
    expect(await subscribe(c, { channel: 'book', symbol: 'tBTCUSD', prec: 'P0', freq: 'F0', len: '25' })).toEqual({
      event: 'subscribed', channel: 'book', chanId: expect.any(Number), symbol: 'tBTCUSD', prec: 'P0', freq: 'F0', len: '25', pair: 'BTCUSD',
    });
    expect(await subscribe(c, { channel: 'ticker', symbol: 'tBTCUST' })).toEqual({ event: 'subscribed', channel: 'ticker', chanId: expect.any(Number), symbol: 'tBTCUST', pair: 'BTCUST' });
    expect(await subscribe(c, { channel: 'ticker', symbol: 'tNOPE' })).toEqual({ channel: 'ticker', symbol: 'tNOPE', event: 'error', msg: 'symbol: invalid', code: 10300 });
    expect((await subscribe(c, { channel: 'ticker', symbol: 'tBTCUST' })).code).toBe(10301);
    expect((await subscribe(c, { channel: 'candles', symbol: 'tBTCUSD' })).code).toBe(10302);
    expect((await subscribe(c, { channel: 'book', symbol: 'tBTCUSD', prec: 'P0', len: '50' })).msg).toBe('len: invalid');
    expect((await subscribe(c, { channel: 'book', symbol: 'tBTCUSD', prec: 'R0' })).msg).toBe('prec: invalid');
    await subscribe(c, { channel: 'trades', symbol: 'tBTCUSD' });
    expect(await subscribe(c, { channel: 'trades', symbol: 'tBTCUST' })).toEqual(expect.objectContaining({ event: 'error', msg: 'subscribe: limit', code: 10305 }));
    c.send({ event: 'unsubscribe', chanId: 1 });
    expect(await c.nextJson((m) => m.event === 'error')).toEqual({ chanId: 1, event: 'error', msg: 'unsubscribe: invalid', code: 10400 });
    c.send('{"event":');
    expect((await c.nextJson((m) => m.event === 'error')).code).toBe(10000);
    expect(sim.subscriptions(1).sort()).toEqual(['book:tBTCUSD:25', 'ticker:tBTCUST', 'trades:tBTCUSD']);
  });

  it('book: snapshot, then one message per changed level and a cs per iteration, every message +1 in sequence; the documented procedure gives the truth', async () => {
    sim = await BitfinexSimulator.start({ symbols: ['BTC/USD'], autoStart: false, bookLevels: 200 });
    const c = await client(65536 + 131072);
    const reply = await subscribe(c, { channel: 'book', symbol: 'tBTCUSD', prec: 'P0', freq: 'F0', len: '25' });
    const snapshot = await c.next((f) => f.startsWith(`[${reply.chanId},[[`));
    const book = new LocalBook();
    for (const level of levelTexts(snapshot)) book.apply(level);
    expect(levelTexts(snapshot)).toHaveLength(50);
    expect(book.image(25)).toEqual(sim.truth('BTC/USD', 25));
    let seq = JSON.parse(snapshot).at(-1) as number;
    let checksums = 0;
    sim.step(200);
    for (const frame of await drain(c)) {
      const message = JSON.parse(frame) as unknown[];
      expect(message[0]).toBe(reply.chanId);
      expect(message.at(-1)).toBe(++seq);
      if (message[1] === 'cs') {
        expect(message[2]).toBe(book.checksum());
        checksums++;
      } else {
        expect(message).toHaveLength(3);
        for (const level of levelTexts(frame)) book.apply(level);
      }
    }
    expect(checksums).toBeGreaterThan(50); // one per step that changed the top 25
    expect(book.image(25)).toEqual(sim.truth('BTC/USD', 25));
    expect(JSON.stringify(book.image(25))).toContain(','); // not vacuous
  });

  it('ticker, trades (snapshot newest first, te then tu one step later), heartbeats; nothing appended without the conf flags', async () => {
    sim = await BitfinexSimulator.start({ symbols: ['ETH/USD'], autoStart: false, heartbeatIntervalMs: 40, listedSymbols: ['ETH/BTC'] });
    const c = await client(); // no conf: no sequence numbers, no checksums
    const ticker = await subscribe(c, { channel: 'ticker', symbol: 'tETHUSD' });
    const tickerFrame = JSON.parse(await c.next((f) => f.startsWith(`[${ticker.chanId},[`)));
    const stats = sim.market('ETH/USD').stats();
    expect(tickerFrame).toEqual([ticker.chanId, [stats.bid, stats.bidSize, stats.ask, stats.askSize, stats.priceChange, expect.any(Number), stats.last, stats.volume, stats.high, stats.low]]);
    expect(tickerFrame[1][5]).toBeCloseTo(stats.priceChangePercent / 100, 6); // DAILY_CHANGE_RELATIVE: a fraction
    while (sim.market('ETH/USD').stats().tradeCount < stats.tradeCount + 40) sim.step();
    const trades = await subscribe(c, { channel: 'trades', symbol: 'tETHUSD' });
    const tradeSnapshot = JSON.parse(await c.next((f) => f.startsWith(`[${trades.chanId},[`)))[1] as number[][];
    expect(tradeSnapshot).toHaveLength(30);
    expect(tradeSnapshot.map((t) => t[0])).toEqual([...tradeSnapshot.map((t) => t[0]!)].sort((a, b) => b - a));
    sim.step(30);
    const te = JSON.parse(await c.next((f) => f.includes('"te"')));
    expect(te).toEqual([trades.chanId, 'te', [expect.any(Number), expect.any(Number), expect.any(Number), expect.any(Number)]]);
    const tu = JSON.parse(await c.next((f) => f.includes('"tu"')));
    expect(tu[2]).toEqual(te[2]); // the same trade again
    const quiet = await subscribe(c, { channel: 'trades', symbol: 'tETHBTC' });
    expect(JSON.parse(await c.next((f) => f.startsWith(`[${quiet.chanId},"hb"`)))).toEqual([quiet.chanId, 'hb']);
  });

  it('faults: a wrong cs, a skipped sequence number, broken book messages, info 20051 then a close, maintenance 20060/20061', async () => {
    sim = await BitfinexSimulator.start({ symbols: ['BTC/USD'], autoStart: false });
    const c = await client(65536 + 131072);
    const reply = await subscribe(c, { channel: 'book', symbol: 'tBTCUSD', prec: 'P0', freq: 'F0', len: '25' });
    const book = new LocalBook();
    for (const level of levelTexts(await c.next((f) => f.startsWith(`[${reply.chanId},[[`)))) book.apply(level);
    /** Steps until an iteration changes the top 25; applies its levels; its cs, and whether it matches the local book. */
    const iteration = async (): Promise<{ cs: number[]; matches: boolean }> => {
      let frames: string[] = [];
      while (!frames.some((f) => f.includes('"cs"'))) {
        sim.step();
        frames = await drain(c);
      }
      for (const frame of frames) if (!frame.includes('"cs"')) for (const level of levelTexts(frame)) book.apply(level);
      const cs = JSON.parse(frames.at(-1)!) as number[];
      return { cs, matches: cs[2] === book.checksum() };
    };
    sim.corruptNextChecksum('BTC/USD');
    expect((await iteration()).matches).toBe(false);
    const { cs, matches } = await iteration();
    expect(matches).toBe(true); // corrupted once
    sim.skipSequence();
    let frames: string[];
    while ((frames = await drain(c)).length === 0) sim.step();
    expect(JSON.parse(frames[0]!).at(-1)).toBe(cs.at(-1)! + 2);
    sim.sendMalformed('invalid-json', 'BTC/USD');
    expect(await c.next()).toMatch(new RegExp(`^\\[${reply.chanId},\\[\\d+,1,$`));
    sim.sendMalformed('schema', 'BTC/USD');
    expect(JSON.parse(await c.next())).toEqual([reply.chanId, [expect.any(String), 1, 0.5], expect.any(Number)]);
    sim.startMaintenance();
    expect(JSON.parse(await c.next())).toEqual({ event: 'info', code: 20060, msg: expect.stringMatching(/^Entering in Maintenance mode/) });
    sim.step(5);
    sim.endMaintenance();
    expect(JSON.parse(await c.next())).toEqual({ event: 'info', code: 20061, msg: expect.stringMatching(/advised to unsubscribe\/subscribe again all channels/) }); // nothing in between
    sim.restart(10);
    expect(JSON.parse(await c.next())).toEqual({ event: 'info', code: 20051, msg: 'Stopping. Please try to reconnect' });
    expect(await c.closed).toEqual({ code: 1001, reason: 'restart' });
  });

  it('REST conf: pairs, pair list and currency labels in one request; errors as Bitfinex writes them', async () => {
    sim = await BitfinexSimulator.start({ symbols: ['BTC/USD', 'BTC/USDT'], autoStart: false, listedSymbols: ['AVAX/USD'] });
    const conf = await rest('/v2/conf/pub:info:pair,pub:map:currency:sym,pub:list:pair:exchange');
    expect(conf).toEqual({
      status: 200,
      body: [
        [['BTCUSD', [null, null, null, '0.00004', '2000.0', null, null, null]], ['BTCUST', expect.any(Array)], ['AVAX:USD', expect.any(Array)]],
        [['UST', 'USDt'], ['EUT', 'EURt']],
        ['BTCUSD', 'BTCUST', 'AVAX:USD'],
      ],
    });
    expect(await rest('/v2/conf/pub:info:nope')).toEqual({ status: 500, body: ['error', 10020, 'config: invalid'] });
    sim.failRest(429);
    expect(await rest('/v2/conf/pub:info:pair')).toEqual({ status: 429, body: { error: 'ERR_RATE_LIMIT' } });
    expect(sim.restLog.map((r) => r.status)).toEqual([200, 500, 429]);
  });

  it('refuses a handshake past its connections per minute with HTTP 429', async () => {
    sim = await BitfinexSimulator.start({ symbols: ['BTC/USD'], autoStart: false, maxConnectionsPerMinute: 2 });
    await client();
    await client();
    const refused = await new Promise<string>((resolve) => {
      const socket = new WebSocket(sim.wsUrl);
      socket.on('unexpected-response', (_request, response) => resolve(`${response.statusCode}`));
      socket.on('error', () => undefined);
    });
    expect(refused).toBe('429');
    expect(sim.connectionCount).toBe(2);
  });
});
