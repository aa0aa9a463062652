import type { IncomingMessage, ServerResponse } from 'node:http';
import { hiResNow } from '../../socket/hi-res-scheduler';
import { appendBounded } from './bounded-log';

/**
 * One REST request a simulator received, with receipt time and the status it answered.
 *
 * @example
 * ```ts
 * sim.restLog.filter((r: SimulatorRestLogEntry) => r.path === '/api/v4/spot/order_book').length;
 * ```
 */
export interface SimulatorRestLogEntry {
  /** Receipt time, epoch ms with sub-ms precision. */
  readonly at: number;
  readonly method: string;
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  readonly status: number;
}

/**
 * A simulator's answer to one REST request: status, body (JSON text) and extra headers.
 *
 * @example
 * ```ts
 * const answer: RestAnswer = { status: 400, body: '{"label":"INVALID_CURRENCY_PAIR","message":"…"}' };
 * ```
 */
export interface RestAnswer {
  readonly status: number;
  readonly body: string;
  readonly headers?: Readonly<Record<string, string>>;
}

/**
 * Answers one request: `path` (without the query) and its `query`; `undefined` for a path it does not serve.
 *
 * @example
 * ```ts
 * const route: RestRoute = (path, query) => (path === '/ping' ? { status: 200, body: '{}' } : undefined);
 * ```
 */
export type RestRoute = (path: string, query: Readonly<Record<string, string>>, method: string) => RestAnswer | undefined;

/**
 * The REST side of a simulator, exchange-independent: logs every request (bounded), answers it
 * with the venue's `route` (404 `notFound` otherwise), lets a test inject the next failures
 * ({@link failNext}: e.g. a 429 with the venue's headers) and a latency, and clears its timers on
 * {@link stop}. The venue supplies only paths and bodies.
 *
 * @example
 * ```ts
 * const rest = new SimulatorRest((path, query) => (path === '/api/v4/spot/currency_pairs' ? { status: 200, body: pairsJson } : undefined));
 * await WsTestServer.start({ onHttpRequest: (request, response) => rest.handle(request, response) });
 * rest.failNext(() => ({ status: 429, body: '{"label":"TOO_MANY_REQUESTS","message":"…"}' }), 1);
 * ```
 */
export class SimulatorRest {
  /** Every request, newest last. */
  readonly log: SimulatorRestLogEntry[] = [];
  /** Delay of every response in ms (the answer is computed on receipt). */
  latencyMs = 0;
  private failures: { answer: () => RestAnswer; remaining: number } | undefined;
  private readonly pending = new Set<ReturnType<typeof setTimeout>>();

  constructor(
    private readonly route: RestRoute,
    private readonly notFound: RestAnswer = { status: 404, body: '' },
    private readonly contentType = 'application/json',
  ) {}

  /** The next `times` requests are answered with `answer()` instead (built when each is received). */
  failNext(answer: () => RestAnswer, times = 1): void {
    this.failures = times > 0 ? { answer, remaining: times } : undefined;
  }

  /** Handles one HTTP request. */
  handle(request: IncomingMessage, response: ServerResponse): void {
    const at = hiResNow();
    const method = request.method ?? 'GET';
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const query = Object.fromEntries(url.searchParams.entries());
    const answer = this.answer(url.pathname, query, method);
    appendBounded(this.log, { at, method, path: url.pathname, query, status: answer.status });
    const respond = (): void => {
      response.writeHead(answer.status, { 'Content-Type': this.contentType, ...answer.headers });
      response.end(answer.body);
    };
    if (this.latencyMs <= 0) {
      respond();
      return;
    }
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

  private answer(path: string, query: Readonly<Record<string, string>>, method: string): RestAnswer {
    const failure = this.failures;
    if (failure) {
      if (--failure.remaining <= 0) this.failures = undefined;
      return failure.answer();
    }
    return this.route(path, query, method) ?? this.notFound;
  }
}
