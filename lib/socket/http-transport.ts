import { Observable } from 'rxjs';
import * as http from 'node:http';
import * as https from 'node:https';

/**
 * A completed HTTP response. Header names are lower case.
 *
 * @example
 * ```ts
 * if (response.status === 429) wait(Number(response.headers['retry-after']));
 * ```
 */
export interface HttpResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly body: string;
}

/**
 * One HTTP request of an exchange client (REST snapshots, instrument lists, tokens).
 *
 * @example
 * ```ts
 * const request: HttpRequest = { method: 'GET', url: 'https://api.binance.com/api/v3/exchangeInfo', maxBytes: 64 << 20 };
 * ```
 */
export interface HttpRequest {
  readonly method: 'GET' | 'POST';
  readonly url: string;
  /** A body larger than this fails the request (bounded memory). */
  readonly maxBytes: number;
  readonly body?: string;
  readonly headers?: Readonly<Record<string, string>>;
}

/**
 * How a client performs HTTP requests: a cold, cancellable Observable of one response. The default
 * is {@link httpRequest} (`node:http`/`node:https`); record & replay and tests inject their own.
 *
 * @example
 * ```ts
 * const offline: HttpTransport = () => throwError(() => new Error('offline'));
 * binance({ http: offline });
 * ```
 */
export type HttpTransport = (request: HttpRequest) => Observable<HttpResponse>;

const TIMEOUT_MS = 10_000;

/**
 * The default {@link HttpTransport}: a cold, cancellable HTTP(S) request; unsubscribing aborts it.
 * Bodies larger than `maxBytes` fail the request. No keep-alive agent, so nothing lingers after
 * completion; no answer within 10 s fails it.
 *
 * @example
 * ```ts
 * httpRequest({ method: 'GET', url: 'https://api.binance.com/api/v3/depth?symbol=BTCUSDT&limit=100', maxBytes: 16 << 20 })
 *   .subscribe((r) => console.log(r.status));
 * ```
 */
export const httpRequest: HttpTransport = (options) =>
  new Observable<HttpResponse>((subscriber) => {
    const client = options.url.startsWith('https:') ? https : http;
    const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
    if (options.body !== undefined) {
      headers['content-type'] ??= 'application/json';
      headers['content-length'] = String(Buffer.byteLength(options.body));
    }
    const request = client.request(options.url, { method: options.method, agent: false, headers }, (response) => {
      const chunks: Buffer[] = [];
      let size = 0;
      response.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > options.maxBytes) {
          request.destroy(new Error(`response larger than ${options.maxBytes} bytes`));
          return;
        }
        chunks.push(chunk);
      });
      response.on('end', () => {
        subscriber.next({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks).toString('utf8') });
        subscriber.complete();
      });
      response.on('error', (error) => subscriber.error(error));
    });
    request.setTimeout(TIMEOUT_MS, () => request.destroy(new Error(`no response within ${TIMEOUT_MS} ms`)));
    request.on('error', (error) => subscriber.error(error));
    request.end(options.body);
    return () => {
      if (!request.destroyed) request.destroy();
    };
  });

/**
 * `GET url` through the default transport (a shorthand of {@link httpRequest}).
 *
 * @example
 * ```ts
 * httpGet('https://api.binance.com/api/v3/depth?symbol=BTCUSDT&limit=100', 16 << 20).subscribe((r) => console.log(r.status));
 * ```
 */
export function httpGet(url: string, maxBytes: number): Observable<HttpResponse> {
  return httpRequest({ method: 'GET', url, maxBytes });
}
