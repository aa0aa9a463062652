import type { BookLevel } from '../../model/book-event';
import { isValidLevel } from '../../book/price-levels';

const POWERS_OF_TEN = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];
/** At most 15 digits: the digits form an exact integer, as in `parseDecimal`. */
const MAX_EXACT_DIGITS = 15;
const QUOTE = 34;
const BACKSLASH = 92;
const COMMA = 44;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;
const CLOSE_BRACE = 125;

/**
 * A cursor over one frame's text for hand-written fast paths of known frame layouts (the exact byte
 * layout a venue sends: key order, no blanks). Every method either consumes exactly what it expects
 * and returns a value, or returns a failure value (`false`, `undefined`, `-1`, `NaN`): a fast path that
 * sees any failure gives up, and the frame goes through the venue's validated path (`JSON.parse`, the
 * codecs), which produces the very same output or the very same error. The scanner never accepts what
 * `JSON.parse` would read differently: strings with escapes, numbers with signs, exponents, leading
 * zeros or more than 15 digits, and blanks all make it fail.
 *
 * @example
 * ```ts
 * const scan = new FrameScanner();
 * scan.reset('{"u":42,"b":[["1.5","2"]]}');
 * scan.literal('{"u":') && scan.integer(); // 42
 * ```
 */
export class FrameScanner {
  text = '';
  position = 0;

  /**
   * Starts scanning `text` from its first character.
   *
   * @example
   * ```ts
   * scan.reset(frame);
   * ```
   */
  reset(text: string): void {
    this.text = text;
    this.position = 0;
  }

  /**
   * `true` when the whole text has been consumed.
   *
   * @example
   * ```ts
   * scan.literal('}}') && scan.atEnd();
   * ```
   */
  atEnd(): boolean {
    return this.position === this.text.length;
  }

  /**
   * Consumes `expected` when the text continues with exactly it.
   *
   * @example
   * ```ts
   * scan.literal('"data":{"e":"depthUpdate","E":');
   * ```
   */
  literal(expected: string): boolean {
    if (!this.text.startsWith(expected, this.position)) return false;
    this.position += expected.length;
    return true;
  }

  /**
   * After an opening quote already consumed: the string's characters up to the closing quote, which
   * is consumed too; `undefined` when the string has an escape or a control character (or no end).
   *
   * @example
   * ```ts
   * scan.literal('{"stream":"') && scan.stringBody(); // 'btcusdt@depth@100ms'
   * ```
   */
  stringBody(): string | undefined {
    const text = this.text;
    const start = this.position;
    for (let i = start; i < text.length; i++) {
      const code = text.charCodeAt(i);
      if (code === QUOTE) {
        this.position = i + 1;
        return text.slice(start, i);
      }
      if (code === BACKSLASH || code < 0x20) return undefined;
    }
    return undefined;
  }

  /**
   * A non-negative integer written with 1..15 plain digits (no sign, fraction, exponent or leading
   * zero), or `-1`.
   *
   * @example
   * ```ts
   * scan.integer(); // 40000000001
   * ```
   */
  integer(): number {
    const text = this.text;
    const start = this.position;
    let value = 0;
    let i = start;
    for (; i < text.length; i++) {
      const code = text.charCodeAt(i);
      if (code < 48 || code > 57) break;
      value = value * 10 + (code - 48);
    }
    const digits = i - start;
    if (digits === 0 || digits > MAX_EXACT_DIGITS || (digits > 1 && text.charCodeAt(start) === 48)) return -1;
    const next = text.charCodeAt(i);
    if (next === 46 || next === 101 || next === 69) return -1; // a fraction or an exponent: not ours
    this.position = i;
    return value;
  }

  /**
   * A quoted plain decimal (`"0.35130000"`), parsed to the same number as `parseDecimal` gives for the
   * string's text (1..15 digits, at most one dot); `NaN` (nothing consumed) for anything else.
   *
   * @example
   * ```ts
   * scan.quotedDecimal(); // 0.3513
   * ```
   */
  quotedDecimal(): number {
    const text = this.text;
    if (text.charCodeAt(this.position) !== QUOTE) return NaN;
    let value = 0;
    let digits = 0;
    let scale = 0;
    let fraction = false;
    for (let i = this.position + 1; i < text.length; i++) {
      const code = text.charCodeAt(i);
      if (code >= 48 && code <= 57) {
        value = value * 10 + (code - 48);
        digits++;
        if (fraction) scale++;
      } else if (code === 46 && !fraction) {
        fraction = true;
      } else if (code === QUOTE) {
        if (digits === 0 || digits > MAX_EXACT_DIGITS) return NaN;
        this.position = i + 1;
        return scale === 0 ? value : value / POWERS_OF_TEN[scale]!;
      } else {
        return NaN;
      }
    }
    return NaN;
  }

  /**
   * An unquoted JSON number written plainly (`45283.5`, `0.001`, `4.0`, `12`): 1..15 digits, at most
   * one dot with digits on both sides, no sign, exponent or leading zero. Such a number is an exact
   * integer divided by an exact power of ten, one correctly rounded division: the same double as
   * `JSON.parse` reads. `NaN` (nothing consumed) for anything else.
   *
   * @example
   * ```ts
   * scan.plainNumber(); // 45283.5
   * ```
   */
  plainNumber(): number {
    const text = this.text;
    const start = this.position;
    let value = 0;
    let digits = 0;
    let scale = 0;
    let i = start;
    for (; i < text.length; i++) {
      const code = text.charCodeAt(i);
      if (code < 48 || code > 57) break;
      value = value * 10 + (code - 48);
      digits++;
    }
    if (digits === 0 || (digits > 1 && text.charCodeAt(start) === 48)) return NaN;
    if (text.charCodeAt(i) === 46) {
      i++;
      const fractionStart = i;
      for (; i < text.length; i++) {
        const code = text.charCodeAt(i);
        if (code < 48 || code > 57) break;
        value = value * 10 + (code - 48);
      }
      scale = i - fractionStart;
      if (scale === 0) return NaN;
      digits += scale;
    }
    const next = text.charCodeAt(i);
    if (digits > MAX_EXACT_DIGITS || next === 101 || next === 69) return NaN;
    this.position = i;
    return scale === 0 ? value : value / POWERS_OF_TEN[scale]!;
  }

  /**
   * An array of `{"<priceKey>":number,"<quantityKey>":number}` objects in exactly that key order
   * (`[]` included), each a valid level (see `isValidLevel`); `undefined` on anything else.
   * `head` is `{"price":` and `middle` is `,"qty":` for Kraken.
   *
   * @example
   * ```ts
   * scan.levelObjects('{"price":', ',"qty":'); // [[45283.5, 0.1]] for [{"price":45283.5,"qty":0.1}]
   * ```
   */
  levelObjects(head: string, middle: string): BookLevel[] | undefined {
    const text = this.text;
    if (text.charCodeAt(this.position) !== OPEN_BRACKET) return undefined;
    this.position++;
    const out: BookLevel[] = [];
    if (text.charCodeAt(this.position) === CLOSE_BRACKET) {
      this.position++;
      return out;
    }
    for (;;) {
      if (!this.literal(head)) return undefined;
      const price = this.plainNumber();
      if (!(price === price) || !this.literal(middle)) return undefined;
      const quantity = this.plainNumber();
      if (text.charCodeAt(this.position) !== CLOSE_BRACE || !isValidLevel(price, quantity)) return undefined;
      this.position++;
      out.push([price, quantity]);
      const next = text.charCodeAt(this.position++);
      if (next === CLOSE_BRACKET) return out;
      if (next !== COMMA) return undefined;
    }
  }

  /**
   * An array of `["price","quantity"]` string pairs (`[]` included), each a valid level (see
   * `isValidLevel`); `undefined` on anything else.
   *
   * @example
   * ```ts
   * scan.levelPairs(); // [[0.3513, 6195]] for [["0.35130000","6195.00000000"]]
   * ```
   */
  levelPairs(): BookLevel[] | undefined {
    const text = this.text;
    if (text.charCodeAt(this.position) !== OPEN_BRACKET) return undefined;
    this.position++;
    const out: BookLevel[] = [];
    if (text.charCodeAt(this.position) === CLOSE_BRACKET) {
      this.position++;
      return out;
    }
    for (;;) {
      if (text.charCodeAt(this.position) !== OPEN_BRACKET) return undefined;
      this.position++;
      const price = this.quotedDecimal();
      if (text.charCodeAt(this.position) !== COMMA) return undefined;
      this.position++;
      const quantity = this.quotedDecimal();
      if (text.charCodeAt(this.position) !== CLOSE_BRACKET || !isValidLevel(price, quantity)) return undefined;
      this.position++;
      out.push([price, quantity]);
      const next = text.charCodeAt(this.position++);
      if (next === CLOSE_BRACKET) return out;
      if (next !== COMMA) return undefined;
    }
  }

  /**
   * An array of string arrays `[["price","size",…],…]` (`[]` included) in which every level has at
   * least two strings: the first two quoted plain decimals (as {@link quotedDecimal}) forming a valid
   * level (see `isValidLevel`), any further ones strings without escapes or control characters. Each
   * level's strings, exactly as written on the wire, are pushed to `texts` (in order, one array per
   * level: what a checksum over the frame's own strings needs); the parsed levels are returned.
   * `undefined` on anything else (`texts` may then hold part of the levels: discard it).
   *
   * @example
   * ```ts
   * const texts: string[][] = [];
   * scan.levelStringArrays(texts); // [[8476.98, 415]] for [["8476.98","415","0","13"]]; texts: [['8476.98', '415', '0', '13']]
   * ```
   */
  levelStringArrays(texts: string[][]): BookLevel[] | undefined {
    const text = this.text;
    if (text.charCodeAt(this.position) !== OPEN_BRACKET) return undefined;
    this.position++;
    const out: BookLevel[] = [];
    if (text.charCodeAt(this.position) === CLOSE_BRACKET) {
      this.position++;
      return out;
    }
    for (;;) {
      if (text.charCodeAt(this.position) !== OPEN_BRACKET) return undefined;
      const priceStart = ++this.position + 1;
      const price = this.quotedDecimal();
      if (text.charCodeAt(this.position) !== COMMA) return undefined;
      const priceText = text.slice(priceStart, this.position - 1);
      const sizeStart = ++this.position + 1;
      const size = this.quotedDecimal();
      if (!isValidLevel(price, size)) return undefined;
      const strings = [priceText, text.slice(sizeStart, this.position - 1)];
      while (text.charCodeAt(this.position) === COMMA) {
        if (text.charCodeAt(++this.position) !== QUOTE) return undefined;
        this.position++;
        const extra = this.stringBody();
        if (extra === undefined) return undefined;
        strings.push(extra);
      }
      if (text.charCodeAt(this.position) !== CLOSE_BRACKET) return undefined;
      this.position++;
      out.push([price, size]);
      texts.push(strings);
      const next = text.charCodeAt(this.position++);
      if (next === CLOSE_BRACKET) return out;
      if (next !== COMMA) return undefined;
    }
  }
}
