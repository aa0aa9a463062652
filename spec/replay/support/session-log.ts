import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { merge, type Observable, type Subscription } from 'rxjs';
import type { ExchangeClient } from '../../../lib/model/client';
import type { ExchangeEvent } from '../../../lib/model/exchange-event';

/** One thing a subscriber saw: an `events$` event or a value of a named stream, in emission order. */
export type LogEntry = readonly [source: string, value: unknown];

/** A named stream of a client, as a test subscribes it. */
export interface StreamSpec {
  readonly name: string;
  readonly open: (client: ExchangeClient) => Observable<unknown>;
}

/** A temporary directory, removed by `cleanup()`. */
export function tempDir(): { dir: string; file: (name: string) => string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'rxmarket-replay-'));
  return { dir, file: (name) => join(dir, name), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * Subscribes `events$` then every stream of `specs` (in that order) and logs everything in one
 * array, in emission order. `stop()` unsubscribes the streams in order, then `events$`.
 */
export function logClient(client: ExchangeClient, specs: readonly StreamSpec[]): { log: LogEntry[]; errors: unknown[]; stop: () => void } {
  const log: LogEntry[] = [];
  const errors: unknown[] = [];
  const events = client.events$.subscribe((event: ExchangeEvent) => log.push(['events$', event]));
  const streams: Subscription[] = specs.map((spec) =>
    spec.open(client).subscribe({ next: (value) => log.push([spec.name, value]), error: (error: unknown) => errors.push([spec.name, error]) }),
  );
  return {
    log,
    errors,
    stop: () => {
      streams.forEach((s) => s.unsubscribe());
      events.unsubscribe();
    },
  };
}

/**
 * Replays: subscribes `events$` then the streams of `specs` (in the order given) and resolves with
 * the log once every stream and `events$` completed (the recording ended).
 */
export function logReplay(client: ExchangeClient, specs: readonly StreamSpec[]): Promise<{ log: LogEntry[]; errors: unknown[] }> {
  const log: LogEntry[] = [];
  const errors: unknown[] = [];
  return new Promise((resolve) => {
    let open = specs.length + 1;
    const done = (): void => {
      if (--open === 0) resolve({ log, errors });
    };
    client.events$.subscribe({ next: (event) => log.push(['events$', event]), error: (error: unknown) => (errors.push(['events$', error]), done()), complete: done });
    for (const spec of specs) {
      spec.open(client).subscribe({ next: (value) => log.push([spec.name, value]), error: (error: unknown) => (errors.push([spec.name, error]), done()), complete: done });
    }
  });
}

/** The entries of one source. */
export const entriesOf = (log: readonly LogEntry[], source: string): unknown[] => log.filter(([s]) => s === source).map(([, value]) => value);

/** The `events$` events of a log. */
export const eventsOf = (log: readonly LogEntry[]): ExchangeEvent[] => entriesOf(log, 'events$') as ExchangeEvent[];

/** Merges several streams of a client (for one subscription). */
export const mergeStreams = (client: ExchangeClient, specs: readonly StreamSpec[]): Observable<unknown> => merge(...specs.map((s) => s.open(client)));
