import fc from 'fast-check';
import { bookChange, FakeDepthVenue, syncAgainst } from './support/fake-depth-venue';

/**
 * A REST snapshot with `limit=N` knows nothing below its N-th level: the book must never show a
 * guess there (Binance issue 11). The sync keeps the known window, reports nothing outside it,
 * fetches with a margin over the depth asked for, and re-snapshots (`resync` 'depth') when fewer
 * levels than asked remain known.
 */
describe('Binance book: the known window of a limited snapshot', () => {
  it('repro: snapshot limit=1 → bids 100; a diff removes 100 → never a false best bid (98.5 while 99×5 exists)', () => {
    const venue = new FakeDepthVenue([[100, 1], [99, 5], [98, 2]], [[101, 1], [102, 3], [103, 1]]);
    const t = syncAgainst(venue, 1);
    t.feed(venue.change([[98.5, 4]])); // below what a 1-level snapshot knows
    t.feed(venue.change([[100, 0]])); // the known top goes
    t.feed(venue.change([[99, 0]]));
    t.feed(venue.change([[98.5, 3]]));
    // whenever the book claims to be right, its best bid is the real one
    expect(t.live()).toBe(true);
    expect(t.book(1)).toEqual(venue.truth(1));
    expect(t.book()).toEqual(venue.truth());
  });

  it('fetches with a margin over the depth asked for, and a thin side (fewer levels than the limit) is fully known', () => {
    const venue = new FakeDepthVenue([[100, 1], [99, 5]], [[101, 1]]);
    const t = syncAgainst(venue, 1);
    t.feed(venue.change([[97, 1]]));
    expect(venue.requests).toHaveLength(1);
    expect(venue.requests[0]).toBeGreaterThan(1);
    // the side had fewer levels than the limit: every level of it is known, removing all but one is fine
    t.feed(venue.change([[100, 0], [99, 0]]));
    t.feed(venue.change([[96, 2]]));
    expect(t.raised.filter((e) => e.type === 'resync')).toEqual([]);
    expect(t.book()).toEqual(venue.truth());
  });

  it('reports nothing outside the window, and re-snapshots (resync "depth") when fewer levels than asked remain known', () => {
    const prices = Array.from({ length: 300 }, (_, i) => 1000 - i);
    const venue = new FakeDepthVenue(prices.map((p) => [p, 1] as const), [[2000, 1]]);
    const depth = 10;
    const t = syncAgainst(venue, depth);
    t.feed(venue.change([[1, 7]])); // far below anything the snapshot knows
    const limit = venue.requests[0]!;
    expect(limit).toBeGreaterThan(depth);
    expect(limit).toBeLessThan(300); // the side is partial: there are levels below the window
    expect(t.events.flatMap((e) => e.bids).some(([p]) => p === 1)).toBe(false);
    // remove the known levels one by one from the top: the book stays right, then asks for a new snapshot
    let removed = 0;
    while (t.raised.every((e) => e.type !== 'resync')) {
      t.feed(venue.change([[prices[removed++]!, 0]]));
      if (t.live()) expect(t.book(depth)).toEqual(venue.truth(depth));
    }
    expect(t.raised.filter((e) => e.type === 'resync')).toEqual([{ type: 'resync', symbol: 'BTC/USDT', reason: 'depth' }]);
    expect(removed).toBe(limit - depth + 1); // the first removal that leaves fewer than `depth` known
    expect(venue.requests).toHaveLength(2);
    expect(t.live()).toBe(true);
    expect(t.book(depth)).toEqual(venue.truth(depth));
  });

  it('property: while live, the top `depth` levels always equal the truth, whatever the changes', () => {
    let checks = 0;
    let depthResyncs = 0;
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 0, max: 40 }),
        fc.array(bookChange(40), { minLength: 20, maxLength: 120 }),
        (depth, initialLevels, changes) => {
          const venue = new FakeDepthVenue(
            Array.from({ length: initialLevels }, (_, i) => [40 - i, 1 + (i % 3)] as const),
            Array.from({ length: initialLevels }, (_, i) => [41 + i, 1 + (i % 2)] as const),
          );
          const t = syncAgainst(venue, depth, { snapshotLimit: depth + 2 } as never);
          for (const change of changes) {
            t.feed(venue.change(change.bids, change.asks));
            if (t.live()) {
              checks++;
              expect(t.book(depth)).toEqual(venue.truth(depth));
            }
          }
          depthResyncs += t.raised.filter((e) => e.type === 'resync' && e.reason === 'depth').length;
        },
      ),
      { numRuns: 150, seed: 11 },
    );
    expect(checks).toBeGreaterThan(3000); // exercised on live books, not vacuously
    expect(depthResyncs).toBeGreaterThan(50);
  });
});
