/**
 * A source of uniformly distributed numbers in `[0, 1)`, like `Math.random`.
 *
 * @example
 * ```ts
 * const random: RandomSource = seededRandom(42);
 * random(); // 0.6011037519201636 (always the same for seed 42)
 * ```
 */
export type RandomSource = () => number;

/**
 * A deterministic random source (mulberry32): the same `seed` always yields the same sequence.
 * Used by every exchange simulator so a failing test can be replayed exactly.
 *
 * @example
 * ```ts
 * const a = seededRandom(7);
 * const b = seededRandom(7);
 * a() === b(); // true
 * ```
 */
export function seededRandom(seed: number): RandomSource {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A random integer in `[min, max]` (both inclusive).
 *
 * @example
 * ```ts
 * randomInt(seededRandom(1), 1, 20); // between 1 and 20
 * ```
 */
export function randomInt(random: RandomSource, min: number, max: number): number {
  return min + Math.floor(random() * (max - min + 1));
}

/**
 * One element of a non-empty array, chosen uniformly.
 *
 * @example
 * ```ts
 * randomPick(seededRandom(1), ['bid', 'ask'] as const); // 'bid' or 'ask'
 * ```
 */
export function randomPick<T>(random: RandomSource, items: readonly T[]): T {
  if (items.length === 0) throw new RangeError('randomPick: empty array');
  return items[Math.floor(random() * items.length)]!;
}

/**
 * `true` with probability `probability`.
 *
 * @example
 * ```ts
 * if (randomChance(random, 0.3)) moveThePrice();
 * ```
 */
export function randomChance(random: RandomSource, probability: number): boolean {
  return random() < probability;
}

/**
 * An index in `[0, length)` biased towards 0 (the top of a book): `floor(length * r^power)`.
 *
 * @example
 * ```ts
 * const level = randomTopBiasedIndex(random, bids.length); // mostly 0..5 for 1000 levels
 * ```
 */
export function randomTopBiasedIndex(random: RandomSource, length: number, power = 3): number {
  return Math.min(length - 1, Math.floor(length * Math.pow(random(), power)));
}
