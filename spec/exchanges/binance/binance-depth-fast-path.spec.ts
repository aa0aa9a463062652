import fc from 'fast-check';
import type { FrameSession } from '../../../lib/exchanges/common/exchange-protocol';
import { FrameScanner } from '../../../lib/exchanges/common/frame-scanner';
import { createBinanceSession } from '../../../lib/exchanges/binance/binance-protocol';
import { BinanceRoutes } from '../../../lib/exchanges/binance/binance-routes';
import { scanBinanceDepth } from '../../../lib/exchanges/binance/binance-depth-scanner';
import { fixedDecimalArb, hostileEditArb, integerDecimalArb, longDecimalArb, oddDecimalArb } from '../../helpers/fast-path-arbitraries';
import { assertFastPathAgrees, editedFrames, expectFastPathTaken, sessionPair } from '../../helpers/fast-path-agreement';
import { createBinanceFuturesSession } from '../../../lib/exchanges/binance-futures/binance-futures-protocol';
import { BinanceFuturesRoutes } from '../../../lib/exchanges/binance-futures/binance-futures-routes';

/** Decimal strings: mostly plain ones Binance sends, plus everything `parseDecimal`/JSON may read otherwise. */
const decimalArb = fc.oneof(
  { weight: 12, arbitrary: fixedDecimalArb },
  { weight: 3, arbitrary: integerDecimalArb },
  { weight: 2, arbitrary: longDecimalArb },
  { weight: 4, arbitrary: oddDecimalArb },
);
const levelsArb = fc.array(fc.tuple(decimalArb, decimalArb), { maxLength: 6 });
const idArb = fc.oneof(
  { weight: 10, arbitrary: fc.integer({ min: 0, max: 2 ** 40 }).map(String) },
  { weight: 1, arbitrary: fc.constantFrom('-1', '1.5', '1e3', '01', '9007199254740993', '123456789012345', '1234567890123456', '"7"', 'null', 'true') },
);

const wireLevels = (levels: [string, string][]): string => `[${levels.map(([p, q]) => `["${p}","${q}"]`).join(',')}]`;

interface FrameParts {
  readonly stream: string;
  readonly e: string;
  readonly E: string;
  readonly T: string;
  readonly s: string;
  readonly U: string;
  readonly u: string;
  readonly pu: string;
  readonly b: [string, string][];
  readonly a: [string, string][];
}

const partsArb = (streams: readonly string[]): fc.Arbitrary<FrameParts> =>
  fc.record({
    stream: fc.oneof({ weight: 8, arbitrary: fc.constantFrom(...streams) }, { weight: 1, arbitrary: fc.constantFrom('btcusdt@depth@100ms\\u0000', 'btc\\"usdt', 'ethusdt@depth@100ms') }),
    e: fc.oneof({ weight: 10, arbitrary: fc.constant('depthUpdate') }, { weight: 1, arbitrary: fc.constantFrom('depthupdate', 'trade', 'serverShutdown') }),
    E: idArb,
    T: idArb,
    s: fc.oneof({ weight: 10, arbitrary: fc.constant('BTCUSDT') }, { weight: 1, arbitrary: fc.constantFrom('', 'BTC\\nUSDT', 'BTC\\u0055SDT') }),
    U: idArb,
    u: idArb,
    pu: idArb,
    b: levelsArb,
    a: levelsArb,
  });

function frameOf(parts: FrameParts, futures: boolean): string {
  const { stream, e, E, T, s, U, u, pu, b, a } = parts;
  const times = futures ? `"E":${E},"T":${T}` : `"E":${E}`;
  const ids = futures ? `"U":${U},"u":${u},"pu":${pu}` : `"U":${U},"u":${u}`;
  return `{"stream":"${stream}","data":{"e":"${e}",${times},"s":"${s}",${ids},"b":${wireLevels(b)},"a":${wireLevels(a)}}}`;
}

/** Hostile edits of a well-formed frame: blanks, lost or replaced characters, repeated keys, trailing text. */
const editArb = hostileEditArb(
  [
    (frame) => frame.replace('"a":', '"a":[],"a":'),
    (frame) => frame.replace('"b":', '"b":[["1","1"]],"b":'),
    (frame) => frame.replace('"U":', '"x":1,"U":'),
    (frame) => frame.replace('{"stream"', '{"extra":1,"stream"'),
    (frame) => frame.replace('}}', ',"z":null}}'),
    (frame) => frame.replace('"stream":', '"data":{},"stream":'),
    (frame) => frame.replace('"data":{', '"data": {'),
  ],
  { unchanged: 1 },
);

describe.each([
  { venue: 'binance spot', futures: false },
  { venue: 'binance USD-M futures', futures: true },
])('$venue depth fast path (property: same output or same error as the validated path)', ({ futures }) => {
  const make = (fastPath: boolean): FrameSession => {
    if (futures) {
      const routes = new BinanceFuturesRoutes();
      routes.key('depth', 'BTC/USDT:USDT', 'BTCUSDT');
      routes.key('trade', 'BTC/USDT:USDT', 'BTCUSDT');
      return createBinanceFuturesSession(routes, fastPath);
    }
    const routes = new BinanceRoutes();
    routes.key('depth', 'BTC/USDT');
    routes.key('trade', 'BTC/USDT');
    return createBinanceSession(routes, fastPath);
  };
  const streams = futures ? ['btcusdt@depth@100ms', 'btcusdt@aggTrade'] : ['btcusdt@depth@100ms', 'btcusdt@trade'];

  it('agrees on every generated frame, hostile edits included, and takes the fast path on well-formed ones', () => {
    const { wellFormed, scanned } = assertFastPathAgrees({
      frames: editedFrames(partsArb(streams), (parts: FrameParts) => frameOf(parts, futures), editArb),
      sessions: sessionPair(make),
      scan: (scanner, frame) => scanBinanceDepth(scanner, frame, futures),
      numRuns: 3000,
    });
    // Not vacuous: many frames were valid, and the scanner read a good share of them.
    expect(wellFormed).toBeGreaterThan(100);
    expect(scanned).toBeGreaterThan(50); // frames the fast path itself read, and agreed on
  });

  it('takes the fast path on every frame in the layout Binance sends (plain decimals, safe ids)', () => {
    const plainDecimal = fc.tuple(fc.integer({ min: 1, max: 99_999 }), fc.integer({ min: 0, max: 99_999_999 })).map(([i, f]) => `${i}.${String(f).padStart(8, '0')}`);
    const plainLevels = fc.array(fc.tuple(plainDecimal, plainDecimal), { maxLength: 20 });
    const plainId = fc.integer({ min: 0, max: 999_999_999_999_999 }).map(String);
    const scanner = new FrameScanner();
    fc.assert(
      fc.property(plainId, plainId, plainId, plainId, plainId, plainLevels, plainLevels, (E, T, U, u, pu, b, a) => {
        const frame = frameOf({ stream: 'btcusdt@depth@100ms', e: 'depthUpdate', E, T, s: 'BTCUSDT', U, u, pu, b, a }, futures);
        const scanned = scanBinanceDepth(scanner, frame, futures);
        expect(scanned?.bids).toEqual(b.map(([p, q]) => [+p, +q]));
        expect(scanned?.asks).toEqual(a.map(([p, q]) => [+p, +q]));
        expect(scanned?.u).toBe(+u);
      }),
      { numRuns: 300 },
    );
  });

  it('reads a real-layout frame to the same diff as the validated path', () => {
    const frame = futures
      ? '{"stream":"btcusdt@depth@100ms","data":{"e":"depthUpdate","E":1626992741037,"T":1626992741024,"s":"BTCUSDT","U":600859599090,"u":600859600917,"pu":600859598061,"b":[["7.5040","813"],["7.6090","0"]],"a":[]}}'
      : '{"stream":"btcusdt@depth@100ms","data":{"e":"depthUpdate","E":1633998512068,"s":"BTCUSDT","U":499869750,"u":499869752,"b":[["0.35130000","6195.00000000"]],"a":[["0.35290000","10968.00000000"]]}}';
    const output = expectFastPathTaken(frame, scanBinanceDepth(new FrameScanner(), frame, futures), sessionPair(make));
    expect(output[0]![0]).toBe('data');
  });
});
