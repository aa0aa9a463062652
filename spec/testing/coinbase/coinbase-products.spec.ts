import { CoinbaseSimulator } from '../../../lib/testing/coinbase/coinbase-simulator';
import type { CoinbaseSimulatorOptions } from '../../../lib/testing/coinbase/coinbase-simulator-options';
import { COINBASE_CAPTURE, readCapture } from '../../exchanges/coinbase/support/capture';
import { itWithSharedCapture } from '../../support/real-data';
import { RawClient } from '../support/raw-client';

const PRODUCTS_PATH = '/api/v3/brokerage/market/products';

describe('CoinbaseSimulator products, USDC aliases and delisting', () => {
  let sim: CoinbaseSimulator;
  const clients: RawClient[] = [];

  async function start(options: CoinbaseSimulatorOptions = {}): Promise<CoinbaseSimulator> {
    sim = await CoinbaseSimulator.start({ symbols: ['BTC/USD', 'ETH/USD', 'ETH/BTC'], seed: 3, bookLevels: 20, autoStart: false, heartbeatIntervalMs: 60_000, ...options });
    return sim;
  }
  async function client(): Promise<RawClient> {
    const c = await RawClient.connect(sim.wsUrl);
    clients.push(c);
    return c;
  }
  const products = async (query = '?product_type=SPOT'): Promise<any> => {
    const response = await fetch(`${sim.restUrl}${PRODUCTS_PATH}${query}`);
    expect(response.status).toBe(200);
    return JSON.parse(await response.text());
  };

  afterEach(async () => {
    for (const c of clients.splice(0)) c.close();
    await sim.stop();
  });

  itWithSharedCapture('lists products with every field of the real products list, in its order, aliases marked as in the capture', COINBASE_CAPTURE, async () => {
    const http = readCapture().find((r) => r.t === 'http')!;
    const real = JSON.parse(http.data!);
    const realById = new Map<string, any>(real.products.map((p: any) => [p.product_id, p]));
    await start();
    const body = await products();
    expect(Object.keys(body)).toEqual(Object.keys(real));
    expect(body.pagination).toEqual(real.pagination);
    expect(body.num_products).toBe(body.products.length);
    expect(body.products.map((p: any) => p.product_id)).toEqual(['BTC-USD', 'BTC-USDC', 'ETH-USD', 'ETH-USDC', 'ETH-BTC']);
    for (const product of body.products) {
      const captured = realById.get(product.product_id);
      expect({ id: product.product_id, keys: Object.keys(product) }).toEqual({ id: product.product_id, keys: Object.keys(captured) });
      for (const field of ['alias', 'alias_to', 'status', 'product_type', 'quote_currency_id', 'base_currency_id', 'quote_display_symbol', 'trading_disabled']) {
        expect({ id: product.product_id, field, value: product[field] }).toEqual({ id: product.product_id, field, value: captured[field] });
      }
    }
  });

  it('serves the aliases, increments from the market grid, the capture spacing, and filters by product_type and product_ids', async () => {
    await start({ symbols: ['BTC/USD', 'SOL/USD'], aliases: { 'BTC/USDC': 'BTC/USD' } });
    const text = await (await fetch(`${sim.restUrl}${PRODUCTS_PATH}`)).text();
    expect(text.startsWith('{"products":[{"product_id":"BTC-USD", "price":"')).toBe(true);
    const body = JSON.parse(text);
    const byId = new Map<string, any>(body.products.map((p: any) => [p.product_id, p]));
    expect([...byId.keys()]).toEqual(['BTC-USD', 'BTC-USDC', 'SOL-USD']);
    expect(byId.get('BTC-USD')).toEqual(expect.objectContaining({ alias: '', alias_to: ['BTC-USDC'], status: 'online', trading_disabled: false }));
    expect(byId.get('BTC-USDC')).toEqual(expect.objectContaining({ alias: 'BTC-USD', alias_to: [], base_currency_id: 'BTC', quote_currency_id: 'USDC' }));
    expect(byId.get('SOL-USD').alias_to).toEqual([]);
    const grid = sim.market('BTC/USD').grid;
    expect(Number(byId.get('BTC-USD').price_increment)).toBe(grid.tickSize);
    expect(Number(byId.get('BTC-USD').base_increment)).toBe(10 ** -grid.quantityDecimals);
    expect((await products('?product_type=FUTURE')).products).toEqual([]);
    expect((await products('?product_ids=SOL-USD&product_ids=BTC-USDC')).products.map((p: any) => p.product_id)).toEqual(['BTC-USDC', 'SOL-USD']);
    expect((await fetch(`${sim.restUrl}/api/v3/brokerage/nothing`)).status).toBe(404);
    expect(sim.restLog.map((r) => r.path)).toContain(PRODUCTS_PATH);
  });

  it('serves a USDC product under its USD product: subscribing BTC-USDC yields BTC-USD frames, once per step even with both subscribed', async () => {
    await start();
    const c = await client();
    c.send({ type: 'subscribe', product_ids: ['BTC-USDC'], channel: 'level2' });
    c.send({ type: 'subscribe', product_ids: ['BTC-USDC'], channel: 'ticker' });
    c.send({ type: 'subscribe', product_ids: ['BTC-USDC'], channel: 'market_trades' });
    const snapshot = await c.nextJson((m) => m.channel === 'l2_data');
    expect(snapshot.events[0]).toEqual(expect.objectContaining({ type: 'snapshot', product_id: 'BTC-USD' }));
    await c.nextJson((m) => m.channel === 'subscriptions' && m.events[0].subscriptions.market_trades);
    expect(sim.subscriptions(1)).toEqual({ level2: ['BTC-USDC'], ticker: ['BTC-USDC'], market_trades: ['BTC-USDC'] });
    expect(sim.truth('BTC/USDC')).toEqual(sim.truth('BTC/USD'));
    let traded = 0;
    sim.onStep((step) => (traded += step.symbol === 'BTC/USD' ? step.trades.length : 0));
    while (traded === 0) sim.step(1);
    const trades = await c.nextJson((m) => m.channel === 'market_trades' && m.events[0].type === 'update');
    expect(new Set(trades.events[0].trades.map((t: any) => t.product_id))).toEqual(new Set(['BTC-USD']));
    const ticker = await c.nextJson((m) => m.channel === 'ticker' && m.events[0].type === 'update');
    expect(ticker.events[0].tickers[0].product_id).toBe('BTC-USD');

    c.send({ type: 'subscribe', product_ids: ['BTC-USD'], channel: 'level2' });
    await c.nextJson((m) => m.channel === 'subscriptions' && m.events[0].subscriptions.level2?.length === 2);
    const before = c.frames.length;
    sim.step(1);
    c.send({ type: 'subscribe', channel: 'heartbeats' }); // its reply comes after everything the step sent
    await c.nextJson((m) => m.channel === 'subscriptions' && m.events[0].subscriptions.heartbeats);
    const l2 = c.frames.slice(before).map((f) => JSON.parse(f)).filter((m) => m.channel === 'l2_data');
    expect(l2.map((m) => [m.events[0].type, m.events[0].product_id])).toEqual([['update', 'BTC-USD']]);
  });

  it('delists a product: listed as delisted, every message naming it refused whole, nothing more sent for it', async () => {
    await start();
    const c = await client();
    c.send({ type: 'subscribe', product_ids: ['BTC-USD', 'ETH-USD'], channel: 'level2' });
    await c.nextJson((m) => m.channel === 'subscriptions');
    sim.delist('ETH/USD');
    const listed = new Map<string, any>((await products()).products.map((p: any) => [p.product_id, p]));
    for (const id of ['ETH-USD', 'ETH-USDC']) expect(listed.get(id)).toEqual(expect.objectContaining({ status: 'delisted', trading_disabled: true, volume_24h: '' }));
    expect(listed.get('BTC-USD').status).toBe('online');

    const sent = c.frames.length;
    c.send({ type: 'subscribe', product_ids: ['ETH-BTC', 'ETH-USD'], channel: 'ticker' });
    expect(await c.nextJson((m) => m.type === 'error')).toEqual({ type: 'error', message: 'failure to subscribe' });
    c.send({ type: 'unsubscribe', product_ids: ['BTC-USD', 'ETH-USD'], channel: 'level2' });
    expect(await c.nextJson((m) => m.type === 'error')).toEqual({ type: 'error', message: 'failure to subscribe' });
    c.send({ type: 'subscribe', product_ids: ['ETH-BTC'], channel: 'ticker' });
    await c.nextJson((m) => m.channel === 'subscriptions');
    expect(sim.subscriptions(1)).toEqual({ level2: ['BTC-USD', 'ETH-USD'], ticker: ['ETH-BTC'] });
    sim.step(5);
    await c.nextJson((m) => m.channel === 'l2_data' && m.events[0].product_id === 'BTC-USD');
    const after = c.frames.slice(sent).map((f) => JSON.parse(f));
    expect(after.filter((m) => m.channel === 'l2_data' && m.events[0].product_id === 'ETH-USD')).toEqual([]);
    expect(after.filter((m) => m.channel === 'ticker').every((m) => m.events[0].tickers.every((t: any) => t.product_id === 'ETH-BTC'))).toBe(true);
    expect(() => sim.delist('DOGE/USD')).toThrow(RangeError);
  });
});
