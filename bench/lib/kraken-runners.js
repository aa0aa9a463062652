'use strict';
/**
 * The contenders of the Kraken WS v2 book-throughput benchmark (same interface as
 * binance-runners.js). tardis-dev 13 is absent: its Kraken mapper reads only the v1 (array) format.
 *
 * @example
 * const instance = KRAKEN_RUNNERS.find((r) => r.id === 'rxmarket-checksum').create(dataset);
 */
const { Observable } = require('rxjs');
const { fromDist } = require('./dist');
const { countRejections } = require('./ccxt-rejections');

const { krakenProtocol } = fromDist('exchanges/kraken/kraken-protocol');
const { KrakenRoutes } = fromDist('exchanges/kraken/kraken-routes');
const { KrakenRequestLog } = fromDist('exchanges/kraken/kraken-request-log');
const { KrakenBookSync } = fromDist('exchanges/kraken/kraken-book-sync');
const { KrakenChecksum } = fromDist('exchanges/kraken/kraken-checksum');
const { KrakenInstruments } = fromDist('exchanges/kraken/kraken-instruments');
const { OrderBook } = fromDist('book/order-book');
const { hiResScheduler } = fromDist('socket/hi-res-scheduler');

const RECEIVED_AT = 1_764_000_000_000.5;

/**
 * rxmarket's Kraken book path minus the socket: `FrameSession.onFrame` (JSON.parse, io-ts guard,
 * levels → numbers, RFC 3339 → epoch ms), a sink routing by key like the hub's, `KrakenBookSync`
 * (apply, truncate to the subscribed depth, CRC32 of the top 10 after every message, BookEvent
 * emission), then `OrderBook.applyDelta` at the subscriber.
 * `verify: false` replaces the checksum computation by a stub that returns the frame's own checksum:
 * everything else is identical, so the difference is the cost of verifying.
 */
function rxmarketKraken(dataset, verify) {
  const routes = new KrakenRoutes();
  routes.acquireBook(dataset.symbol, dataset.depth);
  const key = routes.bookKey(dataset.symbol);
  const session = krakenProtocol('ws://127.0.0.1:1', routes, new KrakenRequestLog()).createSession();
  const instruments = new KrakenInstruments();
  instruments.apply({ snapshot: true, pairs: [{ symbol: dataset.symbol, price_precision: dataset.precision.price, qty_precision: dataset.precision.qty }] });
  let frameChecksum = 0;
  const checksum = verify ? new KrakenChecksum() : { ofBook: () => frameChecksum };
  const problems = [];
  const listeners = new Map();
  const sink = {
    data(streamKey, payload) {
      const list = listeners.get(streamKey);
      if (!list) return;
      frameChecksum = payload.checksum;
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
    listeners.set(key, [new KrakenBookSync(subscriber, context, { symbol: dataset.symbol, depth: dataset.depth, instruments, checksum })]);
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

const rxmarketChecksum = {
  id: 'rxmarket-checksum',
  name: 'rxmarket (CRC32 verified on every frame)',
  does: 'JSON.parse, io-ts guard, levels → numbers, Date.parse of the timestamp, apply + truncate to depth, CRC32 of the top 10 a side, BookEvent, OrderBook.applyDelta',
  create: (dataset) => rxmarketKraken(dataset, true),
};

const rxmarketNoChecksum = {
  id: 'rxmarket-no-checksum',
  name: 'rxmarket, checksum computation stubbed out',
  does: 'as above, but the checksum is not computed (a stub returns the frame’s own value): the difference is the cost of verifying',
  create: (dataset) => rxmarketKraken(dataset, false),
};

const floor = {
  id: 'floor',
  name: 'JSON.parse alone (floor)',
  does: 'JSON.parse of each frame and the snapshot; reads `data[0].checksum`; no book',
  create(dataset) {
    let sum = 0;
    return {
      start: () => {
        sum += JSON.parse(dataset.snapshotText).data[0].checksum;
      },
      onFrame: (text) => {
        sum += JSON.parse(text).data[0].checksum;
      },
      top: () => undefined,
      problems: () => (sum > 0 ? [] : ['nothing parsed']),
      stop: () => undefined,
    };
  },
};

/** ccxt pro kraken on the v2 URL, fed through its own WsClient.onMessage (never connected). */
function ccxtKraken(dataset, checksum) {
  const ccxt = require('ccxt');
  const exchange = new ccxt.pro.kraken({ options: { watchOrderBook: { checksum } } });
  const client = exchange.client('wss://ws.kraken.com/v2');
  const thrown = countRejections(client);
  return {
    start: () => client.onMessage({ data: dataset.snapshotText }),
    onFrame: (text) => client.onMessage({ data: text }),
    top: (n) => {
      const book = exchange.orderbooks[dataset.symbol];
      if (!book) return { bids: [], asks: [] };
      return { bids: book.bids.slice(0, n).map(([p, q]) => [p, q]), asks: book.asks.slice(0, n).map(([p, q]) => [p, q]) };
    },
    problems: () => {
      const problems = [];
      if (!exchange.orderbooks[dataset.symbol]) problems.push('ccxt dropped the book (checksum error)');
      if (thrown.count > 0) problems.push(`${thrown.count} frames threw inside ccxt (first: ${thrown.first}); WsClient.onMessage swallowed them`);
      return problems;
    },
    stop: () => undefined,
  };
}

const ccxtDefault = {
  id: 'ccxt',
  name: 'ccxt 4 pro kraken (v2, default: checksum off)',
  does: 'WsClient.onMessage (regex + JSON.parse) → kraken.handleMessage → handleOrderBook: safeNumber per level, OrderBookSide.store, parse8601, orderbook.limit(); checksum disabled by default',
  create: (dataset) => ccxtKraken(dataset, false),
};

const ccxtWithChecksum = {
  id: 'ccxt-checksum',
  expectProblems: true,
  name: 'ccxt 4 pro kraken (v2, checksum: true)',
  does: 'as above with options.watchOrderBook.checksum = true: its formatNumber() expects a string but gets the stored number, so every frame throws a TypeError before any comparison (caught by WsClient.onMessage): nothing is verified',
  create: (dataset) => ccxtKraken(dataset, true),
};

const KRAKEN_RUNNERS = [floor, rxmarketChecksum, rxmarketNoChecksum, ccxtDefault, ccxtWithChecksum];

module.exports = { KRAKEN_RUNNERS };
