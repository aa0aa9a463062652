import { type ChaosFault, sawError, sawResync } from './chaos-fault';

/**
 * A fault the client must see as a break in the book's sequence: a `gap` resync of that book (and,
 * where given, an `exchange` error whose message matches `error`).
 *
 * @example
 * ```ts
 * const faults = [gapFault('sim: skipped depth event (gap)', (symbol) => sim.skipDepthEvent(symbol))];
 * ```
 */
export function gapFault(name: string, inject: (symbol: string) => void, error?: RegExp): ChaosFault {
  return {
    name,
    inject,
    expected: (events, symbol) => sawResync(events, symbol, 'gap') && (error === undefined || sawError(events, 'exchange', error)),
    resyncs: 'symbol',
  };
}

/**
 * A book message the client cannot decode (wrong types, or a truncated frame whose sequence number
 * is spent): a `decode` error and a `gap` resync of that book.
 *
 * @example
 * ```ts
 * const faults = [undecodableFault('sim: wrong types in a book update', (symbol) => sim.sendMalformed('schema', symbol))];
 * ```
 */
export function undecodableFault(name: string, inject: (symbol: string) => void): ChaosFault {
  return {
    name,
    inject,
    expected: (events, symbol) => sawError(events, 'decode') && sawResync(events, symbol, 'gap'),
    resyncs: 'symbol',
  };
}

/**
 * A frame cut short on a venue whose next message still bridges the book: a `decode` error carrying
 * the frame, and no resync.
 *
 * @example
 * ```ts
 * const faults = [truncatedFrameFault('sim: truncated JSON frame', (symbol) => sim.sendMalformed('invalid-json', undefined, depthStream(symbol)))];
 * ```
 */
export function truncatedFrameFault(name: string, inject: (symbol: string) => void): ChaosFault {
  return {
    name,
    inject,
    expected: (events) => events.some((e) => e.type === 'error' && e.kind === 'decode' && e.frame !== undefined),
    resyncs: 'none',
  };
}

/**
 * A REST failure met by the resync a gap starts: `failRest()` then `gap(symbol)`; the client reports
 * an `exchange` error matching `error` and resyncs that book.
 *
 * @example
 * ```ts
 * const fault = restFailureFault('sim: REST 429 during a resync', () => sim.failRest(429, 1, 0), (symbol) => sim.skipDepthEvent(symbol), /429/);
 * ```
 */
export function restFailureFault(name: string, failRest: () => void, gap: (symbol: string) => void, error: RegExp): ChaosFault {
  return {
    name,
    inject: (symbol) => {
      failRest();
      gap(symbol);
    },
    expected: (events, symbol) => sawError(events, 'exchange', error) && sawResync(events, symbol, 'gap'),
    resyncs: 'symbol',
  };
}
