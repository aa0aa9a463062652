import fc from 'fast-check';
import { FrameScanner } from '../../../lib/exchanges/common/frame-scanner';
import { scanDeribitBook } from '../../../lib/exchanges/deribit/deribit-book-scanner';
import { DeribitSession } from '../../../lib/exchanges/deribit/deribit-protocol';
import { DeribitRoutes } from '../../../lib/exchanges/deribit/deribit-routes';
import { ASCII_REPLACEMENTS, hostileEditArb, integerDecimalArb, longJsonNumberArb } from '../../helpers/fast-path-arbitraries';
import { assertFastPathAgrees, editedFrames, sessionPair } from '../../helpers/fast-path-agreement';

/** JSON number texts: mostly the plain ones Deribit sends (`20975.0`, `0.0`, `45690`), plus what JSON.parse reads but the scanner must not take. */
const numberArb = fc.oneof(
  { weight: 10, arbitrary: fc.tuple(fc.integer({ min: 0, max: 99_999 }), fc.integer({ min: 0, max: 99_999 })).map(([i, f]) => `${i}.${f}`) },
  { weight: 4, arbitrary: integerDecimalArb },
  { weight: 2, arbitrary: longJsonNumberArb },
  { weight: 2, arbitrary: fc.constantFrom('0', '0.0', '-1', '-0', '1e-8', '1E3', '0.1e2', '00.1', '01', '1.', '.5', '"1"', 'null', 'true', '1234567890123456', '0.1234567890123456') },
);
const idArb = fc.oneof(
  { weight: 10, arbitrary: fc.integer({ min: 0, max: 2 ** 40 }).map(String) },
  { weight: 1, arbitrary: fc.constantFrom('-1', '1.0', '1.5', '1e3', '01', '9007199254740993', '1234567890123456', '"7"', 'null') },
);
const actionArb = fc.oneof({ weight: 10, arbitrary: fc.constantFrom('new', 'change', 'delete') }, { weight: 1, arbitrary: fc.constantFrom('New', 'remove', '', 'new\\u0020') });
const levelsArb = fc.array(fc.tuple(actionArb, numberArb, numberArb), { maxLength: 6 });

const partsArb = fc.record({
  channel: fc.oneof(
    { weight: 10, arbitrary: fc.constant('book.BTC-PERPETUAL.100ms') },
    { weight: 1, arbitrary: fc.constantFrom('book.ETH-PERPETUAL.100ms', 'ticker.BTC-PERPETUAL.100ms', 'book.BTC\\u002dPERPETUAL.100ms', '') },
  ),
  type: fc.oneof({ weight: 10, arbitrary: fc.constantFrom('change', 'snapshot') }, { weight: 1, arbitrary: fc.constantFrom('delta', '') }),
  timestamp: idArb,
  prevChangeId: idArb,
  /** Whether the frame carries `prev_change_id`: as Deribit does (on a change only), or hostile (always, never). */
  prevPresence: fc.oneof({ weight: 10, arbitrary: fc.constant('as-deribit') }, { weight: 1, arbitrary: fc.constantFrom('always', 'never') }),
  instrument: fc.oneof({ weight: 10, arbitrary: fc.constant('BTC-PERPETUAL') }, { weight: 1, arbitrary: fc.constantFrom('', 'BTC\\nPERPETUAL') }),
  changeId: idArb,
  bids: levelsArb,
  asks: levelsArb,
});
type Parts = typeof partsArb extends fc.Arbitrary<infer T> ? T : never;

const wireLevels = (levels: [string, string, string][]): string => `[${levels.map(([a, p, q]) => `["${a}",${p},${q}]`).join(',')}]`;
/** Deribit's key order; `prev_change_id` on a change (or, hostile, on every frame or on none). */
const frameOf = (p: Parts): string =>
  `{"jsonrpc":"2.0","method":"subscription","params":{"channel":"${p.channel}","data":{"type":"${p.type}","timestamp":${p.timestamp},${
    p.prevPresence === 'always' || (p.prevPresence === 'as-deribit' && p.type !== 'snapshot') ? `"prev_change_id":${p.prevChangeId},` : ''
  }"instrument_name":"${p.instrument}","change_id":${p.changeId},"bids":${wireLevels(p.bids)},"asks":${wireLevels(p.asks)}}}}`;

const editArb = hostileEditArb(
  [
    (frame) => frame.replace('"asks":', '"asks":[],"asks":'),
    (frame) => frame.replace('"change_id":', '"change_id":1,"change_id":'),
    (frame) => frame.replace('"type":"change",', '"type":"snapshot","type":"change",'),
    (frame) => frame.replace('{"jsonrpc"', '{"id":1,"jsonrpc"'),
    (frame) => frame.replace(',"bids":', ',"x":null,"bids":'),
    (frame) => frame.replace('}}}', '},"channel":"book.ETH-PERPETUAL.100ms"}}'),
  ],
  { unchanged: 2, replacements: ASCII_REPLACEMENTS, appended: [' ', '}'] },
);

const makeSession = (fastPath: boolean): DeribitSession => {
  const routes = new DeribitRoutes();
  routes.register('book', 'BTC-PERPETUAL', 'BTC/USD:BTC');
  routes.register('book', 'ETH-PERPETUAL', 'ETH/USD:ETH');
  routes.register('ticker', 'BTC-PERPETUAL', 'BTC/USD:BTC');
  return new DeribitSession(routes, 10, fastPath);
};

describe('Deribit book fast path (property: same output or same error as the validated path)', () => {
  it('agrees on every generated frame, hostile edits included', () => {
    const { wellFormed, refused, scanned } = assertFastPathAgrees({ frames: editedFrames(partsArb, frameOf, editArb), sessions: sessionPair(makeSession), scan: scanDeribitBook, numRuns: 3000 });
    expect(wellFormed).toBeGreaterThan(100);
    expect(refused).toBeGreaterThan(100);
    expect(scanned).toBeGreaterThan(50); // frames the fast path itself read, and agreed on
  });

  it('takes the fast path on every frame in the layout Deribit sends, actions and change ids kept', () => {
    const plain = fc.tuple(fc.integer({ min: 1, max: 99_999 }), fc.integer({ min: 0, max: 99_999 })).map(([i, f]) => `${i}.${f}`);
    const level = fc.tuple(fc.constantFrom('new', 'change', 'delete'), plain, fc.oneof(plain, fc.constant('0.0')));
    const scanner = new FrameScanner();
    fc.assert(
      fc.property(fc.array(level, { maxLength: 20 }), fc.array(level, { maxLength: 20 }), fc.integer({ min: 1, max: 2 ** 40 }), fc.boolean(), (bids, asks, id, snapshot) => {
        const parts: Parts = { channel: 'book.BTC-PERPETUAL.100ms', type: snapshot ? 'snapshot' : 'change', timestamp: '1655395168086', prevChangeId: String(id - 1), prevPresence: 'as-deribit', instrument: 'BTC-PERPETUAL', changeId: String(id), bids, asks };
        const numbers = (levels: [string, string, string][]): unknown[] => levels.map(([a, p, q]) => [a, +p, +q]);
        expect(scanDeribitBook(scanner, frameOf(parts))).toEqual({
          channel: 'book.BTC-PERPETUAL.100ms',
          payload: { type: parts.type, timestamp: 1655395168086, prevChangeId: snapshot ? undefined : id - 1, changeId: id, bids: numbers(bids), asks: numbers(asks) },
        });
      }),
      { numRuns: 300 },
    );
  });
});
