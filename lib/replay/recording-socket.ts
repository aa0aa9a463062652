import type { WebSocketLike } from '../socket/web-socket-like';
import type { RecordingSession } from './recording-session';

type Listener = (...args: never[]) => void;
type SocketEventName = 'open' | 'message' | 'ping' | 'pong' | 'close' | 'error';

/**
 * A socket that records what it carries: it stands between `openSocket` and the real `ws` socket,
 * writes `open`, `recv`, `ping`/`pong`, `close` and `error` records for what the client receives
 * (only events the client listens to, once each however many listeners) and `send`, `ping` and
 * `close` records for what the client does, and hands every received event to the client with the
 * client clock pinned to the recorded time.
 *
 * @example
 * ```ts
 * const socket = new RecordingSocket(create(url, options), session.nextConnection(), session);
 * ```
 */
export class RecordingSocket implements WebSocketLike {
  private readonly listeners = new Map<SocketEventName, Listener[]>();

  constructor(
    private readonly socket: WebSocketLike,
    private readonly conn: number,
    private readonly session: RecordingSession,
  ) {}

  get readyState(): number {
    return this.socket.readyState;
  }

  on(event: SocketEventName, listener: Listener): this {
    const existing = this.listeners.get(event);
    if (existing) {
      existing.push(listener);
      return this;
    }
    const list = [listener];
    this.listeners.set(event, list);
    const { session, conn } = this;
    const each = (...args: unknown[]): void => {
      for (const l of [...list]) (l as (...a: unknown[]) => void)(...args);
    };
    switch (event) {
      case 'open':
        this.socket.on('open', () => {
          const time = session.now();
          session.note({ type: 'open', conn }, false, time);
          const socket = session.sockets.get(conn);
          if (socket) socket.opened = true;
          session.hold(time, each);
        });
        break;
      case 'message':
        this.socket.on('message', (data, isBinary) => session.frame(conn, data, isBinary, each));
        break;
      case 'ping':
      case 'pong':
        this.socket.on(event, () => {
          const time = session.now();
          session.note({ type: event, conn, dir: 'in' }, true, time);
          session.hold(time, each);
        });
        break;
      case 'close':
        this.socket.on('close', (code, reason) => {
          const time = session.now();
          session.note({ type: 'close', conn, code, reason: reason.toString(), by: 'server' }, false, time);
          session.sockets.delete(conn);
          session.hold(time, () => each(code, reason));
        });
        break;
      case 'error':
        this.socket.on('error', (error) => {
          const time = session.now();
          session.note({ type: 'error', conn, message: error.message }, false, time);
          session.hold(time, () => each(error));
        });
        break;
    }
    return this;
  }

  removeAllListeners(): this {
    this.listeners.clear();
    this.socket.removeAllListeners();
    return this;
  }

  send(text: string): void {
    this.session.note({ type: 'send', conn: this.conn, text });
    this.socket.send(text);
  }

  ping(): void {
    this.session.note({ type: 'ping', conn: this.conn, dir: 'out' }, true);
    this.socket.ping();
  }

  /** A pong the client sends itself (sockets created with `autoPong: false`, e.g. Binance's budgeted keepalive). */
  pong(payload?: Buffer): void {
    this.session.note({ type: 'pong', conn: this.conn, dir: 'out' }, true);
    this.socket.pong?.(payload);
  }

  close(code?: number): void {
    this.session.note({ type: 'close', conn: this.conn, code: code ?? 1005, reason: '', by: 'client' });
    this.session.sockets.delete(this.conn);
    this.socket.close(code);
  }

  terminate(): void {
    this.session.note({ type: 'close', conn: this.conn, code: 1006, reason: 'terminated', by: 'client' });
    this.session.sockets.delete(this.conn);
    this.socket.terminate();
  }
}
