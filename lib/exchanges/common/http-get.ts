import { Observable } from 'rxjs';
import * as http from 'node:http';
import * as https from 'node:https';

/**
 * A completed HTTP response.
 *
 * @example
 * ```ts
 * if (response.status === 429) wait(Number(response.headers['retry-after']));
 * ```
 */
export interface HttpResponse {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: string;
}

/**
 * A cold, cancellable HTTP(S) GET: unsubscribing aborts the request. Bodies larger than `maxBytes`
 * fail the request (bounded memory). No keep-alive agent, so nothing lingers after completion.
 *
 * @example
 * ```ts
 * httpGet('https://api.binance.com/api/v3/depth?symbol=BTCUSDT&limit=100', 16 << 20).subscribe((r) => console.log(r.status));
 * ```
 */
export function httpGet(url: string, maxBytes: number, timeoutMs = 10_000): Observable<HttpResponse> {
  return new Observable<HttpResponse>((subscriber) => {
    const client = url.startsWith('https:') ? https : http;
    const request = client.get(url, { agent: false, headers: { accept: 'application/json' } }, (response) => {
      const chunks: Buffer[] = [];
      let size = 0;
      response.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > maxBytes) {
          request.destroy(new Error(`response larger than ${maxBytes} bytes`));
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
    request.setTimeout(timeoutMs, () => request.destroy(new Error(`no response within ${timeoutMs} ms`)));
    request.on('error', (error) => subscriber.error(error));
    return () => {
      if (!request.destroyed) request.destroy();
    };
  });
}
