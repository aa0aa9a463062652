import fc from 'fast-check';

/** Values no decoder should trust: NaN/Infinity text, huge and negative numbers, wrong types, empties. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom('NaN', 'Infinity', '-Infinity', '-1', '-0.5', '1e309', '-1e309', '', ' ', '0x1F', '1,5', 'null', '١٢٣'),
  fc.constantFrom(1e308, -1e308, Number.MAX_SAFE_INTEGER + 2, -1, -0.000001, 0, 1e-320),
  fc.constantFrom('123456789012345678901234567890.123456789', '9'.repeat(400)),
  fc.constantFrom(null, true, false, [], {}, [[]], [['1']], [['1', '2', '3']], [[1, 2]], [{}], { price: '1' }),
  fc.double(),
  fc.integer(),
  fc.string({ maxLength: 12 }),
  fc.jsonValue({ maxDepth: 2 }),
);

type Path = readonly (string | number)[];

function pathsOf(value: unknown, prefix: Path = [], out: Path[] = []): Path[] {
  if (value !== null && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) {
      const path = [...prefix, Array.isArray(value) ? Number(key) : key];
      out.push(path);
      pathsOf(child, path, out);
    }
  }
  return out;
}

/** A copy of `value` with the thing at `path` replaced (`hostile`), deleted, or emptied (`[]`). */
function mutateAt(value: unknown, path: Path, how: 'replace' | 'delete' | 'empty', hostile: unknown): unknown {
  const copy = structuredClone(value) as Record<string | number, unknown>;
  let parent = copy;
  for (let i = 0; i < path.length - 1; i++) parent = parent[path[i]!] as Record<string | number, unknown>;
  const last = path[path.length - 1]!;
  if (how === 'delete') {
    if (Array.isArray(parent)) parent.splice(last as number, 1);
    else delete parent[last];
  } else {
    parent[last] = how === 'empty' ? [] : hostile;
  }
  return copy;
}

/**
 * One way to break a frame: which place (an index into its paths, modulo), and how.
 *
 * @example
 * ```ts
 * const m: Mutation = { index: 3, how: 'replace', hostile: 'NaN' };
 * ```
 */
export interface Mutation {
  readonly index: number;
  readonly how: 'replace' | 'delete' | 'empty';
  readonly hostile: unknown;
}

/** One to three {@link Mutation}s. */
export const mutations: fc.Arbitrary<Mutation[]> = fc.array(
  fc.record({ index: fc.nat(), how: fc.constantFrom<Mutation['how']>('replace', 'replace', 'delete', 'empty'), hostile: hostileValue }),
  { minLength: 1, maxLength: 3 },
);

/**
 * `value` with the mutations applied, serialised with non-finite numbers as bare words
 * (`NaN`, `Infinity`: invalid JSON, as a broken server would send).
 */
export function applyMutations(value: unknown, applied: readonly Mutation[]): string {
  let current = value;
  for (const m of applied) {
    const paths = pathsOf(current);
    if (paths.length === 0) break;
    current = mutateAt(current, paths[m.index % paths.length]!, m.how, m.hostile);
  }
  return JSON.stringify(current, (_key, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? `__${v}__` : v)).replace(/"__(-?\w+)__"/g, '$1');
}

/** A valid frame object with one to three places broken: a field replaced by a hostile value, deleted, or emptied. */
export function mutatedFrame(template: object): fc.Arbitrary<string> {
  return mutations.map((applied) => applyMutations(template, applied));
}

/** A valid frame cut at a random byte (what a broken proxy or a crashed server leaves). */
export function truncatedFrame(template: object): fc.Arbitrary<string> {
  const text = JSON.stringify(template);
  return fc.integer({ min: 0, max: text.length - 1 }).map((length) => text.slice(0, length));
}

/** A valid frame whose level arrays hold `count` levels (an oversized frame, ~`count` × 30 bytes). */
export function oversizedFrame(build: (count: number) => object): fc.Arbitrary<string> {
  return fc.integer({ min: 10_000, max: 40_000 }).map((count) => JSON.stringify(build(count)));
}

/** Any frame a hostile or broken server could send, around the given valid templates. */
export function hostileFrame(templates: readonly object[]): fc.Arbitrary<string> {
  return fc.oneof(
    { arbitrary: fc.json({ maxDepth: 3 }), weight: 2 },
    { arbitrary: fc.string({ maxLength: 40 }), weight: 1 },
    { arbitrary: fc.constantFrom(...templates.map((t) => JSON.stringify(t))), weight: 1 },
    ...templates.map((template) => ({ arbitrary: mutatedFrame(template), weight: 4 })),
    ...templates.map((template) => ({ arbitrary: truncatedFrame(template), weight: 1 })),
  );
}

/** `true` for a `[price, quantity]` a book may store: positive finite price, non-negative finite quantity. */
export function isValidLevel(level: unknown): boolean {
  if (!Array.isArray(level) || level.length !== 2) return false;
  const [price, quantity] = level as unknown[];
  return typeof price === 'number' && typeof quantity === 'number' && price > 0 && Number.isFinite(price) && quantity >= 0 && Number.isFinite(quantity);
}

/** `true` when every level of both arrays is valid. */
export function levelsValid(...sides: readonly unknown[]): boolean {
  return sides.every((side) => Array.isArray(side) && side.every(isValidLevel));
}
