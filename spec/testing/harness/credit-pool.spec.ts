import { CreditPool } from '../../../lib/testing/harness/credit-pool';

describe('CreditPool', () => {
  it('allows requests while the pool holds their cost, refuses without charging, and refills continuously up to the maximum', () => {
    let now = 0;
    const pool = new CreditPool(30_000, 10_000, () => now);
    const spent = Array.from({ length: 11 }, () => pool.spend(3_000));
    expect(spent).toEqual([...Array<boolean>(10).fill(true), false]); // a burst of 10, then empty
    expect(pool.available).toBe(0);
    now = 200; // 2 000 credits back: not yet enough
    expect(pool.spend(3_000)).toBe(false);
    expect(pool.available).toBe(2_000);
    now = 300;
    expect(pool.spend(3_000)).toBe(true);
    now = 60_000; // never above the maximum
    expect(pool.available).toBe(30_000);
  });
});
