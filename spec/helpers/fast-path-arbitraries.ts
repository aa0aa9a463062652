import fc from 'fast-check';

/**
 * Decimal strings as venues quote them: mostly plain ones (fixed decimals, trimmed trailing zeros,
 * integers), plus everything `parseDecimal` or JSON may read differently from a fast path — signs,
 * exponents, blanks, more than 15 digits, a lone dot, escapes.
 *
 * @example
 * ```ts
 * fc.assert(fc.property(quotedDecimalArb, (text) => typeof text === 'string'));
 * ```
 */
export const quotedDecimalArb: fc.Arbitrary<string> = fc.oneof(
  { weight: 8, arbitrary: fc.tuple(fc.integer({ min: 0, max: 99_999 }), fc.integer({ min: 0, max: 99_999_999 })).map(([i, f]) => `${i}.${String(f).padStart(8, '0')}`) },
  { weight: 4, arbitrary: fc.tuple(fc.integer({ min: 1, max: 99_999 }), fc.integer({ min: 0, max: 999 })).map(([i, f]) => (f === 0 ? String(i) : `${i}.${String(f).padStart(3, '0').replace(/0+$/, '')}`)) },
  { weight: 3, arbitrary: fc.integer({ min: 0, max: 10_000_000 }).map(String) },
  {
    weight: 2,
    arbitrary: fc
      .tuple(fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 14, maxLength: 24 }), fc.nat())
      .map(([digits, dot]) => `${digits.slice(0, dot % digits.length).join('') || '0'}.${digits.slice(dot % digits.length).join('')}`),
  },
  {
    weight: 4,
    arbitrary: fc.constantFrom('0', '0.00000000', '-1', '+1', '1e-8', '1E3', '', '.', '5.', '.5', '00.1', ' 1', '1 ', 'NaN', 'Infinity', '0x1F', '1.2.3', '1234567890123456', '0.1234567890123456', '12345678901234.5', '１', '\\u0031'),
  },
);

/**
 * Unquoted JSON integer texts (ids, sequence numbers, times): mostly plain ones, plus signs, fractions,
 * exponents, leading zeros, unsafe or 16-digit integers and values of other types.
 *
 * @example
 * ```ts
 * fc.assert(fc.property(integerTextArb, (text) => typeof text === 'string'));
 * ```
 */
export const integerTextArb: fc.Arbitrary<string> = fc.oneof(
  { weight: 10, arbitrary: fc.integer({ min: 0, max: 2 ** 40 }).map(String) },
  { weight: 1, arbitrary: fc.constantFrom('-1', '1.5', '1e3', '01', '-0', '0', '9007199254740993', '123456789012345', '1234567890123456', '"7"', 'null', 'true') },
);

/**
 * A text edit of a well-formed frame.
 *
 * @example
 * ```ts
 * const edit: FrameEdit = (frame) => frame + ' ';
 * ```
 */
export type FrameEdit = (frame: string) => string;

/**
 * Hostile edits of a well-formed frame: none (a third of the time, so that many frames stay valid), a blank inserted, a character lost or replaced anywhere,
 * trailing text, plus the venue's own `specific` edits (repeated keys, extra keys, other layouts).
 *
 * @example
 * ```ts
 * const edits = hostileEditArb([(frame) => frame.replace('"a":', '"a":[],"a":')]);
 * ```
 */
export function hostileEditArb(specific: readonly FrameEdit[]): fc.Arbitrary<FrameEdit> {
  return fc.oneof(
    { weight: 3, arbitrary: fc.constant<FrameEdit>((frame) => frame) },
    fc.nat().map<FrameEdit>((n) => (frame) => frame.slice(0, n % frame.length) + ' ' + frame.slice(n % frame.length)),
    fc.nat().map<FrameEdit>((n) => (frame) => frame.slice(0, n % frame.length) + frame.slice((n % frame.length) + 1)),
    fc.tuple(fc.nat(), fc.constantFrom('"', '\\', ',', ']', '[', '}', '{', ':', '0', '9', '.', 'e', '-', '\n', 'x', 'é')).map<FrameEdit>(
      ([n, c]) =>
        (frame) =>
          frame.slice(0, n % frame.length) + c + frame.slice((n % frame.length) + 1),
    ),
    fc.constantFrom<FrameEdit>((frame) => frame + ' ', (frame) => frame + '\n', (frame) => frame + '}', ...specific),
  );
}
