import type { CliIo } from '../../lib/cli/cli-io';
import type { EmbeddedSimulator, ExchangeEntry } from '../../lib/cli/exchanges/exchange-entry';

/** An in-memory CliIo: captured stdout/stderr text, a TTY flag, and an abort controller. */
export interface TestIo extends CliIo {
  readonly out: string[];
  readonly err: string[];
  readonly controller: AbortController;
  /** Everything written to stdout so far. */
  stdoutText(): string;
  /** Complete stdout lines so far. */
  stdoutLines(): string[];
  stderrText(): string;
}

export function testIo(tty?: { columns: number; rows: number }): TestIo {
  const out: string[] = [];
  const err: string[] = [];
  const controller = new AbortController();
  const stdoutText = (): string => out.join('');
  return {
    out,
    err,
    controller,
    signal: controller.signal,
    stdout: { write: (text) => (out.push(text), true), isTTY: tty !== undefined, ...(tty ?? {}) },
    stderr: { write: (text) => (err.push(text), true) },
    stdoutText,
    stdoutLines: () => stdoutText().split('\n').slice(0, -1),
    stderrText: () => err.join(''),
  };
}

/** A registry whose simulators record whether they were stopped. */
export interface TrackedRegistry {
  readonly registry: ExchangeEntry[];
  readonly started: { readonly exchange: string; stopped: boolean }[];
}

export function trackedRegistry(entries: readonly ExchangeEntry[]): TrackedRegistry {
  const started: { exchange: string; stopped: boolean }[] = [];
  const registry = entries.map(
    (entry): ExchangeEntry => ({
      ...entry,
      simulate: async (options) => {
        const sim = await entry.simulate(options);
        const record = { exchange: entry.id, stopped: false };
        started.push(record);
        const tracked: EmbeddedSimulator = {
          ...sim,
          clientOptions: sim.clientOptions,
          faults: sim.faults,
          inject: (fault, symbol) => sim.inject(fault, symbol),
          stop: async () => {
            await sim.stop();
            record.stopped = true;
          },
        };
        return tracked;
      },
    }),
  );
  return { registry, started };
}

/** Resolves once `condition` holds; fails after `bound` polls of 20 ms (bounds real I/O, asserts no timing). */
export async function waitUntil(condition: () => boolean, what: string, bound = 750): Promise<void> {
  for (let i = 0; i < bound; i++) {
    if (condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`gave up waiting for ${what}`);
}
