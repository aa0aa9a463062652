import type { FrameSink } from '../../../lib/exchanges/common/exchange-protocol';
import { krakenProtocol, type KrakenBookPayload } from '../../../lib/exchanges/kraken/kraken-protocol';
import { KrakenRequestLog } from '../../../lib/exchanges/kraken/kraken-request-log';
import { KrakenRoutes } from '../../../lib/exchanges/kraken/kraken-routes';

interface Recorded {
  data: [string, unknown][];
  invalid: [string, string | undefined][];
  exchangeError: string[];
  rejected: [number | undefined, readonly string[] | undefined, string][];
}

function setup() {
  const routes = new KrakenRoutes();
  const requests = new KrakenRequestLog();
  const protocol = krakenProtocol('wss://ws.kraken.com/v2', routes, requests);
  const session = protocol.createSession();
  const out: Recorded = { data: [], invalid: [], exchangeError: [], rejected: [] };
  const sink: FrameSink = {
    data: (key, payload) => out.data.push([key, payload]),
    invalid: (message, _frame, key) => out.invalid.push([message, key]),
    exchangeError: (message) => out.exchangeError.push(message),
    rejected: (id, keys, message) => out.rejected.push([id, keys, message]),
    gap: () => undefined,
  };
  const feed = (frame: unknown, at = 1000.5) => session.onFrame(typeof frame === 'string' ? frame : JSON.stringify(frame), at, sink);
  return { routes, protocol, out, feed };
}

describe('krakenProtocol', () => {
  it('builds v2 requests batched per channel and book depth, and app-level pings', () => {
    const { protocol } = setup();
    expect(JSON.parse(protocol.subscribeMessage(['book:BTC/USD:10', 'book:ETH/USD:10'], 1))).toEqual({ method: 'subscribe', params: { channel: 'book', symbol: ['BTC/USD', 'ETH/USD'], depth: 10 }, req_id: 1 });
    expect(JSON.parse(protocol.subscribeMessage(['ticker:BTC/USD'], 2))).toEqual({ method: 'subscribe', params: { channel: 'ticker', symbol: ['BTC/USD'] }, req_id: 2 });
    expect(JSON.parse(protocol.subscribeMessage(['trade:BTC/USD'], 3))).toEqual({ method: 'subscribe', params: { channel: 'trade', symbol: ['BTC/USD'], snapshot: false }, req_id: 3 });
    expect(JSON.parse(protocol.subscribeMessage(['instrument'], 4))).toEqual({ method: 'subscribe', params: { channel: 'instrument' }, req_id: 4 });
    expect(JSON.parse(protocol.unsubscribeMessage(['book:BTC/USD:25'], 5))).toEqual({ method: 'unsubscribe', params: { channel: 'book', symbol: ['BTC/USD'], depth: 25 }, req_id: 5 });
    expect(JSON.parse(protocol.unsubscribeMessage(['trade:BTC/USD'], 6))).toEqual({ method: 'unsubscribe', params: { channel: 'trade', symbol: ['BTC/USD'] }, req_id: 6 });
    const groups = ['book:A/B:10', 'book:C/D:10', 'book:A/B:25', 'ticker:A/B', 'ticker:C/D', 'trade:A/B', 'instrument'].map(protocol.groupOf);
    expect(groups).toEqual(['book:10', 'book:10', 'book:25', 'ticker', 'ticker', 'trade', 'instrument']);
    const ping = JSON.parse(protocol.appPing!());
    expect(ping).toEqual({ method: 'ping', req_id: expect.any(Number) });
    expect(JSON.parse(protocol.appPing!()).req_id).not.toBe(ping.req_id);
  });

  it("normalizes Kraken's documented ticker example", () => {
    const { out, feed } = setup();
    feed({ channel: 'ticker', type: 'snapshot', data: [{ symbol: 'ALGO/USD', bid: 0.10025, bid_qty: 740.0, ask: 0.10036, ask_qty: 1361.44813783, last: 0.10035, volume: 997038.98383185, vwap: 0.10148, low: 0.09979, high: 0.10285, change: -0.00017, change_pct: -0.17, timestamp: '2023-09-25T09:04:31.742648Z' }] });
    expect(out.data).toEqual([
      ['ticker:ALGO/USD', { type: 'ticker', exchange: 'kraken', symbol: 'ALGO/USD', price: 0.10035, bid: 0.10025, bidSize: 740, ask: 0.10036, askSize: 1361.44813783, high24h: 0.10285, low24h: 0.09979, volume24h: 997038.98383185, change24h: -0.17, timestamp: Date.parse('2023-09-25T09:04:31.742Z') + 0.648 /* sub-ms kept */, localTimestamp: 1000.5 }],
    ]);
  });

  it('normalizes batched trades (taker side, scientific-notation quantities) per symbol', () => {
    const { out, feed } = setup();
    feed('{"channel":"trade","type":"update","data":[{"symbol":"BTC/USD","side":"sell","price":45283.4,"qty":5e-08,"ord_type":"market","trade_id":4665906,"timestamp":"2023-10-06T17:35:55.440295Z"},{"symbol":"ETH/USD","side":"buy","price":1600.1,"qty":1.2E-3,"ord_type":"limit","trade_id":7,"timestamp":"2023-10-06T17:35:55.5Z"}]}');
    expect(out.data).toEqual([
      ['trade:BTC/USD', expect.objectContaining({ type: 'trade', exchange: 'kraken', symbol: 'BTC/USD', id: '4665906', price: 45283.4, amount: 5e-8, side: 'sell', timestamp: Date.parse('2023-10-06T17:35:55.440Z') + 0.295 })],
      ['trade:ETH/USD', expect.objectContaining({ id: '7', amount: 0.0012, side: 'buy' })],
    ]);
  });

  it('routes book messages to the active depth of the symbol, snapshots without a timestamp included', () => {
    const { routes, out, feed } = setup();
    routes.acquireBook('BTC/USD', 25);
    feed({ channel: 'book', type: 'snapshot', data: [{ symbol: 'BTC/USD', bids: [{ price: 29430.2, qty: 0.18967538 }], asks: [{ price: 29430.3, qty: 8.25215653 }], checksum: 2785033588 }] }, 7);
    feed({ channel: 'book', type: 'update', data: [{ symbol: 'ETH/USD', bids: [], asks: [], checksum: 1, timestamp: '2023-07-30T15:29:58.343415Z' }] });
    const payload: KrakenBookPayload = { type: 'snapshot', bids: [[29430.2, 0.18967538]], asks: [[29430.3, 8.25215653]], checksum: 2785033588, timestamp: 7 };
    expect(out.data).toEqual([['book:BTC/USD:25', payload]]); // ETH/USD is not subscribed: dropped
  });

  it('turns a failed subscription into a rejection of exactly the stream of that symbol', () => {
    const { protocol, out, feed } = setup();
    protocol.subscribeMessage(['ticker:BTC/USD', 'ticker:NOPE/USD'], 3);
    feed({ method: 'subscribe', result: { channel: 'ticker', symbol: 'BTC/USD', snapshot: true }, success: true, time_in: 'x', time_out: 'y', req_id: 3 });
    feed({ error: 'Currency pair not supported NOPE/USD', method: 'subscribe', success: false, symbol: 'NOPE/USD', time_in: 'x', time_out: 'y', req_id: 3 });
    expect(out.rejected).toEqual([[3, ['ticker:NOPE/USD'], 'kraken subscribe NOPE/USD failed: Currency pair not supported NOPE/USD']]);
    feed({ error: 'Already subscribed', method: 'subscribe', success: false, symbol: 'BTC/USD', req_id: 3 });
    feed({ error: 'Subscription Not Found', method: 'unsubscribe', success: false, symbol: 'BTC/USD', req_id: 4 });
    feed({ error: 'Exceeded msg rate', method: 'subscribe', success: false, req_id: 99 });
    expect(out.rejected).toHaveLength(1);
    expect(out.exchangeError).toEqual(['kraken subscribe failed: Already subscribed', 'kraken subscribe failed: Exceeded msg rate']);
  });

  it('ignores heartbeat, status, pong and acks; reports malformed frames, naming the book they broke', () => {
    const { routes, out, feed } = setup();
    routes.acquireBook('BTC/USD', 10);
    feed({ channel: 'heartbeat' });
    feed({ channel: 'status', type: 'update', data: [{ api_version: 'v2', connection_id: 1, system: 'online', version: '2.0.0' }] });
    feed({ method: 'pong', req_id: 1, time_in: 'x', time_out: 'y' });
    expect(out).toEqual({ data: [], invalid: [], exchangeError: [], rejected: [] });
    feed('{"channel":"book","type":"update","data":[{"symbol":"BTC/USD","bids":[{"price":1');
    feed({ channel: 'book', type: 'update', data: [{ symbol: 'BTC/USD', bids: [{ price: 'x', qty: 1 }], asks: [], checksum: 1 }] });
    feed({ channel: 'book', type: 'update', data: [{ symbol: 'BTC/USD', bids: [{ price: -1, qty: 1 }], asks: [], checksum: 1 }] });
    feed({ channel: 'ticker', type: 'update', data: [{ symbol: 'BTC/USD', bid: '1' }] });
    feed('[1,2]');
    feed({ hello: 'world' });
    expect(out.invalid.map(([, key]) => key)).toEqual(['book:BTC/USD:10', 'book:BTC/USD:10', 'book:BTC/USD:10', undefined, undefined, undefined]);
    expect(out.invalid[1]![0]).toMatch(/KrakenBookMessage/);
    expect(out.data).toEqual([]);
  });
});
