import { backoffDelay } from '../../lib/socket/backoff';

describe('backoffDelay', () => {
  const policy = { delay: 500, maxDelay: 30_000 };

  it('doubles per attempt between half and the full ceiling (equal jitter)', () => {
    expect([1, 2, 3, 4].map((n) => backoffDelay(n, policy, () => 0))).toEqual([250, 500, 1000, 2000]);
    expect([1, 2, 3, 4].map((n) => backoffDelay(n, policy, () => 1))).toEqual([500, 1000, 2000, 4000]);
  });

  it('is capped by maxDelay however many attempts failed', () => {
    expect(backoffDelay(50, policy, () => 1)).toBe(30_000);
    expect(backoffDelay(5000, policy, () => 0.5)).toBe(22_500);
  });
});
