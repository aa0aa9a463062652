const ZERO = 48;
const POWERS_OF_TEN = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9];

/** The non-negative integer written by `text[start..end)`, or -1 if any character is not a digit. */
function digits(text: string, start: number, end: number): number {
  let value = 0;
  for (let i = start; i < end; i++) {
    const digit = text.charCodeAt(i) - ZERO;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
}

/**
 * Parses an exchange timestamp (Coinbase, Kraken v2), RFC 3339 in UTC with up to nanosecond precision
 * (`2026-08-09T21:05:48.228568804Z`, `2026-08-09T21:05:48.35161Z`), to epoch milliseconds, keeping
 * the sub-millisecond fraction (to the precision a double allows, about 0.1 µs). Allocation-free
 * for the `…Z` form Coinbase and Kraken send; any other form falls back to `Date.parse`. `NaN` if invalid.
 *
 * @example
 * ```ts
 * parseRfc3339('2026-08-09T21:05:48.228568804Z'); // 1786309548228.5688
 * parseRfc3339('yesterday');                      // NaN
 * ```
 */
export function parseRfc3339(text: string): number {
  const length = text.length;
  if (
    length < 20 ||
    text.charCodeAt(4) !== 45 || // -
    text.charCodeAt(7) !== 45 ||
    text.charCodeAt(10) !== 84 || // T
    text.charCodeAt(13) !== 58 || // :
    text.charCodeAt(16) !== 58 ||
    text.charCodeAt(length - 1) !== 90 // Z
  ) {
    const parsed = Date.parse(text);
    return Number.isFinite(parsed) ? parsed : NaN;
  }
  const year = digits(text, 0, 4);
  const month = digits(text, 5, 7);
  const day = digits(text, 8, 10);
  const hour = digits(text, 11, 13);
  const minute = digits(text, 14, 16);
  const second = digits(text, 17, 19);
  if (year < 0 || month < 1 || month > 12 || day < 1 || day > 31 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 60) {
    return NaN;
  }
  let fraction = 0;
  if (length > 20) {
    const places = length - 21;
    if (text.charCodeAt(19) !== 46 || places < 1 || places > 9) return NaN; // '.' then 1..9 digits
    const value = digits(text, 20, length - 1);
    if (value < 0) return NaN;
    fraction = (value * 1000) / POWERS_OF_TEN[places]!;
  }
  return Date.UTC(year, month - 1, day, hour, minute, second) + fraction;
}
