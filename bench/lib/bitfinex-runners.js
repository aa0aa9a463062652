'use strict';
/**
 * The contenders of the Bitfinex book-throughput benchmark (same interface as binance-runners.js):
 * the JSON.parse floor and rxmarket's whole book path. ccxt and tardis-dev are not wired up for
 * Bitfinex yet.
 *
 * @example
 * const instance = BITFINEX_RUNNERS.find((r) => r.id === 'rxmarket').create(dataset);
 */
const { Observable } = require('rxjs');
const { fromDist } = require('./dist');

const { BitfinexSession } = fromDist('exchanges/bitfinex/bitfinex-session');
const { BitfinexRoutes } = fromDist('exchanges/bitfinex/bitfinex-routes');
const { BitfinexBookSync } = fromDist('exchanges/bitfinex/bitfinex-book-sync');
const { OrderBook } = fromDist('book/order-book');
const { hiResScheduler } = fromDist('socket/hi-res-scheduler');

const RECEIVED_AT = 1_764_000_000_000.5;

/**
 * rxmarket's Bitfinex book path minus the socket: `FrameSession.onFrame` (the connection-wide
 * sequence check, the channel id lookup, with `fastPath` the single-pass fast decoder keeping each
 * number's text, without it the validated decoder: JSON.parse, io-ts, number texts by a regex),
 * a sink routing by key like the hub's, `BitfinexBookSync` (apply each level, hold it until the `cs`,
 * cut to 25 levels, CRC32 of the top 25 on the frames' texts, one BookEvent per iteration), then
 * `OrderBook.applyDelta` at the subscriber. The `subscribed` reply is handled in `start()`.
 */
function rxmarketBitfinex(dataset, fastPath) {
  const routes = new BitfinexRoutes();
  const key = routes.key('book', dataset.symbol, dataset.native, dataset.depth);
  const session = new BitfinexSession(routes, fastPath);
  const subscribed = JSON.stringify({ event: 'subscribed', channel: 'book', chanId: dataset.chanId, symbol: dataset.native, prec: 'P0', freq: 'F0', len: String(dataset.depth), pair: dataset.native.slice(1) });
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
    listeners.set(key, [new BitfinexBookSync(subscriber, context, { symbol: dataset.symbol, depth: dataset.depth })]);
    return () => listeners.delete(key);
  });
  const subscription = events$.subscribe({
    next: (event) => (event.type === 'snapshot' ? book.applySnapshot(event.bids, event.asks) : book.applyDelta(event.bids, event.asks)),
    error: (error) => problems.push(`error: ${error.message}`),
  });
  return {
    start: () => {
      session.controlMessage({ id: 1, subscribe: true, keys: [key] });
      session.onFrame(subscribed, RECEIVED_AT, sink);
    },
    onFrame: (text) => session.onFrame(text, RECEIVED_AT, sink),
    top: (n) => ({ bids: book.bids.top(n), asks: book.asks.top(n) }),
    problems: () => problems,
    stop: () => subscription.unsubscribe(),
  };
}

const rxmarket = {
  id: 'rxmarket',
  name: 'rxmarket (sequence and cs checksum verified)',
  does: 'sequence check, fast decode with number texts, apply, hold until cs, cut to 25, CRC32 of the top 25, BookEvent per iteration, OrderBook.applyDelta',
  create: (dataset) => rxmarketBitfinex(dataset, true),
};

const rxmarketValidated = {
  id: 'rxmarket-validated',
  name: 'rxmarket, validated path (fastPath: false)',
  does: 'as above, but every book frame through JSON.parse, the io-ts codec and the number texts read by a regular expression (the path the fast path falls back to): the difference is the fast path\'s gain',
  create: (dataset) => rxmarketBitfinex(dataset, false),
};

const floor = {
  id: 'floor',
  name: 'JSON.parse alone (floor)',
  does: 'JSON.parse of each message; reads its sequence number; no book',
  create(dataset) {
    let sum = 0;
    return {
      start: () => undefined,
      onFrame: (text) => {
        const message = JSON.parse(text);
        sum += message[message.length - 1];
      },
      top: () => undefined,
      problems: () => (sum > 0 ? [] : ['nothing parsed']),
      stop: () => undefined,
    };
  },
};

const BITFINEX_RUNNERS = [floor, rxmarket, rxmarketValidated];

module.exports = { BITFINEX_RUNNERS };
