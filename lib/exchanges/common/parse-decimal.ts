const POWERS_OF_TEN = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];
const MAX_EXACT_DIGITS = 15;
/** What else is a number on the wire: a sign, an exponent, or more digits than the fast path takes. */
const GENERAL_DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * Parses a plain decimal string (`"0.35130000"`) to the same number as `+text`, faster: with at most
 * 15 digits the digits form an exact integer and one division by an exact power of ten is correctly
 * rounded, as `+text` is. A sign, an exponent or more digits fall back to `+text`; anything that is
 * not a decimal number at all (blanks, `0x1F`, `Infinity`, an empty string) gives `NaN` — where `+text`
 * would read `' '` as 0 and `'0x1F'` as 31.
 *
 * @example
 * ```ts
 * parseDecimal('6195.00000000'); // 6195
 * parseDecimal('1e-8');          // 1e-8 (fallback)
 * parseDecimal('');              // NaN
 * parseDecimal('0x1F');          // NaN
 * ```
 */
export function parseDecimal(text: string): number {
  const length = text.length;
  let value = 0;
  let digits = 0;
  let scale = 0;
  let fraction = false;
  for (let i = 0; i < length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 48 && code <= 57) {
      value = value * 10 + (code - 48);
      digits++;
      if (fraction) scale++;
    } else if (code === 46 && !fraction) {
      fraction = true;
    } else {
      return GENERAL_DECIMAL.test(text) ? +text : NaN;
    }
  }
  if (digits === 0) return NaN;
  if (digits > MAX_EXACT_DIGITS) return +text;
  return scale === 0 ? value : value / POWERS_OF_TEN[scale]!;
}
