import fc from 'fast-check';
import { KrakenBookSync } from '../../lib/exchanges/kraken/kraken-book-sync';
import { KrakenChecksum } from '../../lib/exchanges/kraken/kraken-checksum';
import { KrakenInstruments, type KrakenInstrumentsPayload } from '../../lib/exchanges/kraken/kraken-instruments';
import { KRAKEN_INSTRUMENT_KEY } from '../../lib/exchanges/kraken/kraken-keys';
import { krakenProtocol } from '../../lib/exchanges/kraken/kraken-protocol';
import { KrakenRequestLog } from '../../lib/exchanges/kraken/kraken-request-log';
import { KrakenRoutes } from '../../lib/exchanges/kraken/kraken-routes';
import { marketSpecFor } from '../../lib/testing/harness/market-spec';
import { SimulatedMarket } from '../../lib/testing/harness/simulated-market';
import { bookMessage, instrumentMessage, tickerMessage, tradeMessage, wireChecksum } from '../../lib/testing/kraken/kraken-wire';
import { BookPipeline, type PipelineInput } from './support/book-pipeline';
import { expectFramesHandled, expectOversizedFrameWhole, finite, jsonObject } from './support/frame-property';
import { applyMutations, hostileFrame, levelsValid, type Mutation, mutations, oversizedFrame } from './support/hostile-frames';

const SYMBOL = 'BTC/USD';
const DEPTH = 25;
const NOW = 1_700_000_000_000;

function session(): { readonly routes: KrakenRoutes; readonly protocol: ReturnType<typeof krakenProtocol> } {
  const routes = new KrakenRoutes();
  routes.acquireBook(SYMBOL, DEPTH);
  routes.tickerKey(SYMBOL);
  routes.tradeKey(SYMBOL);
  return { routes, protocol: krakenProtocol('ws://127.0.0.1:1/v2', routes, new KrakenRequestLog()) };
}
const { routes, protocol } = session();
const BOOK = routes.bookKey(SYMBOL)!;

// Templates: the real captured book snapshot/update (kraken-v2-book-btcusd.json, shortened) and the simulator's wire format.
const market = new SimulatedMarket(marketSpecFor(SYMBOL), { seed: 9, levels: 20, now: () => NOW });
let trade = market.step().trades[0];
while (!trade) trade = market.step().trades[0];
const BOOK_SNAPSHOT = { channel: 'book', type: 'snapshot', data: [{ symbol: SYMBOL, bids: [{ price: 29430.2, qty: 0.18967538 }, { price: 29429.6, qty: 0.00011621 }], asks: [{ price: 29430.3, qty: 8.25215653 }], checksum: 2785033588 }] };
const BOOK_UPDATE = { channel: 'book', type: 'update', data: [{ symbol: SYMBOL, bids: [], asks: [{ price: 29431.1, qty: 0.0 }, { price: 29433.3, qty: 0.8 }], checksum: 3547452596, timestamp: '2023-07-30T15:29:58.343415Z' }] };
const TEMPLATES = [
  BOOK_SNAPSHOT,
  BOOK_UPDATE,
  JSON.parse(tickerMessage('update', SYMBOL, market.stats(), NOW)),
  JSON.parse(tradeMessage('update', SYMBOL, [trade])),
  JSON.parse(instrumentMessage([{ symbol: SYMBOL, grid: market.grid }])),
  { channel: 'heartbeat' },
  { method: 'subscribe', success: false, error: 'Currency pair not supported', symbol: 'NOPE/USD', req_id: 2, time_in: '2023-07-30T15:29:58.343415Z', time_out: '2023-07-30T15:29:58.343415Z' },
  { method: 'pong', req_id: 3, time_in: '2023-07-30T15:29:58.343415Z', time_out: '2023-07-30T15:29:58.343415Z' },
];

function isValidPayload(key: string, payload: any): boolean {
  if (key === BOOK) return (payload.type === 'snapshot' || payload.type === 'update') && levelsValid(payload.bids, payload.asks) && finite(payload.checksum, payload.timestamp);
  if (key.startsWith('ticker')) {
    return payload.type === 'ticker' && payload.exchange === 'kraken' && typeof payload.symbol === 'string' &&
      finite(payload.price, payload.bid, payload.ask, payload.bidSize, payload.askSize, payload.high24h, payload.low24h, payload.volume24h, payload.change24h, payload.timestamp);
  }
  if (key.startsWith('trade')) {
    return payload.type === 'trade' && payload.price > 0 && payload.amount >= 0 && finite(payload.price, payload.amount, payload.timestamp) && ['buy', 'sell'].includes(payload.side) && typeof payload.id === 'string';
  }
  if (key === KRAKEN_INSTRUMENT_KEY) return typeof payload.snapshot === 'boolean' && Array.isArray(payload.pairs);
  return false;
}

/** Silence is allowed for keepalive/status channels, acknowledgements and pongs, and data with nothing for a subscribed book. */
function mayBeIgnored(frame: string): boolean {
  const message = jsonObject(frame);
  if (!message) return false;
  const channel = message['channel'];
  if (channel === undefined) return message['success'] !== false && message['error'] === undefined && typeof message['method'] === 'string';
  if (!['book', 'ticker', 'trade', 'instrument'].includes(channel)) return true;
  const data = message['data'];
  return Array.isArray(data) && data.every((item: any) => channel === 'book' && item?.symbol !== SYMBOL);
}

describe('Kraken decoder and book under hostile input (fast-check)', () => {
  it('never throws; every frame becomes a valid normalized value or an error outcome', () => {
    expectFramesHandled(() => protocol.createSession(), hostileFrame(TEMPLATES), { isValidPayload, mayBeIgnored }, 3000);
  });

  it('an oversized book snapshot is accepted whole when valid and refused whole when one level is poisoned', () => {
    const snapshot = (count: number) => ({ ...BOOK_SNAPSHOT, data: [{ ...BOOK_SNAPSHOT.data[0]!, bids: Array.from({ length: count }, (_, i) => ({ price: 29000 - i / 10, qty: 1.5 })) }] });
    expectOversizedFrameWhole(
      () => protocol.createSession(),
      oversizedFrame(snapshot),
      (frame, poison) => frame.replace('"qty":1.5}],"asks"', `"qty":${JSON.stringify(poison) ?? 'null'}}],"asks"`),
      (payload) => isValidPayload(BOOK, payload),
      { now: NOW },
    );
  });

  it('the checksum-verified book never emits an invalid level, resyncs on every invalid or mis-checked frame, and restarts with a snapshot', () => {
    type Input = 'snapshot' | 'update' | { readonly mutate: Mutation[] } | PipelineInput;
    const input: fc.Arbitrary<Input> = fc.oneof(
      { arbitrary: fc.constant('update' as const), weight: 6 },
      { arbitrary: fc.constant('snapshot' as const), weight: 4 },
      { arbitrary: mutations.map((mutate) => ({ mutate })), weight: 3 },
      { arbitrary: hostileFrame([BOOK_UPDATE]).map((frame) => ({ frame })), weight: 1 },
      { arbitrary: fc.constantFrom('connected' as const, 'disconnected' as const, 'gap' as const).map((status) => ({ status })), weight: 1 },
    );
    const instruments: KrakenInstrumentsPayload = { snapshot: true, pairs: JSON.parse(instrumentMessage([{ symbol: SYMBOL, grid: market.grid }])).data.pairs };
    let emitted = 0;
    let resyncs = 0;
    fc.assert(
      fc.property(fc.array(input, { minLength: 1, maxLength: 50 }), fc.integer({ min: 1, max: 1000 }), (inputs, seed) => {
        const feed = new SimulatedMarket(marketSpecFor(SYMBOL), { seed, levels: 20, now: () => NOW });
        const { grid } = feed;
        const checksum = () => {
          const top = feed.truth(10);
          return wireChecksum(top.asks, top.bids, grid.priceDecimals, grid.quantityDecimals);
        };
        const known = new KrakenInstruments();
        known.apply(instruments);
        const { protocol: fresh } = session();
        const run = new BookPipeline(fresh.createSession(), BOOK, (subscriber, context) =>
          new KrakenBookSync(subscriber, context, { symbol: SYMBOL, depth: DEPTH, instruments: known, checksum: new KrakenChecksum() }),
        );
        for (const item of inputs) {
          let frame: PipelineInput;
          if (item === 'snapshot') {
            const truth = feed.truth();
            frame = { frame: bookMessage('snapshot', SYMBOL, truth.bids, truth.asks, checksum(), NOW) };
          } else if (item === 'update' || 'mutate' in item) {
            const step = feed.step();
            const side = (s: 'bid' | 'ask') => step.changes.filter((c) => c.side === s).map((c) => [c.price, c.quantity] as const);
            const text = bookMessage('update', SYMBOL, side('bid'), side('ask'), checksum(), NOW);
            frame = { frame: item === 'update' ? text : applyMutations(JSON.parse(text), item.mutate) };
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
    expect(emitted).toBeGreaterThan(400); // exercised on live, verified books, not vacuously
    expect(resyncs).toBeGreaterThan(100);
  });
});
