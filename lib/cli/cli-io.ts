/**
 * Where a CLI run writes, and how it is told to stop. `main.ts` binds it to the process; tests pass
 * an in-memory one, so every command runs in-process.
 *
 * @example
 * ```ts
 * const controller = new AbortController();
 * const io: CliIo = { stdout: process.stdout, stderr: process.stderr, signal: controller.signal };
 * process.on('SIGINT', () => controller.abort());
 * ```
 */
export interface CliIo {
  readonly stdout: CliOutput;
  readonly stderr: CliOutput;
  /** Aborted on Ctrl-C (SIGINT) or SIGTERM: the run unsubscribes, stops its simulators and returns. */
  readonly signal: AbortSignal;
}

/**
 * The part of a `tty.WriteStream` the CLI uses. `isTTY` selects the refreshing dashboard/ladder;
 * otherwise plain lines are printed.
 *
 * @example
 * ```ts
 * const lines: string[] = [];
 * const out: CliOutput = { write: (text) => (lines.push(text), true), isTTY: false };
 * ```
 */
export interface CliOutput {
  write(text: string): boolean;
  readonly isTTY?: boolean;
  /** Terminal width in columns (TTY only). */
  readonly columns?: number;
  /** Terminal height in rows (TTY only). */
  readonly rows?: number;
}
