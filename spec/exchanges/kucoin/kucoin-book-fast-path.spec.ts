import fc from 'fast-check';
import { FrameScanner } from '../../../lib/exchanges/common/frame-scanner';
import { scanKucoinBook } from '../../../lib/exchanges/kucoin/kucoin-book-scanner';
import { createKucoinSession } from '../../../lib/exchanges/kucoin/kucoin-protocol';
import { KucoinBatchGroups } from '../../../lib/exchanges/kucoin/kucoin-requests';
import { KucoinRoutes } from '../../../lib/exchanges/kucoin/kucoin-routes';
import { ASCII_REPLACEMENTS, dottedDecimalArb, hostileEditArb, integerDecimalArb, longDecimalArb } from '../../helpers/fast-path-arbitraries';
import { assertFastPathAgrees, editedFrames, sessionPair } from '../../helpers/fast-path-agreement';

/** Decimal strings: mostly the plain ones KuCoin sends, plus everything `parseDecimal` may read otherwise. */
const decimalArb = fc.oneof(
  { weight: 20, arbitrary: dottedDecimalArb },
  { weight: 4, arbitrary: integerDecimalArb },
  { weight: 1, arbitrary: longDecimalArb },
  { weight: 1, arbitrary: fc.constantFrom('0', '0.0', '-1', '+1', '1e-8', '1E3', '', '.', '5.', '.5', '00.1', ' 1', 'NaN', 'Infinity', '0x1F', '1234567890123456', '\\u0031') },
);
const sequenceArb = fc.oneof(
  { weight: 20, arbitrary: fc.integer({ min: 0, max: 2 ** 40 }).map(String) },
  { weight: 1, arbitrary: fc.constantFrom('', '-1', '1.5', '1e3', '007', '9007199254740993', '1234567890123456', '12345678901234567', 'x') },
);
const numberArb = fc.oneof(
  { weight: 10, arbitrary: fc.integer({ min: 0, max: 2 ** 40 }).map(String) },
  { weight: 1, arbitrary: fc.constantFrom('-1', '1.0', '1.5', '1e3', '01', '9007199254740993', '1234567890123456', '"7"', 'null', 'true') },
);
/** A change; sometimes with price `0` (ignored by KuCoin's rule, but only when its size and sequence are readable). */
const changeArb = fc.oneof(
  { weight: 12, arbitrary: fc.tuple(decimalArb, decimalArb, sequenceArb) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom('0', '0.0'), fc.oneof(decimalArb, fc.constantFrom('-1', '', 'x', '1e-8')), sequenceArb) },
);
const changesArb = fc.array(changeArb, { maxLength: 6 });

const partsArb = fc.record({
  topic: fc.oneof(
    { weight: 10, arbitrary: fc.constant('/market/level2:BTC-USDT') },
    { weight: 1, arbitrary: fc.constantFrom('/market/level2:ETH-USDT', '/market/match:BTC-USDT', '/market/level2:BTC\\u002dUSDT', '') },
  ),
  subject: fc.oneof({ weight: 10, arbitrary: fc.constant('trade.l2update') }, { weight: 1, arbitrary: fc.constantFrom('trade.l3match', '') }),
  asks: changesArb,
  bids: changesArb,
  start: numberArb,
  /** `sequenceEnd`: `sequenceStart` + 0..5 (as KuCoin sends it), or any number text (often below the start: refused). */
  end: fc.oneof({ weight: 10, arbitrary: fc.integer({ min: 0, max: 5 }) }, { weight: 1, arbitrary: numberArb }),
  symbol: fc.oneof({ weight: 10, arbitrary: fc.constant('BTC-USDT') }, { weight: 1, arbitrary: fc.constantFrom('', 'BTC\\nUSDT') }),
  time: numberArb,
});
type Parts = typeof partsArb extends fc.Arbitrary<infer T> ? T : never;

const wireChanges = (changes: [string, string, string][]): string => `[${changes.map(([p, s, q]) => `["${p}","${s}","${q}"]`).join(',')}]`;
const endOf = (p: Parts): string => (typeof p.end === 'string' ? p.end : /^\d+$/.test(p.start) ? String(Number(p.start) + p.end) : p.start);
const frameOf = (p: Parts): string =>
  `{"topic":"${p.topic}","type":"message","subject":"${p.subject}","data":{"changes":{"asks":${wireChanges(p.asks)},"bids":${wireChanges(p.bids)}},"sequenceEnd":${endOf(p)},"sequenceStart":${p.start},"symbol":"${p.symbol}","time":${p.time}}}`;

const editArb = hostileEditArb(
  [
    (frame) => frame.replace('"bids":', '"bids":[],"bids":'),
    (frame) => frame.replace('"changes":', '"changes":{},"changes":'),
    (frame) => frame.replace(',"time":', ',"time":1,"time":'),
    (frame) => frame.replace('{"topic":"/market/level2:BTC-USDT",', '{"topic":"/market/level2:ETH-USDT","topic":"/market/level2:BTC-USDT",'),
    (frame) => frame.replace('{"topic"', '{"id":"1","topic"'),
    (frame) => frame.replace(',"time":', ',"x":null,"time":'),
  ],
  { unchanged: 2, replacements: ASCII_REPLACEMENTS, appended: [' ', '}'] },
);

const makeSession = (fastPath: boolean): ReturnType<typeof createKucoinSession> => {
  const routes = new KucoinRoutes();
  routes.key('/market/level2', 'BTC/USDT', 'BTC-USDT');
  routes.key('/market/match', 'BTC/USDT', 'BTC-USDT');
  return createKucoinSession(routes, new KucoinBatchGroups(), fastPath);
};

describe('KuCoin /market/level2 fast path (property: same output or same error as the validated path)', () => {
  it('agrees on every generated frame, hostile edits included', () => {
    const { wellFormed, refused, scanned } = assertFastPathAgrees({ frames: editedFrames(partsArb, frameOf, editArb), sessions: sessionPair(makeSession), scan: scanKucoinBook, numRuns: 3000 });
    expect(wellFormed).toBeGreaterThan(300);
    expect(refused).toBeGreaterThan(500);
    expect(scanned).toBeGreaterThan(200); // frames the fast path itself read, and agreed on
  });

  it('takes the fast path on every frame in the layout KuCoin sends (price-0 entries left out)', () => {
    const plain = fc.tuple(fc.integer({ min: 1, max: 99_999 }), fc.integer({ min: 1, max: 99_999_999 })).map(([i, f]) => `${i}.${f}`);
    const change = fc.tuple(fc.oneof({ weight: 9, arbitrary: plain }, { weight: 1, arbitrary: fc.constant('0') }), plain, fc.integer({ min: 1, max: 2 ** 40 }).map(String));
    const scanner = new FrameScanner();
    fc.assert(
      fc.property(fc.array(change, { maxLength: 20 }), fc.array(change, { maxLength: 20 }), fc.integer({ min: 1, max: 2 ** 40 }), (asks, bids, start) => {
        const parts: Parts = { topic: '/market/level2:BTC-USDT', subject: 'trade.l2update', asks, bids, end: 3, start: String(start), symbol: 'BTC-USDT', time: '1729816425625' };
        const scannedBook = scanKucoinBook(scanner, frameOf(parts));
        const numbers = (changes: [string, string, string][]): number[][] => changes.filter(([p]) => p !== '0').map(([p, s, q]) => [+p, +s, +q]);
        expect(scannedBook).toEqual({ topic: '/market/level2:BTC-USDT', start, end: start + 3, time: 1729816425625, bids: numbers(bids), asks: numbers(asks) });
      }),
      { numRuns: 300 },
    );
  });
});
