'use strict';
/**
 * The contenders of the OKX v5 book-throughput benchmark (same interface as binance-runners.js):
 * the JSON.parse floor and rxmarket's whole book path. ccxt and tardis-dev are not measured here.
 *
 * @example
 * const instance = OKX_RUNNERS.find((r) => r.id === 'rxmarket').create(dataset);
 */
const { Observable } = require('rxjs');
const { fromDist } = require('./dist');

const { okxProtocol } = fromDist('exchanges/okx/okx-protocol');
const { OkxRoutes } = fromDist('exchanges/okx/okx-routes');
const { OkxRequestLog } = fromDist('exchanges/okx/okx-request-log');
const { OkxBookSync } = fromDist('exchanges/okx/okx-book-sync');
const { OkxSession } = fromDist('exchanges/okx/okx-session');
const { OrderBook } = fromDist('book/order-book');
const { hiResScheduler } = fromDist('socket/hi-res-scheduler');

const RECEIVED_AT = 1_764_000_000_000.5;

/**
 * rxmarket's OKX book path minus the socket: `FrameSession.onFrame` (the session the protocol creates:
 * the books fast path, `scanOkxBook`, a scan of the text without JSON.parse that keeps the level
 * strings; with `fastPath` false, JSON.parse, inline guards, levels → numbers in one validating pass), a sink routing by key like the hub's, `OkxBookSync` (the
 * `prevSeqId` chain, apply, CRC32 of the top 25 on the wire strings whenever `checksum` ≠ 0, BookEvent
 * emission), then `OrderBook.applyDelta` at the subscriber.
 */
function rxmarketOkx(dataset, fastPath = true) {
  const routes = new OkxRoutes();
  const key = routes.register('books', dataset.instId, dataset.symbol);
  const session = fastPath ? okxProtocol('ws://127.0.0.1:1', routes, new OkxRequestLog()).createSession() : new OkxSession(routes, new OkxRequestLog(), false);
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
  const settings = { symbol: dataset.symbol, fetchSnapshot: () => { throw new Error('no REST in the benchmark'); }, maxBufferedUpdates: 10_000, retryDelay: 500, socketSnapshots: true };
  const events$ = new Observable((subscriber) => {
    listeners.set(key, [new OkxBookSync(subscriber, context, settings)]);
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
  name: 'rxmarket (seqId chain; CRC32 verified when the frame has one)',
  does: 'books fast path (scanOkxBook: the text read once, no JSON.parse, level strings kept), prevSeqId = previous seqId, apply, CRC32 of the top 25 on the wire strings when checksum ≠ 0, BookEvent, OrderBook.applyDelta',
  create: (dataset) => rxmarketOkx(dataset, true),
};

const rxmarketValidated = {
  id: 'rxmarket-validated',
  name: 'rxmarket, fast path off (validated path)',
  does: 'JSON.parse, inline guards, levels → numbers in one validating pass, then the same chain, checksum and book as rxmarket',
  create: (dataset) => rxmarketOkx(dataset, false),
};

const floor = {
  id: 'floor',
  name: 'JSON.parse alone (floor)',
  does: 'JSON.parse of each frame and the snapshot; reads `data[0].seqId`; no book',
  create(dataset) {
    let sum = 0;
    return {
      start: () => {
        sum += JSON.parse(dataset.snapshotText).data[0].seqId;
      },
      onFrame: (text) => {
        sum += JSON.parse(text).data[0].seqId;
      },
      top: () => undefined,
      problems: () => (sum > 0 ? [] : ['nothing parsed']),
      stop: () => undefined,
    };
  },
};

const OKX_RUNNERS = [floor, rxmarket, rxmarketValidated];

module.exports = { OKX_RUNNERS };
