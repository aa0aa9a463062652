import { firstValueFrom, from, type Subscription, toArray } from 'rxjs';
import { KrakenChecksum } from '../../../lib/exchanges/kraken/kraken-checksum';
import { kraken } from '../../../lib/exchanges/kraken/kraken';
import type { BookEvent } from '../../../lib/model/book-event';
import type { ExchangeEvent } from '../../../lib/model/exchange-event';
import { orderBook } from '../../../lib/operators/order-book';
import { waitFor } from '../../helpers/wait-for';
import { KrakenReplayServer, RECORDING, referenceBookAfter } from './kraken-replay-server';

describe('Kraken book conformance on real recorded data (BTC/USD, depth 10)', () => {
  let server: KrakenReplayServer;
  const subscriptions: Subscription[] = [];
  afterEach(async () => {
    subscriptions.splice(0).forEach((s) => s.unsubscribe());
    await server.stop();
  });

  it('verifies all 510 checksums (snapshot + 509 updates) with zero resyncs and ends on the reference book', async () => {
    server = await KrakenReplayServer.start();
    const verify = jest.spyOn(KrakenChecksum.prototype, 'ofBook');
    const client = kraken({ wsUrl: server.url, pingInterval: 1000, pingTimeout: 1000 });
    const events: ExchangeEvent[] = [];
    const book: BookEvent[] = [];
    const errors: unknown[] = [];
    subscriptions.push(client.events$.subscribe((e) => events.push(e)));
    subscriptions.push(client.book('BTC/USD', { depth: 10 }).subscribe({ next: (e) => book.push(e), error: (e: unknown) => errors.push(e) }));
    await waitFor(() => book.length >= 510, 'the 510 verified book events');
    // one computed checksum per message, each equal to Kraken's own
    expect(verify.mock.results.map((r) => r.value)).toEqual([RECORDING.init, ...RECORDING.updates].map((m) => m.data[0]!.checksum));
    verify.mockRestore();
    expect(errors).toEqual([]);
    expect(events.filter((e) => e.type === 'resync' || e.type === 'error')).toEqual([]);
    expect(book[0]!.type).toBe('snapshot');
    expect(book.slice(1).every((e) => e.type === 'delta')).toBe(true);
    const final = referenceBookAfter(RECORDING.updates.length - 1);
    expect(replayState(book).state).toEqual(final);
    // the library's own orderBook() shows exactly the truncated book (pushed-out levels were removed)
    const states = await firstValueFrom(from(book).pipe(orderBook({ depth: 1000 }), toArray()));
    expect({ bids: states.at(-1)!.bids, asks: states.at(-1)!.asks }).toEqual(final);
  });

  it('holds a book that arrives before its precision, then emits ONE verified snapshot of the current book', async () => {
    server = await KrakenReplayServer.start({ instrumentAfterBook: true });
    const client = kraken({ wsUrl: server.url, pingInterval: 1000, pingTimeout: 1000 });
    const events: ExchangeEvent[] = [];
    const book: BookEvent[] = [];
    subscriptions.push(client.events$.subscribe((e) => events.push(e)));
    subscriptions.push(client.book('BTC/USD').subscribe((e) => book.push(e)));
    await waitFor(() => book.length > 0, 'the held book to be released');
    expect(book).toHaveLength(1);
    expect(book[0]!.type).toBe('snapshot');
    expect({ bids: book[0]!.bids, asks: book[0]!.asks }).toEqual(referenceBookAfter(RECORDING.updates.length - 1));
    expect(events.filter((e) => e.type === 'resync' || e.type === 'error')).toEqual([]);
  });

  it('detects one corrupted quantity: resync "checksum", resubscribe, and recovery from the fresh snapshot', async () => {
    const index = RECORDING.updates.findIndex((u, i) => i >= 200 && u.data[0]!.asks.concat(u.data[0]!.bids).some((l) => l.qty > 0));
    const message = JSON.parse(JSON.stringify(RECORDING.updates[index]));
    const level = [...message.data[0].asks, ...message.data[0].bids].find((l: { qty: number }) => l.qty > 0);
    level.qty = Number((level.qty + 0.00000001).toFixed(8));
    server = await KrakenReplayServer.start({ corrupt: { index, message } });
    const client = kraken({ wsUrl: server.url, pingInterval: 1000, pingTimeout: 1000 });
    const events: ExchangeEvent[] = [];
    const book: BookEvent[] = [];
    subscriptions.push(client.events$.subscribe((e) => events.push(e)));
    subscriptions.push(client.book('BTC/USD').subscribe((e) => book.push(e)));
    // snapshot + `index` verified deltas, the corrupted one is dropped, then a fresh snapshot + the rest
    const expected = 1 + index + 1 + (RECORDING.updates.length - 1 - index);
    await waitFor(() => book.length >= expected, 'recovery and the remaining updates');
    expect(events.filter((e) => e.type === 'resync')).toEqual([expect.objectContaining({ type: 'resync', symbol: 'BTC/USD', reason: 'checksum', exchange: 'kraken' })]);
    expect(events.filter((e) => e.type === 'error')).toEqual([]);
    expect(book.map((e) => e.type).indexOf('snapshot', 1)).toBe(1 + index);
    const bookRequests = server.received.filter((r) => r.params?.channel === 'book').map((r) => r.method);
    expect(bookRequests).toEqual(['subscribe', 'unsubscribe', 'subscribe']);
    expect(replayState(book).state).toEqual(referenceBookAfter(RECORDING.updates.length - 1));
  });
});

/** Applies emitted book events the plain way (Maps, removals by quantity 0), top 10 per side. */
function replayState(events: readonly BookEvent[]): { state: { bids: [number, number][]; asks: [number, number][] } } {
  const bids = new Map<number, number>();
  const asks = new Map<number, number>();
  for (const event of events) {
    if (event.type === 'snapshot') {
      bids.clear();
      asks.clear();
    }
    for (const [p, q] of event.bids) q === 0 ? bids.delete(p) : bids.set(p, q);
    for (const [p, q] of event.asks) q === 0 ? asks.delete(p) : asks.set(p, q);
  }
  // every level the client truncated was removed explicitly: the maps hold at most 10 levels
  expect(bids.size).toBeLessThanOrEqual(10);
  expect(asks.size).toBeLessThanOrEqual(10);
  return {
    state: {
      bids: [...bids.entries()].sort((a, b) => b[0] - a[0]),
      asks: [...asks.entries()].sort((a, b) => a[0] - b[0]),
    },
  };
}
