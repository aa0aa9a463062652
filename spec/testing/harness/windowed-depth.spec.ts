import fc from 'fast-check';
import type { BookLevel } from '../../../lib/model/book-event';
import type { BookImage } from '../../../lib/testing/harness/ground-truth-book';
import { marketSpecFor } from '../../../lib/testing/harness/market-spec';
import { SimulatedMarket } from '../../../lib/testing/harness/simulated-market';
import { WindowedDepth } from '../../../lib/testing/harness/windowed-depth';

function apply(image: BookImage, bids: readonly BookLevel[], asks: readonly BookLevel[]): BookImage {
  const side = (levels: BookLevel[], changes: readonly BookLevel[], descending: boolean): BookLevel[] => {
    const map = new Map(levels);
    for (const [price, qty] of changes) qty === 0 ? map.delete(price) : map.set(price, qty);
    return [...map].sort((a, b) => (descending ? b[0] - a[0] : a[0] - b[0]));
  };
  return { bids: side(image.bids, bids, true), asks: side(image.asks, asks, false) };
}

describe('WindowedDepth', () => {
  it('property: an update applied to the top N at ANY update id it covers gives exactly the new top N; ids are consecutive across takes', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5000 }), fc.integer({ min: 1, max: 25 }), fc.array(fc.integer({ min: 1, max: 6 }), { minLength: 1, maxLength: 10 }), (seed, depth, batches) => {
        const market = new SimulatedMarket(marketSpecFor('ETH/USDT'), { seed, levels: 40, now: () => 0 });
        const feed = new WindowedDepth(market, depth);
        let lastTaken = market.updateId;
        let images = new Map<number, BookImage>([[market.updateId, market.truth(depth)]]); // since the last take
        for (const steps of batches) {
          for (let i = 0; i < steps; i++) {
            feed.add(market.step());
            images.set(market.updateId, market.truth(depth));
          }
          const update = feed.take();
          if (!update) {
            expect(market.truth(depth)).toEqual(images.get(lastTaken)); // nothing changed in range since the last take
            continue;
          }
          expect(update.first).toBe(lastTaken + 1);
          expect(update.last).toBe(market.updateId);
          expect(update.image).toEqual(market.truth(depth));
          for (const [id, image] of images) if (id >= update.first - 1 && id <= update.last) expect(apply(image, update.bids, update.asks)).toEqual(update.image);
          lastTaken = update.last;
          images = new Map([[lastTaken, update.image]]);
        }
      }),
      { numRuns: 30, seed: 77 },
    );
  });

  it('keeps the ids of steps that changed nothing in range for the next update, and hands the whole range out on request', () => {
    const market = new SimulatedMarket(marketSpecFor('BTC/USDT'), { seed: 3, levels: 50, now: () => 0 });
    const feed = new WindowedDepth(market, 5);
    expect(feed.take(true)).toBeUndefined(); // no step yet
    const start = market.updateId;
    feed.add(market.step());
    const whole = feed.take(true)!;
    expect(whole).toEqual(expect.objectContaining({ first: start + 1, last: start + 1, image: market.truth(5) }));
    expect(feed.take()).toBeUndefined();
  });
});
