import { Observable, type Subscriber } from 'rxjs';
import type { HttpRequest, HttpResponse, HttpTransport } from '../socket/http-transport';
import type { RecordingRecord } from './recording-format';

type HttpRecord = Extract<RecordingRecord, { type: 'http' }>;

interface PendingRequest {
  readonly key: string;
  readonly subscriber: Subscriber<HttpResponse>;
}

/** Recorded answers nobody asked for yet, kept per request (the newest few). */
const KEPT_PER_REQUEST = 4;

/**
 * The request's identity for matching: method, URL with its query parameters sorted, and body.
 *
 * @example
 * ```ts
 * requestKey('GET', 'https://api.binance.com/api/v3/depth?symbol=BTCUSDT&limit=100');
 * // 'GET https://api.binance.com/api/v3/depth?limit=100&symbol=BTCUSDT'
 * ```
 */
export function requestKey(method: string, url: string, body?: string): string {
  let normalized = url;
  try {
    const parsed = new URL(url);
    parsed.searchParams.sort();
    normalized = parsed.href;
  } catch {
    // not a URL: compared as written
  }
  return body === undefined ? `${method} ${normalized}` : `${method} ${normalized} ${body}`;
}

/**
 * The replayed client's REST transport: a request waits for the recorded answer to the same request
 * (method, URL, body; the k-th request gets the k-th answer) and receives it when the replay reaches
 * that record, at its recorded time; a request whose answer was already passed gets it at once; a
 * request the recording never answered fails when the recording ends, with a message that says so.
 *
 * @example
 * ```ts
 * const http = new ReplayHttp((run) => engine.soon(run));
 * binance({ http: http.transport });
 * http.answer(httpRecord); // from the engine
 * ```
 */
export class ReplayHttp {
  private readonly pending: PendingRequest[] = [];
  private readonly unclaimed = new Map<string, HttpRecord[]>();

  /** `soon` runs a callback at the current virtual time, before the next record (an answer already passed). */
  constructor(private readonly soon: (run: () => void) => void) {}

  /** The {@link HttpTransport} to give the client. */
  readonly transport: HttpTransport = (request: HttpRequest) =>
    new Observable<HttpResponse>((subscriber) => {
      const key = requestKey(request.method, request.url, request.body);
      const passed = this.unclaimed.get(key)?.shift();
      if (passed) {
        this.soon(() => deliver(passed, subscriber));
        return undefined;
      }
      const entry: PendingRequest = { key, subscriber };
      this.pending.push(entry);
      return () => {
        const index = this.pending.indexOf(entry);
        if (index >= 0) this.pending.splice(index, 1);
      };
    });

  /** An `http` record reached: answers the oldest waiting request for it, or keeps it for a later one. */
  answer(record: HttpRecord): void {
    const key = requestKey(record.method, record.url, record.request);
    const index = this.pending.findIndex((p) => p.key === key);
    if (index >= 0) {
      const [entry] = this.pending.splice(index, 1);
      deliver(record, entry!.subscriber);
      return;
    }
    const list = this.unclaimed.get(key) ?? [];
    list.push(record);
    if (list.length > KEPT_PER_REQUEST) list.shift();
    this.unclaimed.set(key, list);
  }

  /** The recording ended: every request still waiting fails. */
  end(file: string): void {
    for (const { key, subscriber } of this.pending.splice(0)) {
      subscriber.error(new Error(`replay: ${key.split(' ').slice(0, 2).join(' ')} was not recorded in ${file} (no answer to it before the recording ends)`));
    }
  }
}

function deliver(record: HttpRecord, subscriber: Subscriber<HttpResponse>): void {
  if (record.error !== undefined) {
    subscriber.error(new Error(record.error));
    return;
  }
  if (record.status === undefined) {
    subscriber.error(new Error(`replay: the recorded answer to ${record.method} ${record.url} has neither a status nor an error`));
    return;
  }
  subscriber.next({ status: record.status, headers: record.headers ?? {}, body: record.body ?? '' });
  subscriber.complete();
}
