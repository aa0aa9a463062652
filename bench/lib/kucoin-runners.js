'use strict';
/**
 * The contenders of the KuCoin book-throughput benchmark (same interface as gateio-runners.js): the
 * JSON.parse floor and rxmarket's whole book path. ccxt and tardis-dev are not wired up for KuCoin
 * (their kucoin modules need a market table and a token/snapshot request of their own).
 *
 * @example
 * const instance = KUCOIN_RUNNERS.find((r) => r.id === 'rxmarket').create(dataset);
 */
const { Observable, of } = require('rxjs');
const { fromDist } = require('./dist');

const { createKucoinSession } = fromDist('exchanges/kucoin/kucoin-protocol');
const { KucoinRoutes } = fromDist('exchanges/kucoin/kucoin-routes');
const { KucoinBatchGroups } = fromDist('exchanges/kucoin/kucoin-requests');
const { KucoinBookSync } = fromDist('exchanges/kucoin/kucoin-book-sync');
const { parseLevels } = fromDist('exchanges/common/parse-levels');
const { OrderBook } = fromDist('book/order-book');
const { hiResScheduler } = fromDist('socket/hi-res-scheduler');

const RECEIVED_AT = 1_764_000_000_000.5;

/**
 * rxmarket's KuCoin book path minus the socket: `FrameSession.onFrame` (with `fastPath`: the
 * FrameScanner fast path over the exact frame layout; without: JSON.parse, inline checks, changes →
 * numbers in one pass), a sink routing by key like the hub's, `KucoinBookSync` (the REST
 * snapshot bridged on the first message, sequence checks, per-change sequence filter, the known
 * window, BookEvent), then `OrderBook.applyDelta` at the subscriber. The REST body is parsed once, up
 * front (not timed as I/O).
 */
function rxmarketKucoin(dataset, fastPath) {
  const routes = new KucoinRoutes();
  const key = routes.key('/market/level2', dataset.symbol, dataset.native);
  const session = createKucoinSession(routes, new KucoinBatchGroups(), fastPath);
  const data = JSON.parse(dataset.snapshotText).data;
  const snapshot = { sequence: Number(data.sequence), timestamp: data.time, bids: parseLevels(data.bids, (l) => l[0], (l) => l[1]), asks: parseLevels(data.asks, (l) => l[0], (l) => l[1]) };
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
    const sync = new KucoinBookSync(subscriber, context, {
      symbol: dataset.symbol,
      depth: 50,
      snapshotLimit: 100,
      fetchSnapshot: () => of(snapshot),
      maxBufferedUpdates: 10_000,
      retryDelay: 500,
      maxRetryDelay: 30_000,
      quietFetchAfter: 60_000,
    });
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
  name: 'rxmarket (sequences verified on every frame)',
  does: 'fast path (FrameScanner over the exact frame layout, no JSON.parse), changes → numbers, REST snapshot bridge, sequenceStart = previous sequenceEnd + 1, per-change sequence filter, known window, BookEvent, OrderBook.applyDelta',
  create: (dataset) => rxmarketKucoin(dataset, true),
};

const rxmarketValidated = {
  id: 'rxmarket-validated',
  name: 'rxmarket, validated path (fastPath: false)',
  does: 'as above, but every frame through JSON.parse and the inline checks (the path the fast path falls back to): the difference is the fast path\'s gain',
  create: (dataset) => rxmarketKucoin(dataset, false),
};

const floor = {
  id: 'floor',
  name: 'JSON.parse alone (floor)',
  does: 'JSON.parse of each frame and the snapshot; reads `data.sequenceEnd`; no book',
  create(dataset) {
    let sum = 0;
    return {
      start: () => {
        sum += Number(JSON.parse(dataset.snapshotText).data.sequence);
      },
      onFrame: (text) => {
        sum += JSON.parse(text).data.sequenceEnd;
      },
      top: () => undefined,
      problems: () => (sum > 0 ? [] : ['nothing parsed']),
      stop: () => undefined,
    };
  },
};

const KUCOIN_RUNNERS = [floor, rxmarket, rxmarketValidated];

module.exports = { KUCOIN_RUNNERS };
