import { WebSocket } from 'ws';
import { WsTestServer } from '../../../lib/testing/harness/ws-test-server';

describe('WsTestServer refuseHandshake', () => {
  it('answers a refused handshake with the HTTP status given (e.g. a connection rate limit) and accepts the others', async () => {
    const seen: (string | undefined)[] = [];
    const server = await WsTestServer.start({ refuseHandshake: (request) => (seen.push(request.url) > 1 ? { status: 429, message: 'Too Many Requests' } : undefined) });
    try {
      const open = new WebSocket(`${server.url}/ws/2`);
      await new Promise((resolve, reject) => open.once('open', resolve).once('error', reject));
      const refused = await new Promise<{ status: number | undefined; message: string | undefined }>((resolve) => {
        const socket = new WebSocket(`${server.url}/ws/2`);
        socket.on('error', () => undefined);
        socket.on('unexpected-response', (_request, response) => resolve({ status: response.statusCode, message: response.statusMessage }));
      });
      expect(refused).toEqual({ status: 429, message: 'Too Many Requests' });
      expect(seen).toEqual(['/ws/2', '/ws/2']);
      expect(server.connectionCount).toBe(1);
      open.terminate();
    } finally {
      await server.close();
    }
  });
});
