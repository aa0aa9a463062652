import { DeribitSimulator } from '../../../lib/testing/deribit/deribit-simulator';
import { deribitListing } from '../../../lib/testing/deribit/deribit-wire';
import { waitFor } from '../../helpers/wait-for';
import { RawClient } from '../support/raw-client';

type WireLevel = [string, number, number];

/** Applies book notifications strictly, the way Deribit defines the actions; throws on a violation. */
function applyStrictly(notifications: readonly any[]): { bids: [number, number][]; asks: [number, number][] } {
  const bids = new Map<number, number>();
  const asks = new Map<number, number>();
  let last: number | undefined;
  for (const { data } of notifications) {
    if (data.type === 'snapshot') {
      bids.clear();
      asks.clear();
      expect(data.prev_change_id).toBeUndefined();
    } else {
      expect(data.prev_change_id).toBe(last);
      expect(data.change_id).toBeGreaterThan(last!);
    }
    last = data.change_id;
    for (const [side, levels] of [[bids, data.bids], [asks, data.asks]] as const) {
      for (const [action, price, amount] of levels as WireLevel[]) {
        if (data.type === 'snapshot') expect(action).toBe('new');
        if (action === 'new') expect([side.has(price), amount > 0]).toEqual([false, true]);
        else expect(side.has(price)).toBe(true);
        if (action === 'delete') {
          expect(amount).toBe(0);
          side.delete(price);
        } else side.set(price, amount);
      }
    }
  }
  return { bids: [...bids].sort((a, b) => b[0] - a[0]), asks: [...asks].sort((a, b) => a[0] - b[0]) };
}

describe('DeribitSimulator wire format', () => {
  let sim: DeribitSimulator;
  const clients: RawClient[] = [];
  const connect = async (): Promise<RawClient> => {
    const client = await RawClient.connect(sim.wsUrl);
    clients.push(client);
    return client;
  };
  const channelFrames = (client: RawClient, channel: string): any[] =>
    client.frames.filter((f) => f.includes(`"channel":"${channel}"`)).map((f) => JSON.parse(f).params);

  beforeEach(async () => {
    sim = await DeribitSimulator.start({ symbols: ['BTC/USD:BTC', 'BTC/USDC:USDC', 'BTC/USD:BTC-261225', 'BTC/USDC'], seed: 5, autoStart: false, bookLevels: 60, heartbeatIntervalMs: 300 });
  });
  afterEach(async () => {
    clients.splice(0).forEach((c) => c.close());
    await sim.stop();
  });

  it('names instruments as Deribit does', () => {
    expect(['BTC/USD:BTC', 'ETH/USD:ETH', 'BTC/USDC:USDC', 'BTC/USD:BTC-261225', 'ETH/USD:ETH-250307', 'BTC/USDC'].map((s) => deribitListing(s).native)).toEqual([
      'BTC-PERPETUAL',
      'ETH-PERPETUAL',
      'BTC_USDC-PERPETUAL',
      'BTC-25DEC26',
      'ETH-7MAR25',
      'BTC_USDC',
    ]);
    expect(new Date(deribitListing('BTC/USD:BTC-261225').expiry).toISOString()).toBe('2026-12-25T08:00:00.000Z');
  });

  it('subscribe answers the channels subscribed (unknown ones left out), then a book snapshot and changes chained by prev_change_id whose actions fit the book', async () => {
    const client = await connect();
    const reply = await client.request({ jsonrpc: '2.0', id: 7, method: 'public/subscribe', params: { channels: ['book.BTC-PERPETUAL.100ms', 'book.DOGE-PERPETUAL.100ms', 'book.BTC-PERPETUAL.raw', 'quote.BTC-PERPETUAL'] } });
    expect(reply).toEqual({ jsonrpc: '2.0', id: 7, result: ['book.BTC-PERPETUAL.100ms'], usIn: expect.any(Number), usOut: expect.any(Number), usDiff: expect.any(Number), testnet: false });
    const snapshotText = await client.next((f) => f.includes('"method":"subscription"'));
    const snapshot = JSON.parse(snapshotText);
    expect(Object.keys(snapshot)).toEqual(['jsonrpc', 'method', 'params']);
    expect(Object.keys(snapshot.params)).toEqual(['channel', 'data']);
    expect(Object.keys(snapshot.params.data)).toEqual(['type', 'timestamp', 'instrument_name', 'change_id', 'bids', 'asks']);
    expect([snapshot.params.data.type, snapshot.params.data.instrument_name, snapshot.params.data.bids.length, snapshot.params.data.asks.length]).toEqual(['snapshot', 'BTC-PERPETUAL', 60, 60]);
    sim.step(80);
    await client.next((f) => f.includes('"type":"change"'));
    await waitFor(() => channelFrames(client, 'book.BTC-PERPETUAL.100ms').length === 81, 'the snapshot and 80 changes');
    const book = channelFrames(client, 'book.BTC-PERPETUAL.100ms');
    expect(book).toHaveLength(81);
    expect(Object.keys(book[1].data)).toEqual(['type', 'timestamp', 'prev_change_id', 'instrument_name', 'change_id', 'bids', 'asks']);
    const actions = new Set(book.slice(1).flatMap((n) => [...n.data.bids, ...n.data.asks].map((level: WireLevel) => level[0])));
    expect([...actions].sort()).toEqual(['change', 'delete', 'new']);
    expect(applyStrictly(book)).toEqual(sim.truth('BTC/USD:BTC'));
    // ids are not consecutive (100 ms aggregation), but every link holds
    expect(book.slice(1).some((n, i) => n.data.change_id - book[i]!.data.change_id > 1)).toBe(true);
  });

  it('every subscriber shares one change_id chain; unsubscribe answers the channels it removed', async () => {
    const [a, b] = [await connect(), await connect()];
    await a.request({ jsonrpc: '2.0', id: 1, method: 'public/subscribe', params: { channels: ['book.BTC_USDC-PERPETUAL.100ms'] } });
    sim.step(5);
    await b.request({ jsonrpc: '2.0', id: 1, method: 'public/subscribe', params: { channels: ['book.BTC_USDC-PERPETUAL.100ms'] } });
    await b.next((f) => f.includes('"snapshot"'));
    sim.step(10);
    await waitFor(() => channelFrames(a, 'book.BTC_USDC-PERPETUAL.100ms').length === 16 && channelFrames(b, 'book.BTC_USDC-PERPETUAL.100ms').length === 11, 'both feeds');
    const fromA = channelFrames(a, 'book.BTC_USDC-PERPETUAL.100ms');
    const fromB = channelFrames(b, 'book.BTC_USDC-PERPETUAL.100ms');
    expect(fromB[0].data.change_id).toBe(fromA[5].data.change_id);
    expect(fromB.slice(1)).toEqual(fromA.slice(6));
    expect(applyStrictly(fromB)).toEqual(sim.truth('BTC/USDC:USDC'));
    expect(await a.request({ jsonrpc: '2.0', id: 2, method: 'public/unsubscribe', params: { channels: ['book.BTC_USDC-PERPETUAL.100ms', 'ticker.BTC_USDC-PERPETUAL.100ms'] } })).toEqual(
      expect.objectContaining({ id: 2, result: ['book.BTC_USDC-PERPETUAL.100ms'] }),
    );
    expect(sim.subscriptions(1)).toEqual([]); // a is the first connection
  });

  it('ticker: perpetuals carry funding and open interest, dated futures open interest only, spot neither; trades carry the taker direction', async () => {
    const client = await connect();
    const channels = ['ticker.BTC-PERPETUAL.100ms', 'ticker.BTC-25DEC26.100ms', 'ticker.BTC_USDC.100ms', 'trades.BTC-PERPETUAL.100ms'];
    await client.request({ jsonrpc: '2.0', id: 3, method: 'public/subscribe', params: { channels } });
    sim.step(60);
    await waitFor(() => channels.every((c) => channelFrames(client, c).length > 0) && channelFrames(client, channels[0]!).length === 60, 'every channel, and 60 tickers');
    const [perp, dated, spot] = channels.slice(0, 3).map((c) => channelFrames(client, c).at(-1).data);
    expect(Object.keys(perp)).toEqual([
      'timestamp', 'stats', 'state', 'settlement_price', 'open_interest', 'min_price', 'max_price', 'mark_price', 'last_price', 'instrument_name', 'index_price',
      'funding_8h', 'estimated_delivery_price', 'current_funding', 'best_bid_price', 'best_bid_amount', 'best_ask_price', 'best_ask_amount',
    ]);
    expect(Object.keys(perp.stats)).toEqual(['volume_usd', 'volume', 'price_change', 'low', 'high']);
    expect(Object.keys(dated)).not.toContain('current_funding');
    expect(Object.keys(dated)).toContain('open_interest');
    expect(Object.keys(spot)).not.toContain('open_interest');
    const top = sim.market('BTC/USD:BTC').top();
    expect([perp.best_bid_price, perp.best_bid_amount, perp.best_ask_price, perp.best_ask_amount]).toEqual([top.bid, top.bidSize, top.ask, top.askSize]);
    const trades = channelFrames(client, 'trades.BTC-PERPETUAL.100ms').flatMap((n) => n.data);
    expect(trades.length).toBeGreaterThan(0);
    expect(Object.keys(trades[0])).toEqual(['trade_seq', 'trade_id', 'timestamp', 'tick_direction', 'price', 'mark_price', 'instrument_name', 'index_price', 'direction', 'amount']);
    expect(trades.every((t: any, i: number) => i === 0 || t.trade_seq === trades[i - 1].trade_seq + 1)).toBe(true);
  });

  it('heartbeats: set_heartbeat needs ≥ 10 s; then a heartbeat and a test_request every interval, and a connection that does not answer is closed', async () => {
    const client = await connect();
    expect(await client.request({ jsonrpc: '2.0', id: 4, method: 'public/set_heartbeat', params: { interval: 5 } })).toEqual(
      expect.objectContaining({ id: 4, error: { message: 'Invalid params', data: { reason: 'must be at least 10', param: 'interval' }, code: -32602 } }),
    );
    expect(await client.request({ jsonrpc: '2.0', id: 5, method: 'public/set_heartbeat', params: { interval: 10 } })).toEqual(expect.objectContaining({ id: 5, result: 'ok' }));
    // answer two test requests, then stop answering
    for (const id of [6, 7]) {
      await client.nextJson((m) => m.method === 'heartbeat' && m.params.type === 'test_request');
      expect(await client.request({ jsonrpc: '2.0', id, method: 'public/test', params: {} })).toEqual(expect.objectContaining({ id, result: { version: expect.any(String) } }));
    }
    expect(client.frames.filter((f) => f.includes('"type":"heartbeat"')).length).toBeGreaterThanOrEqual(2);
    expect(await client.closed).toEqual({ code: 1000, reason: 'test_request not answered' });
  });

  it('refuses what Deribit refuses: bad JSON, unknown methods, channels that are not a list, requests over 32 KB', async () => {
    const client = await connect();
    client.send('{"jsonrpc":"2.0","id":1,');
    expect(await client.nextJson()).toEqual(expect.objectContaining({ error: { message: 'Parse error', code: -32700 } }));
    expect((await client.request({ jsonrpc: '2.0', id: 2, method: 'public/nope', params: {} })).error.code).toBe(-32601);
    expect((await client.request({ jsonrpc: '2.0', id: 3, method: 'public/subscribe', params: { channels: 'book.BTC-PERPETUAL.100ms' } })).error).toEqual({
      message: 'Invalid params',
      data: { reason: 'value must be a list', param: 'channels' },
      code: -32602,
    });
    client.send({ jsonrpc: '2.0', id: 4, method: 'public/subscribe', params: { channels: Array.from({ length: 1200 }, (_, i) => `ticker.BTC-${i}DEC26.100ms`) } });
    const tooLarge = await client.nextJson((m) => m.error?.code === -32600);
    expect(tooLarge).toEqual(expect.objectContaining({ error: { message: 'request entity too large', code: -32600 } }));
    expect(tooLarge.id).toBeUndefined();
  });

  it('charges credits: a burst of subscriptions beyond the pool gets too_many_requests (10028) and the connection closed', async () => {
    const client = await connect();
    for (let id = 1; id <= 10; id++) client.send({ jsonrpc: '2.0', id, method: 'public/subscribe', params: { channels: ['ticker.BTC-PERPETUAL.100ms'] } });
    client.send({ jsonrpc: '2.0', id: 11, method: 'public/subscribe', params: { channels: ['ticker.BTC-PERPETUAL.100ms'] } });
    expect(await client.nextJson((m) => m.id === 11)).toEqual(expect.objectContaining({ error: { message: 'too_many_requests', code: 10028 } }));
    expect(client.frames.filter((f) => f.includes('"result":["ticker.BTC-PERPETUAL.100ms"]'))).toHaveLength(10);
    expect(await client.closed).toEqual({ code: 1000, reason: 'too_many_requests' });
  });

  it('serves get_instruments per kind with Deribit fields; unknown kinds are invalid params', async () => {
    const futures: any = await (await fetch(`${sim.restUrl}/api/v2/public/get_instruments?currency=any&kind=future`)).json();
    expect(futures.result.map((i: any) => [i.instrument_name, i.settlement_period, i.instrument_type, i.settlement_currency, i.counter_currency])).toEqual([
      ['BTC-PERPETUAL', 'perpetual', 'reversed', 'BTC', 'USD'],
      ['BTC_USDC-PERPETUAL', 'perpetual', 'linear', 'USDC', 'USDC'],
      ['BTC-25DEC26', 'month', 'reversed', 'BTC', 'USD'],
    ]);
    const spot: any = await (await fetch(`${sim.restUrl}/api/v2/public/get_instruments?currency=any&kind=spot`)).json();
    expect(spot.result.map((i: any) => [i.instrument_name, i.kind, 'settlement_currency' in i])).toEqual([['BTC_USDC', 'spot', false]]);
    const bad = await fetch(`${sim.restUrl}/api/v2/public/get_instruments?currency=any&kind=perpetual`);
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as any).error.code).toBe(-32602);
    sim.failRest(429, 1);
    expect((await fetch(`${sim.restUrl}/api/v2/public/get_instruments?currency=any&kind=spot`)).status).toBe(429);
  });

  it('faults: a skipped change breaks the chain, a bad action breaks the book rules on a sound chain', async () => {
    const client = await connect();
    await client.request({ jsonrpc: '2.0', id: 1, method: 'public/subscribe', params: { channels: ['book.BTC-PERPETUAL.100ms'] } });
    await client.next((f) => f.includes('"snapshot"'));
    sim.step(2);
    sim.skipChange('BTC/USD:BTC');
    sim.step(2);
    sim.sendBadAction('BTC/USD:BTC', 'delete-missing');
    sim.sendBadAction('BTC/USD:BTC', 'new-existing');
    await waitFor(() => channelFrames(client, 'book.BTC-PERPETUAL.100ms').length === 6, 'every notification sent');
    const book = channelFrames(client, 'book.BTC-PERPETUAL.100ms').map((n) => n.data);
    expect(book).toHaveLength(1 + 2 + 1 + 2);
    expect(book[3].prev_change_id).not.toBe(book[2].change_id); // one notification lost
    expect(book[4].prev_change_id).toBe(book[3].change_id);
    const bids = new Set([...sim.truth('BTC/USD:BTC').bids.map(([p]) => p)]);
    expect(book[4].bids).toEqual([['delete', expect.any(Number), 0]]);
    expect(bids.has(book[4].bids[0][1])).toBe(false);
    expect(book[5].bids).toEqual([['new', sim.truth('BTC/USD:BTC').bids[0]![0], expect.any(Number)]]);
  });
});
