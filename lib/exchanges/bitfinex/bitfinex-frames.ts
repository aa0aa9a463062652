import { decodeOrExplain } from '../common/decode';
import { BitfinexBookChannelFrame, type BitfinexLevelTuple } from './bitfinex-codecs';
import type { BitfinexBookPayload, BitfinexLevel } from './bitfinex-payloads';

/**
 * A `book` channel frame read: its channel id, the connection sequence number it carries, and the
 * payload (`undefined` for a heartbeat).
 *
 * @example
 * ```ts
 * const frame: BitfinexBookFrame = { chanId: 17, seq: 42, payload: { kind: 'checksum', checksum: -890884919 } };
 * ```
 */
export interface BitfinexBookFrame {
  readonly chanId: number;
  readonly seq: number;
  readonly payload: BitfinexBookPayload | undefined;
}

/**
 * A `book` channel frame that is not valid: why, and its sequence number when the frame is a JSON
 * array ending with one (so the connection's sequence check can go on).
 *
 * @example
 * ```ts
 * const refused: BitfinexFrameError = { error: 'bitfinex: book level [0, 1, 2] is not valid (…)', seq: 42 };
 * ```
 */
export interface BitfinexFrameError {
  readonly error: string;
  readonly seq?: number;
}

const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;
const POW10: readonly number[] = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];
/** The number tokens of a JSON text (the validated path reads the exact texts of prices and amounts with it). */
const JSON_NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/g;

/** `true` for a level a book may hold: price > 0, count an integer ≥ 0, amount ≠ 0 (its sign names the side), all finite. */
function isValidBookLevel(price: number, count: number, amount: number): boolean {
  return price > 0 && price < Infinity && Number.isInteger(count) && count >= 0 && amount !== 0 && Number.isFinite(amount);
}

function levelProblem(level: BitfinexLevelTuple): string {
  return `bitfinex: book level ${JSON.stringify(level)} is not valid (price > 0, count an integer ≥ 0, amount ≠ 0, all finite)`;
}

/**
 * The validated path of `book` channel frames: `JSON.parse`, the io-ts codec
 * ({@link BitfinexBookChannelFrame}), the level rules, and the exact texts of prices and amounts
 * read from the frame's number tokens. Explains every refusal. The session uses it when the fast
 * path ({@link readBookFrameFast}) does not take a frame; a property test proves both agree.
 *
 * @example
 * ```ts
 * readBookFrame('[17,[65000.1,2,-0.5],42]');
 * // { chanId: 17, seq: 42, payload: { kind: 'update', level: { price: 65000.1, count: 2, amount: -0.5, priceText: '65000.1', amountText: '-0.5' } } }
 * ```
 */
export function readBookFrame(text: string): BitfinexBookFrame | BitfinexFrameError {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { error: 'bitfinex: frame is not valid JSON' };
  }
  if (!Array.isArray(value)) return { error: 'bitfinex: book frame is not a JSON array' };
  const last: unknown = value[value.length - 1];
  const seq = Number.isSafeInteger(last) && (last as number) >= 0 ? (last as number) : undefined;
  const withSeq = (error: string): BitfinexFrameError => (seq === undefined ? { error } : { error, seq });
  if (!BitfinexBookChannelFrame.is(value)) return withSeq(decodeOrExplain(BitfinexBookChannelFrame, value) as string);
  const chanId = value[0];
  if (!Number.isSafeInteger(chanId) || chanId < 0 || seq === undefined) return withSeq('bitfinex: channel id and sequence number must be integers ≥ 0');
  const body = value[1];
  if (body === 'hb') return { chanId, seq, payload: undefined };
  if (body === 'cs') {
    const checksum = value[2] as number;
    if (!Number.isInteger(checksum) || checksum < INT32_MIN || checksum > INT32_MAX) return withSeq('bitfinex: a checksum must be a signed 32-bit integer');
    return { chanId, seq, payload: { kind: 'checksum', checksum } };
  }
  const tokens = text.match(JSON_NUMBER)!; // chanId, then PRICE, COUNT, AMOUNT per level, then SEQ
  const level = (tuple: BitfinexLevelTuple, at: number): BitfinexLevel => ({
    price: tuple[0],
    count: tuple[1],
    amount: tuple[2],
    priceText: tokens[at]!,
    amountText: tokens[at + 2]!,
  });
  if (typeof body[0] === 'number') {
    const tuple = body as BitfinexLevelTuple;
    if (!isValidBookLevel(tuple[0], tuple[1], tuple[2])) return withSeq(levelProblem(tuple));
    return { chanId, seq, payload: { kind: 'update', level: level(tuple, 1) } };
  }
  const tuples = body as BitfinexLevelTuple[];
  const levels: BitfinexLevel[] = [];
  for (let i = 0; i < tuples.length; i++) {
    const tuple = tuples[i]!;
    if (!isValidBookLevel(tuple[0], tuple[1], tuple[2])) return withSeq(levelProblem(tuple));
    levels.push(level(tuple, 1 + 3 * i));
  }
  return { chanId, seq, payload: { kind: 'snapshot', levels } };
}

/**
 * The fast path of `book` channel frames: one pass over the text of a compact frame (as Bitfinex
 * sends them: no whitespace, no escapes), numbers read with their exact text, no `JSON.parse` and
 * no intermediate arrays. Returns `undefined` for anything it does not take — an invalid frame, or
 * valid JSON written otherwise — which then goes through {@link readBookFrame}; what it returns is
 * exactly what {@link readBookFrame} returns for the same text (a fast-check property proves it).
 *
 * @example
 * ```ts
 * readBookFrameFast('[17,"cs",-890884919,43]'); // { chanId: 17, seq: 43, payload: { kind: 'checksum', checksum: -890884919 } }
 * readBookFrameFast('[17, "hb", 44]');          // undefined (whitespace: the validated path decides)
 * ```
 */
export function readBookFrameFast(text: string): BitfinexBookFrame | undefined {
  return scanner.read(text);
}

/**
 * Reads a `book` channel frame: the fast path, else the validated path (which explains a refusal).
 *
 * @example
 * ```ts
 * const frame = decodeBookFrame(text);
 * if ('error' in frame) sink.invalid(frame.error, text, key);
 * ```
 */
export function decodeBookFrame(text: string): BitfinexBookFrame | BitfinexFrameError {
  return scanner.read(text) ?? readBookFrame(text);
}

/** The single-pass reader behind {@link readBookFrameFast} (synchronous, so one instance serves all). */
class BookFrameScanner {
  private text = '';
  private at = 0;
  /** The last number read, and where its text starts and ends. */
  private value = 0;
  private start = 0;

  read(text: string): BitfinexBookFrame | undefined {
    this.text = text;
    this.at = 0;
    if (text.charCodeAt(0) !== 91 /* [ */) return undefined;
    this.at = 1;
    if (!this.number()) return undefined;
    const chanId = this.value;
    if (!Number.isSafeInteger(chanId) || chanId < 0 || !this.expect(44 /* , */)) return undefined;
    const next = text.charCodeAt(this.at);
    let payload: BitfinexBookPayload | undefined;
    if (next === 34 /* " */) {
      const tag = this.tag();
      if (tag === 'hb') {
        payload = undefined;
      } else if (tag === 'cs') {
        if (!this.expect(44) || !this.number()) return undefined;
        const checksum = this.value;
        if (!Number.isInteger(checksum) || checksum < INT32_MIN || checksum > INT32_MAX) return undefined;
        payload = { kind: 'checksum', checksum };
      } else {
        return undefined;
      }
    } else if (next === 91 /* [ */) {
      this.at++;
      const inner = text.charCodeAt(this.at);
      if (inner === 91) {
        const levels: BitfinexLevel[] = [];
        for (;;) {
          this.at++;
          const level = this.level();
          if (level === undefined) return undefined;
          levels.push(level);
          const after = text.charCodeAt(this.at++);
          if (after === 93 /* ] */) break;
          if (after !== 44 || text.charCodeAt(this.at) !== 91) return undefined;
        }
        payload = { kind: 'snapshot', levels };
      } else if (inner === 93) {
        this.at++;
        payload = { kind: 'snapshot', levels: [] };
      } else {
        const level = this.level();
        if (level === undefined) return undefined;
        payload = { kind: 'update', level };
      }
    } else {
      return undefined;
    }
    if (!this.expect(44) || !this.number()) return undefined;
    const seq = this.value;
    if (!Number.isSafeInteger(seq) || seq < 0 || !this.expect(93) || this.at !== text.length) return undefined;
    return { chanId, seq, payload };
  }

  /** `PRICE,COUNT,AMOUNT]` (the opening bracket already read), valid as a book level. */
  private level(): BitfinexLevel | undefined {
    if (!this.number()) return undefined;
    const price = this.value;
    const priceText = this.text.slice(this.start, this.at);
    if (!this.expect(44) || !this.number()) return undefined;
    const count = this.value;
    if (!this.expect(44) || !this.number()) return undefined;
    const amount = this.value;
    const amountText = this.text.slice(this.start, this.at);
    if (!this.expect(93) || !isValidBookLevel(price, count, amount)) return undefined;
    return { price, count, amount, priceText, amountText };
  }

  /** A string without escapes; `undefined` otherwise. */
  private tag(): string | undefined {
    const text = this.text;
    const start = this.at + 1;
    const end = text.indexOf('"', start);
    if (end < 0) return undefined;
    const tag = text.slice(start, end);
    if (tag.includes('\\')) return undefined;
    this.at = end + 1;
    return tag;
  }

  private expect(code: number): boolean {
    if (this.text.charCodeAt(this.at) !== code) return false;
    this.at++;
    return true;
  }

  /**
   * A number token of exactly JSON's grammar; its value is what `JSON.parse` gives: a plain decimal
   * of at most 15 digits is an exact integer divided by an exact power of ten (correctly rounded, as
   * `JSON.parse` is), anything longer or with an exponent goes through `Number(text)`.
   */
  private number(): boolean {
    const text = this.text;
    const start = this.at;
    let i = start;
    const negative = text.charCodeAt(i) === 45; /* - */
    if (negative) i++;
    let code = text.charCodeAt(i);
    let mantissa = 0;
    let digits = 0;
    if (code === 48 /* 0 */) {
      i++;
      digits = 1;
    } else if (code >= 49 && code <= 57) {
      while (code >= 48 && code <= 57) {
        mantissa = mantissa * 10 + (code - 48);
        digits++;
        code = text.charCodeAt(++i);
      }
    } else {
      return false;
    }
    let scale = 0;
    if (text.charCodeAt(i) === 46 /* . */) {
      code = text.charCodeAt(++i);
      if (!(code >= 48 && code <= 57)) return false;
      while (code >= 48 && code <= 57) {
        mantissa = mantissa * 10 + (code - 48);
        digits++;
        scale++;
        code = text.charCodeAt(++i);
      }
    }
    let exponent = false;
    code = text.charCodeAt(i);
    if (code === 101 || code === 69 /* e E */) {
      exponent = true;
      code = text.charCodeAt(++i);
      if (code === 43 || code === 45) code = text.charCodeAt(++i);
      if (!(code >= 48 && code <= 57)) return false;
      while (code >= 48 && code <= 57) code = text.charCodeAt(++i);
    }
    this.start = start;
    this.at = i;
    if (exponent || digits > 15) {
      this.value = Number(text.slice(start, i));
    } else {
      const magnitude = scale === 0 ? mantissa : mantissa / POW10[scale]!;
      this.value = negative ? -magnitude : magnitude;
    }
    return true;
  }
}

const scanner = new BookFrameScanner();
