import fc from 'fast-check';
import { CoinbaseBookSync } from '../../lib/exchanges/coinbase/coinbase-book-sync';
import { coinbaseProtocol } from '../../lib/exchanges/coinbase/coinbase-protocol';
import { streamKey } from '../../lib/exchanges/coinbase/coinbase-symbols';
import { BookPipeline, type PipelineInput } from './support/book-pipeline';
import { expectFramesHandled, expectOversizedFrameWhole, finite, jsonObject } from './support/frame-property';
import { hostileFrame, levelsValid, mutatedFrame, oversizedFrame } from './support/hostile-frames';

const LEVEL2 = streamKey('level2', 'BTC-USD');

// Templates: real frames of the Advanced Trade capture (coinbase-advanced-trade.jsonl.gz), shortened.
const L2_UPDATE = {
  channel: 'l2_data', timestamp: '2026-08-09T21:05:48.505350477Z', sequence_num: 14,
  events: [{ type: 'update', product_id: 'BTC-USD', updates: [
    { side: 'bid', event_time: '2026-08-09T21:05:48.210883Z', price_level: '65062.5', new_quantity: '0.00583' },
    { side: 'offer', event_time: '2026-08-09T21:05:48.210883Z', price_level: '65091.91', new_quantity: '0' },
  ] }],
};
const L2_SNAPSHOT = { ...L2_UPDATE, sequence_num: 13, events: [{ ...L2_UPDATE.events[0]!, type: 'snapshot', updates: [L2_UPDATE.events[0]!.updates[0]!, { ...L2_UPDATE.events[0]!.updates[1]!, new_quantity: '0.5' }] }] };
const TEMPLATES = [
  L2_UPDATE,
  L2_SNAPSHOT,
  { channel: 'ticker', timestamp: '2026-08-09T21:05:48.298032046Z', sequence_num: 10, events: [{ type: 'update', tickers: [{ type: 'ticker', product_id: 'BTC-USD', price: '65086.18', volume_24_h: '2867.54532609', low_24_h: '64675.22', high_24_h: '65252.99', low_52_w: '57717.55', high_52_w: '126296', price_percent_chg_24_h: '0.09601107287722', best_bid: '65083.66', best_ask: '65083.67', best_bid_quantity: '0.20371215', best_ask_quantity: '0.24290402' }] }] },
  { channel: 'market_trades', timestamp: '2026-08-09T21:05:48.251397169Z', sequence_num: 9, events: [{ type: 'update', trades: [{ product_id: 'BTC-USD', trade_id: '1068572091', price: '65083.67', size: '0.01034361', time: '2026-08-09T21:05:48.167634Z', side: 'SELL' }] }] },
  { channel: 'heartbeats', timestamp: '2026-08-09T21:05:48.856364007Z', sequence_num: 35, events: [{ current_time: '2026-08-09 21:05:48.854840045 +0000 UTC m=+41691.260485341', heartbeat_counter: 41691 }] },
  { channel: 'subscriptions', timestamp: '2026-08-09T21:05:48.228846629Z', sequence_num: 2, events: [{ subscriptions: { market_trades: ['BTC-USD', 'ETH-USD'] } }] },
  { type: 'error', message: 'rate limit exceeded' },
];

const DATA_CHANNELS = new Set(['l2_data', 'ticker', 'market_trades']);

/** By stream kind: a frame may name any product (the hub drops keys nobody subscribed). */
function isValidPayload(key: string, payload: any): boolean {
  if (key.startsWith('level2:')) return (payload.kind === 'snapshot' || payload.kind === 'update') && levelsValid(payload.bids, payload.asks) && typeof payload.timestamp === 'number';
  if (key.startsWith('ticker:')) {
    return payload.type === 'ticker' && payload.exchange === 'coinbase' && typeof payload.symbol === 'string' && finite(payload.price, payload.bid, payload.ask, payload.timestamp) &&
      [payload.bidSize, payload.askSize, payload.high24h, payload.low24h, payload.volume24h, payload.change24h].every((v) => typeof v === 'number');
  }
  if (key.startsWith('market_trades:')) {
    return typeof payload.snapshot === 'boolean' && Array.isArray(payload.trades) && payload.trades.length > 0 &&
      payload.trades.every((t: any) => t.type === 'trade' && typeof t.symbol === 'string' && t.price > 0 && finite(t.price, t.amount, t.timestamp) && t.amount >= 0 && ['buy', 'sell', 'unknown'].includes(t.side) && typeof t.id === 'string');
  }
  return false;
}

/** Silence is allowed for a well-formed envelope of a channel no stream consumes, or one with nothing in it to deliver. */
function mayBeIgnored(frame: string): boolean {
  const message = jsonObject(frame);
  if (!message || message['type'] === 'error' || typeof message['channel'] !== 'string' || typeof message['sequence_num'] !== 'number' || !Array.isArray(message['events'])) return false;
  if (!DATA_CHANNELS.has(message['channel'])) return true;
  return message['events'].every((e: any) => (Array.isArray(e?.tickers) && e.tickers.length === 0) || (Array.isArray(e?.trades) && e.trades.length === 0));
}

describe('Coinbase decoder and book under hostile input (fast-check)', () => {
  const protocol = coinbaseProtocol('ws://127.0.0.1:1');

  it('never throws; every frame becomes a valid normalized value or an error outcome', () => {
    expectFramesHandled(() => protocol.createSession(), hostileFrame(TEMPLATES), { isValidPayload, mayBeIgnored }, 3000);
  });

  it('an oversized level2 snapshot is accepted whole when valid and refused whole when one level is poisoned', () => {
    const snapshot = (count: number) => ({ ...L2_SNAPSHOT, events: [{ ...L2_SNAPSHOT.events[0]!, updates: Array.from({ length: count }, (_, i) => ({ side: 'bid', event_time: '2026-08-09T21:05:48.210883Z', price_level: `${60000 + i / 100}`, new_quantity: '1.5' })) }] });
    expectOversizedFrameWhole(
      () => protocol.createSession(),
      oversizedFrame(snapshot),
      (frame, poison) => frame.replace('"new_quantity":"1.5"}]', `"new_quantity":${JSON.stringify(poison)}}]`),
      (payload) => isValidPayload(LEVEL2, payload),
      { now: 1 },
    );
  });

  it('the book never emits an invalid level, resyncs (and resubscribes) on every invalid frame of its product, and restarts with a snapshot', () => {
    const input: fc.Arbitrary<PipelineInput | 'snapshot' | 'update'> = fc.oneof(
      { arbitrary: fc.constant('update' as const), weight: 6 },
      { arbitrary: fc.constant('snapshot' as const), weight: 3 },
      { arbitrary: mutatedFrame(L2_UPDATE).map((frame) => ({ frame })), weight: 4 },
      { arbitrary: hostileFrame([L2_UPDATE]).map((frame) => ({ frame })), weight: 1 },
      { arbitrary: fc.constantFrom('connected' as const, 'disconnected' as const, 'gap' as const).map((status) => ({ status })), weight: 1 },
    );
    let emitted = 0;
    let resyncs = 0;
    fc.assert(
      fc.property(fc.array(input, { minLength: 1, maxLength: 60 }), (inputs) => {
        const run = new BookPipeline(protocol.createSession(), LEVEL2, (subscriber, context) => new CoinbaseBookSync(subscriber, context, 'BTC/USD'));
        let sequence = 0;
        for (const item of inputs) {
          const before = { invalid: run.invalidFrames, resyncs: run.resyncs, resubscribes: run.resubscribes.length };
          // every frame that still carries the template's sequence number gets the next one (a mutation may have broken it: a gap)
          const frame =
            item === 'update' ? { frame: JSON.stringify({ ...L2_UPDATE, sequence_num: sequence++ }) }
            : item === 'snapshot' ? { frame: JSON.stringify({ ...L2_SNAPSHOT, sequence_num: sequence++ }) }
            : 'frame' in item ? { frame: item.frame.replace('"sequence_num":14', () => `"sequence_num":${sequence++}`) }
            : item;
          expect(() => run.feed(frame)).not.toThrow();
          if (run.invalidFrames > before.invalid) {
            expect(run.resyncs).toBeGreaterThan(before.resyncs);
            expect(run.resubscribes.length).toBeGreaterThan(before.resubscribes);
          }
        }
        run.expectSound();
        emitted += run.log.length - run.resyncs;
        resyncs += run.resyncs;
        run.dispose();
      }),
      { numRuns: 300, seed: 42 },
    );
    expect(emitted).toBeGreaterThan(500); // the property was exercised on live books, not vacuously
    expect(resyncs).toBeGreaterThan(100);
  });
});
