import type { IncomingMessage, ServerResponse } from 'node:http';
import { hiResNow } from '../../socket/hi-res-scheduler';
import { appendBounded } from './bounded-log';

/**
 * What a simulated REST endpoint answers: status, body, extra headers.
 *
 * @example
 * ```ts
 * const answer: RestAnswer = [200, '{"code":"0","msg":"","data":[]}'];
 * ```
 */
export type RestAnswer = readonly [status: number, body: string, headers?: Readonly<Record<string, string>>];

/**
 * One endpoint of a {@link SimulatedRestApi}: the answer to a GET with these query parameters.
 *
 * @example
 * ```ts
 * const books: RestRoute = (query) => (query['instId'] ? [200, body(query['instId'])] : [400, missing('instId')]);
 * ```
 */
export type RestRoute = (query: Readonly<Record<string, string>>) => RestAnswer;

/**
 * One REST request a simulator received.
 *
 * @example
 * ```ts
 * sim.restLog.filter((r: SimulatedRestLogEntry) => r.path === '/api/v5/market/books').length;
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
 * The exchange-independent half of a simulator's REST API: GET routes by path, a bounded request
 * log, injectable latency and failures (the next `times` requests get a given answer, e.g. a 429).
 * The answer is computed on receipt (the book of that moment), then delayed by `latencyMs`.
 * Unknown paths get 404, other methods 405.
 *
 * @example
 * ```ts
 * const rest = new SimulatedRestApi({ '/api/v5/market/books': (query) => [200, booksBody(query['instId'])] });
 * server = await WsTestServer.start({ onHttpRequest: (req, res) => rest.handle(req, res) });
 * rest.failNext(2, [429, '{"code":"50011","msg":"Too Many Requests","data":[]}']);
 * ```
 */
export class SimulatedRestApi {
  readonly log: SimulatedRestLogEntry[] = [];
  latencyMs = 0;
  private failure: { remaining: number; answer: RestAnswer } | undefined;
  private readonly pending = new Set<ReturnType<typeof setTimeout>>();

  constructor(
    private readonly routes: Readonly<Record<string, RestRoute>>,
    private readonly contentType = 'application/json',
  ) {}

  /** The next `times` requests to a known route get `answer` instead. */
  failNext(times: number, answer: RestAnswer): void {
    this.failure = times > 0 ? { remaining: times, answer } : undefined;
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
      response.writeHead(status, { 'Content-Type': this.contentType, ...headers });
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
    const route = this.routes[path];
    if (route === undefined) return [404, ''];
    if (method !== 'GET') return [405, ''];
    const failure = this.failure;
    if (failure) {
      if (--failure.remaining <= 0) this.failure = undefined;
      return failure.answer;
    }
    return route(query);
  }
}
