import fc from 'fast-check';
import { FrameScanner } from '../../../lib/exchanges/common/frame-scanner';
import { CoinbaseSession } from '../../../lib/exchanges/coinbase/coinbase-session';
import { scanCoinbaseLevel2 } from '../../../lib/exchanges/coinbase/coinbase-level2-scanner';
import { ASCII_REPLACEMENTS, dottedDecimalArb, hostileEditArb, integerDecimalArb, longDecimalArb } from '../../helpers/fast-path-arbitraries';
import { assertFastPathAgrees, expectSameOutput, sessionPair } from '../../helpers/fast-path-agreement';

const decimalArb = fc.oneof(
  { weight: 12, arbitrary: dottedDecimalArb },
  { weight: 2, arbitrary: integerDecimalArb },
  { weight: 2, arbitrary: longDecimalArb },
  { weight: 3, arbitrary: fc.constantFrom('0', '-1', '1e-8', '', '.', '5.', '.5', '00.1', ' 1', 'NaN', 'Infinity', '1234567890123456', '\\u0031') },
);
const updateArb = fc.record({
  side: fc.oneof({ weight: 10, arbitrary: fc.constantFrom('bid', 'offer') }, { weight: 1, arbitrary: fc.constantFrom('ask', 'Bid', '') }),
  time: fc.oneof({ weight: 10, arbitrary: fc.constant('2026-08-09T21:05:48.210883Z') }, { weight: 1, arbitrary: fc.constantFrom('soon', '2026-08-09T21:05:48.210883\\u005a') }),
  price: decimalArb,
  quantity: decimalArb,
});
const partsArb = fc.record({
  sequence: fc.oneof({ weight: 10, arbitrary: fc.integer({ min: 0, max: 40 }).map(String) }, { weight: 1, arbitrary: fc.constantFrom('-1', '1.5', '1e1', '07', '"3"') }),
  type: fc.oneof({ weight: 10, arbitrary: fc.constant('update') }, { weight: 1, arbitrary: fc.constantFrom('snapshot', 'delta') }),
  product: fc.oneof({ weight: 10, arbitrary: fc.constantFrom('BTC-USD', 'ETH-USD') }, { weight: 1, arbitrary: fc.constantFrom('', 'BTC\\u002dUSD') }),
  updates: fc.array(updateArb, { maxLength: 6 }),
});
type Parts = typeof partsArb extends fc.Arbitrary<infer T> ? T : never;

const frameOf = (p: Parts): string =>
  `{"channel":"l2_data","timestamp":"2026-08-09T21:05:48.505350477Z","sequence_num":${p.sequence},"events":[{"type":"${p.type}","product_id":"${p.product}","updates":[${p.updates
    .map((u) => `{"side":"${u.side}","event_time":"${u.time}","price_level":"${u.price}","new_quantity":"${u.quantity}"}`)
    .join(',')}]}]}`;

const editArb = hostileEditArb(
  [
    (frame) => frame.replace(']}]}', ']},{"type":"update","product_id":"ETH-USD","updates":[]}]}'),
    (frame) => frame.replace('"updates":', '"updates":[],"updates":'),
    (frame) => frame.replace('{"channel"', '{"client_id":"","channel"'),
  ],
  { unchanged: 2, replacements: ASCII_REPLACEMENTS, appended: [' '] },
);

describe('Coinbase l2_data fast path (property: same output or same error as the validated path)', () => {
  it('agrees on every generated sequence of frames (sequence gaps, duplicates and hostile edits included)', () => {
    // Two sessions fed the same frames, new ones each run: their sequence state must evolve identically too.
    const { data, scanned } = assertFastPathAgrees({
      frames: fc.array(fc.tuple(partsArb, editArb), { minLength: 1, maxLength: 12 }).map((frames) => frames.map(([parts, edit]) => edit(frameOf(parts)))),
      sessionsPerRun: () => sessionPair((fastPath) => new CoinbaseSession(undefined, fastPath)),
      scan: scanCoinbaseLevel2,
      numRuns: 600,
    });
    expect(data).toBeGreaterThan(100);
    expect(scanned).toBeGreaterThan(50); // frames the fast path itself read, and agreed on
  });

  it('takes the fast path on a real-layout update frame', () => {
    const frame =
      '{"channel":"l2_data","timestamp":"2026-08-09T21:05:48.886Z","sequence_num":15,"events":[{"type":"update","product_id":"BTC-USD","updates":[{"side":"offer","event_time":"2026-08-09T21:05:48.264069Z","price_level":"65106.54","new_quantity":"0.15361938"},{"side":"bid","event_time":"2026-08-09T21:05:48.264069Z","price_level":"65155.5","new_quantity":"0"}]}]}';
    expect(scanCoinbaseLevel2(new FrameScanner(), frame)).toEqual({
      sequence: 15,
      product: 'BTC-USD',
      firstEventTime: '2026-08-09T21:05:48.264069Z',
      bids: [[65155.5, 0]],
      asks: [[65106.54, 0.15361938]],
    });
    expectSameOutput(sessionPair((fastPath) => new CoinbaseSession(undefined, fastPath)), frame);
  });
});
