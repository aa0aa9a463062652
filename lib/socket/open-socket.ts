import { Observable, type SchedulerLike, type Subscription } from 'rxjs';
import WebSocket from 'ws';
import { TransportError } from './transport-error';
import type { SocketEvent } from './socket-event';
import type { CreateWebSocket, WebSocketLike } from './web-socket-like';

/**
 * Options of {@link openSocket}.
 *
 * @example
 * ```ts
 * const options: SocketOptions = { url: 'wss://stream.binance.com:9443/stream', pingInterval: 10_000, pingTimeout: 10_000, maxPayload: 16 << 20, scheduler: hiResScheduler };
 * ```
 */
export interface SocketOptions {
  readonly url: string;
  /** Send a keepalive every `pingInterval` ms. */
  readonly pingInterval: number;
  /** Terminate when nothing at all arrives within `pingTimeout` ms of a ping, or of connecting. */
  readonly pingTimeout: number;
  readonly maxPayload: number;
  readonly scheduler: SchedulerLike;
  /** Application-level ping text (e.g. Kraken's `{"method":"ping"}`); default: a WebSocket ping frame. */
  readonly appPing?: () => string;
  readonly createWebSocket?: CreateWebSocket;
  /** Called for every ping the client sends and every pong it answers with (exchanges that rate-limit them). */
  readonly onKeepaliveSent?: () => void;
}

const OPEN = 1;
const NORMAL_CLOSURE = 1000;

const defaultCreateWebSocket: CreateWebSocket = (url, { maxPayload }) =>
  new WebSocket(url, { maxPayload, perMessageDeflate: false }) as unknown as WebSocketLike;

function frameText(data: unknown): string {
  if (typeof data === 'string') return data;
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  if (Array.isArray(data)) return Buffer.concat(data as Buffer[]).toString('utf8');
  return Buffer.from(data as ArrayBuffer).toString('utf8');
}

/**
 * A cold Observable of one WebSocket connection, driving `ws` directly so ping/pong frames and
 * `terminate()` are reachable. Keepalive: a ping every `pingInterval`; a socket that shows no sign
 * of life (any frame, ping or pong) within `pingTimeout` of a ping — or that does not open within
 * `pingTimeout` — is terminated and the Observable errors with a {@link TransportError}, so a
 * half-open socket never hangs a stream. Unsubscribing closes the socket and clears every timer.
 *
 * @example
 * ```ts
 * openSocket({ url, pingInterval: 10_000, pingTimeout: 10_000, maxPayload: 16 << 20, scheduler: hiResScheduler })
 *   .subscribe((event) => console.log(event.type));
 * ```
 */
export function openSocket(options: SocketOptions): Observable<SocketEvent> {
  return new Observable<SocketEvent>((subscriber) => {
    const { scheduler, pingInterval, pingTimeout } = options;
    const ws = (options.createWebSocket ?? defaultCreateWebSocket)(options.url, { maxPayload: options.maxPayload });
    let lastSeen = scheduler.now();
    let timer: Subscription | undefined;
    let finished = false;

    const fail = (error: TransportError): void => {
      if (finished) return;
      finished = true;
      timer?.unsubscribe();
      ws.removeAllListeners();
      ws.on('error', () => undefined);
      ws.terminate();
      subscriber.error(error);
    };
    const schedule = (delay: number, work: () => void): void => {
      timer?.unsubscribe();
      timer = scheduler.schedule(work, delay);
    };
    const sendPing = (): void => {
      const pingSentAt = scheduler.now();
      try {
        if (options.appPing) ws.send(options.appPing());
        else ws.ping();
        options.onKeepaliveSent?.();
      } catch (error) {
        fail(new TransportError(`ping failed: ${(error as Error).message}`));
        return;
      }
      schedule(pingTimeout, () => {
        if (lastSeen < pingSentAt) fail(new TransportError(`no sign of life within ${pingTimeout} ms of a ping (half-open socket)`));
        else schedule(Math.max(0, pingInterval - pingTimeout), sendPing);
      });
    };
    const alive = (): void => {
      lastSeen = scheduler.now();
    };

    schedule(pingTimeout, () => fail(new TransportError(`not open within ${pingTimeout} ms`)));
    ws.on('open', () => {
      alive();
      schedule(pingInterval, sendPing);
      subscriber.next({
        type: 'open',
        socket: {
          send: (text) => {
            if (ws.readyState === OPEN) ws.send(text);
          },
        },
      });
    });
    ws.on('message', (data) => {
      const receivedAt = scheduler.now();
      lastSeen = receivedAt;
      subscriber.next({ type: 'message', data: frameText(data), receivedAt });
    });
    ws.on('ping', () => {
      alive();
      options.onKeepaliveSent?.(); // ws answers every ping with a pong
    });
    ws.on('pong', alive);
    ws.on('error', (error) => fail(new TransportError(`socket error: ${error.message}`)));
    ws.on('close', (code, reasonBuffer) => {
      if (finished) return;
      const reason = reasonBuffer.toString();
      if (code === NORMAL_CLOSURE) {
        finished = true;
        timer?.unsubscribe();
        subscriber.next({ type: 'close', code, reason });
        subscriber.complete();
      } else {
        fail(new TransportError(`socket closed with ${code}${reason ? ` (${reason})` : ''}`, code, reason));
      }
    });

    return () => {
      timer?.unsubscribe();
      if (finished) return;
      finished = true;
      ws.removeAllListeners();
      ws.on('error', () => undefined);
      if (ws.readyState === OPEN) ws.close(NORMAL_CLOSURE);
      else ws.terminate();
    };
  });
}
