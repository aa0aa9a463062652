import { ProcessGuard } from './process-guard';

/**
 * Waits (bounded) until the process holds no more sockets, servers or timers than `guard`'s
 * baseline; resolves with what is still open otherwise (`{}` when all were released).
 *
 * @example
 * ```ts
 * expect(await released(guard)).toEqual({});
 * ```
 */
export async function released(guard: ProcessGuard, polls = 200, everyMs = 10): Promise<Record<string, number>> {
  for (let i = 0; i < polls; i++) {
    const leaked = guard.leaked();
    if (Object.keys(leaked).length === 0) return leaked;
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
  // the polling timer itself is gone by now
  return guard.leaked();
}

export { ProcessGuard };
