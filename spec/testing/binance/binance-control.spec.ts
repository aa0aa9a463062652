import { isValidStreamName, parseControlMessage } from '../../../lib/testing/binance/binance-control';

describe('parseControlMessage (Binance stream control)', () => {
  it('accepts SUBSCRIBE/UNSUBSCRIBE/LIST_SUBSCRIPTIONS with integer, string or null ids', () => {
    expect(parseControlMessage('{"method":"SUBSCRIBE","params":["btcusdt@depth@100ms","btcusdt@ticker"],"id":1}')).toEqual({
      ok: true,
      request: { method: 'SUBSCRIBE', params: ['btcusdt@depth@100ms', 'btcusdt@ticker'], id: 1 },
    });
    expect(parseControlMessage('{"method":"UNSUBSCRIBE","params":["btcusdt@depth"],"id":"abc123"}')).toMatchObject({
      ok: true,
      request: { method: 'UNSUBSCRIBE', id: 'abc123' },
    });
    expect(parseControlMessage('{"method":"LIST_SUBSCRIPTIONS","id":null}')).toEqual({
      ok: true,
      request: { method: 'LIST_SUBSCRIPTIONS', id: null },
    });
  });

  it('answers invalid JSON with code 3 and no id, like Binance', () => {
    expect(parseControlMessage('{"method":')).toEqual({
      ok: false,
      reply: '{"error":{"code":3,"msg":"Invalid JSON: expected value at line 1 column 1"}}',
    });
  });

  it('answers a missing or unknown method and a bad id with code 2 and id null', () => {
    expect(parseControlMessage('{"params":[],"id":1}')).toEqual({
      ok: false,
      reply: '{"error":{"code":2,"msg":"Invalid request: missing field `method`"},"id":null}',
    });
    const unknown = parseControlMessage('{"method":"SUBSCRIBEE","params":[],"id":1}');
    expect(unknown.ok).toBe(false);
    if (!unknown.ok) {
      const reply = JSON.parse(unknown.reply);
      expect(reply.id).toBeNull();
      expect(reply.error.code).toBe(2);
      expect(reply.error.msg).toBe(
        'Invalid request: unknown variant `SUBSCRIBEE`, expected one of `SUBSCRIBE`, `UNSUBSCRIBE`, `LIST_SUBSCRIPTIONS`, `SET_PROPERTY`, `GET_PROPERTY` at line 1 column 22',
      );
    }
    for (const id of ['{"x":1}', '1.5', '"has-dash"', '"' + 'a'.repeat(37) + '"']) {
      expect(parseControlMessage(`{"method":"LIST_SUBSCRIPTIONS","id":${id}}`)).toEqual({
        ok: false,
        reply: '{"error":{"code":2,"msg":"Invalid request: request ID must be an unsigned integer"},"id":null}',
      });
    }
    expect(parseControlMessage('{"method":"LIST_SUBSCRIPTIONS"}').ok).toBe(false);
  });

  it('refuses invalid stream names with "invalid stream", echoing the id', () => {
    for (const params of ['["BTCUSDT@ticker"]', '["btcusdt"]', '[1]', '"btcusdt@trade"']) {
      expect(parseControlMessage(`{"method":"SUBSCRIBE","params":${params},"id":7}`)).toEqual({
        ok: false,
        reply: '{"error":{"code":2,"msg":"Invalid request: invalid stream"},"id":7}',
      });
    }
  });

  it('knows valid stream names', () => {
    for (const name of ['btcusdt@depth@100ms', 'btcusdt@depth', 'ethusdt@kline_1m', 'solusdt@bookTicker', '!ticker@arr']) {
      expect(isValidStreamName(name)).toBe(true);
    }
    for (const name of ['', '@trade', 'btc usdt@trade', 'BTCUSDT@trade', 'btcusdt']) expect(isValidStreamName(name)).toBe(false);
  });
});
