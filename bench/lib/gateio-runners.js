'use strict';
/**
 * The contenders of the Gate.io book-throughput benchmark (same interface as binance-runners.js):
 * the JSON.parse floor and rxmarket's whole book path. ccxt and tardis-dev are not wired up for
 * Gate.io yet (their gate modules need a market table and a snapshot request of their own).
 *
 * @example
 * const instance = GATEIO_RUNNERS.find((r) => r.id === 'rxmarket').create(dataset);
 */
const { Observable, of } = require('rxjs');
const { fromDist } = require('./dist');

const { gateioProtocol, createGateioSession } = fromDist('exchanges/gateio/gateio-protocol');
const { GateioRoutes } = fromDist('exchanges/gateio/gateio-routes');
const { GateioBookSync } = fromDist('exchanges/gateio/gateio-book-sync');
const { OrderBook } = fromDist('book/order-book');
const { hiResScheduler } = fromDist('socket/hi-res-scheduler');

const RECEIVED_AT = 1_764_000_000_000.5;

/**
 * rxmarket's Gate.io book path minus the socket: `FrameSession.onFrame` (the session the protocol
 * creates: the book fast path, `scanGateioBook`, a scan of the text without JSON.parse; with `fastPath`
 * false, JSON.parse, inline checks, levels → numbers in one pass), a sink routing by key like the hub's, `GateioBookSync` (the REST
 * snapshot bridged on the first frame, `U`/`u` checks, apply + cut to 100 levels, BookEvent), then
 * `OrderBook.applyDelta` at the subscriber. The REST body is parsed once, up front (not timed as I/O).
 */
function rxmarketGateio(dataset, fastPath = true) {
  const routes = new GateioRoutes();
  const key = routes.key('spot.order_book_update', dataset.symbol, dataset.pair, '100ms');
  const session = fastPath ? gateioProtocol('ws://127.0.0.1:1/ws/v4/', routes, hiResScheduler).createSession() : createGateioSession(routes, false);
  const snapshot = JSON.parse(dataset.snapshotText);
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
    const sync = new GateioBookSync(subscriber, context, { symbol: dataset.symbol, depth: dataset.depth, fetchSnapshot: () => of(snapshot), maxBufferedUpdates: 10_000, retryDelay: 500, quietFetchAfter: 60_000 });
    listeners.set(key, [sync]);
    return () => listeners.delete(key);
  });
  const subscription = events$.subscribe({
    next: (event) => (event.type === 'snapshot' ? book.applySnapshot(event.bids, event.asks) : book.applyDelta(event.bids, event.asks)),
    error: (error) => problems.push(`error: ${error.message}`),
  });
  return {
    start: () => undefined, // the first frame starts the (synchronous) REST snapshot bridge
    onFrame: (text) => session.onFrame(text, RECEIVED_AT, sink),
    top: (n) => ({ bids: book.bids.top(n), asks: book.asks.top(n) }),
    problems: () => problems,
    stop: () => subscription.unsubscribe(),
  };
}

const rxmarket = {
  id: 'rxmarket',
  name: 'rxmarket (U/u verified on every frame)',
  does: 'book fast path (scanGateioBook: the text read once, no JSON.parse), REST snapshot bridge, U = previous u + 1, apply + cut to 100 levels, BookEvent, OrderBook.applyDelta',
  create: (dataset) => rxmarketGateio(dataset, true),
};

const rxmarketValidated = {
  id: 'rxmarket-validated',
  name: 'rxmarket, fast path off (validated path)',
  does: 'JSON.parse, inline checks, levels → numbers in one pass, then the same sync and book as rxmarket',
  create: (dataset) => rxmarketGateio(dataset, false),
};

const floor = {
  id: 'floor',
  name: 'JSON.parse alone (floor)',
  does: 'JSON.parse of each frame and the snapshot; reads `result.u`; no book',
  create(dataset) {
    let sum = 0;
    return {
      start: () => {
        sum += JSON.parse(dataset.snapshotText).id;
      },
      onFrame: (text) => {
        sum += JSON.parse(text).result.u;
      },
      top: () => undefined,
      problems: () => (sum > 0 ? [] : ['nothing parsed']),
      stop: () => undefined,
    };
  },
};

const GATEIO_RUNNERS = [floor, rxmarket, rxmarketValidated];

module.exports = { GATEIO_RUNNERS };
