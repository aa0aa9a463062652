type TimerKind = 'timeout' | 'interval' | 'immediate';

/**
 * Watches a test for what must not escape or stay behind: unhandled rejections and uncaught
 * exceptions (process listeners; Jest fails the test on them as well), every timer created while
 * installed that was neither cleared nor fired (the global timer functions are wrapped, so RxJS,
 * `ws` and the simulators are all covered), and sockets/servers the process holds beyond its
 * baseline.
 *
 * @example
 * ```ts
 * const guard = ProcessGuard.install();
 * // ... run, stop everything
 * guard.uninstall();
 * expect(guard.escaped).toEqual([]);
 * expect(guard.leaked()).toEqual({});
 * ```
 */
export class ProcessGuard {
  readonly escaped: string[] = [];
  /** Sockets and servers open when the guard was installed, by kind. */
  readonly baseline: Readonly<Record<string, number>>;
  private readonly pending = new Map<unknown, TimerKind>();
  private readonly originals = {
    setTimeout: globalThis.setTimeout,
    clearTimeout: globalThis.clearTimeout,
    setInterval: globalThis.setInterval,
    clearInterval: globalThis.clearInterval,
    setImmediate: globalThis.setImmediate,
    clearImmediate: globalThis.clearImmediate,
  };
  private installed = true;
  private readonly onRejection = (reason: unknown): void => {
    this.escaped.push(`unhandled rejection: ${(reason as Error)?.stack ?? String(reason)}`);
  };
  private readonly onException = (error: Error): void => {
    this.escaped.push(`uncaught exception: ${error.stack ?? String(error)}`);
  };

  private constructor() {
    this.baseline = ProcessGuard.sockets();
    process.on('unhandledRejection', this.onRejection);
    process.on('uncaughtException', this.onException);
    this.wrapTimers();
  }

  static install(): ProcessGuard {
    return new ProcessGuard();
  }

  /** Open TCP sockets and servers of the process, by kind. */
  static sockets(): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const kind of process.getActiveResourcesInfo()) {
      if (kind === 'TCPSocketWrap' || kind === 'TCPServerWrap') counts[kind] = (counts[kind] ?? 0) + 1;
    }
    return counts;
  }

  /** What is still open: sockets/servers beyond the baseline, and timers neither cleared nor fired (`{}`: nothing). */
  leaked(): Record<string, number> {
    const leaked: Record<string, number> = {};
    for (const [kind, count] of Object.entries(ProcessGuard.sockets())) {
      const extra = count - (this.baseline[kind] ?? 0);
      if (extra > 0) leaked[kind] = extra;
    }
    for (const kind of this.pending.values()) leaked[kind] = (leaked[kind] ?? 0) + 1;
    return leaked;
  }

  /** Removes the listeners and restores the timer functions (timers made meanwhile stay tracked). Idempotent. */
  uninstall(): void {
    if (!this.installed) return;
    this.installed = false;
    process.off('unhandledRejection', this.onRejection);
    process.off('uncaughtException', this.onException);
    Object.assign(globalThis, this.originals);
  }

  private wrapTimers(): void {
    const { pending, originals } = this;
    const g = globalThis as Record<string, unknown>;
    g['setTimeout'] = (handler: (...args: unknown[]) => void, ms?: number, ...args: unknown[]) => {
      const handle = originals.setTimeout(
        (...a: unknown[]) => {
          pending.delete(handle);
          handler(...a);
        },
        ms,
        ...args,
      );
      pending.set(handle, 'timeout');
      return handle;
    };
    g['setInterval'] = (handler: (...args: unknown[]) => void, ms?: number, ...args: unknown[]) => {
      const handle = originals.setInterval(handler, ms, ...args);
      pending.set(handle, 'interval');
      return handle;
    };
    g['setImmediate'] = (handler: (...args: unknown[]) => void, ...args: unknown[]) => {
      const handle = originals.setImmediate((...a: unknown[]) => {
        pending.delete(handle);
        handler(...a);
      }, ...args);
      pending.set(handle, 'immediate');
      return handle;
    };
    const clear = (original: (handle: never) => void) => (handle: unknown) => {
      pending.delete(handle);
      original(handle as never);
    };
    g['clearTimeout'] = clear(originals.clearTimeout as (handle: never) => void);
    g['clearInterval'] = clear(originals.clearInterval as (handle: never) => void);
    g['clearImmediate'] = clear(originals.clearImmediate as (handle: never) => void);
  }
}
