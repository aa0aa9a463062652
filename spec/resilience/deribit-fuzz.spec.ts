import fc from 'fast-check';
import { decodeDeribitBook, decodeDeribitBookValidated } from '../../lib/exchanges/deribit/deribit-book-decode';
import { DeribitBookSync } from '../../lib/exchanges/deribit/deribit-book-sync';
import { deribitProtocol } from '../../lib/exchanges/deribit/deribit-protocol';
import { DeribitRoutes } from '../../lib/exchanges/deribit/deribit-routes';
import { DeribitBookFeed } from '../../lib/testing/deribit/deribit-book-feed';
import { DERIBIT_MARKETS } from '../../lib/testing/deribit/deribit-simulator-options';
import { bookNotification, heartbeatMessage, notification, resultMessage } from '../../lib/testing/deribit/deribit-wire';
import { marketSpecFor } from '../../lib/testing/harness/market-spec';
import { SimulatedMarket } from '../../lib/testing/harness/simulated-market';
import { BookPipeline, type PipelineInput } from './support/book-pipeline';
import { expectFramesHandled, finite, jsonObject } from './support/frame-property';
import { applyMutations, hostileFrame, levelsValid, type Mutation, mutations } from './support/hostile-frames';

const SYMBOL = 'BTC/USD:BTC';
const NATIVE = 'BTC-PERPETUAL';
const NOW = 1_700_000_000_000;
const SPEC = marketSpecFor(SYMBOL, DERIBIT_MARKETS[SYMBOL]);

function routed(): { readonly protocol: ReturnType<typeof deribitProtocol>; readonly book: string; readonly ticker: string; readonly trades: string } {
  const routes = new DeribitRoutes();
  const book = routes.register('book', NATIVE, SYMBOL).key;
  const ticker = routes.register('ticker', NATIVE, SYMBOL).key;
  const trades = routes.register('trade', NATIVE, SYMBOL).key;
  return { protocol: deribitProtocol('ws://127.0.0.1:1/ws/api/v2', routes, 10), book, ticker, trades };
}
const { protocol, book: BOOK, ticker: TICKER, trades: TRADES } = routed();

// Templates in the simulator's wire format (taken from Deribit's docs examples).
const market = new SimulatedMarket(SPEC, { seed: 4, levels: 20, now: () => NOW });
const templateFeed = new DeribitBookFeed(market, 1_000);
const snapshot = templateFeed.snapshot();
const BOOK_SNAPSHOT = JSON.parse(bookNotification({ type: 'snapshot', timestamp: NOW, native: NATIVE, changeId: snapshot.changeId, bids: snapshot.bids.slice(0, 3), asks: snapshot.asks.slice(0, 3) }));
let step = market.step();
while (step.trades.length === 0) step = market.step();
const BOOK_CHANGE = JSON.parse(bookNotification({ type: 'change', timestamp: NOW, native: NATIVE, ...templateFeed.next(step.changes, step.updateId) }));
const TICKER_DATA = {
  timestamp: NOW, stats: { volume_usd: 284061480, volume: 7871.02139035, price_change: 0.7229, low: 35213.5, high: 36824.5 }, state: 'open', settlement_price: 36169.49, open_interest: 502097590,
  min_price: 35898.37, max_price: 36991.72, mark_price: 36446.51, last_price: 36457.5, instrument_name: NATIVE, index_price: 36441.64, funding_8h: 0.0000211, estimated_delivery_price: 36441.64,
  current_funding: 0, best_bid_price: 36442.5, best_bid_amount: 5000, best_ask_price: 36443, best_ask_amount: 100,
};
const trade = step.trades[0]!;
const TEMPLATES = [
  BOOK_SNAPSHOT,
  BOOK_CHANGE,
  JSON.parse(notification(TICKER, TICKER_DATA)),
  JSON.parse(notification(TRADES, [{ trade_seq: 1, trade_id: String(trade.id), timestamp: NOW, tick_direction: 0, price: trade.price, mark_price: trade.price, instrument_name: NATIVE, index_price: trade.price, direction: trade.side, amount: trade.amount }])),
  JSON.parse(heartbeatMessage('test_request')),
  JSON.parse(resultMessage(3, [BOOK], NOW)),
  { jsonrpc: '2.0', id: 4, error: { message: 'Invalid params', data: { reason: 'wrong format', param: 'channels' }, code: -32602 } },
];

function isValidPayload(key: string, payload: any): boolean {
  if (key === BOOK) {
    const triples = (levels: unknown): boolean => Array.isArray(levels) && levels.every((l) => Array.isArray(l) && l.length === 3 && ['new', 'change', 'delete'].includes(l[0]) && levelsValid([[l[1], l[2]]]));
    return ['snapshot', 'change'].includes(payload.type) && triples(payload.bids) && triples(payload.asks) && Number.isSafeInteger(payload.changeId) && finite(payload.timestamp) && (payload.type === 'snapshot' || Number.isSafeInteger(payload.prevChangeId));
  }
  if (key === TICKER) {
    const { derivative, ticker } = payload;
    const optional = (value: unknown): boolean => value === undefined || finite(value);
    const derivativeOk = derivative?.type === 'derivative_ticker' && [derivative.markPrice, derivative.indexPrice, derivative.lastPrice, derivative.fundingRate, derivative.openInterest].every(optional) && derivative.nextFundingTime === undefined && finite(derivative.timestamp);
    const tickerOk = ticker === undefined || (ticker.type === 'ticker' && finite(ticker.price, ticker.bid, ticker.ask, ticker.bidSize, ticker.askSize, ticker.high24h, ticker.low24h, ticker.volume24h, ticker.change24h, ticker.timestamp));
    return derivativeOk && tickerOk;
  }
  if (key === TRADES) return payload.type === 'trade' && payload.price > 0 && payload.amount >= 0 && finite(payload.price, payload.amount, payload.timestamp) && ['buy', 'sell'].includes(payload.side) && typeof payload.id === 'string';
  return false;
}

/** Silence is allowed for replies without an error (acks, answers to the session's own requests), periodic heartbeats, channels never asked for, and empty trade lists. */
function mayBeIgnored(frame: string): boolean {
  const message = jsonObject(frame);
  if (!message) return false;
  if (message['method'] === undefined) return !('error' in message);
  if (message['method'] === 'heartbeat') return message['params']?.type === 'heartbeat';
  const channel = message['params']?.channel;
  if (message['method'] !== 'subscription' || typeof channel !== 'string') return false;
  return ![BOOK, TICKER, TRADES].includes(channel) || (channel === TRADES && Array.isArray(message['params'].data) && message['params'].data.length === 0);
}

describe('Deribit decoder and book under hostile input (fast-check)', () => {
  it('never throws; every frame becomes a valid normalized value, an answer or an error outcome', () => {
    expectFramesHandled(() => protocol.createSession(), hostileFrame(TEMPLATES), { isValidPayload, mayBeIgnored }, 3000);
  });

  it('the inline hot path of book notifications accepts exactly what the io-ts codec path accepts, with the same result', () => {
    let accepted = 0;
    fc.assert(
      fc.property(hostileFrame([BOOK_SNAPSHOT, BOOK_CHANGE]), (frame) => {
        const message = jsonObject(frame);
        if (message === undefined) return;
        const data = message['params']?.data;
        const fast = decodeDeribitBook(data);
        const validated = decodeDeribitBookValidated(data);
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

  it('the verified book never emits an invalid level, resyncs on every invalid, unlinked or rule-breaking notification, and restarts with a snapshot', () => {
    type Input = 'snapshot' | 'change' | 'skip' | 'bad' | { readonly mutate: Mutation[] } | PipelineInput;
    const input: fc.Arbitrary<Input> = fc.oneof(
      { arbitrary: fc.constant('change' as const), weight: 8 },
      { arbitrary: fc.constant('snapshot' as const), weight: 1 },
      { arbitrary: fc.constant('skip' as const), weight: 1 },
      { arbitrary: fc.constant('bad' as const), weight: 1 },
      { arbitrary: mutations.map((mutate) => ({ mutate })), weight: 3 },
      { arbitrary: hostileFrame([BOOK_CHANGE]).map((frame) => ({ frame })), weight: 1 },
      { arbitrary: fc.constantFrom('connected' as const, 'disconnected' as const, 'gap' as const).map((status) => ({ status })), weight: 1 },
    );
    const kinds = ['delete-missing', 'change-missing', 'new-existing'] as const;
    let emitted = 0;
    let resyncs = 0;
    let violations = 0;
    fc.assert(
      fc.property(fc.array(input, { minLength: 1, maxLength: 50 }), fc.integer({ min: 1, max: 1000 }), (inputs, seed) => {
        const live = new SimulatedMarket(SPEC, { seed, levels: 40, now: () => NOW });
        const feed = new DeribitBookFeed(live, 5_000);
        let answered = 0;
        let reconnected = false;
        const { protocol: fresh, book } = routed();
        const run = new BookPipeline(fresh.createSession(), book, (subscriber, context) => new DeribitBookSync(subscriber, context, SYMBOL));
        for (const [index, drawn] of (['snapshot' as const, ...inputs] as Input[]).entries()) { // the subscription answers with a snapshot
          const before = { invalid: run.invalidFrames, resyncs: run.resyncs };
          // a resubscription is answered with a snapshot, as Deribit does
          const item: Input = run.resubscribes.length > answered || reconnected ? 'snapshot' : drawn;
          answered = run.resubscribes.length;
          reconnected = typeof drawn === 'object' && 'status' in drawn && drawn.status === 'connected'; // the hub resubscribes on open
          let frame: PipelineInput | undefined;
          if (item === 'snapshot') {
            const image = feed.snapshot();
            frame = { frame: bookNotification({ type: 'snapshot', timestamp: NOW, native: NATIVE, ...image }) };
          } else if (item === 'bad') {
            frame = { frame: bookNotification({ type: 'change', timestamp: NOW, native: NATIVE, ...feed.broken(kinds[index % 3]!) }) };
          } else if (item === 'change' || item === 'skip' || 'mutate' in item) {
            const next = live.step();
            const text = bookNotification({ type: 'change', timestamp: NOW, native: NATIVE, ...feed.next(next.changes, next.updateId) });
            frame = item === 'skip' ? undefined : { frame: item === 'change' ? text : applyMutations(JSON.parse(text), item.mutate) };
          } else {
            frame = item;
          }
          const last = [...run.log].reverse().find((e) => 'emitted' in e || e.raised.type === 'resync');
          const liveBefore = last !== undefined && 'emitted' in last;
          if (frame) expect(() => run.feed(frame)).not.toThrow();
          if (run.invalidFrames > before.invalid) expect(run.resyncs).toBeGreaterThan(before.resyncs);
          if (item === 'bad' && liveBefore) {
            expect(run.resyncs).toBeGreaterThan(before.resyncs); // a rule-breaking notification on a live book is always caught
            violations++;
          }
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
    expect(violations).toBeGreaterThan(20);
  });
});
