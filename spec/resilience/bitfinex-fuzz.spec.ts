import fc from 'fast-check';
import { BitfinexBookSync } from '../../lib/exchanges/bitfinex/bitfinex-book-sync';
import { decodeBookFrame, readBookFrame, readBookFrameFast } from '../../lib/exchanges/bitfinex/bitfinex-frames';
import { bitfinexProtocol } from '../../lib/exchanges/bitfinex/bitfinex-protocol';
import { BitfinexRoutes } from '../../lib/exchanges/bitfinex/bitfinex-routes';
import type { BitfinexSession } from '../../lib/exchanges/bitfinex/bitfinex-session';
import type { FrameSession } from '../../lib/exchanges/common/exchange-protocol';
import type { BookLevel } from '../../lib/model/book-event';
import { bookChecksum, bookLevel, bookSnapshotBody, channelMessage, tickerBody, tradeTuple } from '../../lib/testing/bitfinex/bitfinex-wire';
import { marketSpecFor } from '../../lib/testing/harness/market-spec';
import { SimulatedMarket } from '../../lib/testing/harness/simulated-market';
import { WindowedDepth } from '../../lib/testing/harness/windowed-depth';
import { BookPipeline, type PipelineInput } from './support/book-pipeline';
import { expectFramesHandled, expectOversizedFrameWhole, finite, jsonObject } from './support/frame-property';
import { applyMutations, hostileFrame, type Mutation, mutations, oversizedFrame } from './support/hostile-frames';
import { OutcomeSink } from './support/outcome-sink';

const NOW = 1_700_000_000_000;
const DEPTH = 25;
const routes = new BitfinexRoutes();
const BOOK = routes.key('book', 'BTC/USD', 'tBTCUSD', DEPTH);
const TICKER = routes.key('ticker', 'BTC/USD', 'tBTCUSD');
const TRADES = routes.key('trades', 'BTC/USD', 'tBTCUSD');
const CHANNELS: Readonly<Record<string, number>> = { [BOOK]: 7, [TICKER]: 8, [TRADES]: 9 };
const protocol = bitfinexProtocol('ws://127.0.0.1:1/ws/2', routes);

/** A session whose book (7), ticker (8) and trades (9) channels are subscribed. */
function subscribedSession(): FrameSession {
  const session = protocol.createSession() as BitfinexSession;
  const sink = new OutcomeSink();
  for (const [key, chanId] of Object.entries(CHANNELS)) {
    session.controlMessage({ id: chanId, subscribe: true, keys: [key] });
    const route = routes.route(key)!;
    session.onFrame(JSON.stringify({ event: 'subscribed', channel: route.channel, chanId, symbol: route.native, ...(route.length ? { prec: 'P0', freq: 'F0', len: String(route.length) } : {}) }), NOW, sink);
  }
  expect(sink.take()).toEqual([]);
  return session;
}

// Templates: the examples of ccxt's bitfinex module and the simulator's wire format.
const market = new SimulatedMarket(marketSpecFor('BTC/USD', { tickSize: 1, quantityDecimals: 8 }), { seed: 9, levels: 30, now: () => NOW });
let trade = market.step().trades[0];
while (!trade) trade = market.step().trades[0];
const BOOK_SNAPSHOT = [7, [[7364.8, 10, 4.354802], [7364.7, 1, 0.00288831], [7364.9, 3, -0.42028976], [7365, 1, -0.25]], 11];
const BOOK_UPDATE = [7, [1807.1, 0, 1], 12];
const TEMPLATES = [
  BOOK_SNAPSHOT,
  BOOK_UPDATE,
  [7, 'cs', -890884919, 13],
  [7, 'hb', 14],
  JSON.parse(channelMessage(8, tickerBody(market.stats()), 15)),
  [9, [[1128060675, 1654701572690, 0.00217533, 1815.3], [1128060665, 1654701551231, -0.00280472, 1814.1]], 16],
  JSON.parse(channelMessage(9, `"te",${tradeTuple(trade)}`, 17)),
  [9, 'tu', [1128060969, 1654702500098, 0.00325131, 1818.5], 18],
  { event: 'info', version: 2, serverId: 'e293377e-7bb7-427e-b28c-5db045b2c1d1', platform: { status: 1 } },
  { event: 'info', code: 20061, msg: 'Maintenance ended.' },
  { event: 'conf', status: 'OK', flags: 196608 },
  { event: 'subscribed', channel: 'book', chanId: 67473, symbol: 'tETHUSD', prec: 'P0', freq: 'F0', len: '25', pair: 'ETHUSD' },
  { channel: 'book', pair: 'SKBTC', prec: 'P0', len: '100', event: 'error', symbol: 'LSKBTC', msg: 'symbol: invalid', code: 10300 },
  { event: 'unsubscribed', status: 'OK', chanId: 7 },
  { event: 'pong', ts: 1511545528111, cid: 1234 },
];

const validLevel = (l: any) => l.price > 0 && finite(l.price, l.amount) && Number.isInteger(l.count) && l.count >= 0 && l.amount !== 0 && Number(l.priceText) === l.price && Number(l.amountText) === l.amount;
const validTrade = (t: any) => t.type === 'trade' && t.exchange === 'bitfinex' && t.price > 0 && t.amount > 0 && finite(t.price, t.amount, t.timestamp) && ['buy', 'sell'].includes(t.side) && typeof t.id === 'string';

function isValidPayload(key: string, payload: any): boolean {
  if (key === BOOK) {
    if (payload.kind === 'snapshot') return Array.isArray(payload.levels) && payload.levels.every(validLevel);
    if (payload.kind === 'update') return validLevel(payload.level);
    return payload.kind === 'checksum' && Number.isInteger(payload.checksum) && Math.abs(payload.checksum) <= 2 ** 31;
  }
  if (key === TICKER) {
    return payload.type === 'ticker' && payload.exchange === 'bitfinex' && payload.price > 0 && payload.bid >= 0 && payload.ask >= 0 &&
      finite(payload.price, payload.bid, payload.ask, payload.bidSize, payload.askSize, payload.high24h, payload.low24h, payload.volume24h, payload.change24h, payload.timestamp);
  }
  if (key === TRADES) return payload.kind === 'executed' ? validTrade(payload.trade) : payload.kind === 'snapshot' && payload.trades.every(validTrade);
  return false;
}

/** Silence is allowed for acknowledgements, pongs, heartbeats, `tu`, and channels nobody routes (with a sequence number). */
function mayBeIgnored(frame: string): boolean {
  let message: any;
  try {
    message = JSON.parse(frame);
  } catch {
    return false;
  }
  const object = jsonObject(frame);
  if (object) {
    if (object['event'] === 'info') return (object['version'] === undefined || object['version'] === 2) && object['code'] === undefined && object['platform']?.status !== 0;
    if (object['event'] === 'conf') return object['status'] === 'OK' && (object['flags'] === undefined || (object['flags'] & 196608) === 196608);
    if (object['event'] === 'unsubscribed') return object['status'] === 'OK';
    return object['event'] === 'pong' || object['event'] === 'subscribed';
  }
  if (!Array.isArray(message) || message.length < 3 || !Number.isSafeInteger(message.at(-1)) || message.at(-1) < 0) return false;
  if (!Object.values(CHANNELS).includes(message[0])) return Number.isSafeInteger(message[0]);
  return (message[1] === 'hb' && message.length === 3) || (message[0] === 9 && message[1] === 'tu' && message.length === 4);
}

/** The book feed of one market as Bitfinex frames: snapshots, level updates and `cs`, numbered like one connection. */
class BookFeed {
  readonly market: SimulatedMarket;
  private readonly window: WindowedDepth;
  seq = 0;
  constructor(seed: number) {
    this.market = new SimulatedMarket(marketSpecFor('BTC/USD', { tickSize: 1, quantityDecimals: 8 }), { seed, levels: 40, now: () => NOW });
    this.window = new WindowedDepth(this.market, DEPTH);
  }
  snapshot(): string {
    return channelMessage(7, bookSnapshotBody(this.market.truth(DEPTH)), ++this.seq);
  }
  /** One market step: its level messages, then its `cs` (none when the top 25 did not change). */
  step(corruptChecksum = false): string[] {
    this.window.add(this.market.step());
    const update = this.window.take();
    if (!update) return [];
    const frames = [...update.bids.map(([p, q]) => bookLevel(p, q, 'bid')), ...update.asks.map(([p, q]) => bookLevel(p, q, 'ask'))].map((body) => channelMessage(7, body, ++this.seq));
    const checksum = bookChecksum(update.image);
    frames.push(channelMessage(7, `"cs",${corruptChecksum ? checksum ^ 1 : checksum}`, ++this.seq));
    return frames;
  }
}

/** Number texts as a server could write them: JSON's exponents, trailing zeros, negative zero — and what JSON forbids. */
const numberText = fc.constantFrom('1.50', '1e-8', '-1e-8', '2E+3', '0.1e1', '-0', '0', '-0.0', '65000.100', '00', '1.', '.5', '+1', '1e', '0x1', '-', '1e400', '123456789012345678', '0.123456789012345678');

/** A frame's text with one of its number tokens rewritten, or whitespace slipped in. */
function textMutation(text: string): fc.Arbitrary<string> {
  const tokens = [...text.matchAll(/-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/g)];
  return fc.oneof(
    fc.tuple(fc.nat(), numberText).map(([i, replacement]) => {
      const token = tokens[i % tokens.length]!;
      return text.slice(0, token.index) + replacement + text.slice(token.index! + token[0].length);
    }),
    fc.nat().map((i) => {
      const at = 1 + (i % (text.length - 1));
      return `${text.slice(0, at)} ${text.slice(at)}`;
    }),
  );
}

describe('Bitfinex decoder and book under hostile input (fast-check)', () => {
  it('never throws; every frame becomes a valid normalized value or an error outcome', () => {
    expectFramesHandled(subscribedSession, hostileFrame(TEMPLATES), { isValidPayload, mayBeIgnored }, 3000);
  });

  it('an oversized snapshot is accepted whole when valid and refused whole when one level is poisoned', () => {
    const snapshot = (count: number) => [7, Array.from({ length: count }, (_, i) => [19000 - i / 100, 2, 1.5]), 11];
    expectOversizedFrameWhole(
      () => subscribedSession(),
      oversizedFrame(snapshot),
      (frame, poison) => frame.replace(/,1\.5\]\],11\]$/, `,${JSON.stringify(poison) ?? 'null'}]],11]`),
      (payload) => isValidPayload(BOOK, payload),
      { now: NOW },
    );
  });

  it('the book never emits an invalid level, resyncs on every invalid frame, and every delta it emits leaves it equal to the truth', () => {
    type Input = 'step' | 'skip' | 'corrupt' | { readonly mutate: Mutation[] } | { readonly text: true } | PipelineInput;
    const input: fc.Arbitrary<Input> = fc.oneof(
      { arbitrary: fc.constant('step' as const), weight: 10 },
      { arbitrary: fc.constant('skip' as const), weight: 1 },
      { arbitrary: fc.constant('corrupt' as const), weight: 1 },
      { arbitrary: mutations.map((mutate) => ({ mutate })), weight: 2 },
      { arbitrary: fc.constant({ text: true as const }), weight: 2 },
      { arbitrary: hostileFrame([BOOK_UPDATE]).map((frame) => ({ frame })), weight: 1 },
      { arbitrary: fc.constantFrom('connected' as const, 'disconnected' as const, 'gap' as const).map((status) => ({ status })), weight: 1 },
    );
    let verified = 0;
    let resyncs = 0;
    fc.assert(
      fc.property(fc.array(input, { minLength: 1, maxLength: 40 }), fc.integer({ min: 1, max: 1000 }), fc.integer({ min: 0, max: 2 ** 30 }), (inputs, seed, pick) => {
        const feed = new BookFeed(seed);
        const run = new BookPipeline(subscribedSession(), BOOK, (subscriber, context) => new BitfinexBookSync(subscriber, context, { symbol: 'BTC/USD', depth: DEPTH }));
        const book = { bids: new Map<number, number>(), asks: new Map<number, number>() };
        let seen = 0;
        /** Checks every book event emitted since the last call: deltas must leave the book equal to the truth now. */
        const audit = () => {
          for (; seen < run.log.length; seen++) {
            const entry = run.log[seen]!;
            if (!('emitted' in entry)) continue;
            const event = entry.emitted;
            if (event.type === 'snapshot') {
              book.bids.clear();
              book.asks.clear();
            }
            for (const [p, q] of event.bids) q === 0 ? book.bids.delete(p) : book.bids.set(p, q);
            for (const [p, q] of event.asks) q === 0 ? book.asks.delete(p) : book.asks.set(p, q);
            if (event.type === 'delta') {
              const image: { bids: BookLevel[]; asks: BookLevel[] } = { bids: [...book.bids].sort((a, b) => b[0] - a[0]), asks: [...book.asks].sort((a, b) => a[0] - b[0]) };
              expect(image).toEqual(feed.market.truth(DEPTH));
              verified++;
            }
          }
        };
        run.feed({ frame: feed.snapshot() });
        let resubscribed = 0;
        for (const item of inputs) {
          if (run.resubscribes.length > resubscribed) {
            resubscribed = run.resubscribes.length; // the channel resubscribed: Bitfinex sends a fresh snapshot
            run.feed({ frame: feed.snapshot() });
          }
          const before = { invalid: run.invalidFrames, resyncs: run.resyncs };
          if (typeof item === 'string' || 'mutate' in item || 'text' in item) {
            const frames = feed.step(item === 'corrupt');
            if (frames.length === 0) continue;
            if (item === 'skip') frames.splice(pick % frames.length, 1);
            if (typeof item === 'object' && frames.length > 1) {
              const at = pick % (frames.length - 1); // a level message, not the cs
              frames[at] = 'mutate' in item ? applyMutations(JSON.parse(frames[at]!), item.mutate) : fc.sample(textMutation(frames[at]!), { numRuns: 1, seed: pick })[0]!;
            }
            for (const frame of frames) {
              expect(() => run.feed({ frame })).not.toThrow();
              audit();
            }
          } else {
            expect(() => run.feed(item)).not.toThrow();
            audit();
          }
          if (run.invalidFrames > before.invalid) expect(run.resyncs).toBeGreaterThan(before.resyncs);
        }
        run.expectSound();
        resyncs += run.resyncs;
        run.dispose();
      }),
      { numRuns: 200, seed: 42 },
    );
    expect(verified).toBeGreaterThan(500); // exercised on live books, not vacuously
    expect(resyncs).toBeGreaterThan(100);
  });

  it('property: the fast path of book frames decides exactly as the validated path (JSON.parse + io-ts + the frames\' number texts), with identical values', () => {
    const feed = new BookFeed(5);
    const frames: string[] = [JSON.stringify(BOOK_SNAPSHOT), JSON.stringify(BOOK_UPDATE), '[7,"cs",-890884919,13]', '[7,"hb",14]', feed.snapshot()];
    while (frames.length < 60) frames.push(...feed.step());
    let fast = 0;
    let accepted = 0;
    let refused = 0;
    fc.assert(
      fc.property(
        fc.constantFrom(...frames).chain((text) =>
          fc.oneof(
            { arbitrary: fc.constant(text), weight: 2 },
            { arbitrary: mutations.map((m) => applyMutations(JSON.parse(text), m)), weight: 3 },
            { arbitrary: textMutation(text), weight: 3 },
            { arbitrary: fc.integer({ min: 0, max: text.length - 1 }).map((n) => text.slice(0, n)), weight: 1 },
          ),
        ),
        (text) => {
          const validated = readBookFrame(text);
          const quick = readBookFrameFast(text);
          if (quick !== undefined) {
            fast++;
            expect(quick).toEqual(validated);
          }
          expect(decodeBookFrame(text)).toEqual(validated);
          if ('error' in validated) refused++;
          else accepted++;
          // and it declines no valid frame written the compact way Bitfinex writes them
          if (!('error' in validated) && !/[\s\\]/.test(text)) expect(quick).toBeDefined();
        },
      ),
      { numRuns: 4000, seed: 99 },
    );
    expect(accepted).toBeGreaterThan(1000);
    expect(refused).toBeGreaterThan(1000);
    expect(fast).toBeGreaterThan(0.7 * accepted); // most valid frames are compact: the fast path decided them
  });
});
