import fc from 'fast-check';
import { RequestBudget } from '../../../lib/exchanges/common/request-budget';

describe('RequestBudget', () => {
  it('lets requests through while the window has room, then books the earliest slot', () => {
    const budget = new RequestBudget(100, 60_000);
    expect(budget.reserve(50, 0)).toBe(0);
    expect(budget.reserve(50, 1_000)).toBe(0);
    expect(budget.reserve(25, 2_000)).toBe(58_000); // the first 50 leaves the window at 60 000
    expect(budget.reserve(25, 2_000)).toBe(58_000); // fits beside it
    expect(budget.reserve(10, 2_000)).toBe(59_000); // waits for the second 50 to leave
  });

  it('holds every later request back until a Retry-After deadline', () => {
    const budget = new RequestBudget(1000, 60_000);
    budget.blockUntil(5_000);
    expect(budget.reserve(5, 1_000)).toBe(4_000);
    expect(budget.reserve(5, 9_000)).toBe(0);
  });

  it('property: the weight booked in any window never exceeds the capacity, in first-come order', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 5_000 }), fc.constantFrom(5, 25, 50, 250)), { minLength: 1, maxLength: 80 }), (requests) => {
        const budget = new RequestBudget(600, 60_000);
        let now = 0;
        const booked: { at: number; weight: number }[] = [];
        for (const [gap, weight] of requests) {
          now += gap;
          booked.push({ at: now + budget.reserve(weight, now), weight });
        }
        for (let i = 1; i < booked.length; i++) expect(booked[i]!.at).toBeGreaterThanOrEqual(booked[i - 1]!.at);
        for (const { at } of booked) {
          const inWindow = booked.filter((b) => b.at > at - 60_000 && b.at <= at).reduce((sum, b) => sum + b.weight, 0);
          expect(inWindow).toBeLessThanOrEqual(600);
        }
      }),
      { numRuns: 300, seed: 5 },
    );
  });
});
