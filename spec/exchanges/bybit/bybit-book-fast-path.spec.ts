import fc from 'fast-check';
import { FrameScanner } from '../../../lib/exchanges/common/frame-scanner';
import { scanBybitBook } from '../../../lib/exchanges/bybit/bybit-book-scanner';
import { BybitSession } from '../../../lib/exchanges/bybit/bybit-protocol';
import { type BybitCategory, BybitRoutes } from '../../../lib/exchanges/bybit/bybit-routes';
import { bookMessage } from '../../../lib/testing/bybit/bybit-wire';
import { hostileEditArb, integerTextArb, quotedDecimalArb } from '../../helpers/fast-path-arbitraries';
import { assertFastPathAgrees, editedFrames, expectFastPathTaken, expectSameOutput, sessionPair } from '../../helpers/fast-path-agreement';
import { itWithSharedCapture } from '../../support/real-data';
import { BYBIT_CAPTURE, CAPTURE_CONNECTIONS, framesOf, readBybitCapture } from './support/bybit-capture';

const levelsArb = fc.array(fc.tuple(quotedDecimalArb, quotedDecimalArb), { maxLength: 6 });
const wireLevels = (levels: [string, string][]): string => `[${levels.map(([p, q]) => `["${p}","${q}"]`).join(',')}]`;

const partsArb = fc.record({
  /** Bybit's key orders: linear `topic,type,ts,data,cts`, spot `topic,ts,type,data,cts`. */
  layout: fc.constantFrom<BybitCategory>('linear', 'spot'),
  topic: fc.oneof(
    { weight: 10, arbitrary: fc.constant('orderbook.50.BTCUSDT') },
    { weight: 1, arbitrary: fc.constantFrom('orderbook.50.ETHUSDT', 'tickers.BTCUSDT', 'publicTrade.BTCUSDT', 'orderbook.50.BTC\\u0055SDT', 'orderbook.50.BTCUSDT\\n', '') },
  ),
  type: fc.oneof({ weight: 10, arbitrary: fc.constantFrom('delta', 'snapshot') }, { weight: 1, arbitrary: fc.constantFrom('Delta', 'update', '', 'delt\\u0061') }),
  ts: integerTextArb,
  s: fc.oneof({ weight: 10, arbitrary: fc.constant('BTCUSDT') }, { weight: 1, arbitrary: fc.constantFrom('', 'ETHUSDT', 'BTC\\nUSDT') }),
  b: levelsArb,
  a: levelsArb,
  u: integerTextArb,
  seq: integerTextArb,
  cts: fc.option(integerTextArb, { nil: undefined, freq: 8 }),
});
type Parts = typeof partsArb extends fc.Arbitrary<infer T> ? T : never;

function frameOf(p: Parts): string {
  const head = p.layout === 'linear' ? `"type":"${p.type}","ts":${p.ts}` : `"ts":${p.ts},"type":"${p.type}"`;
  const cts = p.cts === undefined ? '' : `,"cts":${p.cts}`;
  return `{"topic":"${p.topic}",${head},"data":{"s":"${p.s}","b":${wireLevels(p.b)},"a":${wireLevels(p.a)},"u":${p.u},"seq":${p.seq}}${cts}}`;
}

const editArb = hostileEditArb([
  (frame) => frame.replace('"a":', '"a":[],"a":'),
  (frame) => frame.replace('"b":', '"b":[["1","1"]],"b":'),
  (frame) => frame.replace('"u":', '"u":1,"u":'),
  (frame) => frame.replace('"seq":', '"x":1,"seq":'),
  (frame) => frame.replace('{"topic"', '{"extra":1,"topic"'),
  (frame) => frame.replace('{"topic":"orderbook.50.BTCUSDT",', '{"topic":"tickers.BTCUSDT","topic":"orderbook.50.BTCUSDT",'),
  (frame) => frame.replace('"type":"delta"', '"type":"snapshot","type":"delta"'),
  (frame) => frame.replace('}}', '},"data":{}}'),
  (frame) => frame.replace(/,"cts":\d+/, ',"cts":"1"'),
  (frame) => frame.replace('"data":{', '"data": {'),
  (frame) => frame.replace('"b":[[', '"b":[["1","2","3"],['),
]);

function session(category: BybitCategory, fastPath: boolean): BybitSession {
  const routes = new BybitRoutes();
  routes.register('book', category, 'BTCUSDT', category === 'linear' ? 'BTC/USDT:USDT' : 'BTC/USDT', 50);
  routes.register('ticker', category, 'BTCUSDT', category === 'linear' ? 'BTC/USDT:USDT' : 'BTC/USDT');
  routes.register('trade', category, 'BTCUSDT', category === 'linear' ? 'BTC/USDT:USDT' : 'BTC/USDT');
  return new BybitSession(category, routes, fastPath);
}

describe.each<BybitCategory>(['linear', 'spot'])('bybit %s book fast path (property: same output or same error as the validated path)', (category) => {
  it('agrees on every generated frame, hostile edits included, and takes the fast path on well-formed ones', () => {
    const { wellFormed, scanned } = assertFastPathAgrees({ frames: editedFrames(partsArb, frameOf, editArb), sessions: sessionPair((fastPath) => session(category, fastPath)), scan: scanBybitBook, numRuns: 3000 });
    // Not vacuous: many frames were valid, and the scanner read a good share of them.
    expect(wellFormed).toBeGreaterThan(100);
    expect(scanned).toBeGreaterThan(50);
  });

  it('takes the fast path on every frame the simulator writes (both key orders, both number formats)', () => {
    const price = fc.integer({ min: 1, max: 9_999_999 }).map((n) => n / 10);
    const quantity = fc.integer({ min: 0, max: 9_999_999 }).map((n) => n / 1000);
    const side = fc.array(fc.tuple(price, quantity), { maxLength: 20 });
    const id = fc.integer({ min: 0, max: 999_999_999_999_999 });
    const scanner = new FrameScanner();
    fc.assert(
      fc.property(side, side, id, id, fc.integer({ min: 1, max: 2 ** 45 }), fc.constantFrom<'snapshot' | 'delta'>('snapshot', 'delta'), (bids, asks, u, seq, ts, type) => {
        const frame = bookMessage({ topic: 'orderbook.50.BTCUSDT', type, native: 'BTCUSDT', bids, asks, u, seq, ts }, { category, priceDecimals: 1, quantityDecimals: 3 });
        const read = scanBybitBook(scanner, frame);
        expect(read).toEqual({ topic: 'orderbook.50.BTCUSDT', type, ts, bids, asks, u, seq });
        expectSameOutput(sessionPair((fastPath) => session(category, fastPath)), frame);
      }),
      { numRuns: 300 },
    );
  });

  it('reads a captured frame to the same payload as the validated path', () => {
    const frame =
      category === 'linear'
        ? '{"topic":"orderbook.50.BTCUSDT","type":"delta","ts":1786310818229,"data":{"s":"BTCUSDT","b":[["65114.20","6.054"],["65114.10","0"]],"a":[],"u":7350218,"seq":450231553012},"cts":1786310818227}'
        : '{"topic":"orderbook.50.BTCUSDT","ts":1786310818229,"type":"snapshot","data":{"s":"BTCUSDT","b":[["65114.2","6.054"]],"a":[["65114.3","0.014"]],"u":1,"seq":450231553012},"cts":1786310818227}';
    const output = expectFastPathTaken(frame, scanBybitBook(new FrameScanner(), frame), sessionPair((fastPath) => session(category, fastPath)));
    expect(output[0]![0]).toBe('data');
  });

  itWithSharedCapture(`reads every real ${category} book frame of the capture, to the same payload as the validated path`, BYBIT_CAPTURE, () => {
    const frames = framesOf(readBybitCapture(), CAPTURE_CONNECTIONS[category]);
    const routes = new BybitRoutes();
    for (const text of frames) {
      const topic = /^\{"topic":"(orderbook\.\d+\.([A-Z]+))"/.exec(text);
      if (topic) routes.register('book', category, topic[2]!, topic[2]!, Number(topic[1]!.split('.')[1]));
    }
    const pair = sessionPair((fastPath) => new BybitSession(category, routes, fastPath));
    const scanner = new FrameScanner();
    const books = frames.filter((text) => text.includes('"topic":"orderbook.'));
    expect(books.length).toBeGreaterThan(0);
    for (const text of books) {
      const output = expectFastPathTaken(text, scanBybitBook(scanner, text), pair);
      expect(output.map((call) => call[0])).toEqual(['data']);
    }
  });
});
