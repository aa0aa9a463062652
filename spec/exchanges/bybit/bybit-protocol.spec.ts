import { bybit } from '../../../lib/exchanges/bybit/bybit';
import { bybitProtocol } from '../../../lib/exchanges/bybit/bybit-protocol';
import { exchangeFactory } from '../../../lib/exchanges/exchange-factories';
import { EXCHANGES } from '../../../lib/cli/exchanges/exchange-registry';
import { BybitRoutes } from '../../../lib/exchanges/bybit/bybit-routes';
import type { BybitTickerPayload } from '../../../lib/exchanges/bybit/bybit-tickers';
import { OutcomeSink } from '../../resilience/support/outcome-sink';

/** Every route of the tests, and a protocol on them. */
function setup() {
  const routes = new BybitRoutes();
  const book = routes.register('book', 'linear', 'BTCUSDT', 'BTC/USDT:USDT', 50);
  const spotBook = routes.register('book', 'spot', 'BTCUSDT', 'BTC/USDT', 50);
  const ticker = routes.register('ticker', 'linear', 'BTCUSDT', 'BTC/USDT:USDT');
  const spotTicker = routes.register('ticker', 'spot', 'BTCUSDT', 'BTC/USDT');
  const trade = routes.register('trade', 'spot', 'ETHUSDT', 'ETH/USDT');
  const protocol = bybitProtocol('wss://stream.bybit.com/', routes);
  const linear = protocol.createSession('wss://stream.bybit.com/v5/public/linear');
  const spot = protocol.createSession('wss://stream.bybit.com/v5/public/spot');
  const sink = new OutcomeSink();
  const feed = (session: typeof spot, message: unknown): ReturnType<OutcomeSink['take']> => {
    session.onFrame(typeof message === 'string' ? message : JSON.stringify(message), 7, sink);
    return sink.take();
  };
  return { routes, book, spotBook, ticker, spotTicker, trade, protocol, linear, spot, feed };
}

const LINEAR_SNAPSHOT = {
  topic: 'tickers.BTCUSDT',
  type: 'snapshot',
  data: {
    symbol: 'BTCUSDT',
    tickDirection: 'ZeroPlusTick',
    price24hPcnt: '0.001375',
    lastPrice: '64201.40',
    highPrice24h: '64370.10',
    lowPrice24h: '63790.20',
    markPrice: '64204.55',
    indexPrice: '64224.87',
    openInterest: '51234.567',
    volume24h: '16543.2100',
    nextFundingTime: '1790006400000',
    fundingRate: '0.0001',
    bid1Price: '64201.30',
    bid1Size: '4.321',
    ask1Price: '64201.40',
    ask1Size: '9.870',
    preOpenPrice: '',
  },
  cs: 512345678901,
  ts: 1790000000583,
};

describe('bybitProtocol', () => {
  it('routes each key to its category endpoint, writes requests with a string req_id and topics only, pings with {"op":"ping"}', () => {
    const { protocol, book, spotBook } = setup();
    expect(protocol.urlOf?.(book.key)).toBe('wss://stream.bybit.com/v5/public/linear');
    expect(protocol.urlOf?.(spotBook.key)).toBe('wss://stream.bybit.com/v5/public/spot');
    expect(protocol.subscribeMessage([spotBook.key, 'spot:tickers.BTCUSDT'], 12)).toBe('{"req_id":"12","op":"subscribe","args":["orderbook.50.BTCUSDT","tickers.BTCUSDT"]}');
    expect(protocol.unsubscribeMessage([book.key], 13)).toBe('{"req_id":"13","op":"unsubscribe","args":["orderbook.50.BTCUSDT"]}');
    expect(protocol.appPing?.()).toBe('{"op":"ping"}');
    expect(protocol.maxKeysPerMessage).toBe(10);
  });

  it('is registered: the factory registry and the CLI know "bybit"', () => {
    expect(exchangeFactory('bybit')).toBe(bybit);
    expect(EXCHANGES.map((entry) => entry.id)).toContain('bybit');
  });
});

describe('BybitSession', () => {
  it('routes a topic by the category of its socket: the same topic on spot and linear reaches two different streams', () => {
    const { linear, spot, feed, book, spotBook } = setup();
    const frame = { topic: 'orderbook.50.BTCUSDT', type: 'snapshot', ts: 1, data: { s: 'BTCUSDT', b: [['100.5', '1']], a: [], u: 1, seq: 2 } };
    expect(feed(linear, frame)).toEqual([{ kind: 'data', key: book.key, payload: { type: 'snapshot', bids: [[100.5, 1]], asks: [], updateId: 1, sequence: 2, timestamp: 1 } }]);
    expect(feed(spot, frame)).toEqual([expect.objectContaining({ kind: 'data', key: spotBook.key })]);
    expect(feed(spot, { ...frame, topic: 'orderbook.200.BTCUSDT' })).toEqual([]); // never requested
  });

  it('acks and pongs (either shape) change nothing', () => {
    const { linear, spot, feed } = setup();
    expect(feed(spot, { success: true, ret_msg: 'subscribe', conn_id: 'c1a2b3c4d5e6f7g8h9i0-spot1', op: 'subscribe' })).toEqual([]);
    expect(feed(linear, { success: true, ret_msg: '', conn_id: 'c0z9y8x7w6v5u4t3s2r1-lin01', req_id: '', op: 'subscribe' })).toEqual([]);
    expect(feed(linear, { success: true, ret_msg: 'pong', conn_id: 'x', req_id: '', op: 'ping' })).toEqual([]);
    expect(feed(linear, { args: ['1672916271846'], op: 'pong' })).toEqual([]);
  });

  it('a refusal naming its topic rejects that stream; one naming none rejects its request; "already subscribed" is only reported', () => {
    const { spot, feed, trade } = setup();
    const calls: unknown[] = [];
    const sink = new OutcomeSink();
    sink.rejected = (requestId, keys, message) => void calls.push({ requestId, keys, message });
    spot.onFrame(JSON.stringify({ success: false, ret_msg: 'error:handler not found,topic:publicTrade.ETHUSDT', conn_id: 'c', req_id: '4', op: 'subscribe' }), 1, sink);
    spot.onFrame(JSON.stringify({ success: false, ret_msg: 'args size >10', conn_id: 'c', req_id: '5', op: 'subscribe' }), 1, sink);
    expect(calls).toEqual([
      { requestId: undefined, keys: [trade.key], message: 'bybit subscribe failed: error:handler not found,topic:publicTrade.ETHUSDT' },
      { requestId: 5, keys: undefined, message: 'bybit subscribe failed: args size >10' },
    ]);
    expect(feed(spot, { success: false, ret_msg: 'error:already subscribed,topic:publicTrade.ETHUSDT', conn_id: 'c', req_id: '6', op: 'subscribe' })).toEqual([
      { kind: 'exchangeError', message: 'bybit subscribe failed: error:already subscribed,topic:publicTrade.ETHUSDT' },
    ]);
    expect(feed(spot, { success: false, ret_msg: 'error:invalid op', conn_id: 'c', op: 'nope' })).toEqual([{ kind: 'exchangeError', message: 'bybit nope failed: error:invalid op' }]);
  });

  it('a broken frame is invalid, for the stream its text names when it names one', () => {
    const { spot, feed, spotBook } = setup();
    expect(feed(spot, '{"topic":"orderbook.50.BTCUSDT","type":"delta","data":{"b":[["1')).toEqual([{ kind: 'invalid', message: 'bybit: frame is not valid JSON', key: spotBook.key }]);
    expect(feed(spot, '[1,2]')).toEqual([{ kind: 'invalid', message: 'bybit: frame is not a JSON object' }]);
    expect(feed(spot, { hello: 'world' })).toEqual([{ kind: 'invalid', message: 'bybit: unexpected frame (neither a topic message nor a reply)' }]);
    const [outcome] = feed(spot, { topic: 'orderbook.50.BTCUSDT', type: 'delta', ts: 1, data: { s: 'BTCUSDT', b: [['x', '1']], a: [], u: 2, seq: 3 } });
    expect(outcome).toEqual({ kind: 'invalid', message: 'bybit: book level is not a valid number pair', key: spotBook.key });
  });

  it('merges linear tickers: the snapshot gives a Ticker and a DerivativeTicker, a delta overwrites only its fields; a delta without a snapshot is dropped', () => {
    const { linear, feed, ticker } = setup();
    expect(feed(linear, { topic: 'tickers.BTCUSDT', type: 'delta', data: { symbol: 'BTCUSDT', bid1Price: '1' }, cs: 1, ts: 1 })).toEqual([]);
    const [first] = feed(linear, LINEAR_SNAPSHOT);
    const payload = (first as { payload: BybitTickerPayload }).payload;
    expect(first).toEqual(expect.objectContaining({ kind: 'data', key: ticker.key }));
    expect(payload.ticker).toEqual({
      type: 'ticker', exchange: 'bybit', symbol: 'BTC/USDT:USDT', price: 64201.4, bid: 64201.3, bidSize: 4.321, ask: 64201.4, askSize: 9.87,
      high24h: 64370.1, low24h: 63790.2, volume24h: 16543.21, change24h: 0.1375, timestamp: 1790000000583, localTimestamp: 7,
    });
    expect(payload.derivative).toEqual({
      type: 'derivative_ticker', exchange: 'bybit', symbol: 'BTC/USDT:USDT', markPrice: 64204.55, indexPrice: 64224.87, lastPrice: 64201.4,
      fundingRate: 0.0001, nextFundingTime: 1790006400000, openInterest: 51234.567, timestamp: 1790000000583, localTimestamp: 7,
    });
    const [second] = feed(linear, { topic: 'tickers.BTCUSDT', type: 'delta', data: { symbol: 'BTCUSDT', fundingRate: '-0.00015', bid1Size: '5.432' }, cs: 2, ts: 1790000000683 });
    const merged = (second as { payload: BybitTickerPayload }).payload;
    expect([merged.derivative?.fundingRate, merged.derivative?.markPrice, merged.ticker?.bidSize, merged.ticker?.ask]).toEqual([-0.00015, 64204.55, 5.432, 64201.4]);
  });

  it('a linear snapshot without the fields a Ticker needs gives only the DerivativeTicker, with undefined (never 0) for what Bybit did not send', () => {
    const { linear, feed } = setup();
    const [outcome] = feed(linear, { topic: 'tickers.BTCUSDT', type: 'snapshot', data: { symbol: 'BTCUSDT', markPrice: '64204.55', fundingRate: '' }, cs: 1, ts: 5 });
    const payload = (outcome as { payload: BybitTickerPayload }).payload;
    expect(payload.ticker).toBeUndefined();
    expect(payload.derivative).toEqual(expect.objectContaining({ markPrice: 64204.55, fundingRate: undefined, indexPrice: undefined, openInterest: undefined, nextFundingTime: undefined }));
  });

  it('a ticker field that is not a number makes the frame invalid and drops the merged state (the stream resubscribes for a snapshot)', () => {
    const { linear, feed, ticker } = setup();
    feed(linear, LINEAR_SNAPSHOT);
    expect(feed(linear, { topic: 'tickers.BTCUSDT', type: 'delta', data: { symbol: 'BTCUSDT', markPrice: 'abc' }, cs: 2, ts: 2 })).toEqual([
      { kind: 'invalid', message: 'bybit: a linear ticker field is not a number', key: ticker.key },
    ]);
    expect(feed(linear, { topic: 'tickers.BTCUSDT', type: 'delta', data: { symbol: 'BTCUSDT', bid1Price: '1' }, cs: 3, ts: 3 })).toEqual([]);
  });

  it('spot tickers are statistics without best bid/ask; trades become one Trade each with the taker side', () => {
    const { spot, feed, spotTicker, trade } = setup();
    const stats = { symbol: 'BTCUSDT', lastPrice: '64230.6', highPrice24h: '64390.2', lowPrice24h: '63815.1', prevPrice24h: '64120.8', volume24h: '2871.512345', turnover24h: '1', price24hPcnt: '-0.0015', usdIndexPrice: '64180.123456' };
    expect(feed(spot, { topic: 'tickers.BTCUSDT', ts: 9, type: 'snapshot', cs: 1, data: stats })).toEqual([
      { kind: 'data', key: spotTicker.key, payload: { stats: { price: 64230.6, high24h: 64390.2, low24h: 63815.1, volume24h: 2871.512345, change24h: -0.15, timestamp: 9, localTimestamp: 7 } } },
    ]);
    const trades = feed(spot, {
      topic: 'publicTrade.ETHUSDT', ts: 10, type: 'snapshot',
      data: [
        { i: '1900000000123456789', T: 1790000004917, p: '1890.55', v: '0.03311', S: 'Sell', seq: 99887766554, s: 'ETHUSDT', BT: false, RPI: false },
        { i: '1900000000123456790', T: 1790000004918, p: '-1', v: '0.1', S: 'Buy', seq: 99887766555, s: 'ETHUSDT', BT: false, RPI: false },
      ],
    });
    expect(trades).toEqual([
      { kind: 'data', key: trade.key, payload: { type: 'trade', exchange: 'bybit', symbol: 'ETH/USDT', id: '1900000000123456789', price: 1890.55, amount: 0.03311, side: 'sell', timestamp: 1790000004917, localTimestamp: 7 } },
      { kind: 'invalid', message: 'bybit: trade price or size is not a valid number', key: trade.key },
    ]);
  });
});
