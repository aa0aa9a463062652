import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SimulatedRestApi } from '../../../lib/testing';

describe('SimulatedRestApi: the first call form of the REST harness still works', () => {
  it('routes GETs, fails the next requests with the venue body and Retry-After, logs, and answers 404/405 as before', async () => {
    const api = new SimulatedRestApi({ '/ping': (query) => [200, JSON.stringify({ pong: query['n'] ?? null })] }, (status, retryAfter) => JSON.stringify({ code: status, retryAfter }));
    const server = createServer((req, res) => api.handle(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      api.failNext(429, 1, 2);
      const failed = await fetch(`${base}/ping?n=1`);
      expect([failed.status, failed.headers.get('retry-after'), await failed.json()]).toEqual([429, '2', { code: 429, retryAfter: 2 }]);
      const ok = await fetch(`${base}/ping?n=2`);
      expect([ok.status, ok.headers.get('content-type'), await ok.json()]).toEqual([200, 'application/json;charset=UTF-8', { pong: '2' }]);
      expect((await fetch(`${base}/nope`)).status).toBe(404);
      expect((await fetch(`${base}/ping`, { method: 'POST' })).status).toBe(405);
      expect(api.log.map((e) => [e.method, e.path, e.status])).toEqual([
        ['GET', '/ping', 429],
        ['GET', '/ping', 200],
        ['GET', '/nope', 404],
        ['POST', '/ping', 405],
      ]);
    } finally {
      api.stop();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
