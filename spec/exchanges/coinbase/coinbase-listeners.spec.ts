import { Observable, type Subscriber } from 'rxjs';
import { CoinbaseBookSync } from '../../../lib/exchanges/coinbase/coinbase-book-sync';
import { CoinbaseTradeFeed } from '../../../lib/exchanges/coinbase/coinbase-trade-feed';
import type { CoinbaseBookUpdate } from '../../../lib/exchanges/coinbase/coinbase-payloads';
import type { RaisedEvent, StreamContext, StreamListener } from '../../../lib/exchanges/common/stream-listener';
import type { BookEvent } from '../../../lib/model/book-event';
import type { Trade } from '../../../lib/model/trade';

/** Runs a listener against a real Subscriber and a recording context. */
function harness<T>(create: (subscriber: Subscriber<T>, context: StreamContext) => StreamListener) {
  const out: T[] = [];
  const raised: RaisedEvent[] = [];
  let resubscribes = 0;
  let error: unknown;
  let listener!: StreamListener;
  new Observable<T>((subscriber) => {
    listener = create(subscriber, { key: 'k', scheduler: undefined as never, raise: (e) => raised.push(e), resubscribe: () => resubscribes++ });
  }).subscribe({ next: (v) => out.push(v), error: (e: unknown) => (error = e) });
  return { listener, out, raised, resubscribes: () => resubscribes, error: () => error };
}

const snapshot: CoinbaseBookUpdate = { kind: 'snapshot', bids: [[100, 1]], asks: [[101, 2]], timestamp: 5 };
const update: CoinbaseBookUpdate = { kind: 'update', bids: [[100, 0]], asks: [], timestamp: 6 };

describe('CoinbaseBookSync', () => {
  it('drops updates until the snapshot, then forwards snapshot and deltas with the receipt time', () => {
    const h = harness<BookEvent>((s, c) => new CoinbaseBookSync(s, c, 'BTC/USD'));
    h.listener.data(update, 1);
    h.listener.data(snapshot, 2);
    h.listener.data(update, 3);
    expect(h.out).toEqual([
      { type: 'snapshot', exchange: 'coinbase', symbol: 'BTC/USD', bids: [[100, 1]], asks: [[101, 2]], timestamp: 5, localTimestamp: 2 },
      { type: 'delta', exchange: 'coinbase', symbol: 'BTC/USD', bids: [[100, 0]], asks: [], timestamp: 6, localTimestamp: 3 },
    ]);
  });

  it.each(['gap', 'invalid'] as const)('on %s: resync "gap", resubscribe, and ignore updates until a fresh snapshot', (status) => {
    const h = harness<BookEvent>((s, c) => new CoinbaseBookSync(s, c, 'BTC/USD'));
    h.listener.data(snapshot, 1);
    h.listener.status(status);
    h.listener.data(update, 2);
    expect(h.raised).toEqual([{ type: 'resync', symbol: 'BTC/USD', reason: 'gap' }]);
    expect(h.resubscribes()).toBe(1);
    expect(h.out.map((e) => e.type)).toEqual(['snapshot']);
    h.listener.data(snapshot, 3);
    h.listener.data(update, 4);
    expect(h.out.map((e) => e.type)).toEqual(['snapshot', 'snapshot', 'delta']);
  });

  it('after a reconnect: resync "reconnect" without resubscribing (the hub resubscribes on open); none on the first connect', () => {
    const h = harness<BookEvent>((s, c) => new CoinbaseBookSync(s, c, 'ETH/USD'));
    h.listener.status('connected');
    expect(h.raised).toEqual([]);
    h.listener.data(snapshot, 1);
    h.listener.status('disconnected');
    h.listener.data(update, 2); // a stray late update is not applied
    h.listener.status('connected');
    expect(h.raised).toEqual([{ type: 'resync', symbol: 'ETH/USD', reason: 'reconnect' }]);
    expect(h.resubscribes()).toBe(0);
    expect(h.out.map((e) => e.type)).toEqual(['snapshot']);
  });

  it('errors the stream when the exchange refuses it', () => {
    const h = harness<BookEvent>((s, c) => new CoinbaseBookSync(s, c, 'BTC/USD'));
    h.listener.reject(new Error('refused'));
    expect((h.error() as Error).message).toBe('refused');
  });
});

describe('CoinbaseTradeFeed', () => {
  const trade = (id: string): Trade => ({ type: 'trade', exchange: 'coinbase', symbol: 'BTC/USD', id, price: 1, amount: 1, side: 'buy', timestamp: 0, localTimestamp: 0 });

  it('takes the first snapshot as history only, then delivers live trades once each, and snapshot trades missed in between', () => {
    const h = harness<Trade>((s) => new CoinbaseTradeFeed(s));
    h.listener.data({ snapshot: true, trades: [trade('8'), trade('9'), trade('10')] }, 0);
    h.listener.data({ snapshot: false, trades: [trade('11'), trade('12')] }, 0);
    h.listener.data({ snapshot: false, trades: [trade('12')] }, 0); // duplicate
    h.listener.data({ snapshot: true, trades: [trade('10'), trade('11'), trade('12'), trade('13'), trade('14')] }, 0); // after a reconnect
    h.listener.data({ snapshot: false, trades: [trade('15')] }, 0);
    expect(h.out.map((t) => t.id)).toEqual(['11', '12', '13', '14', '15']);
  });

  it('never filters live trades whose ids are not integers', () => {
    const h = harness<Trade>((s) => new CoinbaseTradeFeed(s));
    h.listener.data({ snapshot: true, trades: [trade('a')] }, 0);
    h.listener.data({ snapshot: false, trades: [trade('b'), trade('b')] }, 0);
    expect(h.out.map((t) => t.id)).toEqual(['b', 'b']);
  });
});
