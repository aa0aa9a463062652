import fc from 'fast-check';
import { FrameScanner } from '../../../lib/exchanges/common/frame-scanner';
import { scanKrakenBook } from '../../../lib/exchanges/kraken/kraken-book-scanner';
import { createKrakenSession } from '../../../lib/exchanges/kraken/kraken-protocol';
import { KrakenRequestLog } from '../../../lib/exchanges/kraken/kraken-request-log';
import { KrakenRoutes } from '../../../lib/exchanges/kraken/kraken-routes';
import { ASCII_REPLACEMENTS, hostileEditArb, integerDecimalArb, longJsonNumberArb } from '../../helpers/fast-path-arbitraries';
import { assertFastPathAgrees, editedFrames, sessionPair } from '../../helpers/fast-path-agreement';

/** JSON number texts: mostly the plain ones Kraken sends, plus what JSON.parse reads but the scanner must not take. */
const numberArb = fc.oneof(
  { weight: 10, arbitrary: fc.tuple(fc.integer({ min: 0, max: 99_999 }), fc.integer({ min: 0, max: 99_999_999 })).map(([i, f]) => `${i}.${String(f).padStart(8, '0').replace(/0+$/, '') || '0'}`) },
  { weight: 3, arbitrary: integerDecimalArb },
  { weight: 2, arbitrary: longJsonNumberArb },
  { weight: 4, arbitrary: fc.constantFrom('0', '0.0', '4.0', '-1', '1e-8', '1E3', '0.1e2', '00.1', '01', '1.', '.5', '"1"', 'null', 'true', '1234567890123456', '0.1234567890123456', '-0') },
);
const levelsArb = fc.array(fc.tuple(numberArb, numberArb), { maxLength: 6 });
const wireLevels = (levels: [string, string][]): string => `[${levels.map(([p, q]) => `{"price":${p},"qty":${q}}`).join(',')}]`;

const partsArb = fc.record({
  type: fc.oneof({ weight: 10, arbitrary: fc.constantFrom('update', 'snapshot') }, { weight: 1, arbitrary: fc.constantFrom('delta', '') }),
  symbol: fc.oneof({ weight: 10, arbitrary: fc.constant('BTC/USD') }, { weight: 1, arbitrary: fc.constantFrom('ETH/USD', 'BTC\\/USD', '') }),
  bids: levelsArb,
  asks: levelsArb,
  checksum: fc.oneof({ weight: 10, arbitrary: fc.integer({ min: 0, max: 4_294_967_295 }).map(String) }, { weight: 1, arbitrary: fc.constantFrom('-1', '1.5', '"7"', '1e3') }),
  timestamp: fc.oneof({ weight: 10, arbitrary: fc.constant('2025-11-24T16:00:00.010123Z') }, { weight: 1, arbitrary: fc.constantFrom('yesterday', '', '2025-11-24T16:00:00.010123\\u005a') }),
});
type Parts = typeof partsArb extends fc.Arbitrary<infer T> ? T : never;

const frameOf = (p: Parts): string =>
  `{"channel":"book","type":"${p.type}","data":[{"symbol":"${p.symbol}","bids":${wireLevels(p.bids)},"asks":${wireLevels(p.asks)},"checksum":${p.checksum},"timestamp":"${p.timestamp}"}]}`;

const editArb = hostileEditArb(
  [
    (frame) => frame.replace('"asks":', '"asks":[],"asks":'),
    (frame) => frame.replace('}]}', '},{"symbol":"ETH/USD","bids":[],"asks":[],"checksum":0}]}'),
    (frame) => frame.replace(',"timestamp":"2025-11-24T16:00:00.010123Z"', ''),
    (frame) => frame.replace('"qty":', '"qty":1,"qty":'),
    (frame) => frame.replace('{"channel"', '{"x":1,"channel"'),
  ],
  { unchanged: 1, replacements: ASCII_REPLACEMENTS, appended: [' ', '}'] },
);

const makeSession = (fastPath: boolean): ReturnType<typeof createKrakenSession> => {
  const routes = new KrakenRoutes();
  routes.acquireBook('BTC/USD', 10);
  return createKrakenSession(routes, new KrakenRequestLog(), fastPath);
};

describe('Kraken v2 book fast path (property: same output or same error as the validated path)', () => {
  it('agrees on every generated frame, hostile edits included', () => {
    const { wellFormed, scanned } = assertFastPathAgrees({ frames: editedFrames(partsArb, frameOf, editArb), sessions: sessionPair(makeSession), scan: scanKrakenBook, numRuns: 3000 });
    expect(wellFormed).toBeGreaterThan(100);
    expect(scanned).toBeGreaterThan(50); // frames the fast path itself read, and agreed on
  });

  it('takes the fast path on every frame in the layout Kraken sends', () => {
    const plain = fc.tuple(fc.integer({ min: 1, max: 99_999 }), fc.integer({ min: 1, max: 99_999_999 })).map(([i, f]) => `${i}.${f}`);
    const scanner = new FrameScanner();
    fc.assert(
      fc.property(fc.array(fc.tuple(plain, plain), { maxLength: 20 }), fc.array(fc.tuple(plain, plain), { maxLength: 20 }), fc.integer({ min: 0, max: 4_294_967_295 }), (bids, asks, checksum) => {
        const frame = frameOf({ type: 'update', symbol: 'BTC/USD', bids, asks, checksum: String(checksum), timestamp: '2025-11-24T16:00:00.010123Z' });
        const scannedBook = scanKrakenBook(scanner, frame);
        expect(scannedBook?.bids).toEqual(bids.map(([p, q]) => [+p, +q]));
        expect(scannedBook?.asks).toEqual(asks.map(([p, q]) => [+p, +q]));
        expect(scannedBook?.checksum).toBe(checksum);
      }),
      { numRuns: 300 },
    );
  });
});
