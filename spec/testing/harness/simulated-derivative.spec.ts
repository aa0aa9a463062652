import fc from 'fast-check';
import { marketSpecFor } from '../../../lib/testing/harness/market-spec';
import { SimulatedDerivative } from '../../../lib/testing/harness/simulated-derivative';
import { SimulatedMarket } from '../../../lib/testing/harness/simulated-market';

describe('SimulatedDerivative', () => {
  const spec = { ...marketSpecFor('BTC/USDT'), symbol: 'BTC/USDT:USDT', tickSize: 0.1, quantityDecimals: 3 };

  it('is seeded: the same seed and steps give the same states; another seed differs', () => {
    const run = (seed: number) => {
      const market = new SimulatedMarket(spec, { seed: 1, levels: 20, now: () => 0 });
      const derivative = new SimulatedDerivative(market, { seed, now: () => 1_000 });
      return Array.from({ length: 5 }, () => {
        market.step();
        derivative.update();
        return derivative.state();
      });
    };
    expect(run(3)).toEqual(run(3));
    expect(run(3)).not.toEqual(run(4));
  });

  it('keeps its invariants: mark between mid and index, funding = 0.01 % + premium clamped to ±0.75 %, next funding on the 8 h grid after now, exact decimals', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 }), fc.integer({ min: 1, max: 40 }), fc.integer({ min: 0, max: 4_000_000_000_000 }), (seed, steps, now) => {
        const market = new SimulatedMarket(spec, { seed, levels: 10, now: () => now });
        const derivative = new SimulatedDerivative(market, { seed, now: () => now });
        for (let i = 0; i < steps; i++) {
          market.step();
          derivative.update();
        }
        const state = derivative.state();
        const { bid, ask } = market.top();
        const mid = (bid + ask) / 2;
        const tolerance = 10 ** -state.priceDecimals;
        expect(state.markPrice).toBeGreaterThanOrEqual(Math.min(mid, state.indexPrice) - tolerance);
        expect(state.markPrice).toBeLessThanOrEqual(Math.max(mid, state.indexPrice) + tolerance);
        expect(Math.abs(state.indexPrice / mid - 1)).toBeLessThan(0.01);
        expect(Math.abs(state.fundingRate)).toBeLessThanOrEqual(0.0075);
        expect(state.fundingRate).toBeCloseTo(0.0001 + (state.markPrice - state.indexPrice) / state.indexPrice, 7);
        expect(state.nextFundingTime % (8 * 3_600_000)).toBe(0);
        expect(state.nextFundingTime > now && state.nextFundingTime - now <= 8 * 3_600_000).toBe(true);
        for (const [value, decimals] of [[state.markPrice, state.priceDecimals], [state.indexPrice, state.priceDecimals], [state.fundingRate, 8], [state.openInterest, state.quantityDecimals]] as const) {
          expect(Number(value.toFixed(decimals))).toBe(value);
        }
        expect(state.openInterest).toBeGreaterThan(0);
      }),
      { numRuns: 60 },
    );
  });
});
