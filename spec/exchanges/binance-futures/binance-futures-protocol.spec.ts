import fc from 'fast-check';
import { BinanceFuturesDepthUpdate } from '../../../lib/exchanges/binance-futures/binance-futures-codecs';
import { binanceFuturesProtocol, decodeBinanceFuturesDepth } from '../../../lib/exchanges/binance-futures/binance-futures-protocol';
import { binanceFuturesCategory, BinanceFuturesRoutes } from '../../../lib/exchanges/binance-futures/binance-futures-routes';
import { parseLevels } from '../../../lib/exchanges/common/parse-levels';
import { CAPTURE_SYMBOLS, readFuturesCapture } from './support/futures-capture';
import { RecordingSink } from '../coinbase/support/recording-sink';

function session(symbols: Readonly<Record<string, string>> = CAPTURE_SYMBOLS) {
  const routes = new BinanceFuturesRoutes();
  for (const [native, symbol] of Object.entries(symbols)) {
    for (const kind of ['depth', 'bookTicker', 'trade', 'ticker', 'markPrice'] as const) routes.key(kind, symbol, native);
  }
  return binanceFuturesProtocol('wss://fstream.binance.com/', routes).createSession();
}

describe('Binance USD-M protocol', () => {
  it('routes each stream to its endpoint: /public for depth and book ticker, /market for the rest', () => {
    const protocol = binanceFuturesProtocol('wss://fstream.binance.com/', new BinanceFuturesRoutes());
    const urls = ['btcusdt@depth@100ms', 'btcusdt@bookTicker', 'btcusdt@aggTrade', 'btcusdt@ticker', 'btcusdt@markPrice@1s'].map((key) => protocol.urlOf!(key));
    expect(urls).toEqual([
      'wss://fstream.binance.com/public/stream',
      'wss://fstream.binance.com/public/stream',
      'wss://fstream.binance.com/market/stream',
      'wss://fstream.binance.com/market/stream',
      'wss://fstream.binance.com/market/stream',
    ]);
    expect([protocol.maxStreamsPerConnection, protocol.controlMessagesPerSecond, protocol.keepaliveCountsAsControl]).toEqual([1024, 10, true]);
    expect(protocol.subscribeMessage(['a@ticker', 'b@ticker'], 3)).toBe('{"method":"SUBSCRIBE","params":["a@ticker","b@ticker"],"id":3}');
    expect(binanceFuturesCategory('btcusdt_250328@depth@100ms')).toBe('public');
  });

  it('decodes every recorded depth, bookTicker and aggTrade frame of the real capture (nothing invalid)', () => {
    const capture = readFuturesCapture();
    const sink = new RecordingSink();
    const s = session();
    for (const frame of capture.frames) s.onFrame(frame.text, frame.at * 1000, sink);
    expect(sink.invalids).toEqual([]);
    const byKind = (suffix: string) => sink.delivered.filter((d) => d.key.endsWith(suffix));
    expect([byKind('@depth@100ms').length, byKind('@bookTicker').length, byKind('@aggTrade').length]).toEqual([764, 613, 91]);
    // kline streams were never requested: ignored, not invalid
    expect(sink.delivered).toHaveLength(764 + 613 + 91);
    const first = capture.frames.find((f) => f.stream === 'sushiusdt@depth@100ms')!;
    expect(byKind('@depth@100ms')[0]!.payload).toEqual({
      firstUpdateId: 600859599090,
      lastUpdateId: 600859600917,
      previousUpdateId: 600859598061,
      timestamp: 1626992741037,
      bids: [[7.504, 813], [7.609, 0], [7.611, 2]],
      asks: [[7.615, 1563], [7.622, 3284]],
    });
    expect(first.data['u']).toBe(600859600917);
    expect(byKind('@bookTicker')[0]!.payload).toEqual({ bid: 7.611, bidSize: 2, ask: 7.612, askSize: 297, updateId: 600859600576, timestamp: 1626992741017 });
  });

  it('decodes mark price (funding of a perpetual; none for a delivery contract) and 24 h tickers from the docs\' examples', () => {
    const sink = new RecordingSink();
    const s = session({ BTCUSDT: 'BTC/USDT:USDT', BTCUSDT_250328: 'BTC/USDT:USDT-250328' });
    const mark = { e: 'markPriceUpdate', E: 1562305380000, s: 'BTCUSDT', p: '11794.15000000', i: '11784.62659091', P: '11784.25641265', r: '0.00038167', T: 1562306400000 };
    s.onFrame(JSON.stringify({ stream: 'btcusdt@markPrice@1s', data: mark }), 5, sink);
    s.onFrame(JSON.stringify({ stream: 'btcusdt_250328@markPrice@1s', data: { ...mark, s: 'BTCUSDT_250328', r: '', T: 0 } }), 6, sink);
    const ticker = { e: '24hrTicker', E: 123456789, s: 'BTCUSDT', p: '0.0015', P: '250.00', w: '0.0018', c: '0.0025', Q: '10', o: '0.0010', h: '0.0025', l: '0.0010', v: '10000', q: '18', O: 0, C: 86400000, F: 0, L: 18150, n: 18151 };
    s.onFrame(JSON.stringify({ stream: 'btcusdt@ticker', data: ticker }), 7, sink);
    expect(sink.invalids).toEqual([]);
    expect(sink.delivered.map((d) => d.payload)).toEqual([
      { markPrice: 11794.15, indexPrice: 11784.62659091, fundingRate: 0.00038167, nextFundingTime: 1562306400000, timestamp: 1562305380000, localTimestamp: 5 },
      { markPrice: 11794.15, indexPrice: 11784.62659091, fundingRate: undefined, nextFundingTime: undefined, timestamp: 1562305380000, localTimestamp: 6 },
      { price: 0.0025, high24h: 0.0025, low24h: 0.001, volume24h: 10000, change24h: 250, timestamp: 123456789, localTimestamp: 7 },
    ]);
  });

  it('bad input never throws: invalid JSON, wrong types, bad levels and unknown replies become invalid frames; error replies reject their request', () => {
    const sink = new RecordingSink();
    const s = session({ BTCUSDT: 'BTC/USDT:USDT' });
    const depth = { e: 'depthUpdate', E: 1, T: 1, s: 'BTCUSDT', U: 1, u: 2, pu: 0, b: [], a: [] };
    const frames = [
      '{"stream":"btcusdt@depth@100ms","data":{"e":"depthUpdate"',
      JSON.stringify({ stream: 'btcusdt@depth@100ms', data: { ...depth, pu: 'x' } }),
      JSON.stringify({ stream: 'btcusdt@depth@100ms', data: { ...depth, b: [['-1', '2']] } }),
      JSON.stringify({ stream: 'btcusdt@depth@100ms', data: 'nope' }),
      JSON.stringify({ stream: 'btcusdt@aggTrade', data: { e: 'aggTrade', E: 1, a: 1, s: 'BTCUSDT', p: 'abc', q: '1', T: 1, m: true } }),
      JSON.stringify({ stream: 'btcusdt@markPrice@1s', data: { e: 'markPriceUpdate', E: 1, s: 'BTCUSDT', p: 'NaN', i: '1', r: '0', T: 1 } }),
      JSON.stringify({ stream: 'btcusdt@bookTicker', data: { e: 'bookTicker', u: 1, s: 'BTCUSDT', b: '1', B: '1', a: '0', A: '1', E: 1 } }),
      '42',
      '{"hello":"world"}',
    ];
    for (const frame of frames) expect(() => s.onFrame(frame, 1, sink)).not.toThrow();
    expect(sink.invalids.map((i) => i.key)).toEqual([undefined, 'btcusdt@depth@100ms', 'btcusdt@depth@100ms', 'btcusdt@depth@100ms', 'btcusdt@aggTrade', 'btcusdt@markPrice@1s', 'btcusdt@bookTicker', undefined, undefined]);
    expect(sink.invalids[1]!.message).toMatch(/BinanceFuturesDepthUpdate.*pu/);
    expect(sink.delivered).toEqual([]);
    s.onFrame('{"result":null,"id":1}', 1, sink);
    s.onFrame('{"error":{"code":2,"msg":"Invalid request: too many streams"},"id":2}', 1, sink);
    s.onFrame('{"code":-1003,"msg":"Too many requests"}', 1, sink);
    expect(sink.rejections).toEqual([{ requestId: 2, keys: undefined, message: 'binanceFutures error 2: Invalid request: too many streams' }]);
    expect(sink.exchangeErrors.map((e) => e.message)).toEqual(['binanceFutures error -1003: Too many requests']);
  });

  it('property: the fast depth decode accepts exactly what the io-ts codec guard plus level validation accepts, with the same result', () => {
    const decimal = fc.oneof(fc.double({ min: 0, max: 1e6, noNaN: true }).map((x) => x.toFixed(4)), fc.constantFrom('0', '1', '-1', 'abc', '', '1e3', ' 1', '0x10'));
    const level = fc.oneof(fc.tuple(decimal, decimal), fc.constantFrom([1, 2], ['1'], ['1', '2', '3'], null) as fc.Arbitrary<unknown>);
    const id = fc.oneof(fc.integer({ min: 0, max: 2 ** 50 }), fc.constantFrom(1.5, -1, '7', null, 2 ** 60) as fc.Arbitrary<unknown>);
    const payload = fc.record(
      { e: fc.constantFrom('depthUpdate', 'depthUpdate', 'trade'), E: fc.oneof(fc.integer(), fc.constant('x')), s: fc.oneof(fc.constant('BTCUSDT'), fc.constant(3)), U: id, u: id, pu: id, b: fc.array(level, { maxLength: 4 }), a: fc.array(level, { maxLength: 4 }) },
      { requiredKeys: ['e', 'E', 's', 'b', 'a'] },
    );
    fc.assert(
      fc.property(payload, (data) => {
        const fast = decodeBinanceFuturesDepth(data as Record<string, unknown>);
        // the reference is the codec's guard (io-ts `decode` would also accept a level with a third element and cut it)
        let expected: unknown;
        if (!BinanceFuturesDepthUpdate.is(data)) expected = undefined;
        else {
          const d = data;
          const bids = parseLevels(d.b, (l) => l[0], (l) => l[1]);
          const asks = parseLevels(d.a, (l) => l[0], (l) => l[1]);
          const ids = [d.U, d.u, d.pu].every((n) => Number.isSafeInteger(n));
          expected = bids && asks && ids ? { firstUpdateId: d.U, lastUpdateId: d.u, previousUpdateId: d.pu, timestamp: d.E, bids, asks } : undefined;
        }
        expect(typeof fast === 'string' ? undefined : fast).toEqual(expected);
      }),
      { numRuns: 2000 },
    );
  });
});
