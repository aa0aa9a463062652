import { randomInt, randomPick, randomTopBiasedIndex, seededRandom } from '../../../lib/testing/harness/seeded-random';

describe('seededRandom', () => {
  it('repeats the same sequence for the same seed', () => {
    const a = seededRandom(42);
    const b = seededRandom(42);
    const first = Array.from({ length: 50 }, () => a());
    expect(Array.from({ length: 50 }, () => b())).toEqual(first);
  });

  it('gives different sequences for different seeds, all in [0, 1)', () => {
    const a = Array.from({ length: 20 }, seededRandom(1));
    const b = Array.from({ length: 20 }, seededRandom(2));
    expect(a).not.toEqual(b);
    for (const value of [...a, ...b]) {
      expect(value).toBeGreaterThanOrEqual(0);
      expect(value).toBeLessThan(1);
    }
  });

  it('randomInt covers [min, max] inclusively and nothing else', () => {
    const random = seededRandom(3);
    const seen = new Set<number>();
    for (let i = 0; i < 2000; i++) seen.add(randomInt(random, 1, 5));
    expect([...seen].sort()).toEqual([1, 2, 3, 4, 5]);
  });

  it('randomPick only returns members and throws on an empty array', () => {
    const random = seededRandom(4);
    for (let i = 0; i < 100; i++) expect(['a', 'b', 'c']).toContain(randomPick(random, ['a', 'b', 'c']));
    expect(() => randomPick(random, [])).toThrow(RangeError);
  });

  it('randomTopBiasedIndex favours the top but stays in range', () => {
    const random = seededRandom(5);
    let top10 = 0;
    for (let i = 0; i < 1000; i++) {
      const index = randomTopBiasedIndex(random, 1000);
      expect(index).toBeGreaterThanOrEqual(0);
      expect(index).toBeLessThan(1000);
      if (index < 100) top10++;
    }
    expect(top10).toBeGreaterThan(400); // uniform would give ~100
  });
});
