'use strict';
/**
 * The contenders of the Deribit book-throughput benchmark (same interface as binance-runners.js).
 * tardis-dev and ccxt apply the levels without checking `prev_change_id` or the actions; rxmarket
 * verifies every link and every action against its book on every notification.
 *
 * @example
 * const instance = DERIBIT_RUNNERS.find((r) => r.id === 'rxmarket').create(dataset);
 */
const { Observable } = require('rxjs');
const { fromDist } = require('./dist');
const { countRejections } = require('./ccxt-rejections');

const { DeribitSession } = fromDist('exchanges/deribit/deribit-protocol');
const { DeribitRoutes } = fromDist('exchanges/deribit/deribit-routes');
const { DeribitBookSync } = fromDist('exchanges/deribit/deribit-book-sync');
const { OrderBook } = fromDist('book/order-book');
const { hiResScheduler } = fromDist('socket/hi-res-scheduler');

const RECEIVED_AT = 1_764_000_000_000.5;
const RECEIVED_DATE = new Date(RECEIVED_AT);

const side = (levels, n) => {
  const out = [];
  for (const level of levels) {
    if (out.length >= n) break;
    out.push(Array.isArray(level) ? [level[0], level[1]] : [level.price, level.amount]);
  }
  return out;
};

/**
 * rxmarket's Deribit book path minus the socket: `DeribitSession.onFrame` (with `fastPath`: the
 * FrameScanner fast path over the exact notification layout; without: JSON.parse, channel lookup,
 * the inline check of the `[action, price, amount]` levels), a sink routing by key
 * like the hub's, `DeribitBookSync` (prev_change_id link, each action checked against the book and
 * applied, BookEvent emission), then `OrderBook.applyDelta` at the subscriber.
 */
function rxmarketDeribit(dataset, fastPath) {
  const routes = new DeribitRoutes();
  const key = routes.register('book', dataset.native, dataset.symbol).key;
  const session = new DeribitSession(routes, 10, fastPath);
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
    listeners.set(key, [new DeribitBookSync(subscriber, context, dataset.symbol)]);
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
  name: 'rxmarket (prev_change_id and every action verified on every frame)',
  does: 'fast path (FrameScanner over the exact notification layout, no JSON.parse), prev_change_id link, new/change/delete checked against the book and applied, BookEvent, OrderBook.applyDelta',
  create: (dataset) => rxmarketDeribit(dataset, true),
};

const rxmarketValidated = {
  id: 'rxmarket-validated',
  name: 'rxmarket, validated path (fastPath: false)',
  does: 'as above, but every frame through JSON.parse and the inline checks of the level triples (the path the fast path falls back to): the difference is the fast path\'s gain',
  create: (dataset) => rxmarketDeribit(dataset, false),
};

const floor = {
  id: 'floor',
  name: 'JSON.parse alone (floor)',
  does: 'JSON.parse of each frame and the snapshot; reads `params.data.change_id`; no book',
  create(dataset) {
    let sum = 0;
    return {
      start: () => {
        sum += JSON.parse(dataset.snapshotText).params.data.change_id;
      },
      onFrame: (text) => {
        sum += JSON.parse(text).params.data.change_id;
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
  does: 'JSON.parse, deribitBookChangeMapper (levels → {price, amount}, a Date per frame), OrderBook.update (red-black trees); no change_id or action check',
  create(dataset) {
    const { normalizeBookChanges, OrderBook: TardisOrderBook } = require('tardis-dev');
    const mapper = normalizeBookChanges('deribit', RECEIVED_DATE);
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
  name: 'ccxt 4 pro deribit',
  does: 'WsClient.onMessage (JSON.parse) → deribit.handleMessage → handleOrderBook: storeArray per level (counted book); no change_id or action check',
  create(dataset) {
    const ccxtModule = require('ccxt');
    const exchange = new ccxtModule.pro.deribit({});
    const client = exchange.client('wss://www.deribit.com/ws/api/v2');
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

const DERIBIT_RUNNERS = [floor, rxmarket, rxmarketValidated, tardis, ccxt];

module.exports = { DERIBIT_RUNNERS };
