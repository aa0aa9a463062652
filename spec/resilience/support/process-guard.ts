/**
 * Records unhandled rejections and uncaught exceptions while installed, and counts the process's
 * sockets, servers and timers, so a test can assert nothing escaped and nothing was left open.
 *
 * @example
 * ```ts
 * const guard = ProcessGuard.install();
 * // ... run
 * guard.uninstall();
 * expect(guard.escaped).toEqual([]);
 * ```
 */
export class ProcessGuard {
  readonly escaped: string[] = [];
  /** Handles open when the guard was installed, by kind. */
  readonly baseline: Readonly<Record<string, number>>;
  private readonly onRejection = (reason: unknown): void => {
    this.escaped.push(`unhandled rejection: ${(reason as Error)?.stack ?? String(reason)}`);
  };
  private readonly onException = (error: Error): void => {
    this.escaped.push(`uncaught exception: ${error.stack ?? String(error)}`);
  };

  private constructor() {
    this.baseline = ProcessGuard.handles();
    process.on('unhandledRejection', this.onRejection);
    process.on('uncaughtException', this.onException);
  }

  static install(): ProcessGuard {
    return new ProcessGuard();
  }

  /** Open sockets, servers and timers of the process, by kind (`TCPSocketWrap`, `TCPServerWrap`, `Timeout`, `Immediate`). */
  static handles(): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const kind of process.getActiveResourcesInfo()) {
      if (kind === 'TCPSocketWrap' || kind === 'TCPServerWrap' || kind === 'Timeout' || kind === 'Immediate') counts[kind] = (counts[kind] ?? 0) + 1;
    }
    return counts;
  }

  /** Kinds with more open handles now than at install time (`{}` when everything was released). */
  leaked(): Record<string, number> {
    const now = ProcessGuard.handles();
    const leaked: Record<string, number> = {};
    for (const [kind, count] of Object.entries(now)) {
      const extra = count - (this.baseline[kind] ?? 0);
      if (extra > 0) leaked[kind] = extra;
    }
    return leaked;
  }

  uninstall(): void {
    process.off('unhandledRejection', this.onRejection);
    process.off('uncaughtException', this.onException);
  }
}
