import fc from 'fast-check';
import { decodeBybitBook, decodeBybitBookValidated } from '../../lib/exchanges/bybit/bybit-book-decode';
import { BybitBookSync } from '../../lib/exchanges/bybit/bybit-book-sync';
import { bybitProtocol } from '../../lib/exchanges/bybit/bybit-protocol';
import { BybitRoutes } from '../../lib/exchanges/bybit/bybit-routes';
import { bookWindowDelta } from '../../lib/testing/harness/book-window';
import { marketSpecFor } from '../../lib/testing/harness/market-spec';
import { SimulatedMarket } from '../../lib/testing/harness/simulated-market';
import { type BybitNumberFormat, bookMessage, replyMessage, tickerMessage, tradeMessage } from '../../lib/testing/bybit/bybit-wire';
import { framesOf, readBybitCapture, CAPTURE_CONNECTIONS, BYBIT_CAPTURE } from '../exchanges/bybit/support/bybit-capture';
import { itWithSharedCapture } from '../support/real-data';
import { BookPipeline, type PipelineInput } from './support/book-pipeline';
import { expectFramesHandled, finite, jsonObject } from './support/frame-property';
import { applyMutations, hostileFrame, levelsValid, type Mutation, mutations } from './support/hostile-frames';

const SYMBOL = 'BTC/USDT:USDT';
const DEPTH = 20;
const NOW = 1_700_000_000_000;
const URL_LINEAR = 'ws://127.0.0.1:1/v5/public/linear';
const FORMAT: BybitNumberFormat = { category: 'linear', priceDecimals: 2, quantityDecimals: 3 };

function routed(): { readonly routes: BybitRoutes; readonly protocol: ReturnType<typeof bybitProtocol>; readonly book: string } {
  const routes = new BybitRoutes();
  const book = routes.register('book', 'linear', 'BTCUSDT', SYMBOL, DEPTH).key;
  routes.register('ticker', 'linear', 'BTCUSDT', SYMBOL);
  routes.register('trade', 'linear', 'BTCUSDT', SYMBOL);
  return { routes, protocol: bybitProtocol('ws://127.0.0.1:1', routes), book };
}
const { protocol, book: BOOK } = routed();

// Templates in the simulator's wire format (taken from Bybit's docs and the capture's shapes).
const market = new SimulatedMarket(marketSpecFor(SYMBOL, { initialPrice: 65_000, tickSize: 0.1, quantityDecimals: 3 }), { seed: 4, levels: DEPTH, now: () => NOW });
let trade = market.step().trades[0];
while (!trade) trade = market.step().trades[0];
const image = market.truth(DEPTH);
const BOOK_SNAPSHOT = JSON.parse(bookMessage({ topic: `orderbook.${DEPTH}.BTCUSDT`, type: 'snapshot', native: 'BTCUSDT', bids: image.bids.slice(0, 3), asks: image.asks.slice(0, 3), u: 100, seq: 5000, ts: NOW }, FORMAT));
const BOOK_DELTA = JSON.parse(bookMessage({ topic: `orderbook.${DEPTH}.BTCUSDT`, type: 'delta', native: 'BTCUSDT', bids: [[image.bids[0]![0], 0]], asks: [[image.asks[0]![0], 1.5]], u: 101, seq: 5001, ts: NOW }, FORMAT));
const TEMPLATES = [
  BOOK_SNAPSHOT,
  BOOK_DELTA,
  JSON.parse(tickerMessage('linear', 'tickers.BTCUSDT', 'snapshot', { symbol: 'BTCUSDT', lastPrice: '65000.10', markPrice: '65000.20', indexPrice: '65001.00', fundingRate: '0.0001', nextFundingTime: '1700006400000', openInterest: '123.456', bid1Price: '65000.00', bid1Size: '1.000', ask1Price: '65000.10', ask1Size: '2.000', highPrice24h: '66000.00', lowPrice24h: '64000.00', volume24h: '1000.000', price24hPcnt: '0.001234' }, 1, NOW)),
  JSON.parse(tickerMessage('linear', 'tickers.BTCUSDT', 'delta', { symbol: 'BTCUSDT', markPrice: '65000.30' }, 2, NOW)),
  JSON.parse(tradeMessage('publicTrade.BTCUSDT', 'BTCUSDT', [trade], FORMAT, 5002, NOW)),
  JSON.parse(replyMessage('linear', true, 'pong', 'c1', undefined, 'ping')),
  JSON.parse(replyMessage('linear', false, 'error:handler not found,topic:publicTrade.BTCUSDT', 'c1', '3', 'subscribe')),
];

function isValidPayload(key: string, payload: any): boolean {
  if (key === BOOK) return ['snapshot', 'delta'].includes(payload.type) && levelsValid(payload.bids, payload.asks) && Number.isSafeInteger(payload.updateId) && Number.isSafeInteger(payload.sequence) && finite(payload.timestamp);
  if (key.includes('tickers.')) {
    const { derivative, ticker } = payload;
    const optional = (value: unknown): boolean => value === undefined || finite(value);
    const derivativeOk = derivative === undefined || (derivative.type === 'derivative_ticker' && [derivative.markPrice, derivative.indexPrice, derivative.lastPrice, derivative.fundingRate, derivative.nextFundingTime, derivative.openInterest].every(optional) && finite(derivative.timestamp));
    const tickerOk = ticker === undefined || (ticker.type === 'ticker' && finite(ticker.price, ticker.bid, ticker.ask, ticker.bidSize, ticker.askSize, ticker.high24h, ticker.low24h, ticker.volume24h, ticker.change24h, ticker.timestamp));
    return derivativeOk && tickerOk && (derivative !== undefined || ticker !== undefined);
  }
  if (key.includes('publicTrade.')) return payload.type === 'trade' && payload.price > 0 && payload.amount >= 0 && finite(payload.price, payload.amount, payload.timestamp) && ['buy', 'sell'].includes(payload.side) && typeof payload.id === 'string';
  return false;
}

/** Silence is allowed for acks and pongs, topics this client never asked for, and ticker deltas with no snapshot to merge into. */
function mayBeIgnored(frame: string): boolean {
  const message = jsonObject(frame);
  if (!message) return false;
  const topic = message['topic'];
  if (typeof topic !== 'string') return typeof message['op'] === 'string' && message['success'] !== false;
  if (!['orderbook.20.BTCUSDT', 'tickers.BTCUSDT', 'publicTrade.BTCUSDT'].includes(topic)) return true;
  return topic === 'tickers.BTCUSDT' ? message['type'] === 'delta' : topic === 'publicTrade.BTCUSDT' && Array.isArray(message['data']) && message['data'].length === 0;
}

describe('Bybit decoder and book under hostile input (fast-check)', () => {
  it('never throws; every frame becomes a valid normalized value or an error outcome', () => {
    expectFramesHandled(() => protocol.createSession(URL_LINEAR), hostileFrame(TEMPLATES), { isValidPayload, mayBeIgnored }, 3000);
  });

  it('the inline hot path of book frames accepts exactly what the io-ts codec path accepts, with the same result', () => {
    let accepted = 0;
    fc.assert(
      fc.property(hostileFrame([BOOK_SNAPSHOT, BOOK_DELTA]), (frame) => {
        const message = jsonObject(frame);
        if (message === undefined) return;
        const fast = decodeBybitBook(message);
        const validated = decodeBybitBookValidated(message);
        if (typeof validated === 'string') expect(typeof fast).toBe('string');
        else {
          accepted++;
          expect(fast).toEqual(validated);
        }
      }),
      { numRuns: 4000, seed: 11 },
    );
    expect(accepted).toBeGreaterThan(200); // both paths exercised on valid frames, not only on refusals
  });

  itWithSharedCapture('the hot path and the codec path agree on every real book frame of the capture', BYBIT_CAPTURE, () => {
    const records = readBybitCapture();
    const books = [...framesOf(records, CAPTURE_CONNECTIONS.linear), ...framesOf(records, CAPTURE_CONNECTIONS.spot)].filter((f) => f.includes('"topic":"orderbook.'));
    expect(books).toHaveLength(6 + 2142);
    for (const text of books) {
      const message = JSON.parse(text);
      const fast = decodeBybitBook(message);
      expect(typeof fast).not.toBe('string');
      expect(fast).toEqual(decodeBybitBookValidated(message));
    }
  });

  it('the verified book never emits an invalid level, resyncs on every invalid or out-of-sequence frame, and restarts with a snapshot', () => {
    type Input = 'snapshot' | 'delta' | 'skip' | 'restart' | { readonly mutate: Mutation[] } | PipelineInput;
    const input: fc.Arbitrary<Input> = fc.oneof(
      { arbitrary: fc.constant('delta' as const), weight: 8 },
      { arbitrary: fc.constant('snapshot' as const), weight: 2 },
      { arbitrary: fc.constant('skip' as const), weight: 1 },
      { arbitrary: fc.constant('restart' as const), weight: 1 },
      { arbitrary: mutations.map((mutate) => ({ mutate })), weight: 3 },
      { arbitrary: hostileFrame([BOOK_DELTA]).map((frame) => ({ frame })), weight: 1 },
      { arbitrary: fc.constantFrom('connected' as const, 'disconnected' as const, 'gap' as const).map((status) => ({ status })), weight: 1 },
    );
    let emitted = 0;
    let resyncs = 0;
    fc.assert(
      fc.property(fc.array(input, { minLength: 1, maxLength: 50 }), fc.integer({ min: 1, max: 1000 }), (inputs, seed) => {
        const feed = new SimulatedMarket(marketSpecFor(SYMBOL, { initialPrice: 65_000, tickSize: 0.1, quantityDecimals: 3 }), { seed, levels: 40, now: () => NOW });
        let shown = feed.truth(DEPTH);
        let u = 1000;
        let seq = 9000;
        let answered = 0;
        let reconnected = false;
        const { protocol: fresh, book } = routed();
        const run = new BookPipeline(fresh.createSession(URL_LINEAR), book, (subscriber, context) => new BybitBookSync(subscriber, context, { symbol: SYMBOL, depth: DEPTH }));
        const frameOf = (type: 'snapshot' | 'delta', bids: readonly (readonly [number, number])[], asks: readonly (readonly [number, number])[]): string =>
          bookMessage({ topic: `orderbook.${DEPTH}.BTCUSDT`, type, native: 'BTCUSDT', bids, asks, u, seq, ts: NOW }, FORMAT);
        for (const drawn of ['snapshot' as const, ...inputs]) { // the subscription answers with a snapshot
          // a resubscription is answered with a snapshot, as Bybit does
          const item: Input = run.resubscribes.length > answered || reconnected ? 'snapshot' : drawn;
          answered = run.resubscribes.length;
          reconnected = typeof drawn === 'object' && 'status' in drawn && drawn.status === 'connected'; // the hub resubscribes on open
          let frame: PipelineInput | undefined;
          if (item === 'snapshot' || item === 'restart') {
            if (item === 'restart') u = 1;
            else u++;
            seq++;
            shown = feed.truth(DEPTH);
            frame = { frame: frameOf('snapshot', shown.bids, shown.asks) };
          } else if (item === 'delta' || item === 'skip' || 'mutate' in item) {
            feed.step();
            const next = feed.truth(DEPTH);
            const delta = bookWindowDelta(shown, next);
            shown = next;
            u++;
            seq += 3;
            const text = frameOf('delta', delta.bids, delta.asks);
            frame = item === 'skip' ? undefined : { frame: item === 'delta' ? text : applyMutations(JSON.parse(text), item.mutate) };
          } else {
            frame = item;
          }
          if (frame) run.feedChecked(frame);
        }
        run.expectSound();
        emitted += run.log.filter((entry) => 'emitted' in entry).length;
        resyncs += run.resyncs;
        run.dispose();
      }),
      { numRuns: 200, seed: 42 },
    );
    expect(emitted).toBeGreaterThan(800); // exercised on live, verified books, not vacuously
    expect(resyncs).toBeGreaterThan(200);
  });
});
