import fc from 'fast-check';
import { of } from 'rxjs';
import { GateioBookSync } from '../../lib/exchanges/gateio/gateio-book-sync';
import { gateioProtocol } from '../../lib/exchanges/gateio/gateio-protocol';
import { GateioRoutes } from '../../lib/exchanges/gateio/gateio-routes';
import { marketSpecFor } from '../../lib/testing/harness/market-spec';
import { SimulatedMarket } from '../../lib/testing/harness/simulated-market';
import { WindowedDepth } from '../../lib/testing/harness/windowed-depth';
import { bookTickerResult, gateioLevels, orderBookUpdateResult, tickerResult, tradeResult, updateFrame } from '../../lib/testing/gateio/gateio-wire';
import { hiResScheduler } from '../../lib/socket/hi-res-scheduler';
import { BookPipeline, type PipelineInput } from './support/book-pipeline';
import { expectFramesHandled, expectOversizedFrameWhole, finite, jsonObject } from './support/frame-property';
import { applyMutations, hostileFrame, levelsValid, type Mutation, mutations, oversizedFrame } from './support/hostile-frames';
import { OutcomeSink } from './support/outcome-sink';
import { parseLevels } from '../../lib/exchanges/common/parse-levels';
import { GateioOrderBookUpdateResult } from '../../lib/exchanges/gateio/gateio-codecs';

const SYMBOL = 'BTC/USDT';
const PAIR = 'BTC_USDT';
const NOW = 1_700_000_000_000;
const routes = new GateioRoutes();
const BOOK = routes.key('spot.order_book_update', SYMBOL, PAIR, '100ms');
const TICKER = routes.key('spot.tickers', SYMBOL, PAIR);
const BBO = routes.key('spot.book_ticker', SYMBOL, PAIR);
const TRADES = routes.key('spot.trades', SYMBOL, PAIR);
const protocol = gateioProtocol('ws://127.0.0.1:1/ws/v4/', routes, hiResScheduler);

// Templates: the documentation's examples and the simulator's wire format.
const market = new SimulatedMarket(marketSpecFor(SYMBOL), { seed: 9, levels: 20, now: () => NOW });
let trade = market.step().trades[0];
while (!trade) trade = market.step().trades[0];
const BOOK_UPDATE = {
  time: 1606294781, time_ms: 1606294781236, channel: 'spot.order_book_update', event: 'update',
  result: { t: 1606294781123, full: true, l: '100', e: 'depthUpdate', E: 1606294781, s: PAIR, U: 48776301, u: 48776306, b: [['19137.74', '0.0001'], ['19088.37', '0']], a: [['19137.75', '0.6135']] },
};
const TEMPLATES = [
  BOOK_UPDATE,
  JSON.parse(updateFrame('spot.tickers', tickerResult(PAIR, market.stats(), market.grid), NOW)),
  JSON.parse(updateFrame('spot.book_ticker', bookTickerResult(PAIR, NOW, market.updateId, market.top(), market.grid), NOW)),
  JSON.parse(updateFrame('spot.trades', tradeResult(PAIR, trade), NOW)),
  { time: 1725534679, time_ms: 1725534679786, id: 2, conn_id: 'fac539b443fd7002', channel: 'spot.trades', event: 'subscribe', payload: [PAIR], result: { status: 'success' } },
  { time: 1739853211, id: 1, channel: 'spot.trades', event: 'subscribe', payload: [PAIR], error: { code: 2, message: 'unknown currency pair: X' }, result: { status: 'fail' } },
  { time: 1545404023, channel: 'spot.pong', event: '', error: null, result: null },
];

function isValidPayload(key: string, payload: any): boolean {
  if (key === BOOK) return finite(payload.first, payload.last, payload.timestamp) && payload.first <= payload.last && typeof payload.full === 'boolean' && levelsValid(payload.bids, payload.asks);
  if (key === TICKER) return finite(payload.price, payload.high24h, payload.low24h, payload.volume24h, payload.change24h, payload.timestamp) && payload.price > 0;
  if (key === BBO) return finite(payload.bid, payload.bidSize, payload.ask, payload.askSize, payload.timestamp) && payload.bid >= 0 && payload.ask >= 0;
  if (key === TRADES) {
    return payload.type === 'trade' && payload.exchange === 'gateio' && payload.price > 0 && payload.amount >= 0 && finite(payload.price, payload.amount, payload.timestamp) && ['buy', 'sell'].includes(payload.side) && typeof payload.id === 'string';
  }
  return false;
}

/** Silence is allowed for accepting replies, pongs, channels nobody subscribes and pairs this client never asked for. */
function mayBeIgnored(frame: string): boolean {
  const message = jsonObject(frame);
  if (!message || typeof message['channel'] !== 'string') return false;
  const { channel, event, result, error } = message;
  if (event === 'subscribe' || event === 'unsubscribe') return error === undefined || error === null;
  if (event !== 'update') return channel === 'spot.pong';
  if (!['spot.order_book_update', 'spot.tickers', 'spot.book_ticker', 'spot.trades'].includes(channel)) return true;
  if (typeof result !== 'object' || result === null || Array.isArray(result)) return false;
  const pair = channel === 'spot.tickers' || channel === 'spot.trades' ? result.currency_pair : result.s;
  return typeof pair === 'string' && routes.keyOf(channel, pair) === undefined;
}

describe('Gate.io decoder and book under hostile input (fast-check)', () => {
  it('never throws; every frame becomes a valid normalized value or an error outcome', () => {
    expectFramesHandled(() => protocol.createSession(), hostileFrame(TEMPLATES), { isValidPayload, mayBeIgnored }, 3000);
  });

  it('an oversized book update is accepted whole when valid and refused whole when one level is poisoned', () => {
    const update = (count: number) => ({ ...BOOK_UPDATE, result: { ...BOOK_UPDATE.result, b: Array.from({ length: count }, (_, i) => [`${19000 - i / 100}`, '1.5']) } });
    expectOversizedFrameWhole(
      () => protocol.createSession(),
      oversizedFrame(update),
      (frame, poison) => frame.replace('"1.5"]],"a"', `${JSON.stringify(poison) ?? 'null'}]],"a"`),
      (payload) => isValidPayload(BOOK, payload),
      { now: NOW },
    );
  });

  it('the book never emits an invalid level, resyncs on every invalid frame, and restarts with a snapshot', () => {
    type Input = 'update' | 'skip' | 'full' | { readonly mutate: Mutation[] } | PipelineInput;
    const input: fc.Arbitrary<Input> = fc.oneof(
      { arbitrary: fc.constant('update' as const), weight: 8 },
      { arbitrary: fc.constant('skip' as const), weight: 1 },
      { arbitrary: fc.constant('full' as const), weight: 1 },
      { arbitrary: mutations.map((mutate) => ({ mutate })), weight: 3 },
      { arbitrary: hostileFrame([BOOK_UPDATE]).map((frame) => ({ frame })), weight: 1 },
      { arbitrary: fc.constantFrom('connected' as const, 'disconnected' as const, 'gap' as const).map((status) => ({ status })), weight: 1 },
    );
    let emitted = 0;
    let resyncs = 0;
    fc.assert(
      fc.property(fc.array(input, { minLength: 1, maxLength: 50 }), fc.integer({ min: 1, max: 1000 }), (inputs, seed) => {
        const feed = new SimulatedMarket(marketSpecFor(SYMBOL), { seed, levels: 30, now: () => NOW });
        const window = new WindowedDepth(feed, 20);
        const snapshot = () => {
          const truth = feed.truth(20);
          return of({ id: feed.updateId, current: NOW, update: NOW, bids: gateioLevels(truth.bids, feed.grid), asks: gateioLevels(truth.asks, feed.grid) });
        };
        const run = new BookPipeline(protocol.createSession(), BOOK, (subscriber, context) =>
          new GateioBookSync(subscriber, context, { symbol: SYMBOL, depth: 20, fetchSnapshot: snapshot, maxBufferedUpdates: 30, retryDelay: 50, quietFetchAfter: 100 }),
        );
        for (const item of inputs) {
          let frame: PipelineInput | undefined;
          if (typeof item === 'string' || 'mutate' in item) {
            window.add(feed.step());
            const update = window.take(item === 'full');
            if (!update || item === 'skip') continue;
            const full = item === 'full';
            const text = updateFrame('spot.order_book_update', orderBookUpdateResult(PAIR, NOW, update.first, update.last, full ? update.image.bids : update.bids, full ? update.image.asks : update.asks, 20, full, feed.grid), NOW);
            frame = { frame: typeof item === 'string' ? text : applyMutations(JSON.parse(text), item.mutate) };
          } else {
            frame = item;
          }
          run.feedChecked(frame);
        }
        run.expectSound();
        emitted += run.log.length - run.resyncs;
        resyncs += run.resyncs;
        run.dispose();
      }),
      { numRuns: 200, seed: 42 },
    );
    expect(emitted).toBeGreaterThan(400); // exercised on live books, not vacuously
    expect(resyncs).toBeGreaterThan(100);
  });

  it('property: the inline fast path of book frames accepts exactly what the io-ts codec accepts (and valid levels), with identical values', () => {
    /** The validated path: the io-ts codec, then the generic level parser. */
    const validated = (frame: string): unknown => {
      const result = (jsonObject(frame) ?? {})['result'];
      const pair: unknown = result?.s;
      if (typeof pair === 'string' && routes.keyOf('spot.order_book_update', pair) === undefined) return 'ignored'; // routed first: a pair nobody asked for
      // the codec's guard (io-ts `decode` would strip a third element off a level; the guard refuses it, as Gate.io levels are pairs)
      if (!GateioOrderBookUpdateResult.is(result)) return 'invalid';
      const decoded = result;
      const bids = parseLevels(decoded.b, (l) => l[0], (l) => l[1]);
      const asks = parseLevels(decoded.a, (l) => l[0], (l) => l[1]);
      if (!bids || !asks || !Number.isFinite(decoded.t) || !Number.isSafeInteger(decoded.U) || !Number.isSafeInteger(decoded.u) || decoded.U > decoded.u) return 'invalid';
      return { first: decoded.U, last: decoded.u, full: decoded.full === true, timestamp: decoded.t, bids, asks };
    };
    const feed = new SimulatedMarket(marketSpecFor(SYMBOL), { seed: 5, levels: 40, now: () => NOW });
    const window = new WindowedDepth(feed, 20);
    const frames: { result: object }[] = [BOOK_UPDATE];
    while (frames.length < 30) {
      window.add(feed.step());
      const update = window.take();
      if (update) frames.push(JSON.parse(updateFrame('spot.order_book_update', orderBookUpdateResult(PAIR, NOW, update.first, update.last, update.bids, update.asks, 20, false, feed.grid), NOW)));
    }
    let accepted = 0;
    let refused = 0;
    fc.assert(
      fc.property(fc.constantFrom(...frames), fc.option(mutations, { freq: 2 }), (template, mutate) => {
        // the envelope stays intact: the property is about the result the fast path reads
        const { result, ...envelope } = template as { result: object };
        const text = mutate === null ? JSON.stringify(template) : `${JSON.stringify(envelope).slice(0, -1)},"result":${applyMutations(result, mutate)}}`;
        const sink = new OutcomeSink();
        protocol.createSession().onFrame(text, NOW, sink);
        const outcomes = sink.take();
        const expected = validated(text);
        if (expected === 'ignored') return expect(outcomes).toEqual([]);
        if (expected === 'invalid') {
          refused++;
          return expect(outcomes.map((o) => o.kind)).toEqual(['invalid']);
        }
        accepted++;
        expect(outcomes).toEqual([{ kind: 'data', key: BOOK, payload: expected }]);
      }),
      { numRuns: 2000, seed: 99 },
    );
    expect(accepted).toBeGreaterThan(300);
    expect(refused).toBeGreaterThan(300);
  });
});
