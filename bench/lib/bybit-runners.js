'use strict';
/**
 * The contenders of the Bybit v5 book-throughput benchmark (same interface as binance-runners.js).
 * tardis-dev and ccxt apply the deltas without checking `u`/`seq`; rxmarket verifies both, the
 * 50-level window and the crossed-book rule on every frame.
 *
 * @example
 * const instance = BYBIT_RUNNERS.find((r) => r.id === 'rxmarket').create(dataset);
 */
const { Observable } = require('rxjs');
const { fromDist } = require('./dist');
const { countRejections } = require('./ccxt-rejections');

const { bybitProtocol, BybitSession } = fromDist('exchanges/bybit/bybit-protocol');
const { BybitRoutes } = fromDist('exchanges/bybit/bybit-routes');
const { BybitBookSync } = fromDist('exchanges/bybit/bybit-book-sync');
const { OrderBook } = fromDist('book/order-book');
const { hiResScheduler } = fromDist('socket/hi-res-scheduler');

const RECEIVED_AT = 1_764_000_000_000.5;
const RECEIVED_DATE = new Date(RECEIVED_AT);
const LINEAR_URL = 'ws://127.0.0.1:1/v5/public/linear';

const side = (levels, n) => {
  const out = [];
  for (const level of levels) {
    if (out.length >= n) break;
    out.push(Array.isArray(level) ? [level[0], level[1]] : [level.price, level.amount]);
  }
  return out;
};

/**
 * rxmarket's Bybit book path minus the socket: `BybitSession.onFrame` (the session the protocol
 * creates: the book fast path, `scanBybitBook`, a scan of the text without JSON.parse; with
 * `fastPath` false, JSON.parse, the inline hot-path check and one validating pass over the levels), a
 * sink routing by key like the hub's, `BybitBookSync` (u + 1 and rising seq, apply, depth-window and
 * crossed-book checks, BookEvent emission), then `OrderBook.applyDelta` at the subscriber.
 */
function rxmarketBybit(dataset, fastPath = true) {
  const routes = new BybitRoutes();
  const key = routes.register('book', 'linear', dataset.native, dataset.symbol, dataset.depth).key;
  const session = fastPath ? bybitProtocol('ws://127.0.0.1:1', routes).createSession(LINEAR_URL) : new BybitSession('linear', routes, false);
  const problems = [];
  const listeners = new Map();
  const sink = {
    data(streamKey, payload) {
      const list = listeners.get(streamKey);
      if (!list) return;
      if (list.length === 1) list[0].data(payload, RECEIVED_AT);
      else for (const listener of [...list]) listener.data(payload, RECEIVED_AT);
    },
    invalid: (message) => problems.push(`invalid: ${message}`),
    exchangeError: (message) => problems.push(`exchange error: ${message}`),
    rejected: (_id, _keys, message) => problems.push(`rejected: ${message}`),
    gap: (message) => problems.push(`gap: ${message}`),
  };
  const context = {
    key,
    scheduler: hiResScheduler,
    raise: (event) => problems.push(`raised ${event.type}${event.reason ? ` (${event.reason})` : ''}${event.message ? `: ${event.message}` : ''}`),
    resubscribe: () => problems.push('resubscribe requested'),
  };
  const book = new OrderBook();
  const events$ = new Observable((subscriber) => {
    listeners.set(key, [new BybitBookSync(subscriber, context, { symbol: dataset.symbol, depth: dataset.depth })]);
    return () => listeners.delete(key);
  });
  const subscription = events$.subscribe({
    next: (event) => (event.type === 'snapshot' ? book.applySnapshot(event.bids, event.asks) : book.applyDelta(event.bids, event.asks)),
    error: (error) => problems.push(`error: ${error.message}`),
  });
  return {
    start: () => session.onFrame(dataset.snapshotText, RECEIVED_AT, sink),
    onFrame: (text) => session.onFrame(text, RECEIVED_AT, sink),
    top: (n) => ({ bids: book.bids.top(n), asks: book.asks.top(n) }),
    problems: () => problems,
    stop: () => subscription.unsubscribe(),
  };
}

const rxmarket = {
  id: 'rxmarket',
  name: 'rxmarket (u/seq, window and crossing verified on every frame)',
  does: 'book fast path (scanBybitBook: the text read once, no JSON.parse), u + 1 / seq / depth-window / crossed-book checks, BookEvent, OrderBook.applyDelta',
  create: (dataset) => rxmarketBybit(dataset, true),
};

const rxmarketValidated = {
  id: 'rxmarket-validated',
  name: 'rxmarket, fast path off (validated path)',
  does: 'JSON.parse, inline field checks + one validating level pass, then the same sync and book as rxmarket',
  create: (dataset) => rxmarketBybit(dataset, false),
};

const floor = {
  id: 'floor',
  name: 'JSON.parse alone (floor)',
  does: 'JSON.parse of each frame and the snapshot; reads `data.u`; no book',
  create(dataset) {
    let sum = 0;
    return {
      start: () => {
        sum += JSON.parse(dataset.snapshotText).data.u;
      },
      onFrame: (text) => {
        sum += JSON.parse(text).data.u;
      },
      top: () => undefined,
      problems: () => (sum > 0 ? [] : ['nothing parsed']),
      stop: () => undefined,
    };
  },
};

const tardis = {
  id: 'tardis',
  name: 'tardis-dev 13 (normalizeBookChanges + OrderBook)',
  does: 'JSON.parse, BybitV5BookChangeMapper (levels → {price, amount}, a Date per frame), OrderBook.update (red-black trees); no u/seq check',
  create(dataset) {
    const { normalizeBookChanges, OrderBook: TardisOrderBook } = require('tardis-dev');
    const mapper = normalizeBookChanges('bybit', RECEIVED_DATE);
    const book = new TardisOrderBook();
    const handle = (message) => {
      if (!mapper.canHandle(message)) return;
      for (const change of mapper.map(message, RECEIVED_DATE)) book.update(change);
    };
    return {
      start: () => handle(JSON.parse(dataset.snapshotText)),
      onFrame: (text) => handle(JSON.parse(text)),
      top: (n) => ({ bids: side(book.bids(), n), asks: side(book.asks(), n) }),
      problems: () => [],
      stop: () => undefined,
    };
  },
};

const ccxt = {
  id: 'ccxt',
  name: 'ccxt 4 pro bybit (linear URL)',
  does: 'WsClient.onMessage (JSON.parse) → bybit.handleMessage → handleOrderBook: parseOrderBook / storeArray per level; no u/seq check',
  create(dataset) {
    const ccxtModule = require('ccxt');
    const exchange = new ccxtModule.pro.bybit({});
    const client = exchange.client('wss://stream.bybit.com/v5/public/linear');
    const thrown = countRejections(client);
    const bookOf = () => Object.values(exchange.orderbooks)[0];
    return {
      start: () => client.onMessage({ data: dataset.snapshotText }),
      onFrame: (text) => client.onMessage({ data: text }),
      top: (n) => {
        const book = bookOf();
        return book ? { bids: side(book.bids, n), asks: side(book.asks, n) } : { bids: [], asks: [] };
      },
      problems: () => (thrown.count > 0 ? [`${thrown.count} frames threw inside ccxt (first: ${thrown.first})`] : []),
      stop: () => undefined,
    };
  },
};

const BYBIT_RUNNERS = [floor, rxmarket, rxmarketValidated, tardis, ccxt];

module.exports = { BYBIT_RUNNERS };
