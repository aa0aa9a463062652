import fc from 'fast-check';
import { FrameScanner } from '../../../lib/exchanges/common/frame-scanner';
import { scanGateioBook } from '../../../lib/exchanges/gateio/gateio-book-scanner';
import { createGateioSession } from '../../../lib/exchanges/gateio/gateio-protocol';
import { GateioRoutes } from '../../../lib/exchanges/gateio/gateio-routes';
import type { FrameSession } from '../../../lib/exchanges/common/exchange-protocol';
import { orderBookUpdateResult, updateFrame } from '../../../lib/testing/gateio/gateio-wire';
import { priceGrid } from '../../../lib/testing/harness/price-grid';
import { hostileEditArb, integerTextArb, quotedDecimalArb } from '../../helpers/fast-path-arbitraries';
import { assertFastPathAgrees, editedFrames, expectFastPathTaken, expectSameOutput, sessionPair } from '../../helpers/fast-path-agreement';

const levelsArb = fc.array(fc.tuple(quotedDecimalArb, quotedDecimalArb), { maxLength: 6 });
const wireLevels = (levels: [string, string][]): string => `[${levels.map(([p, q]) => `["${p}","${q}"]`).join(',')}]`;

/** Integer fields, mostly plain, sometimes anything (one frame has five of them). */
const mostlyPlainIntegerArb = fc.oneof({ weight: 12, arbitrary: fc.integer({ min: 0, max: 2 ** 45 }).map(String) }, { weight: 1, arbitrary: integerTextArb });

const partsArb = fc.record({
  time: mostlyPlainIntegerArb,
  timeMs: mostlyPlainIntegerArb,
  channel: fc.oneof({ weight: 10, arbitrary: fc.constant('spot.order_book_update') }, { weight: 1, arbitrary: fc.constantFrom('spot.trades', 'spot.obu', 'spot.order_book_updat\\u0065') }),
  event: fc.oneof({ weight: 10, arbitrary: fc.constant('update') }, { weight: 1, arbitrary: fc.constantFrom('subscribe', '', 'all') }),
  t: fc.oneof({ weight: 12, arbitrary: mostlyPlainIntegerArb }, { weight: 1, arbitrary: fc.constantFrom('1.5', '-3', '1e3') }),
  full: fc.oneof({ weight: 8, arbitrary: fc.constant<string | undefined>(undefined) }, { weight: 2, arbitrary: fc.constant('true') }, { weight: 1, arbitrary: fc.constantFrom('false', '"true"', '1', 'null') }),
  l: fc.oneof({ weight: 10, arbitrary: fc.constantFrom('100', '20') }, { weight: 1, arbitrary: fc.constantFrom('', '1\\u0030') }),
  e: fc.oneof({ weight: 10, arbitrary: fc.constant('depthUpdate') }, { weight: 1, arbitrary: fc.constantFrom('', 'update') }),
  E: mostlyPlainIntegerArb,
  s: fc.oneof({ weight: 10, arbitrary: fc.constant('BTC_USDT') }, { weight: 1, arbitrary: fc.constantFrom('ETH_USDT', 'BTC\\u005fUSDT', '') }),
  /** `u` as an offset from `U` (mostly ≥ 0: `U` ≤ `u`), or a text of its own. */
  U: mostlyPlainIntegerArb,
  u: fc.oneof({ weight: 6, arbitrary: fc.integer({ min: -3, max: 20 }) }, { weight: 1, arbitrary: integerTextArb }),
  b: levelsArb,
  a: levelsArb,
});
type Parts = typeof partsArb extends fc.Arbitrary<infer T> ? T : never;

function frameOf(p: Parts): string {
  const U = p.U;
  const u = typeof p.u === 'number' ? (/^\d+$/.test(U) ? String(Math.max(0, Number(U) + p.u)) : '5') : p.u;
  const full = p.full === undefined ? '' : `"full":${p.full},`;
  const result = `{"t":${p.t},${full}"l":"${p.l}","e":"${p.e}","E":${p.E},"s":"${p.s}","U":${U},"u":${u},"b":${wireLevels(p.b)},"a":${wireLevels(p.a)}}`;
  return `{"time":${p.time},"time_ms":${p.timeMs},"channel":"${p.channel}","event":"${p.event}","result":${result}}`;
}

const editArb = hostileEditArb([
  (frame) => frame.replace('"a":', '"a":[],"a":'),
  (frame) => frame.replace('"b":', '"b":[["1","1"]],"b":'),
  (frame) => frame.replace('"U":', '"U":1,"U":'),
  (frame) => frame.replace('"u":', '"x":1,"u":'),
  (frame) => frame.replace('{"time"', '{"extra":1,"time"'),
  (frame) => frame.replace('"channel":"spot.order_book_update",', '"channel":"spot.order_book_update","channel":"spot.trades",'),
  (frame) => frame.replace('"result":{', '"result":{"full":false,'),
  (frame) => frame.replace('}}', ',"z":null}}'),
  (frame) => frame.replace('"result":{', '"result": {'),
  (frame) => frame.replace('"b":[[', '"b":[["1","2","3"],['),
  (frame) => frame.replace(/"time_ms":\d+,/, ''),
]);

function session(fastPath: boolean): FrameSession {
  const routes = new GateioRoutes();
  routes.key('spot.order_book_update', 'BTC/USDT', 'BTC_USDT', '100ms');
  routes.key('spot.trades', 'BTC/USDT', 'BTC_USDT');
  return createGateioSession(routes, fastPath);
}

describe('gateio spot.order_book_update fast path (property: same output or same error as the validated path)', () => {
  it('agrees on every generated frame, hostile edits included, and takes the fast path on well-formed ones', () => {
    const { wellFormed, scanned } = assertFastPathAgrees({ frames: editedFrames(partsArb, frameOf, editArb), sessions: sessionPair(session), scan: scanGateioBook, numRuns: 3000 });
    // Not vacuous: many frames were valid, and the scanner read a good share of them.
    expect(wellFormed).toBeGreaterThan(100);
    expect(scanned).toBeGreaterThan(50);
  });

  it('takes the fast path on every notification the simulator writes (full or not)', () => {
    const grid = priceGrid(0.01, 5);
    const price = fc.integer({ min: 1, max: 99_999_999 }).map((n) => n / 100);
    const amount = fc.integer({ min: 0, max: 99_999_999 }).map((n) => n / 100_000);
    const side = fc.array(fc.tuple(price, amount), { maxLength: 20 });
    const scanner = new FrameScanner();
    fc.assert(
      fc.property(side, side, fc.integer({ min: 0, max: 2 ** 40 }), fc.integer({ min: 0, max: 50 }), fc.integer({ min: 1_000, max: 2 ** 45 }), fc.boolean(), (bids, asks, first, span, nowMs, full) => {
        const frame = updateFrame('spot.order_book_update', orderBookUpdateResult('BTC_USDT', nowMs, first, first + span, bids, asks, 100, full, grid), nowMs);
        expect(scanGateioBook(scanner, frame)).toEqual({ pair: 'BTC_USDT', update: { first, last: first + span, full, timestamp: Math.floor(nowMs), bids, asks } });
        expectSameOutput(sessionPair(session), frame);
      }),
      { numRuns: 300 },
    );
  });

  it("reads the documentation's example notification to the same update as the validated path", () => {
    const frame =
      '{"time":1606294781,"time_ms":1606294781236,"channel":"spot.order_book_update","event":"update","result":{"t":1606294781123,"l":"100","e":"depthUpdate","E":1606294781,"s":"BTC_USDT","U":48776301,"u":48776306,"b":[["19137.74","0.0001"],["19088.37","0"]],"a":[["19137.75","0.6135"]]}}';
    const output = expectFastPathTaken(frame, scanGateioBook(new FrameScanner(), frame), sessionPair(session));
    expect(output[0]![0]).toBe('data');
  });
});
