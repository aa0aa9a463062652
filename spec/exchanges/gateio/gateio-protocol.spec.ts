import { VirtualAction, VirtualTimeScheduler } from 'rxjs';
import type { FrameSink } from '../../../lib/exchanges/common/exchange-protocol';
import { gateioInstrument } from '../../../lib/exchanges/gateio/gateio-instruments';
import { gateioRetryAfterMs } from '../../../lib/exchanges/gateio/gateio-order-book';
import { gateioPing, gateioProtocol, gateioRequest } from '../../../lib/exchanges/gateio/gateio-protocol';
import { GateioRoutes } from '../../../lib/exchanges/gateio/gateio-routes';
import { gateioPair, unifiedFromGateioPair } from '../../../lib/exchanges/gateio/gateio-symbols';

/** Records every call of the sink with all its arguments. */
class RecordingSink implements FrameSink {
  readonly calls: unknown[][] = [];
  data(key: string, payload: unknown): void {
    this.calls.push(['data', key, payload]);
  }
  invalid(message: string, _frame: string, key?: string): void {
    this.calls.push(['invalid', message, key]);
  }
  exchangeError(message: string): void {
    this.calls.push(['exchangeError', message]);
  }
  rejected(requestId: number | undefined, keys: readonly string[] | undefined, message: string): void {
    this.calls.push(['rejected', requestId, keys, message]);
  }
  gap(message: string): void {
    this.calls.push(['gap', message]);
  }
}

const scheduler = new VirtualTimeScheduler(VirtualAction);
const routes = new GateioRoutes();
const BOOK = routes.key('spot.order_book_update', 'BTC/USDT', 'BTC_USDT', '100ms');
const TICKER = routes.key('spot.tickers', 'BTC/USDT', 'BTC_USDT');
const BBO = routes.key('spot.book_ticker', 'BTC/USDT', 'BTC_USDT');
const TRADES = routes.key('spot.trades', 'GT/USDT', 'GT_USDT');
const protocol = gateioProtocol('wss://api.gateio.ws/ws/v4/', routes, scheduler);

function decode(frame: object | string): unknown[][] {
  const sink = new RecordingSink();
  protocol.createSession().onFrame(typeof frame === 'string' ? frame : JSON.stringify(frame), 1_700_000_000_000.25, sink);
  return sink.calls;
}

describe('Gate.io protocol: requests', () => {
  it('builds the documented requests: time in seconds, the id, the channel, the event, the payload; one stream per request', () => {
    expect(gateioRequest(1_606_294_781_999, 'spot.order_book_update', 'subscribe', ['BTC_USDT', '100ms'], 3)).toBe(
      '{"time":1606294781,"id":3,"channel":"spot.order_book_update","event":"subscribe","payload":["BTC_USDT","100ms"]}',
    );
    expect(gateioPing(1_545_404_023_500)).toBe('{"time":1545404023,"channel":"spot.ping"}');
    scheduler.frame = 1_700_000_000_000;
    expect(JSON.parse(protocol.subscribeMessage([BOOK], 7))).toEqual({ time: 1_700_000_000, id: 7, channel: 'spot.order_book_update', event: 'subscribe', payload: ['BTC_USDT', '100ms'] });
    expect(JSON.parse(protocol.unsubscribeMessage([TRADES], 8))).toEqual({ time: 1_700_000_000, id: 8, channel: 'spot.trades', event: 'unsubscribe', payload: ['GT_USDT'] });
    expect(JSON.parse(protocol.appPing!())).toEqual({ time: 1_700_000_000, channel: 'spot.ping' });
    expect(protocol.groupOf(TICKER)).not.toBe(protocol.groupOf(BBO));
    expect(protocol.url).toBe('wss://api.gateio.ws/ws/v4/');
  });

  it('maps symbols both ways and derives instruments from currency_pairs (the documentation example)', () => {
    expect(gateioPair('BTC/USDT')).toBe('BTC_USDT');
    expect(unifiedFromGateioPair('BTC3L_USDT')).toBe('BTC3L/USDT');
    const pair = { id: 'ETH_USDT', base: 'ETH', quote: 'USDT', fee: '0.2', min_base_amount: '0.001', amount_precision: 3, precision: 6, trade_status: 'tradable', sell_start: 1516378650 };
    expect(gateioInstrument(pair)).toEqual({
      exchange: 'gateio', symbol: 'ETH/USDT', native: 'ETH_USDT', base: 'ETH', quote: 'USDT', type: 'spot', active: true, status: 'tradable', priceTick: 0.000001, sizeStep: 0.001,
    });
    expect(gateioInstrument({ ...pair, trade_status: 'untradable', precision: 500 })).toEqual(expect.objectContaining({ active: false, priceTick: NaN }));
  });

  it('reads the REST rate-limit wait from Retry-After, else from X-Gate-RateLimit-Reset-Timestamp (ms or s), within one 10 s window', () => {
    const now = 1_700_000_000_000;
    expect(gateioRetryAfterMs({ 'retry-after': '2' }, now)).toBe(2000);
    expect(gateioRetryAfterMs({ 'x-gate-ratelimit-reset-timestamp': String(now + 1500) }, now)).toBe(1500);
    expect(gateioRetryAfterMs({ 'x-gate-ratelimit-reset-timestamp': String(now / 1000 + 3) }, now)).toBe(3000);
    expect(gateioRetryAfterMs({ 'x-gate-ratelimit-reset-timestamp': String(now + 3_600_000) }, now)).toBe(10_000);
    expect(gateioRetryAfterMs({}, now)).toBe(10_000);
  });
});

describe('Gate.io protocol: decoding the documentation examples', () => {
  it('spot.order_book_update: U..u, full, t and absolute levels (with and without the full/l fields)', () => {
    const documented = {
      time: 1606294781, time_ms: 1606294781236, channel: 'spot.order_book_update', event: 'update',
      result: { t: 1606294781123, full: true, l: '100', e: 'depthUpdate', E: 1606294781, s: 'BTC_USDT', U: 48776301, u: 48776306, b: [['19137.74', '0.0001'], ['19088.37', '0']], a: [['19137.75', '0.6135']] },
    };
    expect(decode(documented)).toEqual([['data', BOOK, { first: 48776301, last: 48776306, full: true, timestamp: 1606294781123, bids: [[19137.74, 0.0001], [19088.37, 0]], asks: [[19137.75, 0.6135]] }]]);
    const { full: _full, l: _l, ...incremental } = documented.result;
    expect(decode({ ...documented, result: incremental })).toEqual([['data', BOOK, expect.objectContaining({ full: false, first: 48776301, last: 48776306 })]]);
  });

  it('spot.tickers and spot.book_ticker: the two halves of a ticker, each with its time', () => {
    expect(
      decode({
        time: 1606291803, channel: 'spot.tickers', event: 'update',
        result: { currency_pair: 'BTC_USDT', last: '19106.55', lowest_ask: '19108.71', highest_bid: '19106.55', change_percentage: '3.66', base_volume: '2811.3042155865', quote_volume: '53441606.52411221454674732293', high_24h: '19417.74', low_24h: '18434.21' },
      }),
    ).toEqual([['data', TICKER, { price: 19106.55, high24h: 19417.74, low24h: 18434.21, volume24h: 2811.3042155865, change24h: 3.66, timestamp: 1606291803000, localTimestamp: 1_700_000_000_000.25 }]]);
    expect(
      decode({ time: 1606293275, channel: 'spot.book_ticker', event: 'update', result: { t: 1606293275123, u: 48733182, s: 'BTC_USDT', b: '19177.79', B: '0.0003341504', a: '19179.38', A: '0.09' } }),
    ).toEqual([['data', BBO, { bid: 19177.79, bidSize: 0.0003341504, ask: 19179.38, askSize: 0.09, timestamp: 1606293275123, localTimestamp: 1_700_000_000_000.25 }]]);
  });

  it('spot.trades: the taker side, the id as text, create_time_ms with its fraction', () => {
    expect(
      decode({
        time: 1606292218, channel: 'spot.trades', event: 'update',
        result: { id: 309143071, create_time: 1606292218, create_time_ms: '1606292218213.4578', side: 'sell', currency_pair: 'GT_USDT', amount: '16.4700000000', price: '0.4705000000', range: '2390902-2390902', id_market: 917144 },
      }),
    ).toEqual([['data', TRADES, { type: 'trade', exchange: 'gateio', symbol: 'GT/USDT', id: '309143071', price: 0.4705, amount: 16.47, side: 'sell', timestamp: 1606292218213.4578, localTimestamp: 1_700_000_000_000.25 }]]);
  });

  it('replies: success is silent; a refusal with an id fails that request, without one the stream its payload names; spot.pong is silent', () => {
    const success = { time: 1725534679, time_ms: 1725534679786, id: 2, conn_id: 'fac539b443fd7002', trace_id: 'efe1d282b630b4aa266b84bee177791a', channel: 'spot.trades', event: 'subscribe', payload: ['GT_USDT'], result: { status: 'success' }, requestId: 'efe1d282b630b4aa266b84bee177791a' };
    expect(decode(success)).toEqual([]);
    // ccxt's captured refusal (a request naming an unknown pair)
    const refusal = { time: 1739853211, time_ms: 1739853211201, id: 1, conn_id: '62f2c1dabbe186d7', trace_id: 'cdb02a8c0b61086b2fe6f8fad2f98c54', channel: 'spot.trades', event: 'subscribe', payload: ['LUNARLENS_USDT', 'ETH_USDT'], error: { code: 2, message: 'unknown currency pair: LUNARLENS_USDT' }, result: { status: 'fail' }, requestId: 'cdb02a8c0b61086b2fe6f8fad2f98c54' };
    expect(decode(refusal)).toEqual([['rejected', 1, undefined, 'gateio error 2: unknown currency pair: LUNARLENS_USDT']]);
    const { id: _id, ...withoutId } = refusal;
    expect(decode({ ...withoutId, payload: ['GT_USDT'] })).toEqual([['rejected', undefined, [TRADES], 'gateio error 2: unknown currency pair: LUNARLENS_USDT']]);
    expect(decode({ ...refusal, event: 'unsubscribe' })).toEqual([['exchangeError', 'gateio error 2: unknown currency pair: LUNARLENS_USDT']]);
    expect(decode({ time: 1545404023, channel: 'spot.pong', event: '', error: null, result: null })).toEqual([]);
    expect(decode({ type: 'upgrade', msg: 'The connection will soon be closed for a service upgrade. Please reconnect.' })).toEqual([
      ['exchangeError', 'gateio: The connection will soon be closed for a service upgrade. Please reconnect.'],
    ]);
  });

  it('bad input is an invalid outcome (for the stream it names when it names one), never a throw; pairs nobody asked for are ignored', () => {
    expect(decode('{"time":1,"channel":"spot.order_book_update","event":"update","result":{"s":"BTC_USDT","U":1')).toEqual([['invalid', 'gateio: frame is not valid JSON', undefined]]);
    const broken = decode({ time: 1, channel: 'spot.order_book_update', event: 'update', result: { t: 'later', s: 'BTC_USDT', U: 'one', u: null, b: 'none', a: [] } });
    expect(broken).toEqual([['invalid', expect.stringMatching(/^GateioOrderBookUpdateResult: /), BOOK]]);
    expect(decode({ time: 1, channel: 'spot.order_book_update', event: 'update', result: { t: 1, s: 'BTC_USDT', U: 9, u: 8, b: [], a: [] } })).toEqual([['invalid', expect.stringMatching(/U > u/), BOOK]]);
    expect(decode({ time: 1, channel: 'spot.order_book_update', event: 'update', result: { t: 1, s: 'BTC_USDT', U: 1, u: 2, b: [['NaN', '1']], a: [] } })).toEqual([['invalid', expect.any(String), BOOK]]);
    expect(decode({ time: 1, channel: 'spot.trades', event: 'update', result: { id: 1, create_time: 1, create_time_ms: '1', side: 'both', currency_pair: 'GT_USDT', amount: '1', price: '1' } })).toEqual([['invalid', expect.stringMatching(/^GateioTradeResult: /), TRADES]]);
    expect(decode({ time: 1, channel: 'spot.tickers', event: 'update', result: { currency_pair: 'BTC_USDT', last: '-1', lowest_ask: '', highest_bid: '', change_percentage: '0', base_volume: '0', quote_volume: '0', high_24h: '0', low_24h: '0' } })).toEqual([['invalid', expect.stringMatching(/ticker field/), TICKER]]);
    expect(decode({ time: 1, channel: 'spot.trades', event: 'update', result: { currency_pair: 42 } })).toEqual([['invalid', expect.stringMatching(/^GateioTradeResult: /), undefined]]);
    expect(decode({ time: 1, channel: 'spot.order_book_update', event: 'update', result: { t: 1, s: 'DOGE_USDT', U: 1, u: 2, b: [], a: [] } })).toEqual([]);
    expect(decode({ time: 1, channel: 'spot.candlesticks', event: 'update', result: {} })).toEqual([]);
    expect(decode([1, 2])).toEqual([['invalid', 'gateio: frame is not a JSON object', undefined]]);
    expect(decode({ hello: 'world' })).toEqual([['invalid', 'gateio: unexpected frame (neither a notification nor a reply)', undefined]]);
    expect(decode({ time: 1, channel: 'spot.trades', event: 'update', result: 'x' })).toEqual([['invalid', expect.stringMatching(/^GateioUpdateFrame: /), undefined]]);
  });
});
