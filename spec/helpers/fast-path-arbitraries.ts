import fc from 'fast-check';

/**
 * Plain decimals with eight fixed decimals (`12.34000000`), as Binance quotes them.
 *
 * @example
 * ```ts
 * fc.assert(fc.property(fixedDecimalArb, (text) => /^\d+\.\d{8}$/.test(text)));
 * ```
 */
export const fixedDecimalArb: fc.Arbitrary<string> = fc
  .tuple(fc.integer({ min: 0, max: 99_999 }), fc.integer({ min: 0, max: 99_999_999 }))
  .map(([i, f]) => `${i}.${String(f).padStart(8, '0')}`);

/**
 * Plain integer decimals (`0` to `10000000`).
 *
 * @example
 * ```ts
 * fc.assert(fc.property(integerDecimalArb, (text) => /^\d+$/.test(text)));
 * ```
 */
export const integerDecimalArb: fc.Arbitrary<string> = fc.integer({ min: 0, max: 10_000_000 }).map(String);

/**
 * Decimals of 14 to 24 digits (more than a double holds), the dot anywhere, as a quoted decimal string may carry them.
 *
 * @example
 * ```ts
 * fc.assert(fc.property(longDecimalArb, (text) => text.includes('.')));
 * ```
 */
export const longDecimalArb: fc.Arbitrary<string> = fc
  .tuple(fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 14, maxLength: 24 }), fc.nat())
  .map(([digits, dot]) => `${digits.slice(0, dot % digits.length).join('') || '0'}.${digits.slice(dot % digits.length).join('')}`);

/**
 * Plain decimals written as two integers joined by a dot (`12.5`, `0.120`), up to `99999.99999999`:
 * the fraction never starts with a zero (no `3.07`), and may end with zeros.
 *
 * @example
 * ```ts
 * fc.assert(fc.property(dottedDecimalArb, (text) => /^\d+\.\d+$/.test(text)));
 * ```
 */
export const dottedDecimalArb: fc.Arbitrary<string> = fc.tuple(fc.integer({ min: 0, max: 99_999 }), fc.integer({ min: 0, max: 99_999_999 })).map(([i, f]) => `${i}.${f}`);

/**
 * Unquoted JSON numbers of 15 to 25 digits (more than a double holds), a non-zero first digit and the
 * dot anywhere after it, as a venue sending numbers (not strings) may carry them.
 *
 * @example
 * ```ts
 * fc.assert(fc.property(longJsonNumberArb, (text) => Number.isFinite(JSON.parse(text))));
 * ```
 */
export const longJsonNumberArb: fc.Arbitrary<string> = fc
  .tuple(fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 14, maxLength: 24 }), fc.nat())
  .map(([digits, dot]) => `${Number(digits[0]) || 1}${digits.slice(1, 1 + (dot % digits.length)).join('')}.${digits.slice(1 + (dot % digits.length)).join('') || '0'}`);

/**
 * Decimal texts that `parseDecimal` or JSON may read differently from a fast path: signs, exponents,
 * blanks, more than 15 digits, a lone dot, escapes.
 *
 * @example
 * ```ts
 * fc.assert(fc.property(oddDecimalArb, (text) => typeof text === 'string'));
 * ```
 */
export const oddDecimalArb: fc.Arbitrary<string> = fc.constantFrom(
  '0', '0.00000000', '-1', '+1', '1e-8', '1E3', '', '.', '5.', '.5', '00.1', ' 1', '1 ', 'NaN', 'Infinity', '0x1F', '1.2.3', '1234567890123456', '0.1234567890123456', '12345678901234.5', '１', '\\u0031',
);

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
  { weight: 8, arbitrary: fixedDecimalArb },
  { weight: 4, arbitrary: fc.tuple(fc.integer({ min: 1, max: 99_999 }), fc.integer({ min: 0, max: 999 })).map(([i, f]) => (f === 0 ? String(i) : `${i}.${String(f).padStart(3, '0').replace(/0+$/, '')}`)) },
  { weight: 3, arbitrary: integerDecimalArb },
  { weight: 2, arbitrary: longDecimalArb },
  { weight: 4, arbitrary: oddDecimalArb },
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
 * ASCII characters a hostile edit may put in place of one of the frame's: JSON's own punctuation, digits,
 * `.`, `e`, `-`, a newline, a letter.
 *
 * @example
 * ```ts
 * const edits = hostileEditArb([], { replacements: ASCII_REPLACEMENTS });
 * ```
 */
export const ASCII_REPLACEMENTS: readonly string[] = ['"', '\\', ',', ']', '[', '}', '{', ':', '0', '9', '.', 'e', '-', '\n', 'x'];

/** What a hostile edit puts in place of a character unless told: {@link ASCII_REPLACEMENTS} and a non-ASCII one. */
const REPLACEMENTS: readonly string[] = [...ASCII_REPLACEMENTS, 'é'];

/**
 * How often each kind of hostile edit comes, and with what: a spec may keep its own mix (and so the
 * frames a given seed makes).
 *
 * @example
 * ```ts
 * const mix: HostileEditMix = { unchanged: 2, replacements: ['"', 'x'], appended: [' ', '}'] };
 * ```
 */
export interface HostileEditMix {
  /** Weight of the frame left as it is (3 unless told). */
  readonly unchanged?: number;
  /** Weight of a blank inserted anywhere (1 unless told). */
  readonly blankInserted?: number;
  /** Weight of a character lost anywhere (1 unless told). */
  readonly characterLost?: number;
  /** Weight of a character replaced anywhere (1 unless told). */
  readonly characterReplaced?: number;
  /** What may replace a character (JSON's punctuation, digits, `e`, `-`, a newline, `x`, `é` unless told). */
  readonly replacements?: readonly string[];
  /** Weight of the whole-frame edits: trailing text and the venue's own (1 unless told). */
  readonly wholeFrame?: number;
  /** Trailing texts appended to the frame (a blank, a newline, a `}` unless told). */
  readonly appended?: readonly string[];
}

/**
 * Hostile edits of a well-formed frame: none (a third of the time, so that many frames stay valid), a blank inserted, a character lost or replaced anywhere,
 * trailing text, plus the venue's own `specific` edits (repeated keys, extra keys, other layouts); `mix` changes how often each comes.
 *
 * @example
 * ```ts
 * const edits = hostileEditArb([(frame) => frame.replace('"a":', '"a":[],"a":')]);
 * const rarer = hostileEditArb([], { unchanged: 1, appended: [' '] });
 * ```
 */
export function hostileEditArb(specific: readonly FrameEdit[], mix: HostileEditMix = {}): fc.Arbitrary<FrameEdit> {
  const { unchanged = 3, blankInserted = 1, characterLost = 1, characterReplaced = 1, replacements = REPLACEMENTS, wholeFrame = 1, appended = [' ', '\n', '}'] } = mix;
  return fc.oneof(
    { weight: unchanged, arbitrary: fc.constant<FrameEdit>((frame) => frame) },
    { weight: blankInserted, arbitrary: fc.nat().map<FrameEdit>((n) => (frame) => frame.slice(0, n % frame.length) + ' ' + frame.slice(n % frame.length)) },
    { weight: characterLost, arbitrary: fc.nat().map<FrameEdit>((n) => (frame) => frame.slice(0, n % frame.length) + frame.slice((n % frame.length) + 1)) },
    {
      weight: characterReplaced,
      arbitrary: fc.tuple(fc.nat(), fc.constantFrom(...replacements)).map<FrameEdit>(
        ([n, c]) =>
          (frame) =>
            frame.slice(0, n % frame.length) + c + frame.slice((n % frame.length) + 1),
      ),
    },
    { weight: wholeFrame, arbitrary: fc.constantFrom<FrameEdit>(...appended.map((tail): FrameEdit => (frame) => frame + tail), ...specific) },
  );
}
