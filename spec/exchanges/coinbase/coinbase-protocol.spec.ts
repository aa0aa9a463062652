import { coinbaseProtocol } from '../../../lib/exchanges/coinbase/coinbase-protocol';
import { coinbaseProduct, HEARTBEATS_KEY, streamKey, unifiedSymbol } from '../../../lib/exchanges/coinbase/coinbase-symbols';
import { CoinbaseSession } from '../../../lib/exchanges/coinbase/coinbase-session';
import { COINBASE_CAPTURE, readCapture } from './support/capture';
import { itWithSharedCapture } from '../../support/real-data';

describe('coinbaseProtocol', () => {
  const protocol = coinbaseProtocol('wss://advanced-trade-ws.coinbase.com');

  itWithSharedCapture('writes (un)subscribe messages exactly like the real capture, one channel per message', COINBASE_CAPTURE, () => {
    const sent = readCapture().filter((r) => r.t === 'send').map((r) => r.data);
    const keys = ['BTC-USD', 'ETH-USD'].map((p) => streamKey('level2', p));
    expect(sent).toContain(protocol.subscribeMessage(keys, 1));
    expect(protocol.unsubscribeMessage(keys, 2)).toBe('{"type":"unsubscribe","product_ids":["BTC-USD","ETH-USD"],"channel":"level2"}');
    expect(protocol.subscribeMessage([HEARTBEATS_KEY], 3)).toBe('{"type":"subscribe","channel":"heartbeats"}');
    expect(protocol.groupOf('ticker:BTC-USD')).toBe('ticker');
    expect(protocol.groupOf(HEARTBEATS_KEY)).toBe('heartbeats');
    expect(protocol.groupOf('market_trades:ETH-USD')).not.toBe(protocol.groupOf('ticker:ETH-USD'));
  });

  it('keeps under Coinbase limits, uses WebSocket pings, a new session per socket', () => {
    expect(protocol.exchange).toBe('coinbase');
    expect(protocol.controlMessagesPerSecond).toBeLessThanOrEqual(8);
    expect(protocol.appPing).toBeUndefined();
    expect(protocol.createSession()).toBeInstanceOf(CoinbaseSession);
    expect(protocol.createSession()).not.toBe(protocol.createSession());
  });

  it('maps unified symbols to products and back', () => {
    expect(coinbaseProduct('BTC/USD')).toBe('BTC-USD');
    expect(unifiedSymbol('ETH-USD')).toBe('ETH/USD');
    expect(() => coinbaseProduct('BTC-USD')).toThrow(TypeError);
  });
});
