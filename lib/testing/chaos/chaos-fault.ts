import type { ExchangeEvent } from '../../model/exchange-event';
import { type RandomSource, randomInt } from '../harness/seeded-random';

/**
 * One kind of fault a chaos run can inject, and how the client must react to it.
 *
 * @example
 * ```ts
 * const gap: ChaosFault = {
 *   name: 'sim: skipped depth event',
 *   inject: (symbol) => sim.skipDepthEvent(symbol),
 *   expected: (events, symbol) => events.some((e) => e.type === 'resync' && e.symbol === symbol && e.reason === 'gap'),
 *   resyncs: 'symbol',
 * };
 * ```
 */
export interface ChaosFault {
  readonly name: string;
  /** Injects the fault; `symbol` is the book chosen for faults that concern one book. */
  inject(symbol: string): void;
  /** Holds for the events raised since injection once the client has noticed the fault as it must. */
  readonly expected?: (events: readonly ExchangeEvent[], symbol: string) => boolean;
  /** Which books must come back with a new snapshot: every book, the chosen one, or none. */
  readonly resyncs: 'all' | 'symbol' | 'none';
  /** A benign fault (delay, split) lasts this long, then {@link heal}; it must raise no error and no resync. */
  readonly durationMs?: number;
  heal?(): void;
  /** Data stops without the client being told (a stall): books count as unavailable from injection. */
  readonly silent?: boolean;
}

/**
 * The order in which a chaos run injects fault kinds: every kind once in a seeded random order,
 * then seeded random picks, so any run of at least `kinds` faults covers them all.
 *
 * @example
 * ```ts
 * const next = faultSchedule(seededRandom(7), faults.length);
 * const first = faults[next()];
 * ```
 */
export function faultSchedule(random: RandomSource, kinds: number): () => number {
  const firstRound = Array.from({ length: kinds }, (_, i) => i);
  for (let i = kinds - 1; i > 0; i--) {
    const j = randomInt(random, 0, i);
    [firstRound[i], firstRound[j]] = [firstRound[j]!, firstRound[i]!];
  }
  let position = 0;
  return () => (position < kinds ? firstRound[position++]! : randomInt(random, 0, kinds - 1));
}

/**
 * Predicate helpers for {@link ChaosFault.expected}.
 *
 * @example
 * ```ts
 * const expected = (events: readonly ExchangeEvent[], symbol: string) => sawResync(events, symbol, 'gap');
 * ```
 */
export function sawResync(events: readonly ExchangeEvent[], symbol: string | undefined, reason: string): boolean {
  return events.some((e) => e.type === 'resync' && e.reason === reason && (symbol === undefined || e.symbol === symbol));
}

/**
 * `true` when an `error` event of `kind` whose message matches `pattern` was raised.
 *
 * @example
 * ```ts
 * sawError(events, 'transport', /half-open/);
 * ```
 */
export function sawError(events: readonly ExchangeEvent[], kind: 'decode' | 'exchange' | 'transport', pattern: RegExp = /./): boolean {
  return events.some((e) => e.type === 'error' && e.kind === kind && pattern.test(e.message));
}

/**
 * `true` when an `open` event follows the first event matching `before` (a socket came back after it).
 *
 * @example
 * ```ts
 * reopenedAfter(events, (e) => e.type === 'close' && e.code === 1000);
 * ```
 */
export function reopenedAfter(events: readonly ExchangeEvent[], before: (event: ExchangeEvent) => boolean): boolean {
  const index = events.findIndex(before);
  return index >= 0 && events.slice(index + 1).some((e) => e.type === 'open');
}
