import type { FrameSink } from '../../../lib/exchanges/common/exchange-protocol';
import { deribitInstrument } from '../../../lib/exchanges/deribit/deribit-instruments';
import { DeribitSession, deribitProtocol } from '../../../lib/exchanges/deribit/deribit-protocol';
import { DeribitRoutes } from '../../../lib/exchanges/deribit/deribit-routes';
import { EXCHANGE_FACTORIES } from '../../../lib/exchanges/exchange-factories';
import { deribit } from '../../../lib/exchanges/deribit/deribit';
import { firstValueFrom } from 'rxjs';
import { DeribitSimulator } from '../../../lib/testing/deribit/deribit-simulator';

/** A sink recording every call, rejected keys included. */
function recordingSink() {
  const calls: unknown[][] = [];
  const sink: Required<FrameSink> = {
    data: (key, payload) => calls.push(['data', key, payload]),
    invalid: (message, _frame, key) => calls.push(['invalid', message, key]),
    exchangeError: (message) => calls.push(['exchangeError', message]),
    rejected: (requestId, keys, message) => calls.push(['rejected', requestId, keys, message]),
    gap: (message) => calls.push(['gap', message]),
    resubscribe: (keys) => (calls.push(['resubscribe', keys]), keys),
    reconnect: (reason) => calls.push(['reconnect', reason]),
    send: (text) => calls.push(['send', JSON.parse(text)]),
    ready: () => calls.push(['ready']),
  };
  return { calls, sink };
}

function setup() {
  const routes = new DeribitRoutes();
  const book = routes.register('book', 'BTC-PERPETUAL', 'BTC/USD:BTC').key;
  const ticker = routes.register('ticker', 'BTC-PERPETUAL', 'BTC/USD:BTC').key;
  const trades = routes.register('trade', 'BTC_USDC-PERPETUAL', 'BTC/USDC:USDC').key;
  const protocol = deribitProtocol('wss://www.deribit.com/ws/api/v2', routes, 10);
  const session = protocol.createSession() as DeribitSession;
  const { calls, sink } = recordingSink();
  const frame = (message: unknown): void => session.onFrame(typeof message === 'string' ? message : JSON.stringify(message), 7, sink);
  return { protocol, session, calls, sink, frame, keys: { book, ticker, trades } };
}

// The docs' and ccxt's examples of Deribit's messages (values as published).
const DOCS_SNAPSHOT = { type: 'snapshot', timestamp: 1655395057025, instrument_name: 'BTC-PERPETUAL', change_id: 1550694837, bids: [['new', 20987, 0.487], ['new', 20986, 0.238]], asks: [['new', 20999, 0.092], ['new', 21000, 1.238]] };
const DOCS_CHANGE = { type: 'change', timestamp: 1655395168086, prev_change_id: 1550694837, instrument_name: 'BTC-PERPETUAL', change_id: 1550724483, bids: [['new', 20977, 0.109], ['delete', 20986, 0]], asks: [] };
const DOCS_TICKER = {
  timestamp: 1623060194301, stats: { volume_usd: 284061480, volume: 7871.02139035, price_change: 0.7229, low: 35213.5, high: 36824.5 }, state: 'open', settlement_price: 36169.49,
  open_interest: 502097590, min_price: 35898.37, max_price: 36991.72, mark_price: 36446.51, last_price: 36457.5, instrument_name: 'BTC-PERPETUAL', index_price: 36441.64,
  funding_8h: 0.0000211, estimated_delivery_price: 36441.64, current_funding: 0, best_bid_price: 36442.5, best_bid_amount: 5000, best_ask_price: 36443, best_ask_amount: 100,
};
const DOCS_TRADE = { trade_seq: 501899, trade_id: 'USDC-2436803', timestamp: 1655397355998, tick_direction: 2, price: 21026, mark_price: 21019.9719, instrument_name: 'BTC_USDC-PERPETUAL', index_price: 21031.7847, direction: 'buy', amount: 0.049 };
const notify = (channel: string, data: unknown) => ({ jsonrpc: '2.0', method: 'subscription', params: { channel, data } });

describe('Deribit protocol and session', () => {
  it('subscribes with JSON-RPC requests of at most 100 channels, 3 a second per client, 500 channels a socket, and is in the factory registry', () => {
    const { protocol } = setup();
    expect(JSON.parse(protocol.subscribeMessage(['book.BTC-PERPETUAL.100ms', 'ticker.BTC-PERPETUAL.100ms'], 4))).toEqual({
      jsonrpc: '2.0',
      id: 4,
      method: 'public/subscribe',
      params: { channels: ['book.BTC-PERPETUAL.100ms', 'ticker.BTC-PERPETUAL.100ms'] },
    });
    expect(JSON.parse(protocol.unsubscribeMessage(['book.BTC-PERPETUAL.100ms'], 5)).method).toBe('public/unsubscribe');
    expect([protocol.maxKeysPerMessage, protocol.controlMessagesPerSecond, protocol.controlRateScope, protocol.maxStreamsPerConnection, protocol.appPing]).toEqual([100, 3, 'client', 500, undefined]);
    expect(protocol.subscribeMessage(Array.from({ length: 100 }, (_, i) => `trades.BTC_USDC-${i}DEC26.100ms`), 1_000_000).length).toBeLessThan(32_768);
    expect(EXCHANGE_FACTORIES.deribit).toBeDefined();
  });

  it('refuses a heartbeat interval Deribit would refuse when the client is created, and a bad book depth on its stream', async () => {
    expect(() => deribit({ heartbeatInterval: 5 })).toThrow(RangeError);
    expect(() => deribit({ heartbeatInterval: 10.5 })).toThrow(/integer number of seconds >= 10/);
    const sim = await DeribitSimulator.start({ symbols: ['BTC/USD:BTC'], autoStart: false });
    try {
      await expect(firstValueFrom(deribit({ wsUrl: sim.wsUrl, restUrl: sim.restUrl }).book('BTC/USD:BTC', { depth: 0 }))).rejects.toThrow(/deribit book depth must be a positive integer, got 0/);
      expect(sim.connectionCount).toBe(0);
    } finally {
      await sim.stop();
    }
  });

  it('asks for heartbeats on open and answers every test_request with public/test at once; periodic heartbeats need no answer', () => {
    const { session, calls, sink, frame } = setup();
    session.onOpen(sink);
    frame({ jsonrpc: '2.0', method: 'heartbeat', params: { type: 'heartbeat' } });
    frame({ jsonrpc: '2.0', method: 'heartbeat', params: { type: 'test_request' } });
    frame({ jsonrpc: '2.0', method: 'heartbeat', params: { type: 'test_request' } });
    frame({ jsonrpc: '2.0', id: 1_000_000_001, result: { version: '1.2.26' }, usIn: 1, usOut: 2, usDiff: 1, testnet: false });
    frame({ jsonrpc: '2.0', method: 'heartbeat', params: { type: 'surprise' } });
    expect(calls).toEqual([
      ['send', { jsonrpc: '2.0', id: 1_000_000_000, method: 'public/set_heartbeat', params: { interval: 10 } }],
      ['send', { jsonrpc: '2.0', id: 1_000_000_001, method: 'public/test', params: {} }],
      ['send', { jsonrpc: '2.0', id: 1_000_000_002, method: 'public/test', params: {} }],
      ['invalid', 'deribit: heartbeat of unknown type "surprise"', undefined],
    ]);
  });

  it('pairs replies with requests: channels missing from a subscribe reply are refused, an error refuses the request, too_many_requests does not', () => {
    const { session, calls, frame } = setup();
    session.onControlSent({ id: 1, subscribe: true, keys: ['book.BTC-PERPETUAL.100ms', 'ticker.BTC-PERPETUAL.100ms'] });
    session.onControlSent({ id: 2, subscribe: true, keys: ['trades.BTC_USDC-PERPETUAL.100ms'] });
    session.onControlSent({ id: 3, subscribe: true, keys: ['book.BTC-PERPETUAL.100ms'] });
    session.onControlSent({ id: 4, subscribe: false, keys: ['book.BTC-PERPETUAL.100ms'] });
    session.onControlSent({ id: 5, subscribe: true, keys: ['ticker.BTC-PERPETUAL.100ms'] });
    frame({ jsonrpc: '2.0', id: 1, result: ['book.BTC-PERPETUAL.100ms'], usIn: 1, usOut: 2, usDiff: 1, testnet: false });
    frame({ jsonrpc: '2.0', id: 2, error: { message: 'Invalid params', data: { reason: 'wrong format', param: 'channels' }, code: -32602 }, testnet: false });
    frame({ jsonrpc: '2.0', id: 3, error: { message: 'too_many_requests', code: 10028 } });
    frame({ jsonrpc: '2.0', id: 4, error: { message: 'Internal error', code: -32603 } });
    frame({ jsonrpc: '2.0', id: 5, result: 'ok' });
    frame({ jsonrpc: '2.0', error: { message: 'request entity too large', code: -32600 } });
    frame({ jsonrpc: '2.0', id: 1, result: [] }); // already answered: nothing left to refuse
    expect(calls).toEqual([
      ['rejected', undefined, ['ticker.BTC-PERPETUAL.100ms'], expect.stringMatching(/did not subscribe ticker\.BTC-PERPETUAL\.100ms/)],
      ['rejected', 2, ['trades.BTC_USDC-PERPETUAL.100ms'], 'deribit public/subscribe failed: -32602 Invalid params {"reason":"wrong format","param":"channels"}'],
      ['exchangeError', 'deribit public/subscribe failed: 10028 too_many_requests'],
      ['exchangeError', 'deribit public/unsubscribe failed: -32603 Internal error'],
      ['invalid', 'deribit: a public/subscribe reply whose result is not a list of channels', undefined],
      ['exchangeError', 'deribit request (no id) failed: -32600 request entity too large'],
    ]);
  });

  it('decodes the docs examples: book snapshot and change as sent, ticker into Ticker and DerivativeTicker, trades one by one with the taker side', () => {
    const { calls, frame, keys } = setup();
    frame(notify(keys.book, DOCS_SNAPSHOT));
    frame(notify(keys.book, DOCS_CHANGE));
    frame(notify(keys.ticker, DOCS_TICKER));
    frame(notify(keys.trades, [DOCS_TRADE, { ...DOCS_TRADE, trade_id: 'USDC-2436804', direction: 'sell' }]));
    expect(calls).toEqual([
      ['data', keys.book, { type: 'snapshot', changeId: 1550694837, prevChangeId: undefined, timestamp: 1655395057025, bids: DOCS_SNAPSHOT.bids, asks: DOCS_SNAPSHOT.asks }],
      ['data', keys.book, { type: 'change', changeId: 1550724483, prevChangeId: 1550694837, timestamp: 1655395168086, bids: DOCS_CHANGE.bids, asks: [] }],
      [
        'data',
        keys.ticker,
        {
          ticker: { type: 'ticker', exchange: 'deribit', symbol: 'BTC/USD:BTC', price: 36457.5, bid: 36442.5, bidSize: 5000, ask: 36443, askSize: 100, high24h: 36824.5, low24h: 35213.5, volume24h: 7871.02139035, change24h: 0.7229, timestamp: 1623060194301, localTimestamp: 7 },
          derivative: { type: 'derivative_ticker', exchange: 'deribit', symbol: 'BTC/USD:BTC', markPrice: 36446.51, indexPrice: 36441.64, lastPrice: 36457.5, fundingRate: 0, nextFundingTime: undefined, openInterest: 502097590, timestamp: 1623060194301, localTimestamp: 7 },
        },
      ],
      ['data', keys.trades, { type: 'trade', exchange: 'deribit', symbol: 'BTC/USDC:USDC', id: 'USDC-2436803', price: 21026, amount: 0.049, side: 'buy', timestamp: 1655397355998, localTimestamp: 7 }],
      ['data', keys.trades, expect.objectContaining({ id: 'USDC-2436804', side: 'sell' })],
    ]);
  });

  it('a ticker with nulls (no trade yet, an empty side) gives the derivative ticker only, with undefined for what is missing, never 0', () => {
    const { calls, frame, keys } = setup();
    frame(notify(keys.ticker, { ...DOCS_TICKER, last_price: null, best_bid_price: null, best_bid_amount: 0, stats: { volume: 0, price_change: null, low: null, high: null }, current_funding: undefined }));
    expect(calls).toEqual([['data', keys.ticker, { derivative: expect.objectContaining({ lastPrice: undefined, fundingRate: undefined, nextFundingTime: undefined, markPrice: 36446.51 }) }]]);
  });

  it('bad input never throws: broken JSON naming a channel, bad data and unknown frames become invalid outcomes; channels never asked for are ignored', () => {
    const { calls, frame, keys } = setup();
    frame(`{"jsonrpc":"2.0","method":"subscription","params":{"channel":"${keys.book}","data":{"type":"chan`);
    frame(notify(keys.book, { ...DOCS_CHANGE, prev_change_id: undefined }));
    frame(notify(keys.book, { ...DOCS_CHANGE, bids: [['remove', 1, 1]] }));
    frame(notify(keys.ticker, { ...DOCS_TICKER, mark_price: '36446.51' }));
    frame(notify(keys.trades, [{ ...DOCS_TRADE, price: -1 }, DOCS_TRADE]));
    frame(notify('book.ETH-PERPETUAL.100ms', DOCS_SNAPSHOT));
    frame({ jsonrpc: '2.0', method: 'subscription', params: {} });
    frame('[1,2]');
    frame({ hello: 'world' });
    const outcomes = calls.map(([kind, what, key]) => [kind, kind === 'invalid' ? key : what]);
    expect(outcomes).toEqual([
      ['invalid', keys.book],
      ['invalid', keys.book],
      ['invalid', keys.book],
      ['invalid', keys.ticker],
      ['invalid', keys.trades],
      ['data', keys.trades],
      ['invalid', undefined],
      ['invalid', undefined],
      ['invalid', undefined],
    ]);
    expect(calls[1]![1]).toMatch(/change lacks prev_change_id/);
  });

  it('maps get_instruments entries to unified symbols: inverse and linear perpetuals, dated futures by expiry (UTC), spot pairs; options are left out', () => {
    const perpetual = { instrument_name: 'BTC-PERPETUAL', kind: 'future', base_currency: 'BTC', quote_currency: 'USD', counter_currency: 'USD', settlement_currency: 'BTC', settlement_period: 'perpetual', is_active: true, tick_size: 0.5, min_trade_amount: 10, expiration_timestamp: 32503708800000 };
    expect(deribitInstrument(perpetual)).toEqual({
      exchange: 'deribit', symbol: 'BTC/USD:BTC', native: 'BTC-PERPETUAL', base: 'BTC', quote: 'USD', settle: 'BTC', type: 'perpetual', active: true, status: 'active', priceTick: 0.5, sizeStep: 10,
    });
    expect(deribitInstrument({ ...perpetual, instrument_name: 'BTC-27MAY22', settlement_period: 'month', expiration_timestamp: 1653638400000 })?.symbol).toBe('BTC/USD:BTC-220527');
    expect(deribitInstrument({ ...perpetual, instrument_name: 'BTC_USDC-PERPETUAL', quote_currency: 'USDC', counter_currency: 'USDC', settlement_currency: 'USDC', is_active: false })).toEqual(
      expect.objectContaining({ symbol: 'BTC/USDC:USDC', active: false, status: 'inactive' }),
    );
    expect(deribitInstrument({ instrument_name: 'BTC_USDC', kind: 'spot', base_currency: 'BTC', quote_currency: 'USDC', is_active: true, tick_size: 1, min_trade_amount: 0.0001 })?.symbol).toBe('BTC/USDC');
    expect(deribitInstrument({ ...perpetual, instrument_name: 'BTC-24JUN22-52000-P', kind: 'option', settlement_period: 'month' })).toBeUndefined();
  });
});
