import { defer, of } from 'rxjs';
import { FakeDepthVenue, syncAgainst } from './support/fake-depth-venue';

/** A snapshot that never bridges the stream is re-requested with backoff, and says so each time. */
describe('Binance book: a snapshot that never bridges the stream', () => {
  it('is re-requested with exponential backoff (not every 50 ms), raising resync "stale" each time', () => {
    const venue = new FakeDepthVenue([[100, 1]], [[101, 1]]);
    const requestedAt: number[] = [];
    let now = () => 0;
    const t = syncAgainst(venue, 1, {
      // a lagging REST cache: always 5 updates behind the stream
      fetchSnapshot: () => defer(() => (requestedAt.push(now()), of({ ...venue.snapshot(100), lastUpdateId: venue.updateId - 5 }))),
      retryDelay: 500,
      maxRetryDelay: 30_000,
      random: () => 0.5,
    });
    now = () => t.scheduler.now();
    t.scheduler.maxFrames = 60_000; // a minute of virtual time
    t.feed(venue.change([[100, 2]]));
    // delays 375, 750, 1500, 3000, 6000, 12000, 22500 (midpoints of 500·2^n capped at 30 s)
    expect(requestedAt).toEqual([0, 375, 1125, 2625, 5625, 11625, 23625, 46125]);
    expect(t.raised).toEqual(requestedAt.map(() => ({ type: 'resync', symbol: 'BTC/USDT', reason: 'stale' })));
    expect(t.events).toEqual([]); // never a book built on a snapshot that does not connect
  });

  it('starts the backoff over once a snapshot bridged', () => {
    const venue = new FakeDepthVenue([[100, 1]], [[101, 1]]);
    let stale = 2;
    const requestedAt: number[] = [];
    let now = () => 0;
    const t = syncAgainst(venue, 1, {
      fetchSnapshot: () => defer(() => (requestedAt.push(now()), of({ ...venue.snapshot(100), lastUpdateId: venue.updateId - (stale-- > 0 ? 5 : 0) }))),
      retryDelay: 500,
      random: () => 0.5,
    });
    now = () => t.scheduler.now();
    t.scheduler.maxFrames = 10_000;
    t.feed(venue.change([[100, 2]]));
    expect(requestedAt).toEqual([0, 375, 1125]);
    expect(t.live()).toBe(true);
    stale = 1;
    t.sync.status('gap');
    t.feed(venue.change([[100, 3]]));
    t.scheduler.maxFrames = 20_000;
    t.scheduler.flush();
    expect(requestedAt.slice(3).map((at) => at - requestedAt[3]!)).toEqual([0, 375]);
    expect(t.book()).toEqual(venue.truth());
  });
});
