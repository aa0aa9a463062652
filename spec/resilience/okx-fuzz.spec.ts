import fc from 'fast-check';
import { of } from 'rxjs';
import { decodeOrExplain } from '../../lib/exchanges/common/decode';
import { OkxBookSync } from '../../lib/exchanges/okx/okx-book-sync';
import { OkxBookMessage } from '../../lib/exchanges/okx/okx-codecs';
import { parseOkxLevels } from '../../lib/exchanges/okx/okx-levels';
import { okxProtocol } from '../../lib/exchanges/okx/okx-protocol';
import { OkxRequestLog } from '../../lib/exchanges/okx/okx-request-log';
import { OkxRoutes } from '../../lib/exchanges/okx/okx-routes';
import { marketSpecFor } from '../../lib/testing/harness/market-spec';
import { SimulatedMarket } from '../../lib/testing/harness/simulated-market';
import { bookPush, fundingRatePush, indexTickerPush, markPricePush, okxLevel, okxWireChecksum, openInterestPush, tickerPush, tradePush } from '../../lib/testing/okx/okx-wire';
import { BookPipeline, type PipelineInput } from './support/book-pipeline';
import { expectFramesHandled, expectOversizedFrameWhole, finite, jsonObject } from './support/frame-property';
import { applyMutations, hostileFrame, isValidLevel, levelsValid, type Mutation, mutations, oversizedFrame } from './support/hostile-frames';
import { OutcomeSink } from './support/outcome-sink';

const SPOT = 'BTC/USDT';
const SWAP = 'BTC/USDT:USDT';
const NOW = 1_700_000_000_000;

function session(): { readonly routes: OkxRoutes; readonly protocol: ReturnType<typeof okxProtocol> } {
  const routes = new OkxRoutes();
  for (const channel of ['books', 'tickers', 'trades'] as const) routes.register(channel, 'BTC-USDT', SPOT);
  for (const channel of ['books', 'tickers', 'trades', 'mark-price', 'funding-rate', 'open-interest'] as const) routes.register(channel, 'BTC-USDT-SWAP', SWAP);
  routes.register('index-tickers', 'BTC-USDT', SWAP);
  const requests = new OkxRequestLog();
  requests.record(2, ['books:BTC-USDT', 'tickers:BTC-USDT']);
  return { routes, protocol: okxProtocol('ws://127.0.0.1:1/ws/v5/public', routes, requests) };
}
const { protocol } = session();

// Templates: the docs' examples (the books snapshot/update of "WS / Order book channel", the error reply)
// and the simulator's wire format for every other channel.
const DOCS_ASKS = [['8476.98', '415', '0', '13'], ['8477', '7', '0', '2'], ['8477.34', '85', '0', '1']];
const DOCS_BIDS = [['8476.97', '256', '0', '12'], ['8475.55', '101', '0', '1'], ['8446', '95', '0', '3']];
const BOOK_SNAPSHOT = { arg: { channel: 'books', instId: 'BTC-USDT' }, action: 'snapshot', data: [{ asks: DOCS_ASKS, bids: DOCS_BIDS, ts: '1597026383085', checksum: -855196043, prevSeqId: -1, seqId: 123456 }] };
const BOOK_UPDATE = { arg: { channel: 'books', instId: 'BTC-USDT-SWAP' }, action: 'update', data: [{ asks: DOCS_ASKS, bids: [], ts: '1597026383085', checksum: 0, prevSeqId: 123456, seqId: 123457 }] };
const market = new SimulatedMarket(marketSpecFor(SPOT), { seed: 9, levels: 30, now: () => NOW });
let trade = market.step().trades[0];
while (!trade) trade = market.step().trades[0];
const TEMPLATES: object[] = [
  BOOK_SNAPSHOT,
  BOOK_UPDATE,
  JSON.parse(tickerPush('SPOT', 'BTC-USDT', market.stats(), market.grid, undefined, NOW)),
  JSON.parse(tickerPush('SWAP', 'BTC-USDT-SWAP', market.stats(), market.grid, 0.01, NOW)),
  JSON.parse(tradePush('BTC-USDT-SWAP', trade, market.grid, 5)),
  JSON.parse(markPricePush('BTC-USDT-SWAP', '65000.1', NOW)),
  JSON.parse(indexTickerPush('BTC-USDT', '65000.05', NOW)),
  JSON.parse(fundingRatePush('BTC-USDT-SWAP', { fundingRate: '0.0001', fundingTime: NOW + 1000, nextFundingTime: NOW + 2000, premium: '0.0001' }, NOW)),
  JSON.parse(openInterestPush('BTC-USDT-SWAP', '2216113.01', '22161.1301', '1939251795.5', NOW)),
  { id: '2', event: 'error', code: '60018', msg: "Wrong URL or channel:books,instId:BTC-USDT doesn't exist.", connId: 'a4d3ae55' },
  { id: '1512', event: 'subscribe', arg: { channel: 'books', instId: 'BTC-USDT' }, connId: 'a4d3ae55' },
  { event: 'notice', code: '64008', msg: 'The connection will soon be closed for a service upgrade. Please reconnect.', connId: 'a4d3ae55' },
];
const DERIVATIVE_FIELDS = ['markPrice', 'indexPrice', 'fundingRate', 'nextFundingTime', 'openInterest'];

function isValidPayload(key: string, payload: any): boolean {
  if (key.startsWith('books:')) {
    return (
      (payload.action === 'snapshot' || payload.action === 'update') &&
      levelsValid(payload.bids, payload.asks) &&
      payload.rawBids.length === payload.bids.length &&
      payload.rawAsks.length === payload.asks.length &&
      Number.isSafeInteger(payload.seqId) &&
      Number.isSafeInteger(payload.prevSeqId) &&
      (payload.checksum === undefined || Number.isSafeInteger(payload.checksum)) &&
      Number.isSafeInteger(payload.timestamp)
    );
  }
  if (key.startsWith('tickers:')) {
    return payload.type === 'ticker' && payload.exchange === 'okx' && payload.price > 0 &&
      finite(payload.price, payload.bid, payload.ask, payload.bidSize, payload.askSize, payload.high24h, payload.low24h, payload.volume24h, payload.change24h, payload.timestamp);
  }
  if (key.startsWith('trades:')) {
    return payload.type === 'trade' && payload.price > 0 && payload.amount >= 0 && finite(payload.price, payload.amount, payload.timestamp) && ['buy', 'sell'].includes(payload.side) && typeof payload.id === 'string';
  }
  const fields = Object.keys(payload).filter((k) => k !== 'timestamp');
  return fields.length > 0 && fields.every((k) => DERIVATIVE_FIELDS.includes(k) && finite(payload[k])) && finite(payload.timestamp);
}

/** Silence is allowed for acks and notices without a request, pongs, pushes nobody asked for, and empty data. */
function mayBeIgnored(frame: string): boolean {
  if (frame === 'pong') return true;
  const message = jsonObject(frame);
  if (!message) return false;
  if (typeof message['event'] === 'string') return message['event'] !== 'error' && message['event'] !== 'notice';
  const arg = message['arg'];
  if (typeof arg?.channel !== 'string') return false;
  const routed = session().routes.route(arg.channel, arg.instId);
  return routed === undefined || (Array.isArray(message['data']) && message['data'].length === 0 && (arg.channel !== 'books' || ['snapshot', 'update'].includes(message['action'])));
}

/** The validated path, independent of the decoder: the io-ts codec, then each value checked the slow way. */
function slowBookDecode(message: unknown): object[] | undefined {
  const decoded = decodeOrExplain(OkxBookMessage, message);
  if (typeof decoded === 'string') return undefined;
  const number = (text: string) => (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text) ? Number(text) : NaN);
  const out: object[] = [];
  for (const item of decoded.data) {
    const side = (levels: string[][]) => levels.map((l) => [number(l[0]!), number(l[1]!)] as const);
    const bids = side(item.bids);
    const asks = side(item.asks);
    const ts = number(item.ts);
    if (![...bids, ...asks].every((l) => isValidLevel([...l])) || !Number.isSafeInteger(ts) || ts < 0) return undefined;
    out.push({ action: decoded.action, bids, asks, rawBids: item.bids, rawAsks: item.asks, prevSeqId: item.prevSeqId, seqId: item.seqId, checksum: item.checksum, timestamp: ts });
  }
  return out;
}

describe('OKX decoder and book under hostile input (fast-check)', () => {
  it('never throws; every frame becomes a valid normalized value or an error outcome', () => {
    expectFramesHandled(() => protocol.createSession(), fc.oneof(hostileFrame(TEMPLATES), fc.constant('pong')), { isValidPayload, mayBeIgnored }, 3000);
  });

  it('the fast books path decodes exactly what the validated path (io-ts codec + slow number checks) decodes, and refuses the rest', () => {
    fc.assert(
      fc.property(hostileFrame([BOOK_SNAPSHOT, BOOK_UPDATE]), (frame) => {
        const message = jsonObject(frame);
        fc.pre(message !== undefined && message['arg']?.channel === 'books' && ['BTC-USDT', 'BTC-USDT-SWAP'].includes(message['arg']?.instId));
        const sink = new OutcomeSink();
        protocol.createSession().onFrame(frame, NOW, sink);
        const outcomes = sink.take();
        const slow = slowBookDecode(message);
        if (slow === undefined) expect(outcomes.map((o) => o.kind)).toEqual(['invalid']);
        else expect(outcomes.map((o) => (o.kind === 'data' ? o.payload : o))).toEqual(slow);
      }),
      { numRuns: 3000, seed: 11 },
    );
  });

  it('an oversized book snapshot is accepted whole when valid and refused whole when one level is poisoned', () => {
    const snapshot = (count: number) => ({ ...BOOK_SNAPSHOT, data: [{ ...BOOK_SNAPSHOT.data[0]!, bids: Array.from({ length: count }, (_, i) => [String(8000 - i / 100), '1.5', '0', '1']) }] });
    expectOversizedFrameWhole(
      () => protocol.createSession(),
      oversizedFrame(snapshot),
      (frame, poison) => frame.replace('"1.5","0","1"]],"ts"', `${JSON.stringify(poison) ?? 'null'},"0","1"]],"ts"`),
      (payload) => isValidPayload('books:BTC-USDT', payload),
      { now: NOW },
    );
  });

  it('the verified book never emits an invalid level, resyncs on every invalid, broken or mis-checked frame, and restarts with a snapshot', () => {
    type Input = 'snapshot' | 'update' | 'lost' | 'corrupt' | { readonly mutate: Mutation[] } | PipelineInput;
    const input: fc.Arbitrary<Input> = fc.oneof(
      { arbitrary: fc.constant('update' as const), weight: 8 },
      { arbitrary: fc.constant('snapshot' as const), weight: 2 },
      { arbitrary: fc.constantFrom('lost' as const, 'corrupt' as const), weight: 2 },
      { arbitrary: mutations.map((mutate) => ({ mutate })), weight: 3 },
      { arbitrary: hostileFrame([BOOK_UPDATE]).map((frame) => ({ frame })), weight: 1 },
      { arbitrary: fc.constantFrom('connected' as const, 'disconnected' as const, 'gap' as const).map((status) => ({ status })), weight: 1 },
    );
    let emitted = 0;
    let resyncs = 0;
    fc.assert(
      fc.property(fc.array(input, { minLength: 1, maxLength: 50 }), fc.integer({ min: 1, max: 1000 }), fc.boolean(), (inputs, seed, socketSnapshots) => {
        const feed = new SimulatedMarket(marketSpecFor(SPOT), { seed, levels: 30, now: () => NOW });
        const grid = feed.grid;
        const wire = (depth = Infinity) => {
          const truth = feed.truth(depth);
          return { bids: truth.bids.map((l) => okxLevel(l, grid)), asks: truth.asks.map((l) => okxLevel(l, grid)) };
        };
        const checksum = () => {
          const top = wire(25);
          return okxWireChecksum(top.bids, top.asks);
        };
        const rest = () => {
          const book = wire();
          return of({ bids: parseOkxLevels(book.bids)!, asks: parseOkxLevels(book.asks)!, rawBids: book.bids, rawAsks: book.asks, seqId: feed.updateId, timestamp: NOW });
        };
        const { protocol: fresh } = session();
        const run = new BookPipeline(fresh.createSession(), 'books:BTC-USDT', (subscriber, context) =>
          new OkxBookSync(subscriber, context, { symbol: SPOT, fetchSnapshot: rest, maxBufferedUpdates: 100, retryDelay: 100, socketSnapshots }),
        );
        let lastSeq = feed.updateId;
        for (const item of inputs) {
          let frame: PipelineInput;
          if (item === 'snapshot') {
            const book = wire();
            frame = { frame: bookPush('BTC-USDT', 'snapshot', book.bids, book.asks, NOW, -1, feed.updateId, checksum()) };
            lastSeq = feed.updateId;
          } else if (item === 'update' || item === 'lost' || item === 'corrupt' || 'mutate' in item) {
            const step = feed.step();
            const side = (s: 'bid' | 'ask') => step.changes.filter((c) => c.side === s).map((c) => okxLevel([c.price, c.quantity], grid));
            const text = bookPush('BTC-USDT', 'update', side('bid'), side('ask'), NOW, lastSeq, step.updateId, item === 'corrupt' ? checksum() ^ 1 : checksum());
            lastSeq = step.updateId;
            if (item === 'lost') continue;
            frame = { frame: item === 'update' || item === 'corrupt' ? text : applyMutations(JSON.parse(text), item.mutate) };
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
