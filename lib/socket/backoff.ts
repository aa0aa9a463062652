/**
 * Backoff parameters, in ms.
 *
 * @example
 * ```ts
 * const policy: BackoffPolicy = { delay: 500, maxDelay: 30_000 };
 * ```
 */
export interface BackoffPolicy {
  readonly delay: number;
  readonly maxDelay: number;
}

/**
 * Delay before reconnect `attempt` (1-based): exponential `delay * 2^(attempt-1)` capped by
 * `maxDelay`, with "equal jitter" (half fixed, half random) so a fleet of clients does not reconnect
 * in lockstep. `random` returns [0, 1); pass `() => 0.5` for a deterministic midpoint.
 *
 * @example
 * ```ts
 * backoffDelay(3, { delay: 500, maxDelay: 30_000 }, () => 1); // 2000 (upper bound of attempt 3)
 * ```
 */
export function backoffDelay(attempt: number, policy: BackoffPolicy, random: () => number): number {
  const ceiling = Math.min(policy.maxDelay, policy.delay * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + (ceiling / 2) * random());
}
