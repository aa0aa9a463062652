import fc from 'fast-check';
import type { FrameSession } from '../../lib/exchanges/common/exchange-protocol';
import { FrameScanner } from '../../lib/exchanges/common/frame-scanner';
import { outputOf } from './recording-sink';

/**
 * The same venue session twice: with its fast path on, and validated only.
 *
 * @example
 * ```ts
 * const pair: SessionPair = { fast: createBinanceSession(routes, true), slow: createBinanceSession(routes, false) };
 * ```
 */
export interface SessionPair {
  readonly fast: FrameSession;
  readonly slow: FrameSession;
}

/**
 * A {@link SessionPair} from a maker of sessions with the fast path on or off.
 *
 * @example
 * ```ts
 * const { fast, slow } = sessionPair((fastPath) => createGateioSession(routes, fastPath));
 * ```
 */
export function sessionPair<S extends FrameSession>(make: (fastPath: boolean) => S): { readonly fast: S; readonly slow: S } {
  return { fast: make(true), slow: make(false) };
}

/**
 * Expects the fast session to make the very sink calls the validated one makes for `frame` (the same
 * output, or the same error); returns those calls.
 *
 * @example
 * ```ts
 * expect(expectSameOutput(sessionPair(make), frame)[0]![0]).toBe('data');
 * ```
 */
export function expectSameOutput(pair: SessionPair, frame: string): unknown[][] {
  const expected = outputOf(pair.slow, frame);
  expect(outputOf(pair.fast, frame)).toEqual(expected);
  return expected;
}

/**
 * Expects the venue's scanner to have read `frame` (`scanned` is what it returned) and both sessions
 * to agree on it; returns their calls.
 *
 * @example
 * ```ts
 * const output = expectFastPathTaken(frame, scanGateioBook(new FrameScanner(), frame), sessionPair(make));
 * expect(output[0]![0]).toBe('data');
 * ```
 */
export function expectFastPathTaken(frame: string, scanned: unknown, pair: SessionPair): unknown[][] {
  expect(scanned).toBeDefined();
  return expectSameOutput(pair, frame);
}

/**
 * How many of the frames an agreement property fed: were read by the scanner, were valid (exactly one
 * `data` call), gave data at all, were refused (an `invalid` call).
 *
 * @example
 * ```ts
 * expect(tally.wellFormed).toBeGreaterThan(100); // not vacuous
 * ```
 */
export interface AgreementTally {
  scanned: number;
  wellFormed: number;
  data: number;
  refused: number;
}

/**
 * What {@link assertFastPathAgrees} runs: generated frame sequences, the sessions they are fed to (one
 * pair for all runs, or a fresh pair each run when the session's state must evolve over a run's
 * frames only), the venue's scanner and the number of runs.
 *
 * @example
 * ```ts
 * const property: AgreementProperty = { frames, sessions: sessionPair(make), scan: scanKrakenBook, numRuns: 3000 };
 * ```
 */
export type AgreementProperty = {
  /** The frames of one run, in order. */
  readonly frames: fc.Arbitrary<readonly string[]>;
  /** The venue's scanner, given one scanner for the whole property. */
  readonly scan: (scanner: FrameScanner, frame: string) => unknown;
  readonly numRuns: number;
} & ({ readonly sessions: SessionPair } | { readonly sessionsPerRun: () => SessionPair });

/**
 * The fast-path property: for every generated run of frames, the fast session makes the very sink
 * calls the validated one makes (the same output, or the same error), frame by frame. Returns the tally
 * the caller checks to show the property was not vacuous.
 *
 * @example
 * ```ts
 * const tally = assertFastPathAgrees({ frames: fc.tuple(partsArb, editArb).map(([p, edit]) => [edit(frameOf(p))]), sessions: sessionPair(make), scan: scanKrakenBook, numRuns: 3000 });
 * expect(tally.scanned).toBeGreaterThan(50);
 * ```
 */
export function assertFastPathAgrees(property: AgreementProperty): AgreementTally {
  const tally: AgreementTally = { scanned: 0, wellFormed: 0, data: 0, refused: 0 };
  const scanner = new FrameScanner();
  fc.assert(
    fc.property(property.frames, (frames) => {
      const pair = 'sessions' in property ? property.sessions : property.sessionsPerRun();
      for (const frame of frames) {
        const expected = expectSameOutput(pair, frame);
        if (property.scan(scanner, frame) !== undefined) tally.scanned++;
        if (expected.length === 1 && expected[0]![0] === 'data') tally.wellFormed++;
        if (expected.some((call) => call[0] === 'data')) tally.data++;
        if (expected.some((call) => call[0] === 'invalid')) tally.refused++;
      }
    }),
    { numRuns: property.numRuns },
  );
  return tally;
}

/**
 * One frame a run: a generated frame's parts, written out, then hostile-edited.
 *
 * @example
 * ```ts
 * assertFastPathAgrees({ frames: editedFrames(partsArb, frameOf, editArb), sessions, scan, numRuns: 3000 });
 * ```
 */
export function editedFrames<P>(parts: fc.Arbitrary<P>, frameOf: (parts: P) => string, edits: fc.Arbitrary<(frame: string) => string>): fc.Arbitrary<readonly string[]> {
  return fc.tuple(parts, edits).map(([p, edit]) => [edit(frameOf(p))]);
}
