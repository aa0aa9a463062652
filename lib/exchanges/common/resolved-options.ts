import type { SchedulerLike } from 'rxjs';
import type { ClientOptions } from '../../model/client';
import { hiResScheduler } from '../../socket/hi-res-scheduler';
import { type HttpTransport, httpRequest } from '../../socket/http-transport';
import { defaultCreateWebSocket } from '../../socket/open-socket';
import type { CreateWebSocket } from '../../socket/web-socket-like';
import { ClientTap } from './client-tap';

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
  readonly http: HttpTransport;
  /**
   * The client's tap: `scheduler`, `random`, `createWebSocket` and `http` above all go through it,
   * so record & replay can attach to a client that already exists (see {@link ClientTap}).
   */
  readonly tap: ClientTap;
}

/**
 * Fills in the defaults: ping every 10 s, 10 s ping timeout, 16 MiB frames, endless reconnect from
 * 500 ms up to 30 s, the sub-millisecond real-time scheduler, `ws` sockets, `node:http` for REST, all
 * routed through a fresh {@link ClientTap} (record & replay attach there). Throws a
 * `RangeError` for a non-positive interval and a `TypeError` for a `wsUrl`/`restUrl` that is not a
 * `ws(s):`/`http(s):` URL, so a typo fails when the client is created, not silently forever after.
 *
 * @example
 * ```ts
 * resolveOptions({}).reconnect.maxDelay; // 30000
 * resolveOptions({ wsUrl: 'not a url' }); // throws TypeError
 * ```
 */
export function resolveOptions(options: ClientOptions): ResolvedOptions {
  const positive = (value: number | undefined, name: string, fallback: number): number => {
    if (value === undefined) return fallback;
    if (!(value > 0)) throw new RangeError(`${name} must be a positive number of ms, got ${value}`);
    return value;
  };
  if (options.wsUrl !== undefined) checkUrl(options.wsUrl, 'wsUrl', ['ws:', 'wss:']);
  if (options.restUrl !== undefined) checkUrl(options.restUrl, 'restUrl', ['http:', 'https:']);
  const attempts = options.reconnect?.attempts ?? Infinity;
  if (!(attempts >= 0)) throw new RangeError(`reconnect.attempts must be >= 0, got ${attempts}`);
  const tap = new ClientTap(options.scheduler ?? hiResScheduler);
  const create = options.createWebSocket ?? defaultCreateWebSocket;
  const send = options.http ?? httpRequest;
  const draw = options.random ?? Math.random;
  return {
    pingInterval: positive(options.pingInterval, 'pingInterval', 10_000),
    pingTimeout: positive(options.pingTimeout, 'pingTimeout', 10_000),
    maxPayload: positive(options.maxPayload, 'maxPayload', 16 * 1024 * 1024),
    scheduler: tap.scheduler,
    random: () => {
      const hook = tap.attached?.random;
      return hook ? hook(draw) : draw();
    },
    reconnect: {
      attempts,
      delay: positive(options.reconnect?.delay, 'reconnect.delay', 500),
      maxDelay: positive(options.reconnect?.maxDelay, 'reconnect.maxDelay', 30_000),
    },
    createWebSocket: (url, socketOptions) => {
      const hook = tap.attached?.socket;
      return hook ? hook(url, socketOptions, create) : create(url, socketOptions);
    },
    http: (request) => {
      const hook = tap.attached?.http;
      return hook ? hook(request, send) : send(request);
    },
    tap,
  };
}

/**
 * Throws a `TypeError` unless `url` parses as a URL with one of `schemes` (e.g. `['ws:', 'wss:']`).
 *
 * @example
 * ```ts
 * checkUrl('wss://stream.binance.com:9443', 'wsUrl', ['ws:', 'wss:']); // ok
 * checkUrl('http://x', 'wsUrl', ['ws:', 'wss:']); // TypeError: wsUrl must be a ws: or wss: URL, got "http://x"
 * ```
 */
export function checkUrl(url: string, name: string, schemes: readonly string[]): void {
  let protocol: string | undefined;
  try {
    protocol = new URL(url).protocol;
  } catch {
    protocol = undefined;
  }
  if (protocol === undefined || !schemes.includes(protocol)) {
    throw new TypeError(`${name} must be a ${schemes.join(' or ')} URL, got ${JSON.stringify(url)}`);
  }
}
