import { SimulatedRestApi } from '../../../lib/testing/harness/simulated-rest-api';
import { WsTestServer } from '../../../lib/testing/harness/ws-test-server';

describe('SimulatedRestApi', () => {
  let server: WsTestServer;
  let rest: SimulatedRestApi;
  beforeEach(async () => {
    rest = new SimulatedRestApi({ '/v1/echo': (query) => [200, JSON.stringify(query), { 'X-Test': 'yes' }] }, (status, seconds) => JSON.stringify({ status, seconds }));
    server = await WsTestServer.start({ onHttpRequest: (request, response) => rest.handle(request, response) });
  });
  afterEach(async () => {
    rest.stop();
    await server.close();
  });

  it('answers its routes from the query, 404 for other paths (including Object.prototype names), 405 for other methods, and logs every request', async () => {
    const ok = await fetch(`${server.httpUrl}/v1/echo?a=1`);
    expect([ok.status, ok.headers.get('x-test'), await ok.json()]).toEqual([200, 'yes', { a: '1' }]);
    expect((await fetch(`${server.httpUrl}/v1/other`)).status).toBe(404);
    expect((await fetch(`${server.httpUrl}/constructor`)).status).toBe(404);
    expect((await fetch(`${server.httpUrl}/v1/echo`, { method: 'POST' })).status).toBe(405);
    expect(rest.log.map((entry) => [entry.method, entry.path, entry.status])).toEqual([
      ['GET', '/v1/echo', 200],
      ['GET', '/v1/other', 404],
      ['GET', '/constructor', 404],
      ['POST', '/v1/echo', 405],
    ]);
  });

  it('fails the next n requests to a route with the status, the venue body and Retry-After, then recovers', async () => {
    rest.failNext(429, 2, 3);
    const answers = [];
    for (let i = 0; i < 3; i++) {
      const response = await fetch(`${server.httpUrl}/v1/echo`);
      answers.push([response.status, response.headers.get('retry-after'), await response.text()]);
    }
    expect(answers).toEqual([
      [429, '3', '{"status":429,"seconds":3}'],
      [429, '3', '{"status":429,"seconds":3}'],
      [200, null, '{}'],
    ]);
  });

  it('delays responses by latencyMs, and stop() clears a pending one', async () => {
    rest.latencyMs = 30;
    const response = await fetch(`${server.httpUrl}/v1/echo?x=2`);
    expect(await response.json()).toEqual({ x: '2' });
    rest.latencyMs = 60_000;
    const pending = fetch(`${server.httpUrl}/v1/echo`).catch((error: Error) => error);
    await new Promise((resolve) => setTimeout(resolve, 50));
    rest.stop();
    await server.close(); // the held response is abandoned: the request fails, no timer is left
    expect(((await pending) as Error).message).toBe('fetch failed');
  });
});
