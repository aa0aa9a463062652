import type { IncomingMessage } from 'node:http';

/**
 * The server side of one WebSocket as {@link TestConnection} uses it: the part of a `ws` WebSocket it
 * calls, declared here so the published types of `rxmarket/testing` need no `@types/ws`.
 *
 * @example
 * ```ts
 * wss.on('connection', (socket, request) => new TestConnection(1, socket as ServerSocket, request));
 * ```
 */
export interface ServerSocket {
  on(event: 'message', listener: (data: Buffer | ArrayBuffer | Buffer[], isBinary: boolean) => void): unknown;
  on(event: 'ping' | 'pong', listener: (payload: Buffer) => void): unknown;
  on(event: 'close', listener: (code: number, reason: Buffer) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  send(data: string | Buffer, options: { binary: boolean }): void;
  ping(payload?: Buffer | string): void;
  pong(payload?: Buffer): void;
  terminate(): void;
  close(code?: number, reason?: string): void;
  readonly readyState: number;
  readonly OPEN: number;
}

/**
 * Heartbeat settings of a {@link TestConnection}: ping every `intervalMs`, terminate when no pong
 * arrived within `timeoutMs` of a ping.
 *
 * @example
 * ```ts
 * const heartbeat: HeartbeatOptions = { intervalMs: 20_000, timeoutMs: 60_000 };
 * ```
 */
export interface HeartbeatOptions {
  readonly intervalMs: number;
  readonly timeoutMs: number;
}

type Listener<A extends unknown[]> = (...args: A) => void;

/**
 * One client connection of a {@link WsTestServer}, with fault helpers.
 *
 * While *silent* (half-open) the connection sends nothing (data, pings and pong replies are all
 * dropped, not queued) and ignores everything it receives, exactly like a link whose far end
 * vanished without a FIN; the server heartbeat is suspended meanwhile so the connection stays
 * open until the client notices. Pings from the client are answered manually (the server runs
 * with `autoPong: false`) only while not silent.
 *
 * @example
 * ```ts
 * server = await WsTestServer.start({
 *   onConnection: (connection) => {
 *     connection.onText((text) => connection.send(text)); // echo
 *     setTimeout(() => connection.goSilent(), 1000);       // then play dead
 *   },
 * });
 * ```
 */
export class TestConnection {
  /** Request path and query, e.g. `/stream?streams=btcusdt@trade`. */
  readonly url: string;
  readonly openedAt: number;
  private silent = false;
  private closed = false;
  private readonly textListeners: Listener<[string]>[] = [];
  private readonly pingListeners: Listener<[Buffer]>[] = [];
  private readonly pongListeners: Listener<[Buffer]>[] = [];
  private readonly closeListeners: Listener<[number, string]>[] = [];
  private heartbeatTimer: ReturnType<typeof setInterval> | undefined;
  private pongDeadline: ReturnType<typeof setTimeout> | undefined;

  constructor(
    /** 1-based, in order of connection. */
    readonly id: number,
    private readonly socket: ServerSocket,
    readonly request: IncomingMessage,
    private readonly heartbeat?: HeartbeatOptions,
  ) {
    this.url = request.url ?? '/';
    this.openedAt = Date.now();
    socket.on('message', (data, isBinary) => {
      if (this.silent) return;
      const text = isBinary ? Buffer.from(data as Buffer).toString('utf8') : String(data);
      for (const listener of this.textListeners) listener(text);
    });
    socket.on('ping', (payload) => {
      if (this.silent) return;
      for (const listener of this.pingListeners) listener(payload);
      if (this.isOpen) socket.pong(payload);
    });
    socket.on('pong', (payload) => {
      if (this.silent) return;
      this.clearPongDeadline();
      for (const listener of this.pongListeners) listener(payload);
    });
    socket.on('close', (code, reason) => {
      this.closed = true;
      this.stopHeartbeat();
      for (const listener of this.closeListeners) listener(code, reason.toString());
    });
    socket.on('error', () => {
      // a broken client socket just closes; nothing to report from a test server
    });
    this.startHeartbeat();
  }

  /** `true` until the socket closed. */
  get isOpen(): boolean {
    return !this.closed && this.socket.readyState === this.socket.OPEN;
  }

  /** `true` while half-open (see {@link goSilent}). */
  get isSilent(): boolean {
    return this.silent;
  }

  /** Sends a text frame (or a binary one with `binary: true`); `false` when silent or closed. */
  send(data: string | Buffer, binary = false): boolean {
    if (this.silent || !this.isOpen) return false;
    this.socket.send(data, { binary });
    return true;
  }

  /** Sends `text` as-is, typically a malformed frame; same rules as {@link send}. */
  sendRaw(text: string): boolean {
    return this.send(text);
  }

  /** Sends a ping frame now (no-op when silent or closed). */
  ping(payload: string | Buffer = ''): void {
    if (this.silent || !this.isOpen) return;
    this.socket.ping(payload);
  }

  /** Half-open: stop sending anything and stop hearing/answering anything. */
  goSilent(): void {
    this.silent = true;
    this.clearPongDeadline();
  }

  /** Ends the half-open state; data flows again (what was dropped meanwhile is lost). */
  resumeSending(): void {
    this.silent = false;
  }

  /** Drops the connection abruptly (TCP reset, no close frame). */
  drop(): void {
    this.socket.terminate();
  }

  /** Closes with a close frame. */
  close(code = 1000, reason = ''): void {
    if (!this.isOpen) return;
    this.socket.close(code, reason);
  }

  /** Called for each text (or binary, decoded as UTF-8) message received while not silent. */
  onText(listener: (text: string) => void): void {
    this.textListeners.push(listener);
  }

  /** Called for each ping frame received while not silent (before it is answered). */
  onPing(listener: (payload: Buffer) => void): void {
    this.pingListeners.push(listener);
  }

  /** Called for each pong frame received while not silent. */
  onPong(listener: (payload: Buffer) => void): void {
    this.pongListeners.push(listener);
  }

  /** Called once when the socket closed, whatever the reason. */
  onClose(listener: (code: number, reason: string) => void): void {
    this.closeListeners.push(listener);
  }

  /** Clears this connection's timers (the server calls it on close). */
  stopHeartbeat(): void {
    if (this.heartbeatTimer !== undefined) clearInterval(this.heartbeatTimer);
    this.heartbeatTimer = undefined;
    this.clearPongDeadline();
  }

  private startHeartbeat(): void {
    const heartbeat = this.heartbeat;
    if (heartbeat === undefined || !(heartbeat.intervalMs > 0)) return;
    this.heartbeatTimer = setInterval(() => {
      if (this.silent || !this.isOpen) return;
      this.socket.ping();
      if (this.pongDeadline === undefined) {
        this.pongDeadline = setTimeout(() => {
          this.pongDeadline = undefined;
          if (!this.silent) this.drop();
        }, heartbeat.timeoutMs);
      }
    }, heartbeat.intervalMs);
  }

  private clearPongDeadline(): void {
    if (this.pongDeadline !== undefined) clearTimeout(this.pongDeadline);
    this.pongDeadline = undefined;
  }
}
