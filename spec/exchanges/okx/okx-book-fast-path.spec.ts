import fc from 'fast-check';
import { FrameScanner } from '../../../lib/exchanges/common/frame-scanner';
import { okxChecksum } from '../../../lib/exchanges/okx/okx-checksum';
import { scanOkxBook } from '../../../lib/exchanges/okx/okx-book-scanner';
import { OkxRequestLog } from '../../../lib/exchanges/okx/okx-request-log';
import { OkxRoutes } from '../../../lib/exchanges/okx/okx-routes';
import { OkxSession } from '../../../lib/exchanges/okx/okx-session';
import { bookPush, okxLevel, okxWireChecksum } from '../../../lib/testing/okx/okx-wire';
import { priceGrid } from '../../../lib/testing/harness/price-grid';
import { hostileEditArb, integerTextArb, quotedDecimalArb } from '../../helpers/fast-path-arbitraries';
import { assertFastPathAgrees, editedFrames, expectFastPathTaken, expectSameOutput, sessionPair } from '../../helpers/fast-path-agreement';

/** OKX levels: price, size, the deprecated `"0"` and the order count; sometimes fewer or odd extra items. */
const extraArb = fc.oneof(
  { weight: 10, arbitrary: fc.integer({ min: 0, max: 40 }).map((orders) => ['0', String(orders)]) },
  { weight: 1, arbitrary: fc.constantFrom<string[]>([], ['0'], ['0', '1', '2'], ['\\u0030', '1'], ['0', '']) },
);
const levelsArb = fc.array(fc.tuple(quotedDecimalArb, quotedDecimalArb, extraArb), { maxLength: 6 });
const wireLevels = (levels: [string, string, string[]][]): string =>
  `[${levels.map(([p, s, rest]) => `[${[p, s, ...rest].map((item) => `"${item}"`).join(',')}]`).join(',')}]`;
const signedArb = fc.oneof(
  { weight: 6, arbitrary: integerTextArb },
  { weight: 2, arbitrary: fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }).map(String) },
  { weight: 1, arbitrary: fc.constantFrom('-1', '-0', '--1', '-', '-01', '-1.5') },
);

const partsArb = fc.record({
  instId: fc.oneof({ weight: 10, arbitrary: fc.constant('BTC-USDT') }, { weight: 1, arbitrary: fc.constantFrom('ETH-USDT', 'BTC-USDT-SWAP', 'BTC\\u002dUSDT', '') }),
  channel: fc.oneof({ weight: 10, arbitrary: fc.constant('books') }, { weight: 1, arbitrary: fc.constantFrom('books5', 'tickers', 'bo\\u006fks') }),
  action: fc.oneof({ weight: 10, arbitrary: fc.constantFrom('update', 'snapshot') }, { weight: 1, arbitrary: fc.constantFrom('Update', 'delta', '') }),
  asks: levelsArb,
  bids: levelsArb,
  ts: fc.oneof(
    { weight: 10, arbitrary: fc.integer({ min: 0, max: 2 ** 45 }).map(String) },
    { weight: 1, arbitrary: fc.constantFrom('1.5', '1597026383085.0', '-1', '', 'soon', '9007199254740993', '1234567890123456', '01', ' 1') },
  ),
  tsQuoted: fc.oneof({ weight: 12, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
  checksum: fc.option(signedArb, { nil: undefined, freq: 4 }),
  prevSeqId: signedArb,
  seqId: signedArb,
});
type Parts = typeof partsArb extends fc.Arbitrary<infer T> ? T : never;

function frameOf(p: Parts): string {
  const ts = p.tsQuoted ? `"${p.ts}"` : p.ts;
  const checksum = p.checksum === undefined ? '' : `"checksum":${p.checksum},`;
  return `{"arg":{"channel":"${p.channel}","instId":"${p.instId}"},"action":"${p.action}","data":[{"asks":${wireLevels(p.asks)},"bids":${wireLevels(p.bids)},"ts":${ts},${checksum}"prevSeqId":${p.prevSeqId},"seqId":${p.seqId}}]}`;
}

const editArb = hostileEditArb([
  (frame) => frame.replace('"bids":', '"bids":[],"bids":'),
  (frame) => frame.replace('"asks":', '"asks":[["1","1","0","1"]],"asks":'),
  (frame) => frame.replace('"seqId":', '"x":1,"seqId":'),
  (frame) => frame.replace('{"arg"', '{"event":"error","arg"'),
  (frame) => frame.replace('}]}', '},{"asks":[],"bids":[],"ts":"1","prevSeqId":1,"seqId":1}]}'),
  (frame) => frame.replace('"channel":"books",', '"channel":"books","channel":"tickers",'),
  (frame) => frame.replace('"action":"update"', '"action":"snapshot","action":"update"'),
  (frame) => frame.replace(/"checksum":-?\d+,/, ''),
  (frame) => frame.replace(/"checksum":(-?\d+)/, '"checksum":"$1"'),
  (frame) => frame.replace('"data":[{', '"data": [{'),
  (frame) => frame.replace('},"action"', ',"x":1},"action"'),
]);

function session(fastPath: boolean): OkxSession {
  const routes = new OkxRoutes();
  for (const channel of ['books', 'tickers', 'trades'] as const) routes.register(channel, 'BTC-USDT', 'BTC/USDT');
  routes.register('books', 'BTC-USDT-SWAP', 'BTC/USDT:USDT');
  return new OkxSession(routes, new OkxRequestLog(), fastPath);
}

describe('okx books fast path (property: same output or same error as the validated path)', () => {
  it('agrees on every generated frame, hostile edits included, and takes the fast path on well-formed ones', () => {
    const { wellFormed, scanned } = assertFastPathAgrees({ frames: editedFrames(partsArb, frameOf, editArb), sessions: sessionPair(session), scan: scanOkxBook, numRuns: 3000 });
    // Not vacuous: many frames were valid, and the scanner read a good share of them.
    expect(wellFormed).toBeGreaterThan(100);
    expect(scanned).toBeGreaterThan(50);
  });

  it('takes the fast path on every push the simulator writes, and keeps the wire strings the checksum hashes', () => {
    const grid = priceGrid(0.1, 4);
    const price = fc.integer({ min: 1, max: 9_999_999 }).map((n) => n / 10);
    const size = fc.integer({ min: 0, max: 99_999_999 }).map((n) => n / 10_000);
    const side = fc.array(fc.tuple(price, size), { maxLength: 30 }).map((levels) => levels.map((level) => okxLevel(level, grid)));
    const scanner = new FrameScanner();
    fc.assert(
      fc.property(side, side, fc.integer({ min: 0, max: 2 ** 45 }), fc.integer({ min: -1, max: 2 ** 40 }), fc.integer({ min: 0, max: 2 ** 40 }), fc.boolean(), (bids, asks, ts, prevSeqId, seqId, withChecksum) => {
        const checksum = withChecksum ? okxWireChecksum(bids, asks) : undefined;
        const frame = bookPush('BTC-USDT', 'update', bids, asks, ts, prevSeqId, seqId, checksum);
        const read = scanOkxBook(scanner, frame);
        expect(read?.update.rawBids).toEqual(bids);
        expect(read?.update.rawAsks).toEqual(asks);
        expect(read?.update.checksum).toBe(checksum);
        // the library's checksum over the strings the fast path kept is OKX's checksum over the frame's text
        expect(okxChecksum(read!.update.rawBids, read!.update.rawAsks)).toBe(okxWireChecksum(bids, asks));
        expectSameOutput(sessionPair(session), frame);
      }),
      { numRuns: 300 },
    );
  });

  it("reads the docs' example push to the same update as the validated path", () => {
    const frame =
      '{"arg":{"channel":"books","instId":"BTC-USDT"},"action":"snapshot","data":[{"asks":[["8476.98","415","0","13"],["8477","7","0","2"]],"bids":[["8476.97","256","0","12"],["8475.55","101","0","1"]],"ts":"1597026383085","checksum":-855196043,"prevSeqId":-1,"seqId":123456}]}';
    const output = expectFastPathTaken(frame, scanOkxBook(new FrameScanner(), frame), sessionPair(session));
    expect(output[0]![0]).toBe('data');
  });
});
