import type { Subscription } from 'rxjs';
import type { ExchangeEvent } from '../../model/exchange-event';
import type { ExchangeId } from '../../model/exchange-id';
import { randomPick, seededRandom } from '../harness/seeded-random';
import { BookAuditor } from './book-auditor';
import { type ChaosFault, faultSchedule } from './chaos-fault';
import type { ChaosVenue } from './chaos-venue';
import { TruthHistory } from './truth-history';
import { hiResNow } from '../../socket/hi-res-scheduler';

/**
 * Options of {@link runChaos}.
 *
 * @example
 * ```ts
 * const options: ChaosRunOptions = { faults: 50, seed: 7 };             // a test
 * const soak: ChaosRunOptions = { durationMs: 120_000, trades: true };  // a soak
 * ```
 */
export interface ChaosRunOptions {
  /** Inject at least this many faults (default 50; at least one of each kind). */
  readonly faults?: number;
  /** Keep injecting until this much time has passed too (default 0). */
  readonly durationMs?: number;
  /** Seed of the fault schedule and of the symbols picked (default 1). */
  readonly seed?: number;
  /** Market time between the end of one fault's checks and the next fault (default 40 ms). */
  readonly settleMs?: number;
  /** Bound of every wait (an expected event, a recovery, a checkpoint); past it the run fails (default 15 s). */
  readonly boundMs?: number;
  /** Also stream the trades of every symbol (more traffic on the same socket). */
  readonly trades?: boolean;
  /** Called after every fault with the number injected so far. */
  readonly onProgress?: (injected: number) => void;
}

/**
 * What a chaos run saw. `failures` is empty when every check held.
 *
 * @example
 * ```ts
 * const report: ChaosReport = await runChaos(venue);
 * expect(report.failures).toEqual([]);
 * ```
 */
export interface ChaosReport {
  readonly exchange: ExchangeId;
  readonly elapsedMs: number;
  readonly faultsInjected: number;
  readonly faultsByName: Readonly<Record<string, number>>;
  /** Faults after which books had to come back with a fresh, verified snapshot, and did. */
  readonly recoveries: number;
  /** Injection → every affected book verified again, per recovery, in ms. */
  readonly recoveryMs: readonly number[];
  /** Comparisons of every book with a paused market's full truth that passed (one after each fault). */
  readonly checkpoints: number;
  /** Mean over the books of the fraction of time they were verified and current. */
  readonly availability: number;
  /** Book events checked against the truth, and how many matched it (all, when nothing failed). */
  readonly bookEvents: number;
  readonly verifiedEvents: number;
  readonly snapshots: number;
  readonly trades: number;
  /** `events$` notifications by type. */
  readonly exchangeEvents: Readonly<Record<string, number>>;
  readonly failures: readonly string[];
  /** One entry per injected fault, in order: what it cost (see {@link ChaosFaultRecord}). */
  readonly faultLog: readonly ChaosFaultRecord[];
}

/**
 * What one injected fault cost: the time the books were without a verified book because of it
 * (mean over the books, so a fault of one book out of three costs a third of its recovery), its
 * recovery (injection → every affected book verified again) and, for a silent fault (a stall), how
 * long the client took to notice it (injection → its first `transport` error).
 *
 * @example
 * ```ts
 * const stalls = report.faultLog.filter((f) => f.silent).map((f) => f.detectedMs);
 * ```
 */
export interface ChaosFaultRecord {
  readonly name: string;
  readonly silent: boolean;
  /** Mean over the books of the time unavailable from injection until the fault's checks passed, in ms. */
  readonly downtimeMs: number;
  /** Injection → every affected book verified again (absent for faults that resync nothing), in ms. */
  readonly recoveryMs?: number;
  /** Silent faults: injection → the first `transport` error raised, in ms. */
  readonly detectedMs?: number;
}

class RunFailure extends Error {}

const POLL_MS = 5;

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Time of the last `resync` of `symbol` among `events`. */
function lastResyncAt(events: readonly ExchangeEvent[], symbol: string): number | undefined {
  for (let i = events.length - 1; i >= 0; i--) {
    const event = events[i]!;
    if (event.type === 'resync' && event.symbol === symbol) return event.timestamp;
  }
  return undefined;
}


/**
 * Runs a venue's faults against its client while every book is audited: subscribes a book per
 * symbol (each event checked by a {@link BookAuditor} against a {@link TruthHistory}), then injects
 * a seeded schedule of faults. After each one it requires the expected `events$` notification,
 * a `resync` and a fresh verified snapshot of every book the fault affects (or, for a benign fault,
 * no error and no resync at all), and finally a checkpoint: the market is paused and every book
 * must equal the full truth. Streams erroring or completing, and any audit violation, are failures.
 * Never throws: everything is in the report.
 *
 * @example
 * ```ts
 * const venue = await binanceChaosVenue({ seed: 3 });
 * const report = await runChaos(venue, { faults: 50, seed: 3 });
 * await venue.stop();
 * console.log(report.faultsInjected, report.recoveries, report.failures);
 * ```
 */
export async function runChaos(venue: ChaosVenue, options: ChaosRunOptions = {}): Promise<ChaosReport> {
  const minimumFaults = options.faults ?? 50;
  const durationMs = options.durationMs ?? 0;
  const settleMs = options.settleMs ?? 40;
  const boundMs = options.boundMs ?? 15_000;
  const random = seededRandom(options.seed ?? 1);
  const next = faultSchedule(random, venue.faults.length);
  const exchange = venue.client.exchange;

  const failures: string[] = [];
  const subscriptions: Subscription[] = [];
  const history = new TruthHistory(venue.truth, venue.symbols, venue.compareDepth);
  const auditors = new Map(venue.symbols.map((symbol) => [symbol, new BookAuditor(history, exchange, symbol, hiResNow)]));
  const exchangeEvents: Record<string, number> = {};
  const faultsByName: Record<string, number> = {};
  const recoveryMs: number[] = [];
  const faultLog: ChaosFaultRecord[] = [];
  const downtime = (): number => {
    const at = hiResNow();
    let sum = 0;
    for (const auditor of auditors.values()) sum += auditor.downtimeMs(at);
    return sum / auditors.size;
  };
  let recent: ExchangeEvent[] = [];
  let trades = 0;
  let checkpoints = 0;
  let injected = 0;

  const waitUntil = async (condition: () => boolean, what: string): Promise<void> => {
    const deadline = performance.now() + boundMs;
    while (!condition()) {
      if (performance.now() > deadline) throw new RunFailure(`gave up waiting (${boundMs} ms) for ${what}`);
      await sleep(POLL_MS);
    }
  };

  subscriptions.push(
    venue.client.events$.subscribe((event) => {
      exchangeEvents[event.type] = (exchangeEvents[event.type] ?? 0) + 1;
      recent.push(event);
      if (event.type === 'resync') auditors.get(event.symbol)?.markUnavailable();
      else if (event.type === 'close' || (event.type === 'error' && event.kind === 'transport')) for (const auditor of auditors.values()) auditor.markUnavailable();
    }),
  );
  for (const [symbol, auditor] of auditors) {
    subscriptions.push(
      venue.client.book(symbol, venue.bookOptions).subscribe({
        next: (event) => auditor.observe(event),
        error: (error: unknown) => failures.push(`${exchange} ${symbol} book errored: ${(error as Error).message}`),
        complete: () => failures.push(`${exchange} ${symbol} book completed`),
      }),
    );
  }
  if (options.trades) {
    subscriptions.push(
      venue.client.trades(venue.symbols).subscribe({
        next: () => trades++,
        error: (error: unknown) => failures.push(`${exchange} trades errored: ${(error as Error).message}`),
        complete: () => failures.push(`${exchange} trades completed`),
      }),
    );
  }

  const checkpoint = async (what: string): Promise<void> => {
    venue.truth.pause();
    try {
      venue.truth.flush?.();
      for (const [symbol, auditor] of auditors) {
        const truth = venue.truth.market(symbol).truth(venue.compareDepth);
        await waitUntil(() => auditor.equals(truth.bids, truth.asks, venue.compareDepth), `the ${symbol} book to equal the paused truth ${what}`);
        if (auditor.lastVerifiedId !== undefined) history.forgetBefore(symbol, auditor.lastVerifiedId);
      }
      checkpoints++;
    } finally {
      venue.truth.resume();
    }
  };

  const affected = (fault: ChaosFault, symbol: string): string[] =>
    fault.resyncs === 'all' ? [...venue.symbols] : fault.resyncs === 'symbol' ? [symbol] : [];

  const startedAt = performance.now();
  try {
    await waitUntil(() => [...auditors.values()].every((a) => a.verified > 0), 'every book to show a first verified snapshot');
    await checkpoint('at start');
    while (injected < minimumFaults || performance.now() - startedAt < durationMs) {
      if (failures.length > 0) break;
      await sleep(settleMs);
      const fault = venue.faults[next()]!;
      const symbol = randomPick(random, venue.symbols);
      const label = `fault #${injected + 1} "${fault.name}" (${symbol})`;
      recent = [];
      const downBefore = downtime();
      const injectedAt = hiResNow();
      if (fault.silent) for (const auditor of auditors.values()) auditor.markUnavailable(injectedAt);
      fault.inject(symbol);
      injected++;
      faultsByName[fault.name] = (faultsByName[fault.name] ?? 0) + 1;
      if (fault.durationMs !== undefined) {
        await sleep(fault.durationMs);
        fault.heal?.();
      }
      if (fault.expected) {
        const expected = fault.expected;
        await waitUntil(() => expected(recent, symbol), `the events ${label} must raise`);
      }
      const books = affected(fault, symbol);
      for (const book of books) {
        const auditor = auditors.get(book)!;
        await waitUntil(() => {
          const resyncAt = lastResyncAt(recent, book);
          return resyncAt !== undefined && auditor.lastVerifiedSnapshotAt >= resyncAt;
        }, `a resync and a fresh verified ${book} snapshot after ${label}`);
      }
      const recovered = books.length > 0 ? Math.max(...books.map((book) => auditors.get(book)!.lastVerifiedSnapshotAt)) - injectedAt : undefined;
      if (recovered !== undefined) recoveryMs.push(recovered);
      const detected = fault.silent ? recent.find((e) => e.type === 'error' && e.kind === 'transport') : undefined;
      faultLog.push({
        name: fault.name,
        silent: fault.silent === true,
        downtimeMs: downtime() - downBefore,
        ...(recovered === undefined ? {} : { recoveryMs: recovered }),
        ...(detected === undefined ? {} : { detectedMs: detected.timestamp - injectedAt }),
      });
      if (fault.resyncs === 'none') {
        const unexpected = recent.filter((e) => e.type === 'resync' || (e.type === 'error' && !fault.expected));
        if (unexpected.length > 0) throw new RunFailure(`${label} must change nothing but raised ${JSON.stringify(unexpected[0])}`);
      }
      await checkpoint(`after ${label}`);
      options.onProgress?.(injected);
    }
  } catch (error) {
    failures.push(error instanceof RunFailure ? error.message : `chaos run crashed: ${(error as Error).stack ?? String(error)}`);
  } finally {
    for (const subscription of subscriptions) subscription.unsubscribe();
    history.dispose();
  }

  const end = hiResNow();
  let bookEvents = 0;
  let verifiedEvents = 0;
  let snapshots = 0;
  let availability = 0;
  for (const auditor of auditors.values()) {
    failures.push(...auditor.violations);
    if (auditor.violationCount > auditor.violations.length) failures.push(`${auditor.symbol}: ${auditor.violationCount - auditor.violations.length} more violations`);
    bookEvents += auditor.events;
    verifiedEvents += auditor.verified;
    snapshots += auditor.snapshots;
    availability += auditor.availability(end) / auditors.size;
  }
  return {
    exchange,
    elapsedMs: performance.now() - startedAt,
    faultsInjected: injected,
    faultsByName,
    recoveries: recoveryMs.length,
    recoveryMs,
    checkpoints,
    availability,
    bookEvents,
    verifiedEvents,
    snapshots,
    trades,
    exchangeEvents,
    failures,
    faultLog,
  };
}
