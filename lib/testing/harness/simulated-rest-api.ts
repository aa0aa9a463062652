import type { IncomingMessage, ServerResponse } from 'node:http';
import { type RestRoutes, SimulatorRest, type SimulatorRestLogEntry } from './simulator-rest';

/**
 * The REST harness under its first name and call form (`new SimulatedRestApi(routes, failureBody)`,
 * `failNext(status, times, retryAfterSeconds)`), kept for programs written against it: a thin
 * adapter over {@link SimulatorRest}, which every simulator now uses. New code takes `SimulatorRest`.
 *
 * @example
 * ```ts
 * const api = new SimulatedRestApi({ '/api/v3/ping': () => [200, '{}'] }, (status) => JSON.stringify({ code: -1003, msg: `HTTP ${status}` }));
 * api.failNext(429, 1, 2); // the next request: 429 with Retry-After: 2
 * server.on('request', (req, res) => api.handle(req, res));
 * ```
 */
export class SimulatedRestApi {
  private readonly rest: SimulatorRest;

  constructor(
    routes: RestRoutes,
    private readonly failureBody: (status: number, retryAfterSeconds: number) => string,
  ) {
    this.rest = new SimulatorRest(routes, { status: 404, body: '' }, 'application/json;charset=UTF-8');
  }

  /** Every request answered, oldest first (bounded). */
  get log(): SimulatorRestLogEntry[] {
    return this.rest.log;
  }

  /** Delay before every answer, in ms. */
  get latencyMs(): number {
    return this.rest.latencyMs;
  }

  set latencyMs(ms: number) {
    this.rest.latencyMs = ms;
  }

  /** The next `times` requests to a known path are answered `status` with `Retry-After: retryAfterSeconds`. */
  failNext(status: number, times: number, retryAfterSeconds: number): void {
    this.rest.failNext(() => [status, this.failureBody(status, retryAfterSeconds), { 'Retry-After': String(retryAfterSeconds) }], times);
  }

  /** Answers one HTTP request (mount it on a server's `request` event). */
  handle(request: IncomingMessage, response: ServerResponse): void {
    this.rest.handle(request, response);
  }

  /** Cancels answers still waiting for their latency. */
  stop(): void {
    this.rest.stop();
  }
}
