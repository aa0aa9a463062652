import type { FrameSession, FrameSink } from '../../lib/exchanges/common/exchange-protocol';

/**
 * A sink that records every call a frame session makes, in order, with its arguments: to compare two
 * sessions (e.g. a fast path against the validated path) call by call.
 *
 * @example
 * ```ts
 * const calls: unknown[][] = [];
 * session.onFrame(frame, 1, recordingSink(calls));
 * ```
 */
export function recordingSink(calls: unknown[][]): FrameSink {
  const record =
    (name: string) =>
    (...args: unknown[]): undefined => {
      calls.push([name, ...args]);
      return undefined;
    };
  return {
    data: record('data'),
    invalid: record('invalid'),
    exchangeError: record('exchangeError'),
    rejected: record('rejected'),
    gap: record('gap'),
    reconnect: record('reconnect'),
    resubscribe: (keys) => {
      calls.push(['resubscribe', keys]);
      return keys;
    },
    send: record('send'),
  };
}

/**
 * Every sink call `session` makes for `frame`.
 *
 * @example
 * ```ts
 * expect(outputOf(fast, frame)).toEqual(outputOf(slow, frame));
 * ```
 */
export function outputOf(session: FrameSession, frame: string): unknown[][] {
  const calls: unknown[][] = [];
  session.onFrame(frame, 1_764_000_000_000.5, recordingSink(calls));
  return calls;
}
