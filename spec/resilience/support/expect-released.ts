import { ProcessGuard } from './process-guard';

/**
 * Waits (bounded) until nothing `guard` watches is still open (sockets and servers beyond its
 * baseline, timers neither cleared nor fired); resolves with what is still open (`{}`: all released).
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
  return guard.leaked();
}

export { ProcessGuard };
