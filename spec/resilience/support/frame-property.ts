import fc from 'fast-check';
import type { FrameSession } from '../../../lib/exchanges/common/exchange-protocol';
import { hostileValue } from './hostile-frames';
import { type FrameOutcome, OutcomeSink } from './outcome-sink';

/**
 * How to judge a decoder's outcomes for one exchange.
 *
 * @example
 * ```ts
 * const rules: FrameRules = { isValidPayload: (key, p) => key === 'x' && p !== null, mayBeIgnored: () => false };
 * ```
 */
export interface FrameRules {
  /** A payload the session may deliver on `key`: complete and valid. */
  isValidPayload(key: string, payload: any): boolean;
  /** Frames the decoder may pass over without any outcome (acks, channels nobody consumes, …). */
  mayBeIgnored(frame: string): boolean;
}

/**
 * Asserts, for every frame `frames` generates, that `session.onFrame` never throws and that each
 * outcome is a valid delivered value or an error outcome (invalid, exchange error, rejection, gap);
 * a frame with no outcome at all must be one the rules allow to be ignored.
 *
 * @example
 * ```ts
 * expectFramesHandled(() => protocol.createSession(), hostileFrame(templates), rules, 2000);
 * ```
 */
export function expectFramesHandled(createSession: () => FrameSession, frames: fc.Arbitrary<string>, rules: FrameRules, numRuns: number, seed = 20251125): void {
  fc.assert(
    fc.property(frames, (frame) => {
      const sink = new OutcomeSink();
      expect(() => createSession().onFrame(frame, 1_700_000_000_000, sink)).not.toThrow();
      const outcomes: FrameOutcome[] = sink.take();
      if (outcomes.length === 0) expect({ frame, ignored: rules.mayBeIgnored(frame) }).toEqual({ frame, ignored: true });
      for (const outcome of outcomes) {
        if (outcome.kind === 'data' && !rules.isValidPayload(outcome.key, outcome.payload)) {
          expect({ frame, delivered: outcome.payload }).toEqual({ frame, delivered: 'a valid normalized value' });
        }
      }
    }),
    { numRuns, seed },
  );
}

/**
 * Asserts, for oversized frames (`frames`, e.g. {@link oversizedFrame}), that each has exactly one
 * outcome: valid data when whole; with one value replaced by a hostile one (`poisonIn`), still valid
 * data or the whole frame refused as invalid, never a part of it.
 *
 * @example
 * ```ts
 * expectOversizedFrameWhole(() => protocol.createSession(), oversizedFrame(update), (frame, poison) => frame.replace('"1.5"]]', `${JSON.stringify(poison)}]]`), (p) => isValidPayload(BOOK, p), { now: NOW });
 * ```
 */
export function expectOversizedFrameWhole(
  createSession: () => FrameSession,
  frames: fc.Arbitrary<string>,
  poisonIn: (frame: string, poison: unknown) => string,
  isValid: (payload: unknown) => boolean,
  { now = 1, numRuns = 12, seed = 7 }: { readonly now?: number; readonly numRuns?: number; readonly seed?: number } = {},
): void {
  fc.assert(
    fc.property(frames, fc.option(hostileValue), (frame, poison) => {
      const sink = new OutcomeSink();
      createSession().onFrame(poison === null ? frame : poisonIn(frame, poison), now, sink);
      const outcomes = sink.take();
      expect(outcomes).toHaveLength(1);
      if (outcomes[0]!.kind === 'data') expect(isValid(outcomes[0]!.payload)).toBe(true);
      else expect(outcomes[0]!.kind).toBe('invalid');
      if (poison === null) expect(outcomes[0]!.kind).toBe('data');
    }),
    { numRuns, seed },
  );
}

/** Parses `text` as a JSON object, or `undefined`. */
export function jsonObject(text: string): Record<string, any> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, any>) : undefined;
  } catch {
    return undefined;
  }
}

/** `true` when every value is a finite number. */
export function finite(...values: unknown[]): boolean {
  return values.every((v) => typeof v === 'number' && Number.isFinite(v));
}
