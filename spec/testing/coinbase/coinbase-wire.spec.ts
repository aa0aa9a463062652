import { parseRfc3339 } from '../../../lib/exchanges/common/parse-rfc3339';
import { parseCoinbaseControl } from '../../../lib/testing/coinbase/coinbase-control';
import { coinbaseDecimal, coinbaseEventTime, coinbaseFrame, coinbaseTimestamp, heartbeatEvent } from '../../../lib/testing/coinbase/coinbase-wire';

describe('Coinbase wire formatting', () => {
  it('writes decimals like Coinbase: plain, no trailing zeros', () => {
    expect(coinbaseDecimal(65080, 2)).toBe('65080');
    expect(coinbaseDecimal(0.001546, 8)).toBe('0.001546');
    expect(coinbaseDecimal(0.00000011, 8)).toBe('0.00000011');
    expect(coinbaseDecimal(1919.5, 2)).toBe('1919.5');
    expect(coinbaseDecimal(0, 8)).toBe('0');
    expect(coinbaseDecimal(-1.25, 3)).toBe('-1.25');
  });

  it('writes timestamps with nanoseconds and event times with trimmed microseconds, read back by the client', () => {
    const at = Date.UTC(2026, 7, 9, 21, 5, 48, 228) + 0.568804;
    // nine digits as on the wire; a double holds an epoch time to about 0.25 µs
    expect(coinbaseTimestamp(at)).toMatch(/^2026-08-09T21:05:48\.228568\d{3}Z$/);
    expect(coinbaseTimestamp(Date.UTC(2026, 7, 9, 21, 5, 48, 5))).toBe('2026-08-09T21:05:48.005000000Z');
    expect(coinbaseEventTime(Date.UTC(2026, 7, 9, 21, 5, 48, 351) + 0.61)).toBe('2026-08-09T21:05:48.35161Z');
    expect(coinbaseEventTime(Date.UTC(2026, 7, 9, 21, 5, 48))).toBe('2026-08-09T21:05:48Z');
    expect(parseRfc3339(coinbaseTimestamp(at))).toBeCloseTo(at, 3);
    expect(heartbeatEvent(Date.UTC(2026, 7, 9, 21, 5, 48, 854), 41691.260485341, 41691)).toEqual({ current_time: '2026-08-09 21:05:48.854000000 +0000 UTC m=+41691.260485341', heartbeat_counter: 41691 });
  });

  it('builds the envelope in the capture key order', () => {
    expect(coinbaseFrame('ticker', '2026-08-09T21:05:48.229198328Z', 6, '[]')).toBe('{"channel":"ticker","timestamp":"2026-08-09T21:05:48.229198328Z","sequence_num":6,"events":[]}');
  });

  it('parses control messages: the capture form, heartbeats without products, and refusals', () => {
    expect(parseCoinbaseControl('{"type":"subscribe","product_ids":["BTC-USD","ETH-USD"],"channel":"heartbeats"}')).toEqual({ ok: true, request: { type: 'subscribe', channel: 'heartbeats', productIds: [] } });
    expect(parseCoinbaseControl('{"type":"unsubscribe","channel":"heartbeats"}')).toEqual({ ok: true, request: { type: 'unsubscribe', channel: 'heartbeats', productIds: [] } });
    expect(parseCoinbaseControl('{"type":"subscribe","product_ids":["BTC-USD"],"channel":"level2"}')).toEqual({ ok: true, request: { type: 'subscribe', channel: 'level2', productIds: ['BTC-USD'] } });
    expect(parseCoinbaseControl('{"type":"subscribe","channel":"level2"}')).toEqual({ ok: false, message: 'failure to subscribe' });
    expect(parseCoinbaseControl('{"type":"subscribe","product_ids":[1],"channel":"ticker"}')).toEqual({ ok: false, message: 'failure to subscribe' });
    expect(parseCoinbaseControl('{"type":"listen","channel":"ticker"}')).toEqual({ ok: false, message: 'failure to subscribe' });
    expect(parseCoinbaseControl('[]')).toEqual({ ok: false, message: 'failure to parse message' });
  });
});
