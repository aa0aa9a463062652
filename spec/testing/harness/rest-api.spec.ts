import { SimulatedRestApi } from '../../../lib/testing/harness/rest-api';
import { WsTestServer } from '../../../lib/testing/harness/ws-test-server';

describe('SimulatedRestApi', () => {
  let server: WsTestServer;
  let rest: SimulatedRestApi;
  beforeEach(async () => {
    rest = new SimulatedRestApi({ '/echo': (query) => [200, JSON.stringify(query), { 'X-Echo': 'yes' }] });
    server = await WsTestServer.start({ onHttpRequest: (request, response) => rest.handle(request, response) });
  });
  afterEach(async () => {
    rest.stop();
    await server.close();
  });

  it('answers GET routes with their query, 404 for unknown paths, 405 for other methods, and logs every request', async () => {
    const ok = await fetch(`${server.httpUrl}/echo?a=1&b=two`);
    expect(ok.status).toBe(200);
    expect(ok.headers.get('x-echo')).toBe('yes');
    expect(await ok.json()).toEqual({ a: '1', b: 'two' });
    expect((await fetch(`${server.httpUrl}/nope`)).status).toBe(404);
    expect((await fetch(`${server.httpUrl}/echo`, { method: 'POST', body: '{}' })).status).toBe(405);
    expect(rest.log.map((e) => [e.method, e.path, e.status])).toEqual([
      ['GET', '/echo', 200],
      ['GET', '/nope', 404],
      ['POST', '/echo', 405],
    ]);
    expect(rest.log[0]!.query).toEqual({ a: '1', b: 'two' });
  });

  it('failNext: the next requests get the injected answer, then the route answers again', async () => {
    rest.failNext(2, [429, '{"code":"50011"}']);
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await fetch(`${server.httpUrl}/echo`)).status);
    expect(statuses).toEqual([429, 429, 200]);
  });
});
