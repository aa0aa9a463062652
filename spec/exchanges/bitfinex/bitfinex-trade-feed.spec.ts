import { Observable, asyncScheduler } from 'rxjs';
import { BitfinexTradeFeed } from '../../../lib/exchanges/bitfinex/bitfinex-trade-feed';
import type { BitfinexTradePayload } from '../../../lib/exchanges/bitfinex/bitfinex-payloads';
import type { Trade } from '../../../lib/model/trade';

const trade = (id: number): Trade => ({ type: 'trade', exchange: 'bitfinex', symbol: 'BTC/USD', id: String(id), price: 100, amount: 1, side: 'buy', timestamp: id, localTimestamp: id });
const snapshot = (...ids: number[]): BitfinexTradePayload => ({ kind: 'snapshot', trades: ids.map(trade) });
const executed = (id: number): BitfinexTradePayload => ({ kind: 'executed', trade: trade(id) });

function setup() {
  const delivered: string[] = [];
  let resubscribes = 0;
  let feed!: BitfinexTradeFeed;
  new Observable<Trade>((subscriber) => {
    feed = new BitfinexTradeFeed(subscriber, { key: 'trades:tBTCUSD', scheduler: asyncScheduler, raise: () => undefined, resubscribe: () => resubscribes++ });
  }).subscribe((t) => delivered.push(t.id));
  return { feed, delivered, resubscribes: () => resubscribes };
}

describe('BitfinexTradeFeed', () => {
  it('delivers executed trades; the first snapshot is history, a later one fills in what is newer than the last delivered, oldest first', () => {
    const t = setup();
    t.feed.data(snapshot(12, 11, 10)); // newest first, as Bitfinex sends it
    t.feed.data(executed(13));
    t.feed.data(executed(14));
    t.feed.data(snapshot(18, 17, 16, 15, 14, 13, 12)); // after a resubscription
    t.feed.data(executed(19));
    expect(t.delivered).toEqual(['13', '14', '15', '16', '17', '18', '19']);
  });

  it('after an empty first snapshot, every trade of a later snapshot is new', () => {
    const t = setup();
    t.feed.data(snapshot());
    t.feed.data(snapshot(3, 2));
    expect(t.delivered).toEqual(['2', '3']);
  });

  it('a sequence gap or an invalid frame resubscribes for a snapshot that fills the hole; nothing else does', () => {
    const t = setup();
    t.feed.status('gap');
    t.feed.status('invalid');
    t.feed.status('connected');
    t.feed.status('disconnected');
    expect(t.resubscribes()).toBe(2);
  });
});
