import { SimulatorRest, getRoutes } from '../../../lib/testing/harness/simulator-rest';
import { WsTestServer } from '../../../lib/testing/harness/ws-test-server';

async function serving<T>(rest: SimulatorRest<T>, body: (url: string) => Promise<void>): Promise<void> {
  const server = await WsTestServer.start({ onHttpRequest: (request, response) => rest.handle(request, response) });
  try {
    await body(server.httpUrl);
  } finally {
    rest.stop();
    await server.close();
  }
}

describe('SimulatorRest over GET routes by path', () => {
  let server: WsTestServer;
  let rest: SimulatorRest;
  beforeEach(async () => {
    rest = new SimulatorRest({ '/v1/echo': (query) => [200, JSON.stringify(query), { 'X-Test': 'yes' }] });
    server = await WsTestServer.start({ onHttpRequest: (request, response) => rest.handle(request, response) });
  });
  afterEach(async () => {
    rest.stop();
    await server.close();
  });

  it('answers its routes from the query, 404 for other paths (including Object.prototype names), 405 for other methods, and logs every request', async () => {
    const ok = await fetch(`${server.httpUrl}/v1/echo?a=1&b=two`);
    expect([ok.status, ok.headers.get('x-test'), await ok.json()]).toEqual([200, 'yes', { a: '1', b: 'two' }]);
    expect((await fetch(`${server.httpUrl}/v1/other`)).status).toBe(404);
    expect((await fetch(`${server.httpUrl}/constructor`)).status).toBe(404);
    expect((await fetch(`${server.httpUrl}/v1/echo`, { method: 'POST', body: '{}' })).status).toBe(405);
    expect(rest.log.map((entry) => [entry.method, entry.path, entry.status])).toEqual([
      ['GET', '/v1/echo', 200],
      ['GET', '/v1/other', 404],
      ['GET', '/constructor', 404],
      ['POST', '/v1/echo', 405],
    ]);
    expect(rest.log[0]!.query).toEqual({ a: '1', b: 'two' });
    expect(rest.log[0]!.weight).toBeUndefined();
  });

  it('fails the next n requests to a route with the injected answer (built on receipt), then recovers; other paths are not failed', async () => {
    let built = 0;
    rest.failNext(() => [429, JSON.stringify({ built: ++built }), { 'Retry-After': '3' }], 2);
    const answers = [];
    for (const path of ['/v1/nope', '/v1/echo', '/v1/echo', '/v1/echo']) {
      const response = await fetch(`${server.httpUrl}${path}`);
      answers.push([response.status, response.headers.get('retry-after'), await response.text()]);
    }
    expect(answers).toEqual([
      [404, null, ''],
      [429, '3', '{"built":1}'],
      [429, '3', '{"built":2}'],
      [200, null, '{}'],
    ]);
  });

  it('failNext with a fixed answer, and times 0 cancels what is pending', async () => {
    rest.failNext([429, '{"code":"50011"}'], 2);
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await fetch(`${server.httpUrl}/v1/echo`)).status);
    rest.failNext([500, ''], 1);
    rest.failNext([500, ''], 0);
    statuses.push((await fetch(`${server.httpUrl}/v1/echo`)).status);
    expect(statuses).toEqual([429, 429, 200, 200]);
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

describe('SimulatorRest over a route function', () => {
  it('answers object or tuple replies, the venue 404 and content type, and by default fails any request', async () => {
    const rest = new SimulatorRest(
      (path, query, method) => (path === '/obj' ? { status: 200, body: `"${method}"` } : path === '/tuple' ? [201, JSON.stringify(query)] : undefined),
      [404, '{"error":"nope"}'],
      'application/json; charset=utf-8',
    );
    await serving(rest, async (url) => {
      const obj = await fetch(`${url}/obj`, { method: 'DELETE' });
      expect([obj.status, obj.headers.get('content-type'), await obj.text()]).toEqual([200, 'application/json; charset=utf-8', '"DELETE"']);
      const tuple = await fetch(`${url}/tuple?k=v`);
      expect([tuple.status, await tuple.text()]).toEqual([201, '{"k":"v"}']);
      const missing = await fetch(`${url}/missing`);
      expect([missing.status, await missing.text()]).toEqual([404, '{"error":"nope"}']);
      rest.failNext({ status: 503, body: 'down' });
      expect((await fetch(`${url}/missing`)).status).toBe(503);
    });
  });

  it('fails only what options.failable names', async () => {
    const rest = new SimulatorRest(getRoutes({ '/api/x': () => [200, '{}'] }), undefined, undefined, { failable: (path) => path.startsWith('/api/') });
    await serving(rest, async (url) => {
      rest.failNext([429, '']);
      expect((await fetch(`${url}/other`)).status).toBe(404);
      expect((await fetch(`${url}/api/x`)).status).toBe(429);
      expect((await fetch(`${url}/api/x`)).status).toBe(200);
    });
  });

  it('parses the query as the venue says (every value of a repeated parameter) and logs it so', async () => {
    const parseQuery = (params: URLSearchParams): Record<string, string[]> => {
      const query: Record<string, string[]> = {};
      for (const [key, value] of params.entries()) (query[key] ??= []).push(value);
      return query;
    };
    const rest = new SimulatorRest<Record<string, string[]>>((_path, query) => [200, JSON.stringify(query['id'])], undefined, undefined, { parseQuery });
    await serving(rest, async (url) => {
      expect(await (await fetch(`${url}/p?id=A&id=B`)).json()).toEqual(['A', 'B']);
      expect(rest.log[0]!.query).toEqual({ id: ['A', 'B'] });
    });
  });
});

describe('SimulatorRest request weight', () => {
  it('counts weight over the minute with the used-weight header, answers the venue limit past it (not counted), and logs each weight', async () => {
    const rest = new SimulatorRest((path) => (path.startsWith('/api/') ? [200, '{}'] : undefined), undefined, undefined, {
      weight: {
        perMinute: 10,
        weightOf: (path, query) => (path.startsWith('/api/') ? Number(query['w'] ?? 0) : undefined),
        overLimit: (retryAfterSeconds, perMinute) => [429, JSON.stringify({ perMinute }), { 'Retry-After': String(retryAfterSeconds) }],
        usedHeader: 'X-Used',
      },
    });
    await serving(rest, async (url) => {
      const seen = [];
      for (const path of ['/api/a?w=4', '/api/a?w=4', '/api/a?w=4', '/api/a?w=2', '/other']) {
        const response = await fetch(`${url}${path}`);
        seen.push([response.status, response.headers.get('x-used'), response.headers.get('retry-after')]);
      }
      expect(seen).toEqual([
        [200, '4', null],
        [200, '8', null],
        [429, '8', '60'],
        [200, '10', null],
        [404, null, null],
      ]);
      expect(rest.log.map((entry) => entry.weight)).toEqual([4, 4, 4, 2, 0]);
      expect(rest.usedWeight()).toBe(10);
    });
  });
});
