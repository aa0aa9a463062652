import type { FrameSession, FrameSink } from '../../../lib/exchanges/common/exchange-protocol';
import { bitfinexProtocol, BITFINEX_CONF } from '../../../lib/exchanges/bitfinex/bitfinex-protocol';
import { BitfinexRoutes } from '../../../lib/exchanges/bitfinex/bitfinex-routes';
import type { BitfinexSession } from '../../../lib/exchanges/bitfinex/bitfinex-session';

/** A FrameSink recording every call, the optional ones included. */
class RecordingSink implements FrameSink {
  readonly calls: string[] = [];
  readonly data_: { key: string; payload: any }[] = [];
  data(key: string, payload: unknown): void {
    this.data_.push({ key, payload });
    this.calls.push(`data ${key}`);
  }
  invalid(message: string, _frame: string, key?: string): void {
    this.calls.push(`invalid ${key ?? '-'}: ${message}`);
  }
  exchangeError(message: string): void {
    this.calls.push(`exchangeError ${message}`);
  }
  rejected(_id: number | undefined, keys: readonly string[] | undefined, message: string): void {
    this.calls.push(`rejected ${keys?.join(',')}: ${message}`);
  }
  gap(message: string): void {
    this.calls.push(`gap ${message}`);
  }
  send(text: string): void {
    this.calls.push(`send ${text}`);
  }
  reconnect(reason: string): void {
    this.calls.push(`reconnect ${reason}`);
  }
  resubscribe(keys: readonly string[]): readonly string[] {
    this.calls.push(`resubscribe ${keys.join(',')}`);
    return keys;
  }
  take(): string[] {
    return this.calls.splice(0);
  }
}

const routes = new BitfinexRoutes();
const BOOK = routes.key('book', 'BTC/USD', 'tBTCUSD', 25);
const TICKER = routes.key('ticker', 'BTC/USD', 'tBTCUSD');
const TRADES = routes.key('trades', 'ETH/USD', 'tETHUSD');
const protocol = bitfinexProtocol('ws://127.0.0.1:1/ws/2', routes);
let nextId = 1;
const subscribe = (session: BitfinexSession, key: string) => session.controlMessage({ id: nextId++, subscribe: true, keys: [key] });
const unsubscribe = (session: BitfinexSession, key: string) => session.controlMessage({ id: nextId++, subscribe: false, keys: [key] });
const subscribed = (channel: string, chanId: number, symbol: string, extra: object = {}) => JSON.stringify({ event: 'subscribed', channel, chanId, symbol, ...extra, pair: symbol.slice(1) });

function setup() {
  const session = protocol.createSession() as BitfinexSession;
  const sink = new RecordingSink();
  const frame = (text: string) => session.onFrame(text, 1_700_000_000_000, sink);
  return { session, sink, frame };
}

describe('Bitfinex protocol and session', () => {
  it('asks for sequence numbers and checksums first on every socket, and keeps alive with ping events', () => {
    const sent: string[] = [];
    protocol.createSession().onOpen!({ send: (text: string) => sent.push(text) } as unknown as Parameters<NonNullable<FrameSession['onOpen']>>[0]);
    expect(sent).toEqual([BITFINEX_CONF]);
    expect(BITFINEX_CONF).toBe('{"event":"conf","flags":196608}');
    expect([protocol.appPing!(), protocol.appPing!()]).toEqual(['{"event":"ping","cid":1}', '{"event":"ping","cid":2}']);
    expect(protocol.maxStreamsPerConnection).toBe(25);
    expect(protocol.connectionsPerMinute).toBe(20);
    expect(protocol.subscribeMessage([BOOK], 1)).toBe('{"event":"subscribe","channel":"book","symbol":"tBTCUSD","prec":"P0","freq":"F0","len":"25"}');
    expect(protocol.subscribeMessage([TICKER], 1)).toBe('{"event":"subscribe","channel":"ticker","symbol":"tBTCUSD"}');
  });

  it('routes channel messages by the ids of its subscribed replies, replies paired by their echoed fields', () => {
    const { session, sink, frame } = setup();
    expect(subscribe(session, TICKER)).toBeUndefined(); // the protocol's request goes out
    expect(subscribe(session, BOOK)).toBeUndefined();
    frame(subscribed('book', 7, 'tBTCUSD', { prec: 'P0', freq: 'F0', len: '25' })); // out of order
    frame(subscribed('ticker', 8, 'tBTCUSD'));
    frame('[7,[[65000,1,0.5],[65001,2,-0.25]],1]');
    frame('[8,[64999,1.5,65001,0.25,120,0.0123,65000,1234.5,66000,64000],2]');
    frame('[7,"cs",-890884919,3]');
    frame('[9,[1,1,1],4]'); // a channel nobody routes: only its sequence number counts
    expect(sink.take()).toEqual([`data ${BOOK}`, `data ${TICKER}`, `data ${BOOK}`]);
    expect(sink.data_[0]!.payload).toEqual({ kind: 'snapshot', levels: [
      { price: 65000, count: 1, amount: 0.5, priceText: '65000', amountText: '0.5' },
      { price: 65001, count: 2, amount: -0.25, priceText: '65001', amountText: '-0.25' },
    ] });
    expect(sink.data_[1]!.payload).toEqual({
      type: 'ticker', exchange: 'bitfinex', symbol: 'BTC/USD', price: 65000, bid: 64999, bidSize: 1.5, ask: 65001, askSize: 0.25,
      high24h: 66000, low24h: 64000, volume24h: 1234.5, change24h: 1.23, timestamp: 1_700_000_000_000, localTimestamp: 1_700_000_000_000,
    });
    expect(sink.data_[2]!.payload).toEqual({ kind: 'checksum', checksum: -890884919 });
  });

  it('checks the connection-wide sequence: +1 each message, anything else is a gap; an unreadable frame spends its number', () => {
    const { session, sink, frame } = setup();
    subscribe(session, TICKER);
    frame(subscribed('ticker', 8, 'tBTCUSD'));
    frame('[8,"hb",10]');
    frame('[8,"hb",11]');
    frame('[8,"hb",13]');
    expect(sink.take()).toEqual(['gap bitfinex: sequence number went from 11 to 13 (messages lost): every book of the connection resyncs']);
    frame('[8,"hb",');
    frame('[8,"hb",15]');
    expect(sink.take()).toEqual(['invalid -: bitfinex: frame is not valid JSON', 'gap bitfinex: sequence number went from 13 to 15 (messages lost): every book of the connection resyncs']);
    frame('[8,[1,2]]'); // no sequence number at all
    expect(sink.take()).toEqual([`invalid ${TICKER}: bitfinex: channel message without a sequence number (conf flag SEQ_ALL)`]);
  });

  it('a refused subscription errors only its stream: by the fields the error echoes, else the oldest awaiting a reply', () => {
    const { session, sink, frame } = setup();
    subscribe(session, TICKER);
    subscribe(session, TRADES);
    subscribe(session, BOOK);
    frame('{"channel":"trades","symbol":"tETHUSD","event":"error","msg":"symbol: invalid","code":10300}');
    frame('{"event":"error","msg":"subscribe: limit","code":10305}');
    frame('{"event":"error","msg":"unsubscribe: invalid","code":10400,"chanId":5}');
    expect(sink.take()).toEqual([
      `rejected ${TRADES}: bitfinex error 10300: symbol: invalid`,
      `rejected ${TICKER}: bitfinex error 10305: subscribe: limit`,
      'exchangeError bitfinex error 10400: unsubscribe: invalid',
    ]);
    frame(subscribed('book', 7, 'tBTCUSD', { prec: 'P0', freq: 'F0', len: '25' }));
    frame('[7,"hb",1]');
    expect(sink.take()).toEqual([]);
  });

  it('unsubscribes by channel id, holds back requests the server already has, and frees a channel whose reply came after its stream left', () => {
    const { session, sink, frame } = setup();
    subscribe(session, BOOK);
    frame(subscribed('book', 7, 'tBTCUSD', { prec: 'P0', freq: 'F0', len: '25' }));
    expect(subscribe(session, BOOK)).toBe(''); // already there
    expect(unsubscribe(session, BOOK)).toBe('{"event":"unsubscribe","chanId":7}');
    frame('[7,[65000,1,0.5],1]'); // in flight: dropped
    expect(sink.take()).toEqual([]);
    // a resubscription while the subscribe is on its way: nothing is sent, its snapshot serves
    expect(subscribe(session, TICKER)).toBeUndefined();
    expect(unsubscribe(session, TICKER)).toBe('');
    expect(subscribe(session, TICKER)).toBe('');
    frame(subscribed('ticker', 8, 'tBTCUSD'));
    frame('[8,[64999,1.5,65001,0.25,120,0.0123,65000,1234.5,66000,64000],2]');
    expect(sink.take()).toEqual([`data ${TICKER}`]);
    // left while on its way: unsubscribed as soon as the reply comes, never routed
    subscribe(session, TRADES);
    unsubscribe(session, TRADES);
    frame(subscribed('trades', 9, 'tETHUSD'));
    frame('[9,[],3]');
    expect(sink.take()).toEqual(['send {"event":"unsubscribe","chanId":9}']);
    // a subscribed reply nobody asked for: its channel is freed too
    frame(subscribed('ticker', 10, 'tXRPUSD'));
    expect(sink.take()).toEqual(['send {"event":"unsubscribe","chanId":10}']);
  });

  it('info 20051 reconnects; 20060 holds subscriptions back; 20061 resubscribes every channel and mutes the old ones', () => {
    const { session, sink, frame } = setup();
    frame('{"event":"info","version":2,"serverId":"x","platform":{"status":1}}');
    expect(sink.take()).toEqual([]);
    subscribe(session, BOOK);
    frame(subscribed('book', 7, 'tBTCUSD', { prec: 'P0', freq: 'F0', len: '25' }));
    frame('{"event":"info","code":20060,"msg":"Entering in Maintenance mode."}');
    expect(subscribe(session, TICKER)).toBe(''); // held
    frame('{"event":"info","code":20061,"msg":"Maintenance ended."}');
    expect(sink.take()).toEqual([
      'exchangeError bitfinex info 20060 (maintenance started): Entering in Maintenance mode.: new subscriptions wait for its end',
      'exchangeError bitfinex info 20061 (maintenance ended): Maintenance ended.: resubscribing every channel',
      `resubscribe ${BOOK},${TICKER}`,
    ]);
    frame('[7,[65000,1,0.5],1]'); // the old channel: muted
    expect(sink.take()).toEqual([]);
    expect(unsubscribe(session, BOOK)).toBe('{"event":"unsubscribe","chanId":7}');
    expect(subscribe(session, TICKER)).toBeUndefined();
    frame('{"event":"info","code":20051,"msg":"Stopping. Please try to reconnect"}');
    expect(sink.take()).toEqual([
      'exchangeError bitfinex info 20051 (server stop/restart): Stopping. Please try to reconnect: reconnecting',
      'reconnect info 20051 (server stop/restart)',
    ]);
    frame('{"event":"info","version":3,"platform":{"status":0}}');
    expect(sink.take()).toEqual(['exchangeError bitfinex: the server speaks WebSocket API v3, not v2', 'exchangeError bitfinex: the platform is in maintenance (info platform.status 0)']);
  });

  it('delivers te trades, not tu; the snapshot as such; refuses invalid trades', () => {
    const { session, sink, frame } = setup();
    subscribe(session, TRADES);
    frame(subscribed('trades', 9, 'tETHUSD'));
    frame('[9,[[1128060675,1654701572690,0.00217533,1815.3],[1128060665,1654701551231,-0.00280472,1814.1]],1]');
    frame('[9,"te",[1128060969,1654702500098,-0.5,1818.5],2]');
    frame('[9,"tu",[1128060969,1654702500098,-0.5,1818.5],3]');
    frame('[9,"te",[1128060970,1654702500098,0,1818.5],4]');
    expect(sink.take()).toEqual([`data ${TRADES}`, `data ${TRADES}`, `invalid ${TRADES}: bitfinex: trade needs an integer id, a time, an amount ≠ 0 and a price > 0`]);
    expect(sink.data_[0]!.payload.kind).toBe('snapshot');
    expect(sink.data_[0]!.payload.trades.map((t: { id: string; side: string }) => `${t.id} ${t.side}`)).toEqual(['1128060675 buy', '1128060665 sell']);
    expect(sink.data_[1]!.payload).toEqual({
      kind: 'executed',
      trade: { type: 'trade', exchange: 'bitfinex', symbol: 'ETH/USD', id: '1128060969', price: 1818.5, amount: 0.5, side: 'sell', timestamp: 1654702500098, localTimestamp: 1_700_000_000_000 },
    });
  });

  it('turns anything unexpected into an error outcome, never a throw', () => {
    const { session, sink, frame } = setup();
    subscribe(session, TICKER);
    frame(subscribed('ticker', 8, 'tBTCUSD'));
    frame('[8,[1,2,3],1]');
    frame('[8,"hb","x",2]');
    frame('{"event":"conf","status":"FAILED"}');
    frame('{"event":"conf","status":"OK","flags":65536}');
    frame('{"event":"pong","ts":1,"cid":1}');
    frame('{"event":"wat"}');
    frame('hello');
    frame('{"event":"subscribed","channel":"book"}');
    expect(sink.take()).toEqual([
      `invalid ${TICKER}: bitfinex: ticker needs 10 finite values (prices and sizes ≥ 0, last price > 0)`,
      `invalid ${TICKER}: BitfinexHeartbeatFrame: Invalid value "x" supplied to : BitfinexHeartbeatFrame/2: number`,
      'exchangeError bitfinex: conf 196608 refused (FAILED, flags undefined): no sequence numbers or book checksums on this connection',
      'exchangeError bitfinex: conf 196608 refused (OK, flags 65536): no sequence numbers or book checksums on this connection',
      'invalid -: bitfinex: unexpected event',
      'invalid -: bitfinex: frame is neither a channel message nor an event',
      expect.stringMatching(/^invalid -: BitfinexSubscribedEvent: /),
    ]);
  });
});
