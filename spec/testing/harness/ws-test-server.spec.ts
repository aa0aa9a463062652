import { WebSocket, type ClientOptions } from 'ws';
import type { TestConnection } from '../../../lib/testing/harness/test-connection';
import { WsTestServer } from '../../../lib/testing/harness/ws-test-server';

function open(url: string, options: ClientOptions = {}): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, options);
    socket.once('open', () => resolve(socket));
    socket.once('error', reject);
  });
}

function nextMessage(socket: WebSocket): Promise<string> {
  return new Promise((resolve) => socket.once('message', (data) => resolve(data.toString())));
}

function closed(socket: WebSocket): Promise<{ code: number; reason: string }> {
  return new Promise((resolve) => socket.once('close', (code, reason) => resolve({ code, reason: reason.toString() })));
}

describe('WsTestServer', () => {
  let server: WsTestServer;
  let connections: TestConnection[];
  const clients: WebSocket[] = [];

  async function connect(path = '/x', options: ClientOptions = {}): Promise<[WebSocket, TestConnection]> {
    const socket = await open(`${server.url}${path}`, options);
    clients.push(socket);
    while (connections.length < server.connectionCount) await new Promise((r) => setImmediate(r));
    return [socket, connections[connections.length - 1]!];
  }

  beforeEach(async () => {
    connections = [];
    server = await WsTestServer.start({
      onConnection: (connection) => {
        connections.push(connection);
        connection.onText((text) => connection.send(`echo:${text}`));
      },
      onHttpRequest: (request, response) => {
        response.writeHead(200, { 'Content-Type': 'application/json' });
        response.end(JSON.stringify({ url: request.url }));
      },
    });
  });

  afterEach(async () => {
    await server.close();
    for (const client of clients.splice(0)) client.terminate();
  });

  it('listens on an ephemeral 127.0.0.1 port for WebSocket and HTTP', async () => {
    expect(server.port).toBeGreaterThan(0);
    expect(server.url).toBe(`ws://127.0.0.1:${server.port}`);
    const [socket, connection] = await connect('/stream?streams=a');
    expect(connection.url).toBe('/stream?streams=a');
    expect(connection.id).toBe(1);
    const reply = nextMessage(socket);
    socket.send('hi');
    expect(await reply).toBe('echo:hi');
    const response = await fetch(`${server.httpUrl}/api/v3/depth?symbol=X`);
    expect(await response.json()).toEqual({ url: '/api/v3/depth?symbol=X' });
  });

  it('answers client pings, but neither pongs nor talks nor listens while silent', async () => {
    const [socket, connection] = await connect();
    const pong = new Promise<string>((resolve) => socket.once('pong', (data) => resolve(data.toString())));
    socket.ping('p1');
    expect(await pong).toBe('p1');

    connection.goSilent();
    expect(connection.isSilent).toBe(true);
    const received: string[] = [];
    socket.on('message', (data) => received.push(data.toString()));
    socket.on('pong', () => received.push('pong'));
    socket.ping('p2');
    socket.send('ignored');
    expect(connection.send('dropped')).toBe(false);
    // a round trip through a second connection proves the server processed the frames meanwhile
    const [other] = await connect();
    const echoed = nextMessage(other);
    other.send('sync');
    expect(await echoed).toBe('echo:sync');
    expect(received).toEqual([]);

    connection.resumeSending();
    const back = nextMessage(socket);
    socket.send('again');
    expect(await back).toBe('echo:again');
  });

  it('sends raw frames, closes with a code and reason, and drops', async () => {
    const [a, connA] = await connect();
    const raw = nextMessage(a);
    connA.sendRaw('{"broken":');
    expect(await raw).toBe('{"broken":');
    const closedA = closed(a);
    connA.close(4000, 'bye');
    expect(await closedA).toEqual({ code: 4000, reason: 'bye' });

    const [b, connB] = await connect();
    const closedB = closed(b);
    connB.drop();
    expect((await closedB).code).toBe(1006);
    expect(server.connectionCount).toBe(2);
  });

  it('pings clients and drops those that never answer', async () => {
    await server.close();
    connections = [];
    server = await WsTestServer.start({
      heartbeat: { intervalMs: 30, timeoutMs: 60 },
      onConnection: (connection) => connections.push(connection),
    });
    const [polite] = await connect();
    let pings = 0;
    polite.on('ping', () => pings++);
    const [mute] = await connect('/x', { autoPong: false });
    const muteClosed = closed(mute);
    expect((await muteClosed).code).toBe(1006);
    expect(pings).toBeGreaterThan(0);
    expect(polite.readyState).toBe(WebSocket.OPEN);
  });

  it('close() terminates every client and is idempotent', async () => {
    const [a] = await connect();
    const [b] = await connect();
    const both = Promise.all([closed(a), closed(b)]);
    await Promise.all([server.close(), server.close()]);
    await both;
    expect(server.connections.size).toBe(0);
    await expect(fetch(`${server.httpUrl}/`)).rejects.toThrow();
  });
});
