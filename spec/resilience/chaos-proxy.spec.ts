import WebSocket from 'ws';
import { ChaosProxy } from '../../lib/testing/chaos/chaos-proxy';
import { WsTestServer } from '../../lib/testing/harness/ws-test-server';
import { waitFor } from '../helpers/wait-for';

describe('ChaosProxy', () => {
  let server: WsTestServer;
  let proxy: ChaosProxy;
  const clients: WebSocket[] = [];

  beforeEach(async () => {
    // an echo server that also answers plain HTTP
    server = await WsTestServer.start({
      onConnection: (connection) => connection.onText((text) => connection.send(`echo:${text}`)),
      onHttpRequest: (_request, response) => response.end(JSON.stringify({ body: 'x'.repeat(5000) })),
    });
    proxy = await ChaosProxy.start({ target: server.url, seed: 5 });
  });
  afterEach(async () => {
    for (const client of clients.splice(0)) client.terminate();
    await proxy.close();
    await server.close();
  });

  function connect(): { socket: WebSocket; received: string[]; closed: () => number | undefined; opened: Promise<void> } {
    const socket = new WebSocket(proxy.url);
    clients.push(socket);
    const received: string[] = [];
    let closeCode: number | undefined;
    socket.on('message', (data) => received.push(data.toString()));
    socket.on('close', (code) => (closeCode = code));
    socket.on('error', () => undefined);
    const opened = new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    return { socket, received, closed: () => closeCode, opened };
  }

  it('forwards both ways, byte-exact, also when every chunk is split at random byte boundaries and delayed', async () => {
    const client = connect();
    await client.opened;
    proxy.setSplit(3);
    proxy.setDelay(5);
    const sent = Array.from({ length: 40 }, (_, i) => `${i}:${'é'.repeat(i * 7)}`); // multi-byte UTF-8 split mid-character
    for (const text of sent) client.socket.send(text);
    await waitFor(() => client.received.length === sent.length, 'every echo');
    expect(client.received).toEqual(sent.map((text) => `echo:${text}`));
    expect(proxy.stats.pieces).toBeGreaterThan(sent.length); // frames really went out in pieces
    expect(proxy.stats.delayedChunks).toBeGreaterThan(0);
  });

  it('proxies plain HTTP (REST) through the same faults', async () => {
    proxy.setSplit(50);
    const body = await new Promise<string>((resolve, reject) => {
      require('node:http')
        .get(`${proxy.httpUrl}/api`, { agent: false }, (response: NodeJS.ReadableStream) => {
          let text = '';
          response.on('data', (chunk: Buffer) => (text += chunk.toString()));
          response.on('end', () => resolve(text));
        })
        .on('error', reject);
    });
    expect(JSON.parse(body)).toEqual({ body: 'x'.repeat(5000) });
    expect(proxy.stats.pieces).toBeGreaterThan(10);
  });

  it('stalls a connection half-open: nothing arrives, the socket stays open; unstalling delivers what was held', async () => {
    const client = connect();
    await client.opened;
    expect(proxy.stall()).toBe(1);
    client.socket.send('during stall');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(client.received).toEqual([]);
    expect(client.socket.readyState).toBe(WebSocket.OPEN);
    expect(proxy.stats.open).toBe(1);
    // a new connection is not stalled
    const other = connect();
    await other.opened;
    other.socket.send('fresh');
    await waitFor(() => other.received.length === 1, 'the echo on a new connection');
    proxy.unstall();
    await waitFor(() => client.received.length === 1, 'the held echo');
    expect(client.received).toEqual(['echo:during stall']);
  });

  it('cuts connections with a TCP reset or a FIN: the client sees an abnormal close (1006), nothing stays open', async () => {
    for (const mode of ['reset', 'fin'] as const) {
      const client = connect();
      await client.opened;
      expect(proxy.cut(mode)).toBe(1);
      await waitFor(() => client.closed() !== undefined, `the client to see the ${mode} cut`);
      expect(client.closed()).toBe(1006);
      await waitFor(() => proxy.stats.open === 0 && server.connections.size === 0, `both sides closed after ${mode}`);
    }
    expect(proxy.stats.cuts).toBe(2);
  });

  it('refuses the next connections right after accept', async () => {
    proxy.rejectNext(1);
    const refused = connect();
    await expect(refused.opened).rejects.toThrow();
    const accepted = connect();
    await accepted.opened;
    expect(proxy.stats.accepted).toBe(2);
  });

  it('close() releases every connection and the listening socket', async () => {
    const client = connect();
    await client.opened;
    proxy.setDelay(1000);
    client.socket.send('held by a delay timer');
    await waitFor(() => proxy.stats.delayedChunks > 0, 'the delayed chunk');
    await proxy.close();
    await waitFor(() => client.closed() !== undefined, 'the client to be closed');
    expect(proxy.stats.open).toBe(0);
  });
});
