import { map, type Observable } from 'rxjs';
import type { HttpTransport } from '../../socket/http-transport';

/**
 * A REST answer that was not 2xx (or not JSON): the status, the server's `Retry-After` in ms when it
 * sent one, and the body (cut to 300 characters) in the message.
 *
 * @example
 * ```ts
 * if (error instanceof HttpStatusError && error.status === 429) wait(error.retryAfterMs ?? 60_000);
 * ```
 */
export class HttpStatusError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly retryAfterMs: number | undefined,
  ) {
    super(message);
    this.name = 'HttpStatusError';
  }
}

/**
 * `GET url` (or `POST` with `body`) through a client's {@link HttpTransport}, parsed as JSON: a cold
 * Observable of the parsed body; a non-2xx status or a body that is not JSON errors with an
 * {@link HttpStatusError} naming `what`.
 *
 * @example
 * ```ts
 * fetchJson(resolved.http, `${restUrl}/api/v3/exchangeInfo`, 64 << 20, 'binance exchangeInfo').subscribe((body) => console.log(body));
 * ```
 */
export function fetchJson(http: HttpTransport, url: string, maxBytes: number, what: string, body?: string): Observable<unknown> {
  const request = body === undefined ? { method: 'GET' as const, url, maxBytes } : { method: 'POST' as const, url, maxBytes, body };
  return http(request).pipe(
    map((response) => {
      if (response.status < 200 || response.status >= 300) {
        const retryAfter = Number(response.headers['retry-after']);
        const retryAfterMs = Number.isFinite(retryAfter) && retryAfter >= 0 ? retryAfter * 1000 : undefined;
        throw new HttpStatusError(`${what}: HTTP ${response.status} ${response.body.slice(0, 300)}`.trim(), response.status, retryAfterMs);
      }
      try {
        return JSON.parse(response.body) as unknown;
      } catch {
        throw new HttpStatusError(`${what}: the body is not JSON: ${response.body.slice(0, 300)}`, response.status, undefined);
      }
    }),
  );
}
