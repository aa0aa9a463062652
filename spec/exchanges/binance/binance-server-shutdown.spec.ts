import { binanceProtocol } from '../../../lib/exchanges/binance/binance-protocol';
import { BinanceRoutes } from '../../../lib/exchanges/binance/binance-routes';
import { OutcomeSink } from '../../resilience/support/outcome-sink';

/** Binance's `serverShutdown` notice asks the client to move to a new socket; it is not an invalid frame. */
describe('Binance serverShutdown notice', () => {
  const routes = new BinanceRoutes();
  const protocol = binanceProtocol('ws://127.0.0.1:1', routes);
  routes.key('trade', 'BTC/USDT');

  const outcomes = (frame: unknown) => {
    const sink = new OutcomeSink();
    protocol.createSession().onFrame(JSON.stringify(frame), 1, sink);
    return sink.take();
  };

  it.each([
    ['the docs\' example, wrapped in "event"', { event: { e: 'serverShutdown', E: 1770123456789 } }],
    ['bare, as the other stream events', { e: 'serverShutdown', E: 1770123456789 }],
    ['as the data of a combined-stream frame', { stream: '!serverShutdown', data: { e: 'serverShutdown', E: 1770123456789 } }],
  ])('is recognized %s: the connection is asked to reconnect, nothing is reported as invalid', (_shape, frame) => {
    expect(outcomes(frame)).toEqual([{ kind: 'reconnect', reason: expect.stringMatching(/serverShutdown/) }]);
  });

  it('other event types with no stream are still invalid frames', () => {
    expect(outcomes({ event: { e: 'somethingElse', E: 1 } }).map((o) => o.kind)).toEqual(['invalid']);
  });
});
