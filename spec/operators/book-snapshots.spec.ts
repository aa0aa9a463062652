import { lastValueFrom, toArray } from 'rxjs';
import type { BookEvent } from '../../lib/model/book-event';
import { bookSnapshots, type BookSample } from '../../lib/operators/book-snapshots';
import { marbles } from './marble-helpers';

const snapshot = (at: number, bids: [number, number][], asks: [number, number][], symbol = 'BTC/USD'): BookEvent => ({
  type: 'snapshot',
  exchange: 'kraken',
  symbol,
  bids,
  asks,
  timestamp: at - 1,
  localTimestamp: at,
});
const delta = (at: number, bids: [number, number][], asks: [number, number][], symbol = 'BTC/USD'): BookEvent => ({ ...snapshot(at, bids, asks, symbol), type: 'delta' });
const sample = (sampledAt: number, at: number, bids: [number, number][], asks: [number, number][], symbol = 'BTC/USD'): BookSample => ({
  exchange: 'kraken',
  symbol,
  bids,
  asks,
  timestamp: at - 1,
  localTimestamp: at,
  sampledAt,
});

describe('bookSnapshots()', () => {
  it('samples every book at each multiple of interval on the scheduler clock, top depth levels, the state of the last event applied', () => {
    const scheduler = marbles();
    scheduler.run(({ cold, expectObservable }) => {
      const book = cold('5ms s 10ms d 3ms e 15ms |', {
        s: snapshot(5, [[100, 1], [99, 2], [98, 3]], [[101, 1], [102, 2]]),
        d: delta(16, [[100, 0]], [[101, 4]]),
        e: snapshot(20, [[10, 1]], [[11, 1]], 'ETH/USD'),
      });
      expectObservable(book.pipe(bookSnapshots({ interval: 10, depth: 2, scheduler }))).toBe('10ms a 9ms (bc) 6ms (de) 2ms |', {
        a: sample(10, 5, [[100, 1], [99, 2]], [[101, 1], [102, 2]]),
        b: sample(20, 16, [[99, 2], [98, 3]], [[101, 4], [102, 2]]),
        c: sample(20, 20, [[10, 1]], [[11, 1]], 'ETH/USD'),
        d: sample(30, 16, [[99, 2], [98, 3]], [[101, 4], [102, 2]]),
        e: sample(30, 20, [[10, 1]], [[11, 1]], 'ETH/USD'),
      });
    });
  });

  it('emits nothing before a book has its snapshot (a delta first is ignored), and frozen samples', () => {
    const scheduler = marbles();
    scheduler.run(({ cold, expectObservable }) => {
      const book = cold('d 15ms s 10ms |', { d: delta(0, [[1, 1]], []), s: snapshot(16, [[5, 1]], [[6, 1]]) });
      expectObservable(book.pipe(bookSnapshots({ interval: 10, scheduler }))).toBe('20ms x 6ms |', { x: sample(20, 16, [[5, 1]], [[6, 1]]) });
    });
    const frozen: BookSample[] = [];
    scheduler.run(({ cold }) => {
      cold('s 20ms |', { s: snapshot(0, [[5, 1]], [[6, 1]]) })
        .pipe(bookSnapshots({ interval: 10, scheduler }))
        .subscribe((s) => frozen.push(s));
    });
    expect(Object.isFrozen(frozen[0])).toBe(true);
  });

  it('rejects bad options when built', () => {
    expect(() => bookSnapshots({ interval: -1 })).toThrow(TypeError);
    expect(() => bookSnapshots({ interval: 10, depth: 0 })).toThrow(TypeError);
  });

  it('stops sampling with the source (no timer left behind)', async () => {
    const samples = await lastValueFrom(
      new (await import('rxjs')).Observable<BookEvent>((s) => {
        s.next(snapshot(0, [[1, 1]], [[2, 1]]));
        s.complete();
      }).pipe(bookSnapshots({ interval: 5 }), toArray()),
    );
    expect(samples).toEqual([]);
  });
});
