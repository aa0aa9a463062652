import type { IncomingMessage, ServerResponse } from 'node:http';
import { hiResNow } from '../../socket/hi-res-scheduler';
import { appendBounded } from './bounded-log';
import { WeightWindow } from './weight-window';

/** A query as most venues read it: one value a parameter (the last one wins). */
type SingleValuedQuery = Readonly<Record<string, string>>;

/**
 * One REST request a simulator received, with receipt time and the status it answered.
 * `Q` is the parsed query (one value a parameter unless the venue parses it otherwise).
 *
 * @example
 * ```ts
 * sim.restLog.filter((r: SimulatorRestLogEntry) => r.path === '/api/v4/spot/order_book').length;
 * ```
 */
export interface SimulatorRestLogEntry<Q = SingleValuedQuery> {
  /** Receipt time, epoch ms with sub-ms precision. */
  readonly at: number;
  readonly method: string;
  readonly path: string;
  readonly query: Q;
  readonly status: number;
  /** Request weight the venue counted for it (only where the harness counts weight: {@link SimulatorRestOptions.weight}). */
  readonly weight?: number;
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
 * The same answer written as a tuple: status, body, extra headers.
 *
 * @example
 * ```ts
 * const answer: RestAnswerTuple = [400, '{"code":-1121,"msg":"Invalid symbol."}'];
 * ```
 */
export type RestAnswerTuple = readonly [status: number, body: string, headers?: Readonly<Record<string, string>>];

/**
 * What a route may answer: a {@link RestAnswer} or a {@link RestAnswerTuple}.
 *
 * @example
 * ```ts
 * const replies: RestReply[] = [[200, '{}'], { status: 404, body: '' }];
 * ```
 */
export type RestReply = RestAnswer | RestAnswerTuple;

/**
 * Answers one request: `path` (without the query) and its `query`; `undefined` for a path it does not serve.
 *
 * @example
 * ```ts
 * const route: RestRoute = (path, query) => (path === '/ping' ? { status: 200, body: '{}' } : undefined);
 * ```
 */
export type RestRoute<Q = SingleValuedQuery> = (path: string, query: Q, method: string) => RestReply | undefined;

/**
 * GET routes by path, each answering from the query (see {@link getRoutes}).
 *
 * @example
 * ```ts
 * const routes: RestRoutes = { '/fapi/v1/ping': () => [200, '{}'] };
 * ```
 */
export type RestRoutes = Readonly<Record<string, (query: SingleValuedQuery) => RestReply>>;

/**
 * Request weight a venue counts over a sliding minute, and what it answers past its limit.
 *
 * @example
 * ```ts
 * const weight: RestWeightLimit = { perMinute: 6000, weightOf: (path) => (path.startsWith('/api/') ? 1 : undefined), overLimit: (s) => [429, '{}'], usedHeader: 'X-MBX-USED-WEIGHT-1M' };
 * ```
 */
export interface RestWeightLimit {
  /** Weight allowed in any minute. */
  readonly perMinute: number;
  /** The weight of a request, or `undefined` for one the venue does not count (it gets no {@link usedHeader}). */
  weightOf(path: string, query: SingleValuedQuery): number | undefined;
  /** The answer to a request that would take the minute past `perMinute`. */
  overLimit(retryAfterSeconds: number, perMinute: number): RestReply;
  /** Header giving the weight used in the last minute, on every counted request. */
  readonly usedHeader?: string;
}

/**
 * What a venue adds to the shared REST behaviour.
 *
 * @example
 * ```ts
 * const options: SimulatorRestOptions = { contentType: 'application/json;charset=UTF-8', failable: (path) => path.startsWith('/api/') };
 * ```
 */
export interface SimulatorRestOptions<Q = SingleValuedQuery> {
  /** Content-Type of every answer (default `application/json`). */
  readonly contentType?: string;
  /** Which requests an injected failure answers (default: every request). */
  readonly failable?: (path: string, method: string) => boolean;
  /** Request weight the venue counts and limits (default: none). */
  readonly weight?: RestWeightLimit;
  /** Parses the query (default: one value a parameter). */
  readonly parseQuery?: (params: URLSearchParams) => Q;
}

const singleValued = (params: URLSearchParams): SingleValuedQuery => Object.fromEntries(params.entries());

const answerOf = (reply: RestReply): RestAnswer => (Array.isArray(reply) ? { status: reply[0], body: reply[1], headers: reply[2] } : (reply as RestAnswer));

/**
 * A {@link RestRoute} serving `routes` by path for GET (405 for another method); other paths are not served.
 *
 * @example
 * ```ts
 * const rest = new SimulatorRest(getRoutes({ '/api/v5/market/books': (query) => [200, booksBody(query['instId'])] }));
 * ```
 */
export function getRoutes(routes: RestRoutes): RestRoute {
  return (path, query, method) => {
    if (!Object.hasOwn(routes, path)) return undefined;
    return method === 'GET' ? routes[path]!(query) : [405, ''];
  };
}

/**
 * The REST side of every simulator, exchange-independent: logs every request (bounded), answers it
 * with the venue's `route` (or a {@link RestRoutes} map of GET routes; `notFound` for what it does
 * not serve), lets a test inject the next failures ({@link failNext}: e.g. a 429 with the venue's
 * headers) and a latency ({@link latencyMs}), counts request weight where the venue limits it
 * ({@link SimulatorRestOptions.weight}), and clears its timers on {@link stop}. The venue supplies
 * only paths, bodies and its rules.
 *
 * @example
 * ```ts
 * const rest = new SimulatorRest((path, query) => (path === '/api/v4/spot/currency_pairs' ? { status: 200, body: pairsJson } : undefined));
 * await WsTestServer.start({ onHttpRequest: (request, response) => rest.handle(request, response) });
 * rest.failNext(() => ({ status: 429, body: '{"label":"TOO_MANY_REQUESTS","message":"…"}' }), 1);
 * rest.failNext([429, '{"code":"50011","msg":"Too Many Requests","data":[]}'], 2);
 * ```
 */
export class SimulatorRest<Q = SingleValuedQuery> {
  /** Every request, newest last (the newest 20 000). */
  readonly log: SimulatorRestLogEntry<Q>[] = [];
  /** Delay of every response in ms (the answer is computed on receipt). */
  latencyMs = 0;
  private failures: { answer: () => RestReply; remaining: number } | undefined;
  private readonly pending = new Set<ReturnType<typeof setTimeout>>();
  private readonly route: RestRoute<Q>;
  private readonly notFound: RestAnswer;
  private readonly options: SimulatorRestOptions<Q>;
  private readonly weights: WeightWindow | undefined;

  /**
   * @param route the venue's answers, or GET routes by path (then an injected failure answers only requests to those paths).
   * @param notFound the answer to what `route` does not serve (default 404 with an empty body).
   * @param contentType Content-Type of every answer (kept positional for existing callers; `options.contentType` wins).
   */
  constructor(route: RestRoute<Q> | RestRoutes, notFound: RestReply = { status: 404, body: '' }, contentType = 'application/json', options: SimulatorRestOptions<Q> = {}) {
    const routes = typeof route === 'function' ? undefined : route;
    this.route = routes ? (getRoutes(routes) as unknown as RestRoute<Q>) : (route as RestRoute<Q>);
    this.notFound = answerOf(notFound);
    this.options = {
      contentType,
      failable: routes ? (path) => Object.hasOwn(routes, path) : undefined,
      parseQuery: singleValued as unknown as (params: URLSearchParams) => Q,
      ...options,
    };
    this.weights = options.weight ? new WeightWindow(options.weight.perMinute) : undefined;
  }

  /** The next `times` requests (those {@link SimulatorRestOptions.failable} names) get `answer` instead (a function is called when each is received). */
  failNext(answer: RestReply | (() => RestReply), times = 1): void {
    this.failures = times > 0 ? { answer: typeof answer === 'function' ? answer : () => answer, remaining: times } : undefined;
  }

  /** Request weight counted in the minute before `at` (0 where the venue counts none). */
  usedWeight(at: number = hiResNow()): number {
    return this.weights?.used(at) ?? 0;
  }

  /** Handles one HTTP request. */
  handle(request: IncomingMessage, response: ServerResponse): void {
    const at = hiResNow();
    const method = request.method ?? 'GET';
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const path = url.pathname;
    const query = this.options.parseQuery!(url.searchParams);
    const limit = this.options.weight;
    const weight = limit?.weightOf(path, query as unknown as SingleValuedQuery);
    let answer: RestAnswer;
    if (limit && this.weights) {
      const used = this.weights.used(at);
      const over = used + (weight ?? 0) > limit.perMinute;
      answer = over && (weight ?? 0) > 0 ? answerOf(limit.overLimit(this.weights.retryAfterSeconds(at), limit.perMinute)) : this.answer(path, query, method);
      if (answer.status !== 429 || !over) this.weights.add(at, weight ?? 0);
      if (weight !== undefined && limit.usedHeader) answer = { ...answer, headers: { ...answer.headers, [limit.usedHeader]: String(this.weights.used(at)) } };
    } else {
      answer = this.answer(path, query, method);
    }
    appendBounded(this.log, { at, method, path, query, status: answer.status, ...(limit ? { weight: weight ?? 0 } : {}) });
    const respond = (): void => {
      response.writeHead(answer.status, { 'Content-Type': this.options.contentType!, ...answer.headers });
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

  private answer(path: string, query: Q, method: string): RestAnswer {
    const failure = this.failures;
    if (failure && (this.options.failable?.(path, method) ?? true)) {
      if (--failure.remaining <= 0) this.failures = undefined;
      return answerOf(failure.answer());
    }
    const reply = this.route(path, query, method);
    return reply === undefined ? this.notFound : answerOf(reply);
  }
}
