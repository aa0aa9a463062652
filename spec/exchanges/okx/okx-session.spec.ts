import { okxProtocol } from '../../../lib/exchanges/okx/okx-protocol';
import { OkxRequestLog } from '../../../lib/exchanges/okx/okx-request-log';
import { OkxRoutes } from '../../../lib/exchanges/okx/okx-routes';
import { OutcomeSink } from '../../resilience/support/outcome-sink';

function setup() {
  const routes = new OkxRoutes();
  routes.register('tickers', 'BTC-USDT', 'BTC/USDT');
  routes.register('tickers', 'BTC-USDT-SWAP', 'BTC/USDT:USDT');
  routes.register('books', 'BTC-USDT', 'BTC/USDT');
  routes.register('funding-rate', 'BTC-USDT-SWAP', 'BTC/USDT:USDT');
  const requests = new OkxRequestLog();
  const protocol = okxProtocol('ws://127.0.0.1:1/ws/v5/public', routes, requests);
  const session = protocol.createSession();
  const outcomes = (frame: unknown) => {
    const sink = new OutcomeSink();
    session.onFrame(typeof frame === 'string' ? frame : JSON.stringify(frame), 1_700_000_000_000, sink);
    return sink.take();
  };
  return { protocol, outcomes };
}

const TICKER = { last: '65000', lastSz: '1', askPx: '65000.1', askSz: '3', bidPx: '65000', bidSz: '2', open24h: '64000', high24h: '66000', low24h: '63000', volCcy24h: '1200', vol24h: '120000', sodUtc0: '1', sodUtc8: '1', ts: '1700000000000' };

describe('OKX protocol and session', () => {
  it('requests: one subscribe carries any channels, ids are strings; the keepalive is the text "ping"; the documented limits', () => {
    const { protocol } = setup();
    expect(protocol.subscribeMessage(['books:BTC-USDT', 'funding-rate:BTC-USDT-SWAP'], 4)).toBe(
      '{"id":"4","op":"subscribe","args":[{"channel":"books","instId":"BTC-USDT"},{"channel":"funding-rate","instId":"BTC-USDT-SWAP"}]}',
    );
    expect(protocol.unsubscribeMessage(['books:BTC-USDT'], 5)).toBe('{"id":"5","op":"unsubscribe","args":[{"channel":"books","instId":"BTC-USDT"}]}');
    expect(protocol.groupOf('books:BTC-USDT')).toBe(protocol.groupOf('tickers:ETH-USDT-SWAP'));
    expect(protocol.appPing?.()).toBe('ping');
    expect(protocol).toMatchObject({ controlMessagesPerHour: 480, connectionsPerSecond: 3, maxStreamsPerConnection: 30 });
  });

  it('"pong", acks and pushes nobody asked for pass silently; a notice is an exchange error', () => {
    const { outcomes } = setup();
    expect(outcomes('pong')).toEqual([]);
    expect(outcomes({ id: '1', event: 'subscribe', arg: { channel: 'tickers', instId: 'BTC-USDT' }, connId: 'a4d3ae55' })).toEqual([]);
    expect(outcomes({ arg: { channel: 'tickers', instId: 'ETH-USDT' }, data: [{ ...TICKER, instType: 'SPOT', instId: 'ETH-USDT' }] })).toEqual([]);
    expect(outcomes({ event: 'notice', code: '64008', msg: 'The connection will soon be closed for a service upgrade. Please reconnect.', connId: 'x' })).toEqual([
      { kind: 'exchangeError', message: 'okx notice 64008: The connection will soon be closed for a service upgrade. Please reconnect.' },
    ]);
  });

  it('an error reply errors exactly the streams it names; unnamed, every stream of its request; without a request, the named routed stream', () => {
    const { protocol, outcomes } = setup();
    protocol.subscribeMessage(['tickers:BTC-USDT', 'books:BTC-USDT'], 7);
    const named = outcomes({ id: '7', event: 'error', code: '60018', msg: "Wrong URL or channel:books,instId:BTC-USDT doesn't exist.", connId: 'x' });
    expect(named).toEqual([{ kind: 'rejected', message: "okx error 60018: Wrong URL or channel:books,instId:BTC-USDT doesn't exist." }]);
    const sink: { keys?: readonly string[] }[] = [];
    const session = protocol.createSession();
    const capture = { data: () => undefined, invalid: () => undefined, exchangeError: () => undefined, gap: () => undefined, rejected: (_id: number | undefined, keys: readonly string[] | undefined) => sink.push({ keys }) };
    session.onFrame(JSON.stringify({ id: '7', event: 'error', code: '60018', msg: "Wrong URL or channel:books,instId:BTC-USDT doesn't exist.", connId: 'x' }), 1, capture);
    session.onFrame(JSON.stringify({ id: '7', event: 'error', code: '60014', msg: 'Requests too frequent.', connId: 'x' }), 1, capture);
    session.onFrame(JSON.stringify({ event: 'error', code: '60018', msg: "Wrong URL or channel:funding-rate,instId:BTC-USDT-SWAP doesn't exist.", connId: 'x' }), 1, capture);
    // naming an arg this client never asked for: an event only, the request's streams are untouched
    session.onFrame(JSON.stringify({ id: '7', event: 'error', code: '60018', msg: "Wrong URL or channel:trades,instId:NOPE-USDT doesn't exist.", connId: 'x' }), 1, capture);
    expect(sink).toEqual([{ keys: ['books:BTC-USDT'] }, { keys: ['tickers:BTC-USDT', 'books:BTC-USDT'] }, { keys: ['funding-rate:BTC-USDT-SWAP'] }]);
    expect(outcomes({ id: '99', event: 'error', code: '60012', msg: 'Invalid request', connId: 'x' })).toEqual([{ kind: 'exchangeError', message: 'okx error 60012: Invalid request' }]);
  });

  it('tickers: 24 h volume in base units (vol24h on spot, volCcy24h on swaps, where vol24h counts contracts); change from open24h', () => {
    const { outcomes } = setup();
    const [spot] = outcomes({ arg: { channel: 'tickers', instId: 'BTC-USDT' }, data: [{ ...TICKER, instType: 'SPOT', instId: 'BTC-USDT' }] });
    const [swap] = outcomes({ arg: { channel: 'tickers', instId: 'BTC-USDT-SWAP' }, data: [{ ...TICKER, instType: 'SWAP', instId: 'BTC-USDT-SWAP' }] });
    expect(spot).toEqual({ kind: 'data', key: 'tickers:BTC-USDT', payload: expect.objectContaining({ symbol: 'BTC/USDT', volume24h: 120000, change24h: 1.5625, bid: 65000, askSize: 3, timestamp: 1_700_000_000_000 }) });
    expect(swap).toEqual({ kind: 'data', key: 'tickers:BTC-USDT-SWAP', payload: expect.objectContaining({ symbol: 'BTC/USDT:USDT', volume24h: 1200 }) });
    expect(outcomes({ arg: { channel: 'tickers', instId: 'BTC-USDT' }, data: [{ ...TICKER, instType: 'SPOT', instId: 'BTC-USDT', bidPx: '' }] })).toEqual([
      { kind: 'invalid', key: 'tickers:BTC-USDT', message: expect.stringMatching(/not a valid number/) },
    ]);
  });

  it('funding-rate: the rate settling at fundingTime, reported with fundingTime as the next funding time', () => {
    const { outcomes } = setup();
    const frame = { arg: { channel: 'funding-rate', instId: 'BTC-USDT-SWAP' }, data: [{ fundingRate: '0.0001875391284828', fundingTime: '1700726400000', instId: 'BTC-USDT-SWAP', nextFundingTime: '1700755200000', ts: '1700724675402' }] };
    expect(outcomes(frame)).toEqual([{ kind: 'data', key: 'funding-rate:BTC-USDT-SWAP', payload: { fundingRate: 0.0001875391284828, nextFundingTime: 1700726400000, timestamp: 1700724675402 } }]);
  });

  it('a truncated books frame is an invalid frame of that book (it resyncs); wrong sequence types too', () => {
    const { outcomes } = setup();
    expect(outcomes('{"arg":{"channel":"books","instId":"BTC-USDT"},"action":"update","data":[{"asks":[["1')).toEqual([
      { kind: 'invalid', key: 'books:BTC-USDT', message: 'okx: frame is not valid JSON' },
    ]);
    const mistyped = { arg: { channel: 'books', instId: 'BTC-USDT' }, action: 'update', data: [{ asks: [], bids: [], ts: '1', prevSeqId: 1.5, seqId: 2 }] };
    expect(outcomes(mistyped)).toEqual([{ kind: 'invalid', key: 'books:BTC-USDT', message: expect.stringMatching(/OkxBookMessage|prevSeqId/) }]);
  });
});
