import type { SchedulerLike } from 'rxjs';
import type { ClientOptions } from '../../model/client';
import { hiResScheduler } from '../../socket/hi-res-scheduler';
import type { CreateWebSocket } from '../../socket/web-socket-like';

/**
 * Client options with every default filled in.
 *
 * @example
 * ```ts
 * const options = resolveOptions({ pingInterval: 5_000 });
 * ```
 */
export interface ResolvedOptions {
  readonly pingInterval: number;
  readonly pingTimeout: number;
  readonly maxPayload: number;
  readonly scheduler: SchedulerLike;
  readonly random: () => number;
  readonly reconnect: { readonly attempts: number; readonly delay: number; readonly maxDelay: number };
  readonly createWebSocket?: CreateWebSocket;
}

/**
 * Fills in the defaults: ping every 10 s, 10 s ping timeout, 16 MiB frames, endless reconnect from
 * 500 ms up to 30 s, the sub-millisecond real-time scheduler.
 *
 * @example
 * ```ts
 * resolveOptions({}).reconnect.maxDelay; // 30000
 * ```
 */
export function resolveOptions(options: ClientOptions & { readonly createWebSocket?: CreateWebSocket }): ResolvedOptions {
  const positive = (value: number | undefined, name: string, fallback: number): number => {
    if (value === undefined) return fallback;
    if (!(value > 0)) throw new RangeError(`${name} must be a positive number of ms, got ${value}`);
    return value;
  };
  const attempts = options.reconnect?.attempts ?? Infinity;
  if (!(attempts >= 0)) throw new RangeError(`reconnect.attempts must be >= 0, got ${attempts}`);
  return {
    pingInterval: positive(options.pingInterval, 'pingInterval', 10_000),
    pingTimeout: positive(options.pingTimeout, 'pingTimeout', 10_000),
    maxPayload: positive(options.maxPayload, 'maxPayload', 16 * 1024 * 1024),
    scheduler: options.scheduler ?? hiResScheduler,
    random: options.random ?? Math.random,
    reconnect: {
      attempts,
      delay: positive(options.reconnect?.delay, 'reconnect.delay', 500),
      maxDelay: positive(options.reconnect?.maxDelay, 'reconnect.maxDelay', 30_000),
    },
    ...(options.createWebSocket ? { createWebSocket: options.createWebSocket } : {}),
  };
}
