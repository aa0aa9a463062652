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
  /**
   * Called for every ping the client sends and every pong it answers with, after the fact (counting
   * only). Prefer {@link SocketOptions.paceKeepalive}, which keeps them inside a budget.
   */
  readonly onKeepaliveSent?: () => void;
  /**
   * Paces keepalive frames, for exchanges that count pings and pongs in a message budget: each ping
   * the client sends and each pong answering a server ping is handed over as a `send` function, to be
   * called when the budget has room (e.g. `ControlQueue.keepalive`). The ping timeout starts when the
   * ping is actually sent. With it, the socket is created with `autoPong: false` and pongs are sent by
   * this function (a `createWebSocket` must honour `autoPong`; a socket without `pong()` keeps
   * answering by itself). Calls after the socket ended are ignored.
   */
  readonly paceKeepalive?: (send: () => void) => void;
}

const OPEN = 1;
const NORMAL_CLOSURE = 1000;

/**
 * The default socket factory: a `ws` WebSocket with `maxPayload`, no compression, and `autoPong` as asked
 * (off for exchanges that count pongs against a budget: the client then sends them itself).
 *
 * @example
 * ```ts
 * const socket = defaultCreateWebSocket('wss://stream.binance.com:9443/stream', { maxPayload: 16 << 20 });
 * ```
 */
export const defaultCreateWebSocket: CreateWebSocket = (url, { maxPayload, autoPong = true }) =>
  new WebSocket(url, { maxPayload, perMessageDeflate: false, autoPong }) as unknown as WebSocketLike;

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
    const { scheduler, pingInterval, pingTimeout, paceKeepalive } = options;
    const create = options.createWebSocket ?? defaultCreateWebSocket;
    const ws = create(options.url, paceKeepalive ? { maxPayload: options.maxPayload, autoPong: false } : { maxPayload: options.maxPayload });
    /** Sends a keepalive frame now, or when the pacer allows; nothing once the socket has ended. */
    const pace = (send: () => void): void => {
      if (!paceKeepalive) return send();
      paceKeepalive(() => {
        if (!finished) send();
      });
    };
    let timer: Subscription | undefined;
    /** Runs out `pingTimeout` after the oldest ping no sign of life has followed yet. */
    let deadline: Subscription | undefined;
    /** A ping waits in the pacer: no second one is queued behind it. */
    let pingPending = false;
    let finished = false;

    const fail = (error: TransportError): void => {
      if (finished) return;
      finished = true;
      timer?.unsubscribe();
      deadline?.unsubscribe();
      ws.removeAllListeners();
      ws.on('error', () => undefined);
      ws.terminate();
      subscriber.error(error);
    };
    const schedule = (delay: number, work: () => void): void => {
      timer?.unsubscribe();
      timer = scheduler.schedule(work, delay);
    };
    // Pings go out every `pingInterval` whatever the deadlines do, so a socket that goes silent is
    // found within `pingInterval + pingTimeout` even when `pingTimeout` is the longer of the two.
    const sendPing = (): void => {
      schedule(pingInterval, sendPing);
      if (pingPending) return;
      pingPending = true;
      // Paced: the ping may wait for a free slot of the budget; its timeout starts once it is sent.
      pace(() => {
        pingPending = false;
        try {
          if (options.appPing) ws.send(options.appPing());
          else ws.ping();
          options.onKeepaliveSent?.();
        } catch (error) {
          fail(new TransportError(`ping failed: ${(error as Error).message}`));
          return;
        }
        deadline ??= scheduler.schedule(() => fail(new TransportError(`no sign of life within ${pingTimeout} ms of a ping (half-open socket)`)), pingTimeout);
      });
    };
    /** Any frame, ping or pong: every ping sent so far is answered. */
    const alive = (): void => {
      if (deadline === undefined) return;
      deadline.unsubscribe();
      deadline = undefined;
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
      if (deadline !== undefined) alive();
      subscriber.next({ type: 'message', data: frameText(data), receivedAt });
    });
    ws.on('ping', (payload?: Buffer) => {
      alive();
      if (paceKeepalive && ws.pong) {
        const pong = ws.pong.bind(ws);
        pace(() => {
          if (ws.readyState === OPEN) pong(payload);
          options.onKeepaliveSent?.();
        });
      } else {
        options.onKeepaliveSent?.(); // ws answers every ping with a pong
      }
    });
    ws.on('pong', alive);
    ws.on('error', (error) => fail(new TransportError(`socket error: ${error.message}`)));
    ws.on('close', (code, reasonBuffer) => {
      if (finished) return;
      const reason = reasonBuffer.toString();
      if (code === NORMAL_CLOSURE) {
        finished = true;
        timer?.unsubscribe();
        deadline?.unsubscribe();
        subscriber.next({ type: 'close', code, reason });
        subscriber.complete();
      } else {
        fail(new TransportError(`socket closed with ${code}${reason ? ` (${reason})` : ''}`, code, reason));
      }
    });

    return () => {
      timer?.unsubscribe();
      deadline?.unsubscribe();
      if (finished) return;
      finished = true;
      ws.removeAllListeners();
      ws.on('error', () => undefined);
      if (ws.readyState === OPEN) ws.close(NORMAL_CLOSURE);
      else ws.terminate();
    };
  });
}
