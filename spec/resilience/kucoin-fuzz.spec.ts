import fc from 'fast-check';
import { of } from 'rxjs';
import { parseDecimal } from '../../lib/exchanges/common/parse-decimal';
import { parseLevels } from '../../lib/exchanges/common/parse-levels';
import { KucoinBookSync } from '../../lib/exchanges/kucoin/kucoin-book-sync';
import { KucoinLevel2Data } from '../../lib/exchanges/kucoin/kucoin-codecs';
import { kucoinProtocol } from '../../lib/exchanges/kucoin/kucoin-protocol';
import { KucoinBatchGroups } from '../../lib/exchanges/kucoin/kucoin-requests';
import { KucoinRoutes } from '../../lib/exchanges/kucoin/kucoin-routes';
import { marketSpecFor } from '../../lib/testing/harness/market-spec';
import { SimulatedMarket } from '../../lib/testing/harness/simulated-market';
import { KucoinLevel2Feed } from '../../lib/testing/kucoin/kucoin-level2-feed';
import { level2Data, matchData, messageFrame, snapshotData } from '../../lib/testing/kucoin/kucoin-wire';
import { BookPipeline, type PipelineInput } from './support/book-pipeline';
import { expectFramesHandled, expectOversizedFrameWhole, finite, jsonObject } from './support/frame-property';
import { applyMutations, hostileFrame, levelsValid, type Mutation, mutations, oversizedFrame } from './support/hostile-frames';
import { OutcomeSink } from './support/outcome-sink';

const SYMBOL = 'BTC/USDT';
const NATIVE = 'BTC-USDT';
const NOW = 1_700_000_000_000;
const routes = new KucoinRoutes();
const BOOK = routes.key('/market/level2', SYMBOL, NATIVE);
const TRADES = routes.key('/market/match', SYMBOL, NATIVE);
const TICKER = routes.key('/market/snapshot', SYMBOL, NATIVE);
const protocol = kucoinProtocol({ url: 'ws://127.0.0.1:1/', routes, groups: new KucoinBatchGroups(), resolveEndpoint: () => of({ url: 'ws://127.0.0.1:1/' }) });

// Templates: the documentation's examples and the simulator's wire format.
const market = new SimulatedMarket(marketSpecFor(SYMBOL), { seed: 9, levels: 20, now: () => NOW });
let trade = market.step().trades[0];
while (!trade) trade = market.step().trades[0];
const BOOK_UPDATE = {
  topic: BOOK, type: 'message', subject: 'trade.l2update',
  data: { changes: { asks: [['18906', '0.00331', '14103845'], ['18907.3', '0.58751503', '14103844']], bids: [['18891.9', '0.15688', '14103847'], ['0', '0', '14103846']] }, sequenceEnd: 14103847, sequenceStart: 14103844, symbol: NATIVE, time: 1663747970273 },
};
const TEMPLATES = [
  BOOK_UPDATE,
  JSON.parse(messageFrame(TRADES, 'trade.l3match', matchData(NATIVE, trade, 11067996711960577, market.grid))),
  JSON.parse(messageFrame(TICKER, 'trade.snapshot', snapshotData(NATIVE, 'BTC', 'USDT', market.stats(), 14691517895, market.grid))),
  { id: 'hQvf8jkno', type: 'welcome' },
  { id: '1545910660739', type: 'ack' },
  { id: '1545910590801', type: 'pong' },
  { id: '1', type: 'error', code: 404, data: 'topic /market/level2:BSV-BTC is not found' },
];

const validChanges = (...sides: unknown[]): boolean =>
  sides.every((side) => Array.isArray(side) && side.every((c) => Array.isArray(c) && c.length === 3 && levelsValid([[c[0], c[1]]]) && Number.isSafeInteger(c[2])));

function isValidPayload(key: string, payload: any): boolean {
  if (key === BOOK) return Number.isSafeInteger(payload.start) && Number.isSafeInteger(payload.end) && payload.start <= payload.end && finite(payload.timestamp) && validChanges(payload.bids, payload.asks);
  if (key === TICKER) {
    return payload.type === 'ticker' && finite(payload.price, payload.bid, payload.bidSize, payload.ask, payload.askSize, payload.high24h, payload.low24h, payload.volume24h, payload.change24h, payload.timestamp) && payload.price > 0 && payload.bid >= 0 && payload.ask >= 0;
  }
  if (key === TRADES) {
    return payload.type === 'trade' && payload.exchange === 'kucoin' && payload.price > 0 && payload.amount >= 0 && finite(payload.price, payload.amount, payload.timestamp) && ['buy', 'sell'].includes(payload.side) && typeof payload.id === 'string';
  }
  return false;
}

/** Silence is allowed for the welcome (the socket becomes ready), acks, pongs, notices, commands and topics nobody asked for. */
function mayBeIgnored(frame: string): boolean {
  const message = jsonObject(frame);
  if (!message) return false;
  if (['welcome', 'ack', 'pong', 'notice', 'command'].includes(message['type'])) return true;
  if (message['type'] !== 'message') return false;
  const data = message['data'];
  return typeof message['topic'] === 'string' && routes.route(message['topic']) === undefined && typeof data === 'object' && data !== null && !Array.isArray(data);
}

describe('KuCoin decoder and book under hostile input (fast-check)', () => {
  it('never throws; every frame becomes a valid normalized value or an error outcome', () => {
    expectFramesHandled(() => protocol.createSession(), hostileFrame(TEMPLATES), { isValidPayload, mayBeIgnored }, 3000);
  });

  it('an oversized book message is accepted whole when valid and refused whole when one change is poisoned', () => {
    const update = (count: number) => ({ ...BOOK_UPDATE, data: { ...BOOK_UPDATE.data, changes: { asks: [], bids: Array.from({ length: count }, (_, i) => [`${19000 - i / 100}`, '1.5', '14103847']) } } });
    expectOversizedFrameWhole(
      () => protocol.createSession(),
      oversizedFrame(update),
      (frame, poison) => frame.replace('"1.5","14103847"]],"asks"', `"1.5",${JSON.stringify(poison) ?? 'null'}]],"asks"`).replace('"1.5","14103847"]]}', `${JSON.stringify(poison) ?? 'null'},"14103847"]]}`),
      (payload) => isValidPayload(BOOK, payload),
      { now: NOW },
    );
  });

  it('the book never emits an invalid level, resyncs on every invalid frame, and restarts with a snapshot', () => {
    type Input = 'update' | 'skip' | { readonly mutate: Mutation[] } | PipelineInput;
    const input: fc.Arbitrary<Input> = fc.oneof(
      { arbitrary: fc.constant('update' as const), weight: 8 },
      { arbitrary: fc.constant('skip' as const), weight: 1 },
      { arbitrary: mutations.map((mutate) => ({ mutate })), weight: 3 },
      { arbitrary: hostileFrame([BOOK_UPDATE]).map((frame) => ({ frame })), weight: 1 },
      { arbitrary: fc.constantFrom('connected' as const, 'disconnected' as const, 'gap' as const).map((status) => ({ status })), weight: 1 },
    );
    let emitted = 0;
    let resyncs = 0;
    fc.assert(
      fc.property(fc.array(input, { minLength: 1, maxLength: 50 }), fc.integer({ min: 1, max: 1000 }), (inputs, seed) => {
        const simulated = new SimulatedMarket(marketSpecFor(SYMBOL), { seed, levels: 30, now: () => NOW });
        const feed = new KucoinLevel2Feed(1_000_000);
        const snapshot = () => {
          const truth = simulated.truth(20);
          return of({ sequence: feed.sequence, timestamp: NOW, bids: truth.bids, asks: truth.asks });
        };
        const run = new BookPipeline(protocol.createSession(), BOOK, (subscriber, context) =>
          new KucoinBookSync(subscriber, context, { symbol: SYMBOL, depth: 10, snapshotLimit: 20, fetchSnapshot: snapshot, maxBufferedUpdates: 30, retryDelay: 50, maxRetryDelay: 400, quietFetchAfter: 100 }),
        );
        for (const item of inputs) {
          let frame: PipelineInput | undefined;
          if (typeof item === 'string' || 'mutate' in item) {
            feed.record(simulated.step());
            const update = feed.take()!;
            if (item === 'skip') continue;
            const text = messageFrame(BOOK, 'trade.l2update', level2Data(NATIVE, update.start, update.end, update.asks, update.bids, NOW, simulated.grid));
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

  it('property: the inline fast path of book frames accepts exactly what the io-ts codec accepts (and valid changes), with identical values', () => {
    /** The validated path: the io-ts codec's guard, then the generic level parser and plain checks. */
    const validated = (frame: string): unknown => {
      const data = (jsonObject(frame) ?? {})['data'];
      if (!KucoinLevel2Data.is(data)) return 'invalid';
      const side = (changes: readonly [string, string, string][]) => {
        // every size a finite number ≥ 0 and every sequence decimal digits of a safe integer; price "0" dropped, any other price valid
        const sound = changes.every(([, size, sequence]) => parseDecimal(size) >= 0 && parseDecimal(size) < Infinity && /^\d{1,16}$/.test(sequence) && Number.isSafeInteger(Number(sequence)));
        const kept = changes.filter(([price]) => parseDecimal(price) !== 0);
        const levels = sound ? parseLevels(kept, (c) => c[0], (c) => c[1]) : undefined;
        return levels?.map(([price, size], i) => [price, size, Number(kept[i]![2])] as const);
      };
      const bids = side(data.changes.bids);
      const asks = side(data.changes.asks);
      if (!bids || !asks || !Number.isSafeInteger(data.sequenceStart) || !Number.isSafeInteger(data.sequenceEnd) || data.sequenceStart > data.sequenceEnd || !Number.isFinite(data.time)) return 'invalid';
      return { start: data.sequenceStart, end: data.sequenceEnd, timestamp: data.time, bids, asks };
    };
    const simulated = new SimulatedMarket(marketSpecFor(SYMBOL), { seed: 5, levels: 40, now: () => NOW });
    const feed = new KucoinLevel2Feed(1_000_000);
    const frames: { data: object }[] = [BOOK_UPDATE];
    while (frames.length < 30) {
      feed.record(simulated.step());
      const update = feed.take()!;
      frames.push(JSON.parse(messageFrame(BOOK, 'trade.l2update', level2Data(NATIVE, update.start, update.end, update.asks, update.bids, NOW, simulated.grid))));
    }
    let accepted = 0;
    let refused = 0;
    fc.assert(
      fc.property(fc.constantFrom(...frames), fc.option(mutations, { freq: 2 }), (template, mutate) => {
        // the envelope stays intact: the property is about the data the fast path reads
        const { data, ...envelope } = template as { data: object };
        const text = mutate === null ? JSON.stringify(template) : `${JSON.stringify(envelope).slice(0, -1)},"data":${applyMutations(data, mutate)}}`;
        const sink = new OutcomeSink();
        protocol.createSession().onFrame(text, NOW, sink);
        const outcomes = sink.take();
        const expected = validated(text);
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
