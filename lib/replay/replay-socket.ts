import type { WebSocketLike } from '../socket/web-socket-like';
import type { RecordingRecord } from './recording-format';

type Listener = (...args: never[]) => void;
type SocketEventName = 'open' | 'message' | 'ping' | 'pong' | 'close' | 'error';

const CONNECTING = 0;
const OPEN = 1;
const CLOSED = 3;

/**
 * A {@link WebSocketLike} fed from a recording: what the server did (open, frames, pings and pongs,
 * close, errors) arrives when the replay reaches its record; what the client does (send, ping,
 * close) goes nowhere, the recording already holds the server's answers.
 *
 * @example
 * ```ts
 * const socket = new ReplaySocket('wss://stream.binance.com:9443/stream');
 * socket.on('message', (data) => console.log(String(data)));
 * socket.deliver({ type: 'recv', conn: 1, ts: 0, data: '{"result":null,"id":1}' });
 * ```
 */
export class ReplaySocket implements WebSocketLike {
  readyState = CONNECTING;
  /** Messages go to the first listener directly (the usual single listener of `openSocket`). */
  private message: ((data: unknown, isBinary: boolean) => void) | undefined;
  private readonly listeners = new Map<SocketEventName, Listener[]>();

  constructor(readonly url: string) {}

  on(event: SocketEventName, listener: Listener): this {
    const list = this.listeners.get(event);
    if (list) list.push(listener);
    else this.listeners.set(event, [listener]);
    if (event === 'message') this.message = this.listeners.get('message')!.length === 1 ? (listener as (data: unknown, isBinary: boolean) => void) : undefined;
    return this;
  }

  removeAllListeners(): this {
    this.listeners.clear();
    this.message = undefined;
    return this;
  }

  send(): void {
    // the recording holds the server's answers to what the client sent
  }

  ping(): void {
    // pongs come from the recording
  }

  pong(): void {
    // the recording holds what the server did after the client's pong
  }

  close(): void {
    this.readyState = CLOSED;
  }

  terminate(): void {
    this.readyState = CLOSED;
  }

  /** Whether the client still uses this socket. */
  get closed(): boolean {
    return this.readyState === CLOSED;
  }

  /** Hands one recorded server-side event to the client. */
  deliver(record: RecordingRecord): void {
    if (this.readyState === CLOSED) return;
    switch (record.type) {
      case 'open':
        this.readyState = OPEN;
        this.emit('open');
        return;
      case 'recv':
        if (record.binary) this.emit('message', Buffer.from(record.data, 'base64'), true);
        else if (this.message) this.message(record.data, false);
        else this.emit('message', record.data, false);
        return;
      case 'ping':
      case 'pong':
        if (record.dir === 'in') this.emit(record.type);
        return;
      case 'close':
        if (record.by !== 'server') return;
        this.readyState = CLOSED;
        this.emit('close', record.code, Buffer.from(record.reason));
        return;
      case 'error':
        this.emit('error', new Error(record.message));
        return;
      default:
        return;
    }
  }

  private emit(event: SocketEventName, ...args: unknown[]): void {
    const list = this.listeners.get(event);
    if (!list) return;
    for (const listener of [...list]) (listener as (...a: unknown[]) => void)(...args);
  }
}

/**
 * Routes socket records to the replayed client's sockets: the client's n-th socket to a URL takes
 * the recording's n-th `connect` to that URL, as the live client's did. A recorded connection no
 * client socket was waiting for (its streams were not subscribed in this replay, or later than in
 * the live run) stays available: a client socket to its URL created while it is still open takes
 * it from there on (opened at once if it had opened).
 *
 * @example
 * ```ts
 * const sockets = new ReplaySockets((run) => engine.soon(run));
 * const socket = sockets.create(url); // the client's createWebSocket
 * sockets.route(connectRecord);       // now socket takes the records of that connection
 * ```
 */
export class ReplaySockets {
  private readonly waiting = new Map<string, ReplaySocket[]>();
  private readonly byConn = new Map<number, ReplaySocket>();
  /** Recorded connections nobody took, still open in the recording, by URL (latest last). */
  private readonly available = new Map<string, { readonly conn: number; opened: boolean }[]>();
  private lastConn = -1;
  private lastSocket: ReplaySocket | undefined;

  /** `soon` runs a callback at the current virtual time, before the next record. */
  constructor(private readonly soon: (run: () => void) => void = (run) => run()) {}

  create(url: string): ReplaySocket {
    const socket = new ReplaySocket(url);
    const taken = this.available.get(url)?.pop();
    if (taken) {
      this.byConn.set(taken.conn, socket);
      this.forget();
      if (taken.opened) this.soon(() => socket.deliver({ type: 'open', conn: taken.conn, ts: 0 }));
      return socket;
    }
    const list = this.waiting.get(url);
    if (list) list.push(socket);
    else this.waiting.set(url, [socket]);
    return socket;
  }

  /** Handles a socket record (`connect`, `open`, `recv`, `ping`, `pong`, `close`, `error`; the rest is ignored). */
  route(record: Extract<RecordingRecord, { conn: number }>): void {
    if (record.type === 'connect') {
      const list = this.waiting.get(record.url);
      let socket = list?.shift();
      while (socket?.closed) socket = list?.shift();
      if (socket) this.byConn.set(record.conn, socket);
      else {
        const open = this.available.get(record.url) ?? [];
        open.push({ conn: record.conn, opened: false });
        this.available.set(record.url, open);
      }
      return;
    }
    let socket: ReplaySocket | undefined;
    if (record.conn === this.lastConn) socket = this.lastSocket;
    else {
      socket = this.byConn.get(record.conn);
      this.lastConn = record.conn;
      this.lastSocket = socket;
    }
    if (!socket) {
      if (record.type === 'open' || record.type === 'close' || record.type === 'error') this.untaken(record);
      return;
    }
    socket.deliver(record);
    if (socket.closed) {
      this.byConn.delete(record.conn);
      this.forget();
    }
  }

  /** Follows the state of a recorded connection nobody took. */
  private untaken(record: Extract<RecordingRecord, { conn: number }>): void {
    for (const [url, list] of this.available) {
      const index = list.findIndex((entry) => entry.conn === record.conn);
      if (index < 0) continue;
      if (record.type === 'open') list[index]!.opened = true;
      else list.splice(index, 1); // closed or failed: nothing to take any more
      if (list.length === 0) this.available.delete(url);
      return;
    }
  }

  private forget(): void {
    this.lastConn = -1;
    this.lastSocket = undefined;
  }

  /** Sockets the client created that no recorded connection took (yet). */
  get unclaimed(): number {
    let count = 0;
    for (const list of this.waiting.values()) count += list.filter((s) => !s.closed).length;
    return count;
  }
}
