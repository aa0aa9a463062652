import fc from 'fast-check';
import { readBookFrame, readBookFrameFast } from '../../../lib/exchanges/bitfinex/bitfinex-frames';
import { BitfinexRoutes } from '../../../lib/exchanges/bitfinex/bitfinex-routes';
import { BitfinexSession } from '../../../lib/exchanges/bitfinex/bitfinex-session';
import { outputOf } from '../../helpers/recording-sink';
import { ASCII_REPLACEMENTS, dottedDecimalArb, hostileEditArb, integerDecimalArb, longJsonNumberArb } from '../../helpers/fast-path-arbitraries';
import { assertFastPathAgrees, sessionPair } from '../../helpers/fast-path-agreement';

const routes = new BitfinexRoutes();
const BOOK = routes.key('book', 'BTC/USD', 'tBTCUSD', 25);
const TICKER = routes.key('ticker', 'BTC/USD', 'tBTCUSD');

/** A session (fast path on or off) whose book (channel 7) and ticker (channel 8) are subscribed. */
function subscribedSession(fastPath: boolean): BitfinexSession {
  const session = new BitfinexSession(routes, fastPath);
  for (const [key, chanId] of [[BOOK, 7], [TICKER, 8]] as const) {
    session.controlMessage({ id: chanId, subscribe: true, keys: [key] });
    const route = routes.route(key)!;
    const calls = outputOf(session, JSON.stringify({ event: 'subscribed', channel: route.channel, chanId, symbol: route.native, ...(route.length ? { prec: 'P0', freq: 'F0', len: String(route.length) } : {}) }));
    expect(calls).toEqual([]);
  }
  return session;
}

/** Unsigned JSON number texts: mostly the plain ones Bitfinex sends, plus what JSON.parse reads but the scanner must not take. */
const magnitudeArb = fc.oneof(
  { weight: 10, arbitrary: dottedDecimalArb },
  { weight: 4, arbitrary: integerDecimalArb },
  { weight: 1, arbitrary: longJsonNumberArb },
  { weight: 2, arbitrary: fc.constantFrom('0', '0.0', '1e-8', '1E3', '2.5e+2', '0.1e2', '00.1', '01', '1.', '.5', '"1"', 'null', '1234567890123456', '0.1234567890123456', '1.50') },
);
const signedArb = fc.tuple(fc.constantFrom('', '', '-'), magnitudeArb).map(([sign, n]) => sign + n);
const countArb = fc.oneof({ weight: 10, arbitrary: fc.integer({ min: 0, max: 40 }).map(String) }, { weight: 1, arbitrary: fc.constantFrom('-1', '1.0', '1.5', '1e1', '07', '"3"') });
const levelArb = fc.tuple(magnitudeArb, countArb, signedArb).map(([p, c, a]) => `[${p},${c},${a}]`);

/** The body of one channel message (between the channel id and the sequence number). */
const bodyArb = fc.oneof(
  { weight: 8, arbitrary: levelArb.map((level) => ({ chanId: 7, body: level })) },
  { weight: 2, arbitrary: fc.array(levelArb, { maxLength: 6 }).map((levels) => ({ chanId: 7, body: `[${levels.join(',')}]` })) },
  {
    weight: 2,
    arbitrary: fc
      .oneof({ weight: 10, arbitrary: fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }).map(String) }, { weight: 1, arbitrary: fc.constantFrom('-0', '2147483648', '-2147483649', '1.5', '1e3', '"7"') })
      .map((checksum) => ({ chanId: 7, body: `"cs",${checksum}` })),
  },
  { weight: 1, arbitrary: fc.constant({ chanId: 7, body: '"hb"' }) },
  { weight: 1, arbitrary: fc.constant({ chanId: 8, body: '"hb"' }) },
  { weight: 1, arbitrary: fc.constant({ chanId: 9, body: '[1,1,1]' }) }, // a channel this socket does not route
);
/** How the sequence number moves: as Bitfinex sends it (+1), or a gap, a repeat, or a hostile text. */
const stepArb = fc.oneof({ weight: 12, arbitrary: fc.constant(1) }, { weight: 1, arbitrary: fc.constantFrom(0, 2, 5, -3) });
const seqTextArb = fc.oneof({ weight: 15, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.constantFrom('-1', '1.5', '1e3', '"7"', '01', '12345678901234567') });

const editArb = hostileEditArb([(frame) => frame.replace(/,(\d+)\]$/, ',$1,1]'), (frame) => frame.replace('[7,', '[07,')], {
  unchanged: 6,
  characterReplaced: 2,
  replacements: ASCII_REPLACEMENTS.filter((c) => c !== '}'),
  appended: [' ', ']'],
});

const messagesArb = fc.array(fc.tuple(bodyArb, stepArb, seqTextArb, editArb), { minLength: 1, maxLength: 15 });

describe('Bitfinex book fast path (property: same output or same error as the validated path)', () => {
  it('agrees on every generated sequence of frames (sequence gaps, checksums, heartbeats and hostile edits included)', () => {
    // Two sessions fed the same frames, new ones each run: the connection-wide sequence number must evolve identically too.
    const { data, refused, scanned } = assertFastPathAgrees({
      frames: messagesArb.map((messages) => {
        let seq = 100;
        return messages.map(([{ chanId, body }, step, seqText, edit]) => {
          seq += step;
          return edit(`[${chanId},${body},${seqText ?? seq}]`);
        });
      }),
      sessionsPerRun: () => sessionPair(subscribedSession),
      scan: (_scanner, frame) => readBookFrameFast(frame),
      numRuns: 500,
    });
    expect(data).toBeGreaterThan(300);
    expect(refused).toBeGreaterThan(100);
    expect(scanned).toBeGreaterThan(300); // frames the fast path itself read, and agreed on
  });

  it('reads exactly what the validated path reads from frames in the layout Bitfinex sends (number texts kept for the checksum)', () => {
    const plain = fc.tuple(fc.integer({ min: 1, max: 99_999 }), fc.integer({ min: 1, max: 99_999_999 })).map(([i, f]) => `${i}.${f}`);
    const level = fc.tuple(plain, fc.integer({ min: 0, max: 40 }), fc.constantFrom('', '-'), plain).map(([p, c, s, a]) => `[${p},${c},${s}${a}]`);
    fc.assert(
      fc.property(fc.array(level, { minLength: 1, maxLength: 25 }), fc.integer({ min: 0, max: 2 ** 40 }), (levels, seq) => {
        for (const frame of [`[7,${levels[0]},${seq}]`, `[7,[${levels.join(',')}],${seq}]`, `[7,"cs",-890884919,${seq}]`, `[7,"hb",${seq}]`]) {
          const scannedFrame = readBookFrameFast(frame);
          expect(scannedFrame).toBeDefined();
          expect(scannedFrame).toEqual(readBookFrame(frame));
        }
      }),
      { numRuns: 300 },
    );
  });
});
