import { defer, firstValueFrom, of } from 'rxjs';
import type { FrameSink } from '../../../lib/exchanges/common/exchange-protocol';
import { fetchKucoinEndpoint } from '../../../lib/exchanges/kucoin/kucoin-endpoint';
import { kucoinInstrument } from '../../../lib/exchanges/kucoin/kucoin-instruments';
import { parseKucoinChanges, parseSequence } from '../../../lib/exchanges/kucoin/kucoin-payloads';
import { KUCOIN_TOPICS_PER_CONNECTION, kucoinPing, kucoinProtocol, kucoinRequest } from '../../../lib/exchanges/kucoin/kucoin-protocol';
import { KucoinBatchGroups } from '../../../lib/exchanges/kucoin/kucoin-requests';
import { KucoinRestError, kucoinRestData, kucoinRetryAfterMs } from '../../../lib/exchanges/kucoin/kucoin-rest';
import { KucoinRoutes } from '../../../lib/exchanges/kucoin/kucoin-routes';
import { kucoinSymbol, unifiedFromKucoinSymbol } from '../../../lib/exchanges/kucoin/kucoin-symbols';
import type { HttpRequest, HttpResponse } from '../../../lib/socket/http-transport';

/** Records every call of the sink with all its arguments; `resubscribe` queues every key asked. */
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
  resubscribe(keys: readonly string[]): readonly string[] {
    this.calls.push(['resubscribe', keys]);
    return keys;
  }
  ready(): void {
    this.calls.push(['ready']);
  }
}

const routes = new KucoinRoutes();
const groups = new KucoinBatchGroups();
const BOOK = routes.key('/market/level2', 'BTC/USDT', 'BTC-USDT');
const TRADES = routes.key('/market/match', 'BTC/USDT', 'BTC-USDT');
const TICKER = routes.key('/market/snapshot', 'BTC/USDT', 'BTC-USDT');
const ETH_TRADES = routes.key('/market/match', 'ETH/USDT', 'ETH-USDT');
const SOL_TRADES = routes.key('/market/match', 'SOL/USDT', 'SOL-USDT');
const protocol = kucoinProtocol({ url: 'wss://ws-api-spot.kucoin.com/', routes, groups, resolveEndpoint: () => of({ url: 'ws://x' }) });

function decode(frame: object | string, session = protocol.createSession()): unknown[][] {
  const sink = new RecordingSink();
  session.onFrame(typeof frame === 'string' ? frame : JSON.stringify(frame), 1_700_000_000_000.25, sink);
  return sink.calls;
}

const respond = (status: number, body: unknown, headers: HttpResponse['headers'] = {}): HttpResponse => ({ status, headers, body: typeof body === 'string' ? body : JSON.stringify(body) });

describe('KuCoin protocol: requests, symbols, REST', () => {
  it('builds the documented requests: one topic per channel with its symbols joined by ",", a string id, response: true; pings carry an id', () => {
    expect(kucoinRequest('subscribe', [TRADES, ETH_TRADES], 3)).toBe('{"id":"3","type":"subscribe","topic":"/market/match:BTC-USDT,ETH-USDT","privateChannel":false,"response":true}');
    expect(JSON.parse(protocol.unsubscribeMessage([BOOK], 4))).toEqual({ id: '4', type: 'unsubscribe', topic: '/market/level2:BTC-USDT', privateChannel: false, response: true });
    expect(kucoinPing('1545910590801')).toBe('{"id":"1545910590801","type":"ping"}');
    expect(JSON.parse(protocol.appPing!())).toEqual({ id: expect.stringMatching(/^ping-\d+$/), type: 'ping' });
    expect(protocol.groupOf(TRADES)).toBe(protocol.groupOf(ETH_TRADES));
    expect(protocol.groupOf(TRADES)).not.toBe(protocol.groupOf(BOOK));
    expect(protocol).toEqual(expect.objectContaining({ exchange: 'kucoin', maxStreamsPerConnection: KUCOIN_TOPICS_PER_CONNECTION, awaitsReady: true, keepaliveCountsAsControl: true }));
    expect(KUCOIN_TOPICS_PER_CONNECTION).toBe(100);
    expect(protocol.connectionsPerMinute).toBe(30); // KuCoin: 30 connections per minute
    expect(kucoinProtocol({ url: 'ws://x', routes, groups, resolveEndpoint: () => of({ url: 'ws://x' }), connectionsPerMinute: 600 }).connectionsPerMinute).toBe(600);
  });

  it('maps symbols both ways and derives instruments from /api/v2/symbols (the documentation example)', () => {
    expect(kucoinSymbol('BTC/USDT')).toBe('BTC-USDT');
    expect(unifiedFromKucoinSymbol('BTC3L-USDT')).toBe('BTC3L/USDT');
    const info = { quoteMinSize: '0.1', quoteCurrency: 'USDT', feeCurrency: 'USDT', symbol: 'BTC-USDT', market: 'USDS', baseMaxSize: '10000000000', baseIncrement: '0.00000001', quoteIncrement: '0.000001', priceIncrement: '0.1', priceLimitRate: '0.1', minFunds: '0.1', isMarginEnabled: true, enableTrading: true, baseCurrency: 'BTC', baseMinSize: '0.00001', name: 'BTC-USDT', quoteMaxSize: '99999999' };
    expect(kucoinInstrument(info)).toEqual({ exchange: 'kucoin', symbol: 'BTC/USDT', native: 'BTC-USDT', base: 'BTC', quote: 'USDT', type: 'spot', active: true, status: 'trading', priceTick: 0.1, sizeStep: 0.00000001 });
    expect(kucoinInstrument({ ...info, enableTrading: false })).toEqual(expect.objectContaining({ active: false, status: 'disabled' }));
  });

  it('reads REST answers: data of code 200000; 429 waits gw-ratelimit-reset (ms) or Retry-After; 4xx and 4…/9… codes are fatal; 5xx and non-JSON retried', () => {
    expect(kucoinRestData(respond(200, { code: '200000', data: [1] }), 'x')).toEqual([1]);
    expect(kucoinRetryAfterMs({ 'gw-ratelimit-reset': '1500' })).toBe(1500);
    expect(kucoinRetryAfterMs({ 'retry-after': '2' })).toBe(2000);
    expect(kucoinRetryAfterMs({ 'gw-ratelimit-reset': '3600000' })).toBe(30_000);
    expect(kucoinRetryAfterMs({})).toBe(30_000);
    const failure = (response: HttpResponse): KucoinRestError => {
      try {
        kucoinRestData(response, 'kucoin GET /x');
      } catch (error) {
        return error as KucoinRestError;
      }
      throw new Error('no failure');
    };
    expect(failure(respond(429, { code: '429000', msg: 'Too Many Requests' }, { 'gw-ratelimit-reset': '800' }))).toEqual(expect.objectContaining({ retryAfterMs: 800, fatal: false, kind: 'exchange', message: 'kucoin GET /x: HTTP 429 429000: Too Many Requests (rate limited), retrying after 800 ms' }));
    expect(failure(respond(200, { code: '429000', msg: 'Too Many Requests' }))).toEqual(expect.objectContaining({ retryAfterMs: 30_000, fatal: false }));
    expect(failure(respond(400, { code: '900001', msg: 'Trading pair does not exist' }))).toEqual(expect.objectContaining({ fatal: true, kind: 'exchange', message: 'kucoin GET /x: HTTP 400 900001: Trading pair does not exist' }));
    expect(failure(respond(200, { code: '900001', msg: 'Trading pair does not exist' }))).toEqual(expect.objectContaining({ fatal: true }));
    expect(failure(respond(200, { code: '500000', msg: 'Internal Server Error' }))).toEqual(expect.objectContaining({ fatal: false, kind: 'exchange' }));
    expect(failure(respond(502, '<html>bad gateway</html>'))).toEqual(expect.objectContaining({ fatal: false, kind: 'transport' }));
    expect(failure(respond(200, 'not json'))).toEqual(expect.objectContaining({ fatal: false, kind: 'decode' }));
  });

  it('takes a fresh token per call from POST /api/v1/bullet-public (the documentation example), through the given transport; wsUrl replaces the endpoint', async () => {
    const requests: HttpRequest[] = [];
    let tokens = 0;
    const http = (request: HttpRequest) =>
      defer(() => {
        requests.push(request);
        tokens++;
        return of(respond(200, { code: '200000', data: { token: `2neAiuYv${tokens}==.IoORVxR2`, instanceServers: [{ endpoint: 'wss://ws-api-spot.kucoin.com/', encrypt: true, protocol: 'websocket', pingInterval: 18000, pingTimeout: 10000 }] } }));
      }); // a cold transport, like the real one: each subscription is a request
    const endpoint$ = fetchKucoinEndpoint(http, 'https://api.kucoin.com/', undefined, () => `c${tokens}`);
    expect(await firstValueFrom(endpoint$)).toEqual({ url: 'wss://ws-api-spot.kucoin.com/?token=2neAiuYv1%3D%3D.IoORVxR2&connectId=c1', pingInterval: 18000 });
    expect(await firstValueFrom(endpoint$)).toEqual({ url: 'wss://ws-api-spot.kucoin.com/?token=2neAiuYv2%3D%3D.IoORVxR2&connectId=c2', pingInterval: 18000 });
    expect(requests.map((r) => [r.method, r.url])).toEqual([
      ['POST', 'https://api.kucoin.com/api/v1/bullet-public'],
      ['POST', 'https://api.kucoin.com/api/v1/bullet-public'],
    ]);
    expect((await firstValueFrom(fetchKucoinEndpoint(http, 'https://api.kucoin.com', 'ws://127.0.0.1:9/', () => 'p'))).url).toBe('ws://127.0.0.1:9/?token=2neAiuYv3%3D%3D.IoORVxR2&connectId=p');
    const empty = () => of(respond(200, { code: '200000', data: { token: 't', instanceServers: [] } }));
    await expect(firstValueFrom(fetchKucoinEndpoint(empty, 'https://api.kucoin.com', undefined, () => 'c'))).rejects.toThrow('kucoin POST /api/v1/bullet-public: no instance server in the answer');
  });

  it('parses level-2 changes in one pass: price "0" is dropped (ignored as documented), anything else invalid refuses the side', () => {
    expect(parseKucoinChanges([['6', '1', '1545896669105'], ['0', '0', '1545896669106'], ['4', '0', '1545896669107']])).toEqual([[6, 1, 1545896669105], [4, 0, 1545896669107]]);
    for (const bad of [[['-1', '1', '1']], [['1', '-1', '1']], [['1', '1', '1.5']], [['1', '1']], [['1', '1', 1]], [['x', '1', '1']], 'none', [['1', '1', '99999999999999999']]]) {
      expect(parseKucoinChanges(bad)).toBeUndefined();
    }
    expect(parseSequence('14701689783')).toBe(14701689783);
    expect(parseSequence('')).toBeUndefined();
  });
});

describe('KuCoin protocol: decoding the documentation examples', () => {
  it('/market/level2: sequenceStart..sequenceEnd, time, [price, size, sequence] changes (docs-new example)', () => {
    const documented = {
      topic: '/market/level2:BTC-USDT', type: 'message', subject: 'trade.l2update',
      data: { changes: { asks: [['67993.3', '1.21427407', '14701689783']], bids: [] }, sequenceEnd: 14701689783, sequenceStart: 14701689783, symbol: 'BTC-USDT', time: 1729816425625 },
    };
    expect(decode(documented)).toEqual([['data', BOOK, { start: 14701689783, end: 14701689783, timestamp: 1729816425625, bids: [], asks: [[67993.3, 1.21427407, 14701689783]] }]]);
  });

  it('/market/match: the taker side, tradeId as the id, nanosecond time to ms', () => {
    expect(
      decode({
        topic: '/market/match:BTC-USDT', type: 'message', subject: 'trade.l3match',
        data: { makerOrderId: '671b5007389355000701b1d3', price: '67523', sequence: '11067996711960577', side: 'buy', size: '0.003', symbol: 'BTC-USDT', takerOrderId: '671b50161777ff00074c168d', time: '1729843222921000000', tradeId: '11067996711960577', type: 'match' },
      }),
    ).toEqual([['data', TRADES, { type: 'trade', exchange: 'kucoin', symbol: 'BTC/USDT', id: '11067996711960577', price: 67523, amount: 0.003, side: 'buy', timestamp: 1729843222921, localTimestamp: 1_700_000_000_000.25 }]]);
  });

  it('/market/snapshot: a whole ticker (best bid/ask with sizes, last price, 24 h high/low/volume, changeRate as a percentage)', () => {
    const market = {
      askSize: 1.15955795, averagePrice: 66867.89967612, baseCurrency: 'BTC', bidSize: 0.81772627, board: 1, buy: 67158.1, changePrice: 315.2, changeRate: 0.0047, close: 67158.1, datetime: 1729758286011,
      high: 67611.8, lastTradedPrice: 67158.1, low: 65257.1, makerCoefficient: 1, makerFeeRate: 0.001, marginTrade: true, mark: 0, market: 'USDS',
      marketChange24h: { changePrice: 315.2, changeRate: 0.0047, high: 67611.8, low: 65257.1, open: 66842.9, vol: 2227.69895852, volValue: 147972941.078575073 },
      markets: ['USDS', 'PoW'], open: 66842.9, quoteCurrency: 'USDT', sell: 67158.2, siteTypes: ['global'], sort: 100, symbol: 'BTC-USDT', symbolCode: 'BTC-USDT', trading: true, vol: 2227.69895852, volValue: 147972941.078575073,
    };
    expect(decode({ topic: '/market/snapshot:BTC-USDT', type: 'message', subject: 'trade.snapshot', data: { sequence: '14691517895', data: market } })).toEqual([
      ['data', TICKER, { type: 'ticker', exchange: 'kucoin', symbol: 'BTC/USDT', price: 67158.1, bid: 67158.1, bidSize: 0.81772627, ask: 67158.2, askSize: 1.15955795, high24h: 67611.8, low24h: 65257.1, volume24h: 2227.69895852, change24h: 0.47, timestamp: 1729758286011, localTimestamp: 1_700_000_000_000.25 }],
    ]);
  });

  it('welcome makes the socket ready; ack and pong are silent; notices and commands are ignored', () => {
    expect(decode({ id: 'hQvf8jkno', type: 'welcome' })).toEqual([['ready']]);
    expect(decode({ id: '1545910660739', type: 'ack' })).toEqual([]);
    expect(decode({ id: '1545910590801', type: 'pong' })).toEqual([]);
    expect(decode({ type: 'notice', subject: 'x' })).toEqual([]);
  });

  it('an error answering a one-topic subscribe errors that stream; answering several topics, they are retried in halves apart; an unsubscribe refusal only reports; 509 permits resends', () => {
    const session = protocol.createSession();
    session.onControlSent!({ id: 1, subscribe: true, keys: [BOOK] });
    expect(decode({ id: '1', type: 'error', code: 404, data: 'topic /market/level2:BTC-USDT is not found' }, session)).toEqual([['rejected', 1, [BOOK], 'kucoin error 404: topic /market/level2:BTC-USDT is not found']]);
    session.onControlSent!({ id: 2, subscribe: true, keys: [TRADES, ETH_TRADES, SOL_TRADES] });
    expect(decode({ id: '2', type: 'error', code: 404, data: 'topic /market/match:SOL-USDT is not found' }, session)).toEqual([
      ['exchangeError', 'kucoin error 404: topic /market/match:SOL-USDT is not found (answering subscribe /market/match:BTC-USDT,ETH-USDT,SOL-USDT; its 3 topics are retried in halves to find the refused one)'],
      ['resubscribe', [TRADES, ETH_TRADES]],
      ['resubscribe', [SOL_TRADES]],
    ]);
    expect(groups.groupOf(TRADES)).toBe(groups.groupOf(ETH_TRADES));
    expect(groups.groupOf(TRADES)).not.toBe(groups.groupOf(SOL_TRADES));
    expect(groups.groupOf(SOL_TRADES)).not.toBe('/market/match');
    session.onControlSent!({ id: 3, subscribe: true, keys: [TRADES, ETH_TRADES] });
    expect(decode({ id: '3', type: 'ack' }, session)).toEqual([]);
    expect(groups.groupOf(TRADES)).toBe('/market/match'); // accepted: back in the channel's batch
    session.onControlSent!({ id: 4, subscribe: false, keys: [TICKER] });
    expect(decode({ id: '4', type: 'error', code: 404, data: 'topic does not exist' }, session)).toEqual([['exchangeError', 'kucoin error 404: topic does not exist (answering unsubscribe /market/snapshot:BTC-USDT)']]);
    session.onControlSent!({ id: 5, subscribe: true, keys: [TICKER] });
    expect(decode({ id: '5', type: 'error', code: 509, data: 'exceed max permits per 10 seconds' }, session)).toEqual([
      ['exchangeError', 'kucoin error 509: exceed max permits per 10 seconds (answering subscribe /market/snapshot:BTC-USDT; sent again)'],
      ['resubscribe', [TICKER]],
    ]);
  });

  it('an error about the connection (a refused token, id = connectId) is reported with what happens next', () => {
    expect(decode({ id: 'rxm1', type: 'error', code: 401, data: 'token is expired' })).toEqual([['exchangeError', 'kucoin error 401: token is expired (the server closes the socket; the reconnect fetches a fresh token)']]);
    expect(decode({ type: 'error', code: 401, data: 'token is expired' })).toEqual([['exchangeError', 'kucoin error 401: token is expired (the server closes the socket; the reconnect fetches a fresh token)']]);
    expect(decode({ type: 'error', code: 'x' })).toEqual([['exchangeError', 'kucoin error: {"type":"error","code":"x"}']]);
  });

  it('bad input is an invalid outcome (for the stream it names when it names one), never a throw; topics nobody asked for are ignored', () => {
    expect(decode('{"topic":"/market/level2:BTC-USDT","type":"message","data":{"changes')).toEqual([['invalid', 'kucoin: frame is not valid JSON', undefined]]);
    expect(decode({ topic: '/market/level2:BTC-USDT', type: 'message', subject: 'trade.l2update', data: { changes: { asks: 'none', bids: [] }, sequenceEnd: 'later', sequenceStart: null, symbol: 1, time: 'now' } })).toEqual([
      ['invalid', expect.stringMatching(/^KucoinLevel2Data: /), BOOK],
    ]);
    expect(decode({ topic: '/market/level2:BTC-USDT', type: 'message', subject: 'trade.l2update', data: { changes: { asks: [], bids: [] }, sequenceEnd: 5, sequenceStart: 6, symbol: 'BTC-USDT', time: 1 } })).toEqual([
      ['invalid', expect.stringMatching(/sequenceStart > sequenceEnd/), BOOK],
    ]);
    expect(decode({ topic: '/market/match:BTC-USDT', type: 'message', subject: 'trade.l3match', data: { price: '1', side: 'both', size: '1', symbol: 'BTC-USDT', time: '1', tradeId: '1' } })).toEqual([['invalid', expect.stringMatching(/^KucoinMatchData: /), TRADES]]);
    expect(decode({ topic: '/market/match:BTC-USDT', type: 'message', subject: 'trade.l3match', data: { price: '1', side: 'buy', size: '1', symbol: 'BTC-USDT', time: '12', tradeId: '1' } })).toEqual([['invalid', 'kucoin: match price/size/time is not a valid number', TRADES]]);
    expect(decode({ topic: '/market/snapshot:BTC-USDT', type: 'message', subject: 'trade.snapshot', data: { sequence: '1', data: { symbol: 'BTC-USDT' } } })).toEqual([['invalid', expect.stringMatching(/^KucoinSnapshotData: /), TICKER]]);
    expect(decode({ topic: '/market/level2:DOGE-USDT', type: 'message', subject: 'trade.l2update', data: {} })).toEqual([]);
    expect(decode({ topic: '/market/level2:BTC-USDT', type: 'message', subject: 'trade.l2update', data: 'x' })).toEqual([['invalid', expect.stringMatching(/^KucoinMessage: /), BOOK]]);
    expect(decode({ topic: 7, type: 'message', data: {} })).toEqual([['invalid', expect.stringMatching(/^KucoinMessage: /), undefined]]);
    expect(decode([1, 2])).toEqual([['invalid', 'kucoin: frame is not a JSON object', undefined]]);
    expect(decode({ hello: 'world' })).toEqual([['invalid', 'kucoin: unexpected frame (no known type)', undefined]]);
  });
});
