import { Subscriber } from 'rxjs';
import type { StreamContext } from '../../../lib/exchanges/common/stream-listener';
import { KrakenBookSync } from '../../../lib/exchanges/kraken/kraken-book-sync';
import { KrakenChecksum } from '../../../lib/exchanges/kraken/kraken-checksum';
import { KrakenInstruments } from '../../../lib/exchanges/kraken/kraken-instruments';
import type { KrakenBookPayload } from '../../../lib/exchanges/kraken/kraken-protocol';
import type { BookEvent, BookLevel } from '../../../lib/model/book-event';
import type { ExchangeEvent } from '../../../lib/model/exchange-event';

const PRECISION = { price: 1, qty: 8 };
const checksum = new KrakenChecksum();

function setup(depth = 10) {
  const instruments = new KrakenInstruments();
  const emitted: BookEvent[] = [];
  const raised: Partial<ExchangeEvent>[] = [];
  let errored: Error | undefined;
  let resubscribes = 0;
  const subscriber = new Subscriber<BookEvent>({ next: (e: BookEvent) => void emitted.push(e), error: (e: Error) => void (errored = e), complete: () => undefined });
  const context: StreamContext = { key: 'book:BTC/USD:10', scheduler: undefined as never, raise: (e) => raised.push(e), resubscribe: () => resubscribes++ };
  const sync = new KrakenBookSync(subscriber, context, { symbol: 'BTC/USD', depth, instruments, checksum });
  return { sync, instruments, emitted, raised, errored: () => errored, resubscribes: () => resubscribes };
}

/** A payload whose checksum is that of `after` (the book the listener must hold after applying it). */
function message(type: 'snapshot' | 'update', bids: BookLevel[], asks: BookLevel[], after: { bids: BookLevel[]; asks: BookLevel[] }, sum?: number): KrakenBookPayload {
  return { type, bids, asks, checksum: sum ?? checksum.ofLevels(after.asks, after.bids, PRECISION), timestamp: 42 };
}

const ladder = (from: number, step: number, n: number): BookLevel[] => Array.from({ length: n }, (_, i) => [Number((from + i * step).toFixed(1)), 1 + i]);
const BIDS = ladder(100, -0.1, 10);
const ASKS = ladder(100.1, 0.1, 10);
const load = (instruments: KrakenInstruments, pairs = [{ symbol: 'BTC/USD', price_precision: 1, qty_precision: 8 }]) => instruments.apply({ snapshot: true, pairs });

describe('KrakenBookSync', () => {
  it('truncates to the depth and emits the pushed-out level as an explicit removal', () => {
    const { sync, instruments, emitted, raised } = setup();
    load(instruments);
    sync.data(message('snapshot', BIDS, ASKS, { bids: BIDS, asks: ASKS }), 1);
    const better: BookLevel = [100.05, 3];
    const after = { bids: [better, ...BIDS.slice(0, 9)], asks: ASKS };
    sync.data(message('update', [better], [], after), 2);
    expect(raised).toEqual([]);
    expect(emitted.map((e) => e.type)).toEqual(['snapshot', 'delta']);
    expect(emitted[1]!.bids).toEqual([better, [BIDS[9]![0], 0]]);
  });

  it('holds a snapshot received before the precision and emits one verified snapshot of the current book when it arrives', () => {
    const { sync, instruments, emitted, raised } = setup();
    sync.data(message('snapshot', BIDS, ASKS, { bids: BIDS, asks: ASKS }), 1);
    const after = { bids: BIDS.slice(1), asks: ASKS };
    sync.data(message('update', [[BIDS[0]![0], 0]], [], after), 2);
    expect(emitted).toEqual([]);
    instruments.apply({ snapshot: false, pairs: [{ symbol: 'ETH/USD', price_precision: 2, qty_precision: 8 }] });
    expect(emitted).toEqual([]);
    load(instruments);
    expect(emitted).toEqual([{ type: 'snapshot', exchange: 'kraken', symbol: 'BTC/USD', bids: after.bids, asks: after.asks, timestamp: 42, localTimestamp: 2 }]);
    expect(raised).toEqual([]);
  });

  it('on a mismatch raises resync "checksum", resubscribes and ignores updates until the fresh snapshot', () => {
    const { sync, instruments, emitted, raised, resubscribes } = setup();
    load(instruments);
    sync.data(message('snapshot', BIDS, ASKS, { bids: BIDS, asks: ASKS }), 1);
    sync.data(message('update', [[BIDS[0]![0], 5]], [], { bids: BIDS, asks: ASKS }), 2); // checksum of the old book: wrong
    expect(raised).toEqual([{ type: 'resync', symbol: 'BTC/USD', reason: 'checksum' }]);
    expect(resubscribes()).toBe(1);
    sync.data(message('update', [], [[ASKS[0]![0], 0]], { bids: BIDS, asks: ASKS.slice(1) }), 3);
    expect(emitted).toHaveLength(1);
    sync.data(message('snapshot', BIDS, ASKS, { bids: BIDS, asks: ASKS }), 4);
    expect(emitted.map((e) => e.type)).toEqual(['snapshot', 'snapshot']);
  });

  it('resyncs on invalid frames (resubscribing) and after a reconnect (the hub resubscribes)', () => {
    const { sync, instruments, raised, resubscribes } = setup();
    load(instruments);
    sync.status('connected'); // first connection: nothing to resync
    sync.data(message('snapshot', BIDS, ASKS, { bids: BIDS, asks: ASKS }), 1);
    sync.status('invalid');
    expect(raised).toEqual([{ type: 'resync', symbol: 'BTC/USD', reason: 'gap' }]);
    expect(resubscribes()).toBe(1);
    sync.data(message('snapshot', BIDS, ASKS, { bids: BIDS, asks: ASKS }), 2);
    sync.status('disconnected');
    sync.status('connected');
    expect(raised.at(-1)).toEqual({ type: 'resync', symbol: 'BTC/USD', reason: 'reconnect' });
    expect(resubscribes()).toBe(1);
  });

  it('errors the stream when the instrument list lacks the pair, or when fresh snapshots keep failing', () => {
    const missing = setup();
    load(missing.instruments, [{ symbol: 'ETH/USD', price_precision: 2, qty_precision: 8 }]);
    missing.sync.data(message('snapshot', BIDS, ASKS, { bids: BIDS, asks: ASKS }), 1);
    expect(missing.errored()?.message).toMatch(/instrument channel lists no such pair/);
    expect(missing.raised).toEqual([expect.objectContaining({ type: 'error', kind: 'exchange', symbol: 'BTC/USD' })]);

    const broken = setup();
    load(broken.instruments);
    for (let i = 0; i < 3; i++) broken.sync.data(message('snapshot', BIDS, ASKS, { bids: BIDS, asks: ASKS }, 123), i);
    expect(broken.raised.filter((e) => e.type === 'resync')).toHaveLength(2);
    expect(broken.errored()?.message).toMatch(/3 fresh snapshots in a row failed their checksum/);
    expect(broken.emitted).toEqual([]);
  });
});
