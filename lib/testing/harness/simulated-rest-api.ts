import type { IncomingMessage, ServerResponse } from 'node:http';
import { hiResNow } from '../../socket/hi-res-scheduler';
import { appendBounded } from './bounded-log';

/**
 * One REST request a simulator received.
 *
 * @example
 * ```ts
 * sim.restLog.filter((r: SimulatedRestLogEntry) => r.path === '/fapi/v1/depth').length;
 * ```
 */
export interface SimulatedRestLogEntry {
  /** Receipt time, epoch ms with sub-ms precision. */
  readonly at: number;
  readonly method: string;
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  readonly status: number;
}

/**
 * What a REST route answers: status, body, extra headers.
 *
 * @example
 * ```ts
 * const answer: RestAnswer = [400, '{"code":-1121,"msg":"Invalid symbol."}'];
 * ```
 */
export type RestAnswer = readonly [status: number, body: string, headers?: Readonly<Record<string, string>>];

/**
 * A simulator's GET routes by path, each answering from the query.
 *
 * @example
 * ```ts
 * const routes: RestRoutes = { '/fapi/v1/ping': () => [200, '{}'] };
 * ```
 */
export type RestRoutes = Readonly<Record<string, (query: Readonly<Record<string, string>>) => RestAnswer>>;

const JSON_TYPE = 'application/json;charset=UTF-8';

/**
 * The exchange-independent REST side of a simulator: GET routes by path (404 for any other path, 405
 * for another method), a request log, injectable failures (the next `n` requests to a route answer
 * `status` with `Retry-After`, e.g. 429/418) and latency. The venue gives its routes and the body of
 * its rate-limit errors.
 *
 * @example
 * ```ts
 * const rest = new SimulatedRestApi({ '/fapi/v1/ping': () => [200, '{}'] }, (status) => JSON.stringify({ code: -1003, msg: `HTTP ${status}` }));
 * server = await WsTestServer.start({ onHttpRequest: (request, response) => rest.handle(request, response) });
 * rest.failNext(429, 1, 2);
 * ```
 */
export class SimulatedRestApi {
  /** Every request with receipt time and status (the newest 20 000). */
  readonly log: SimulatedRestLogEntry[] = [];
  /** Delay of every response in ms; the answer is computed on receipt. */
  latencyMs = 0;
  private failures: { status: number; remaining: number; retryAfterSeconds: number } | undefined;
  private readonly pending = new Set<ReturnType<typeof setTimeout>>();

  constructor(
    private readonly routes: RestRoutes,
    private readonly failureBody: (status: number, retryAfterSeconds: number) => string,
  ) {}

  /** The next `times` requests to a known route fail with `status` and `Retry-After: retryAfterSeconds`. */
  failNext(status: number, times: number, retryAfterSeconds: number): void {
    this.failures = times > 0 ? { status, remaining: times, retryAfterSeconds } : undefined;
  }

  /** Handles one HTTP request. */
  handle(request: IncomingMessage, response: ServerResponse): void {
    const at = hiResNow();
    const method = request.method ?? 'GET';
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const query = Object.fromEntries(url.searchParams.entries());
    const [status, body, headers] = this.answer(method, url.pathname, query);
    appendBounded(this.log, { at, method, path: url.pathname, query, status });
    const respond = (): void => {
      response.writeHead(status, { 'Content-Type': JSON_TYPE, ...headers });
      response.end(body);
    };
    if (this.latencyMs <= 0) return respond();
    const timer = setTimeout(() => {
      this.pending.delete(timer);
      respond();
    }, this.latencyMs);
    this.pending.add(timer);
  }

  /** Clears delayed responses' timers. */
  stop(): void {
    for (const timer of this.pending) clearTimeout(timer);
    this.pending.clear();
  }

  private answer(method: string, path: string, query: Record<string, string>): RestAnswer {
    const route = Object.hasOwn(this.routes, path) ? this.routes[path] : undefined;
    if (!route) return [404, ''];
    const failure = this.failures;
    if (failure) {
      if (--failure.remaining <= 0) this.failures = undefined;
      return [failure.status, this.failureBody(failure.status, failure.retryAfterSeconds), { 'Retry-After': String(failure.retryAfterSeconds) }];
    }
    if (method !== 'GET') return [405, ''];
    return route(query);
  }
}
