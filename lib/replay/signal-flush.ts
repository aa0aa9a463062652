/**
 * Something to flush when the process is told to stop.
 *
 * @example
 * ```ts
 * const flushable: SignalFlushable = { onSignal: async (signal) => writer.flush() };
 * ```
 */
export interface SignalFlushable {
  onSignal(signal: NodeJS.Signals): Promise<void>;
}

const SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM'];
const registered = new Set<SignalFlushable>();
const handlers = new Map<NodeJS.Signals, () => void>();

/**
 * Flushes every registered recorder on SIGINT/SIGTERM. Listening to a signal replaces Node's
 * default (exit), so when the recorders' handler is the process's only listener it re-raises the
 * signal once they are flushed: the process still stops, with its recordings complete. When the
 * application listens too (e.g. the `rxmarket` CLI), stopping stays the application's decision.
 * Returns the function that unregisters `flushable` (handlers are removed with the last one).
 *
 * @example
 * ```ts
 * const unregister = flushOnSignals({ onSignal: () => writer.flush() });
 * // … later
 * unregister();
 * ```
 */
export function flushOnSignals(flushable: SignalFlushable): () => void {
  registered.add(flushable);
  if (handlers.size === 0) {
    for (const signal of SIGNALS) {
      const handler = (): void => void onSignal(signal);
      handlers.set(signal, handler);
      process.on(signal, handler);
    }
  }
  return () => {
    registered.delete(flushable);
    if (registered.size === 0) removeHandlers();
  };
}

function removeHandlers(): void {
  for (const [signal, handler] of handlers) process.off(signal, handler);
  handlers.clear();
}

async function onSignal(signal: NodeJS.Signals): Promise<void> {
  const flushing = [...registered];
  await Promise.allSettled(flushing.map((flushable) => flushable.onSignal(signal)));
  if (process.listenerCount(signal) > (handlers.has(signal) ? 1 : 0)) return; // the application decides
  registered.clear();
  removeHandlers();
  process.kill(process.pid, signal);
}
