import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import { type HeartbeatOptions, TestConnection } from './test-connection';

/**
 * Options of {@link WsTestServer.start}.
 *
 * @example
 * ```ts
 * const options: WsTestServerOptions = {
 *   onConnection: (connection) => connection.send('hello'),
 *   onHttpRequest: (request, response) => response.end('{}'),
 *   heartbeat: { intervalMs: 20_000, timeoutMs: 60_000 },
 * };
 * ```
 */
export interface WsTestServerOptions {
  /** Called for each accepted WebSocket connection. */
  readonly onConnection?: (connection: TestConnection) => void;
  /** Plain HTTP requests (REST endpoints); default answers 404. */
  readonly onHttpRequest?: (request: IncomingMessage, response: ServerResponse) => void;
  /** Server-initiated pings per connection; off when omitted. */
  readonly heartbeat?: HeartbeatOptions;
  /** Largest accepted incoming frame in bytes (default 1 MiB). */
  readonly maxPayload?: number;
  /**
   * Refuses a WebSocket handshake with an HTTP status (e.g. a venue's connection rate limit: 429);
   * `undefined` accepts it. Default: every handshake is accepted.
   */
  readonly refuseHandshake?: (request: IncomingMessage) => { readonly status: number; readonly message: string } | undefined;
}

/**
 * A real `ws` WebSocket server plus HTTP server on `127.0.0.1`, on an ephemeral port, for exchange
 * simulators: one port serves both the WebSocket endpoint(s) and REST. `close()` terminates every
 * client, closes every HTTP connection and clears every timer, so Jest's `--detectOpenHandles`
 * stays quiet.
 *
 * @example
 * ```ts
 * const server = await WsTestServer.start({ onConnection: (c) => c.onText((t) => c.send(t)) });
 * const client = new WebSocket(`${server.url}/anything`);
 * // ...
 * await server.close();
 * ```
 */
export class WsTestServer {
  /** Connections currently open. */
  readonly connections = new Set<TestConnection>();
  private accepted = 0;
  private closing: Promise<void> | undefined;

  private constructor(
    private readonly http: Server,
    private readonly wss: WebSocketServer,
    /** The TCP port chosen by the OS. */
    readonly port: number,
  ) {}

  /** Starts listening on `127.0.0.1:0`. */
  static start(options: WsTestServerOptions = {}): Promise<WsTestServer> {
    const http = createServer((request, response) => {
      if (options.onHttpRequest) {
        options.onHttpRequest(request, response);
      } else {
        response.writeHead(404, { 'Content-Type': 'text/plain' });
        response.end('not found');
      }
    });
    const refuse = options.refuseHandshake;
    const wss = new WebSocketServer({
      server: http,
      autoPong: false,
      maxPayload: options.maxPayload ?? 1024 * 1024,
      ...(refuse
        ? {
            verifyClient: (info: { req: IncomingMessage }, done: (accept: boolean, status?: number, message?: string) => void) => {
              const refusal = refuse(info.req);
              if (refusal) done(false, refusal.status, refusal.message);
              else done(true);
            },
          }
        : {}),
    });
    return new Promise<WsTestServer>((resolve, reject) => {
      http.once('error', reject);
      http.listen(0, '127.0.0.1', () => {
        http.off('error', reject);
        const server = new WsTestServer(http, wss, (http.address() as AddressInfo).port);
        wss.on('connection', (socket, request) => {
          const connection = new TestConnection(++server.accepted, socket, request, options.heartbeat);
          server.connections.add(connection);
          connection.onClose(() => server.connections.delete(connection));
          options.onConnection?.(connection);
        });
        resolve(server);
      });
    });
  }

  /** `ws://127.0.0.1:PORT` (no trailing slash). */
  get url(): string {
    return `ws://127.0.0.1:${this.port}`;
  }

  /** `http://127.0.0.1:PORT` (no trailing slash). */
  get httpUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Connections accepted since start (including closed ones). */
  get connectionCount(): number {
    return this.accepted;
  }

  /** Terminates every client and HTTP connection and stops listening. Idempotent. */
  close(): Promise<void> {
    this.closing ??= new Promise<void>((resolve) => {
      for (const connection of this.connections) {
        connection.stopHeartbeat();
        connection.drop();
      }
      for (const client of this.wss.clients) client.terminate();
      this.wss.close(() => {
        this.http.closeAllConnections();
        this.http.close(() => resolve());
      });
    });
    return this.closing;
  }
}
