'use strict';
/**
 * The contenders of the Binance book-throughput benchmark. Each is a factory `create(dataset)`
 * returning a fresh instance with:
 * - `start()`: load the REST snapshot (parse its text + build the book);
 * - `onFrame(text)`: handle one raw WebSocket frame (parse + normalize + apply to the book);
 * - `top(n)`: the instance's book, top `n` a side, as `[price, quantity]` (checked against the truth);
 * - `problems()`: anything that went wrong (errors, resyncs), empty when all is well.
 * `start()` and every `onFrame()` are timed; construction is not.
 *
 * @example
 * const instance = BINANCE_RUNNERS.find((r) => r.id === 'rxmarket').create(dataset);
 * instance.start();
 * for (const frame of dataset.frames) instance.onFrame(frame);
 * instance.top(10);
 */
const { Observable, defer, of } = require('rxjs');
const { fromDist } = require('./dist');
const { countRejections } = require('./ccxt-rejections');

const { binanceProtocol } = fromDist('exchanges/binance/binance-protocol');
const { BinanceRoutes } = fromDist('exchanges/binance/binance-routes');
const { BinanceBookSync } = fromDist('exchanges/binance/binance-book-sync');
const { BinanceDepthSnapshot } = fromDist('exchanges/binance/binance-codecs');
const { decodeOrExplain } = fromDist('exchanges/common/decode');
const { OrderBook } = fromDist('book/order-book');
const { orderBook } = fromDist('operators/order-book');
const { hiResScheduler } = fromDist('socket/hi-res-scheduler');

/** Receipt time handed to every implementation (a clock reading is the transport's job, not measured). */
const RECEIVED_AT = 1_764_000_000_000.5;
const RECEIVED_DATE = new Date(RECEIVED_AT);

/**
 * rxmarket's Binance book path, exactly as a live client runs it minus the socket: the adapter's
 * `FrameSession.onFrame` (JSON.parse, route lookup, io-ts guards, level parsing), a sink routing
 * by stream key like the hub's `Connection.createSink`, the `BinanceBookSync` listener (snapshot
 * procedure, `U = previous u + 1` check on every frame, `BookEvent` emission through an RxJS
 * Subscriber), then `consume(events$)`.
 */
function rxmarketPipeline(dataset, consume) {
  const routes = new BinanceRoutes();
  const key = routes.key('depth', dataset.symbol);
  const session = binanceProtocol('ws://127.0.0.1:1', routes).createSession();
  const listeners = new Map();
  const problems = [];
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
    resubscribe: () => undefined,
  };
  const settings = {
    symbol: dataset.symbol,
    // The REST body is parsed and decoded like fetchBinanceDepth does, minus the HTTP request.
    fetchSnapshot: () =>
      defer(() => {
        const snapshot = decodeOrExplain(BinanceDepthSnapshot, JSON.parse(dataset.snapshotText));
        if (typeof snapshot === 'string') throw new Error(snapshot);
        return of(snapshot);
      }),
    maxBufferedUpdates: 10_000,
    retryDelay: 500,
  };
  const events$ = new Observable((subscriber) => {
    listeners.set(key, [new BinanceBookSync(subscriber, context, settings)]);
    return () => listeners.delete(key);
  });
  const subscription = consume(events$, problems);
  return {
    // rxmarket fetches the snapshot when the first depth event arrives (Binance's procedure): nothing to do here.
    start: () => undefined,
    onFrame: (text) => session.onFrame(text, RECEIVED_AT, sink),
    problems: () => problems,
    stop: () => subscription.unsubscribe(),
  };
}

const rxmarketBook = {
  id: 'rxmarket',
  name: 'rxmarket',
  does: 'JSON.parse, io-ts guards, levels → numbers (validated), U/u sequence check on every frame, BookEvent via RxJS, OrderBook.applyDelta',
  create(dataset) {
    const book = new OrderBook();
    const pipeline = rxmarketPipeline(dataset, (events$, problems) =>
      events$.subscribe({
        next: (event) => (event.type === 'snapshot' ? book.applySnapshot(event.bids, event.asks) : book.applyDelta(event.bids, event.asks)),
        error: (error) => problems.push(`error: ${error.message}`),
      }),
    );
    return { ...pipeline, top: (n) => ({ bids: book.bids.top(n), asks: book.asks.top(n) }) };
  },
};

const rxmarketOrderBookOperator = {
  id: 'rxmarket-orderbook',
  name: 'rxmarket + orderBook({depth: 10})',
  does: 'as rxmarket, through the public `orderBook()` operator: also emits an immutable top-10 OrderBookState per frame',
  create(dataset) {
    let state;
    const pipeline = rxmarketPipeline(dataset, (events$, problems) =>
      events$.pipe(orderBook({ depth: 10 })).subscribe({
        next: (s) => (state = s),
        error: (error) => problems.push(`error: ${error.message}`),
      }),
    );
    return { ...pipeline, top: (n) => ({ bids: state.bids.slice(0, n), asks: state.asks.slice(0, n) }) };
  },
};

const floor = {
  id: 'floor',
  name: 'JSON.parse alone (floor)',
  does: 'JSON.parse of each frame and the snapshot; reads `data.u`; no book',
  create(dataset) {
    let checksum = 0;
    return {
      start: () => {
        checksum += JSON.parse(dataset.snapshotText).lastUpdateId;
      },
      onFrame: (text) => {
        checksum += JSON.parse(text).data.u;
      },
      top: () => undefined,
      problems: () => (checksum > 0 ? [] : ['nothing parsed']),
      stop: () => undefined,
    };
  },
};

const tardis = {
  id: 'tardis',
  name: 'tardis-dev 13 (normalizeBookChanges + OrderBook)',
  does: "JSON.parse, mapper.canHandle + map (levels → {price, amount}, a Date per frame), OrderBook.update (red-black trees); checks only the first update's overlap with the snapshot",
  create(dataset) {
    const { normalizeBookChanges, OrderBook: TardisOrderBook } = require('tardis-dev');
    const mapper = normalizeBookChanges('binance', RECEIVED_DATE);
    const book = new TardisOrderBook();
    const problems = [];
    const handle = (message) => {
      if (!mapper.canHandle(message)) return;
      for (const change of mapper.map(message, RECEIVED_DATE)) book.update(change);
    };
    const side = (levels, n) => {
      const out = [];
      for (const level of levels) {
        if (out.length >= n) break;
        out.push([level.price, level.amount]);
      }
      return out;
    };
    return {
      // As tardis-dev's real-time Binance feed injects it: `{stream: '<sym>@depthSnapshot', generated: true, data}`.
      start: () => handle({ stream: `${dataset.native.toLowerCase()}@depthSnapshot`, generated: true, data: JSON.parse(dataset.snapshotText) }),
      onFrame: (text) => handle(JSON.parse(text)),
      top: (n) => ({ bids: side(book.bids(), n), asks: side(book.asks(), n) }),
      problems: () => problems,
      stop: () => undefined,
    };
  },
};

/** A ccxt pro binance instance with BTC/USDT's market set by hand (no `loadMarkets()`, no network). */
function offlineCcxtBinance(dataset) {
  const ccxt = require('ccxt');
  const exchange = new ccxt.pro.binance({});
  const [base, quote] = dataset.symbol.split('/');
  exchange.setMarkets([
    {
      id: dataset.native,
      symbol: dataset.symbol,
      base,
      quote,
      baseId: base,
      quoteId: quote,
      type: 'spot',
      spot: true,
      margin: false,
      swap: false,
      future: false,
      option: false,
      contract: false,
      active: true,
      precision: { price: 0.01, amount: 0.00001 },
      limits: {},
    },
  ]);
  return exchange;
}

/** ccxt's own snapshot handling (fetchOrderBook → parseOrderBook, nonce = lastUpdateId, orderbook.reset). */
function ccxtLoadSnapshot(exchange, dataset) {
  const response = JSON.parse(dataset.snapshotText);
  const snapshot = exchange.parseOrderBook(response, dataset.symbol);
  snapshot.nonce = exchange.safeInteger(response, 'lastUpdateId');
  const book = exchange.orderBook({}, 1000); // watchOrderBook's default limit (options.watchOrderBookLimit)
  book.reset(snapshot);
  exchange.orderbooks[dataset.symbol] = book;
  return book;
}

const ccxtTop = (exchange, dataset, n) => {
  const book = exchange.orderbooks[dataset.symbol];
  if (!book) return { bids: [], asks: [] };
  return { bids: book.bids.slice(0, n).map(([p, q]) => [p, q]), asks: book.asks.slice(0, n).map(([p, q]) => [p, q]) };
};

const ccxtFull = {
  id: 'ccxt',
  name: 'ccxt 4 pro binance (full frame path)',
  does: 'WsClient.onMessage (regex guard for big ints + JSON.parse) → binance.handleMessage → handleOrderBook (U = nonce + 1 check) → handleOrderBookMessage → OrderBookSide.store (sorted arrays)',
  create(dataset) {
    const exchange = offlineCcxtBinance(dataset);
    const client = exchange.client('wss://stream.binance.com:9443/stream'); // never connected
    const thrown = countRejections(client);
    const problems = [];
    return {
      start: () => ccxtLoadSnapshot(exchange, dataset),
      onFrame: (text) => client.onMessage({ data: text }),
      top: (n) => ccxtTop(exchange, dataset, n),
      problems: () => {
        if (!exchange.orderbooks[dataset.symbol]) problems.push('ccxt dropped the book (sequence error)');
        if (thrown.count > 0) problems.push(`${thrown.count} frames threw inside ccxt (first: ${thrown.first})`);
        return problems;
      },
      stop: () => undefined,
    };
  },
};

const ccxtBookOnly = {
  id: 'ccxt-book',
  name: 'ccxt 4 book only (JSON.parse + handleOrderBookMessage)',
  does: 'JSON.parse, then handleOrderBookMessage directly: handleDelta → safeFloat → OrderBookSide.store; no dispatch, no sequence check',
  create(dataset) {
    const exchange = offlineCcxtBinance(dataset);
    const client = exchange.client('wss://stream.binance.com:9443/stream');
    let book;
    return {
      start: () => {
        book = ccxtLoadSnapshot(exchange, dataset);
      },
      onFrame: (text) => exchange.handleOrderBookMessage(client, JSON.parse(text).data, book),
      top: (n) => ccxtTop(exchange, dataset, n),
      problems: () => [],
      stop: () => undefined,
    };
  },
};

/** In table order; `floor` first. */
const BINANCE_RUNNERS = [floor, rxmarketBook, rxmarketOrderBookOperator, tardis, ccxtFull, ccxtBookOnly];

module.exports = { BINANCE_RUNNERS, rxmarketPipeline, RECEIVED_AT };
