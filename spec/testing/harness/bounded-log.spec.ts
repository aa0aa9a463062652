import { appendBounded } from '../../../lib/testing/harness/bounded-log';

describe('appendBounded', () => {
  it('keeps the newest entries up to the limit', () => {
    const log: number[] = [];
    for (let i = 0; i < 10; i++) appendBounded(log, i, 4);
    expect(log).toEqual([6, 7, 8, 9]);
  });
});
