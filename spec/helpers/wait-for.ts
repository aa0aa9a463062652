/**
 * Polls `condition` (sync or async) until it holds; fails with `what` once `bound` polls (of
 * `everyMs`) have passed. Bounds a wait on real I/O without asserting anything about how long it took.
 */
export async function waitFor(condition: () => boolean | Promise<boolean>, what: string, bound = 500, everyMs = 20): Promise<void> {
  for (let i = 0; i < bound; i++) {
    if (await condition()) return;
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
  throw new Error(`gave up waiting for ${what}`);
}
