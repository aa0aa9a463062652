import { crc32 } from 'node:zlib';
import type { PriceLevels } from '../../book/price-levels';
import type { BookLevel } from '../../model/book-event';
import type { KrakenPrecision } from './kraken-precision';

/**
 * Exact quantity texts per side (price → the quantity as Kraken wrote it), for quantities with more
 * significant digits than a float64 holds; the checksum hashes their digits instead of the number's.
 *
 * @example
 * ```ts
 * const exact: ExactQuantityTexts = { bids: new Map([[29430.2, '960880280.96386646']]), asks: new Map() };
 * ```
 */
export interface ExactQuantityTexts {
  readonly bids: ReadonlyMap<number, string>;
  readonly asks: ReadonlyMap<number, string>;
}

/** Levels per side that Kraken's checksum covers, whatever the subscribed depth. */
export const KRAKEN_CHECKSUM_LEVELS = 10;

/** Below this, `Math.round(value * 10^decimals)` is exactly the integer the decimal text spells. */
const EXACT_LIMIT = 2 ** 51;
/** Values below this are written with 32-bit integer arithmetic. */
const INT32_LIMIT = 2 ** 31;
const POW10: readonly number[] = Array.from({ length: 23 }, (_, i) => 10 ** i);
/** 20 levels × 2 numbers × at most 21 integer digits + 20 decimals. */
const BUFFER_BYTES = 2048;

/**
 * Computes Kraken's book checksum: CRC32 (IEEE, unsigned) of the top 10 asks (lowest first) then the
 * top 10 bids (highest first), each level written as price then quantity with the pair's precision,
 * the decimal point removed and leading zeros stripped.
 *
 * Built for the per-message hot path: the digits go straight into one reused byte buffer (a value
 * scaled by `10^precision` is an integer whose decimal digits ARE the formatted text minus the point
 * and leading zeros), so a checksum allocates nothing but one buffer view; `zlib.crc32` hashes it.
 * Values too large to scale exactly (≥ 2^51 units) fall back to `toFixed`.
 *
 * @example
 * ```ts
 * const checksum = new KrakenChecksum();
 * checksum.ofBook(book.bids, book.asks, { price: 1, qty: 8 }) === message.checksum;
 * ```
 */
export class KrakenChecksum {
  private readonly buffer = Buffer.allocUnsafe(BUFFER_BYTES);
  private length = 0;
  private pricePrecision = 0;
  private qtyPrecision = 0;
  /** Exact quantity texts of the side being written (price → text), for quantities a float64 cannot hold. */
  private exactSide: ReadonlyMap<number, string> | undefined;
  /** Bound once: `forEachTop` calls it without a per-message closure. */
  private readonly appendLevel = (price: number, quantity: number): void => {
    this.appendScaled(price, this.pricePrecision);
    const exact = this.exactSide === undefined || this.exactSide.size === 0 ? undefined : this.exactSide.get(price);
    if (exact === undefined) this.appendScaled(quantity, this.qtyPrecision);
    else this.appendDecimalText(exact, this.qtyPrecision);
  };

  /**
   * The checksum of a book held in {@link PriceLevels} (only its top 10 per side are read).
   *
   * @example
   * ```ts
   * checksum.ofBook(book.bids, book.asks, precision);
   * ```
   */
  ofBook(bids: PriceLevels, asks: PriceLevels, precision: KrakenPrecision, exact?: ExactQuantityTexts): number {
    this.begin(precision);
    this.exactSide = exact?.asks;
    asks.forEachTop(KRAKEN_CHECKSUM_LEVELS, this.appendLevel);
    this.exactSide = exact?.bids;
    bids.forEachTop(KRAKEN_CHECKSUM_LEVELS, this.appendLevel);
    this.exactSide = undefined;
    return crc32(this.buffer.subarray(0, this.length));
  }

  /**
   * The checksum of plain level arrays, best first (only the first 10 of each are read).
   *
   * @example
   * ```ts
   * checksum.ofLevels([[45285.2, 0.001]], [[45283.5, 0.1]], { price: 1, qty: 8 });
   * ```
   */
  ofLevels(asks: readonly BookLevel[], bids: readonly BookLevel[], precision: KrakenPrecision): number {
    this.begin(precision);
    for (let i = 0; i < asks.length && i < KRAKEN_CHECKSUM_LEVELS; i++) this.appendLevel(asks[i]![0], asks[i]![1]);
    for (let i = 0; i < bids.length && i < KRAKEN_CHECKSUM_LEVELS; i++) this.appendLevel(bids[i]![0], bids[i]![1]);
    return crc32(this.buffer.subarray(0, this.length));
  }

  /**
   * The exact text hashed for these levels (for diagnostics and tests; allocates).
   *
   * @example
   * ```ts
   * checksum.textOf([[45285.2, 0.001]], [], { price: 1, qty: 8 }); // '452852100000'
   * ```
   */
  textOf(asks: readonly BookLevel[], bids: readonly BookLevel[], precision: KrakenPrecision): string {
    this.ofLevels(asks, bids, precision);
    return this.buffer.toString('latin1', 0, this.length);
  }

  /** The digits of a plain decimal text with `decimals` decimals (padded or cut), without leading zeros. */
  private appendDecimalText(text: string, decimals: number): void {
    const point = text.indexOf('.');
    const whole = point < 0 ? text : text.slice(0, point);
    const fraction = point < 0 ? '' : text.slice(point + 1);
    const written = `${whole}${fraction.padEnd(decimals, '0').slice(0, decimals)}`.replace(/^0+/, '');
    this.length += this.buffer.write(written, this.length, 'latin1');
  }

  private begin(precision: KrakenPrecision): void {
    this.length = 0;
    this.pricePrecision = precision.price;
    this.qtyPrecision = precision.qty;
  }

  private appendScaled(value: number, decimals: number): void {
    const scaled = Math.round(value * POW10[decimals]!);
    if (scaled >= 0 && scaled < EXACT_LIMIT) this.appendInteger(scaled);
    else this.appendText(value.toFixed(decimals));
  }

  /**
   * Decimal digits of a non-negative integer below 2^51 (none for 0: every digit is a leading zero),
   * in 32-bit integer arithmetic: split into a high part and 9 low digits when above 2^31.
   */
  private appendInteger(n: number): void {
    if (n === 0) return;
    if (n < INT32_LIMIT) {
      this.appendInt32(n | 0);
      return;
    }
    const high = Math.floor(n / 1e9);
    this.appendInt32(high | 0);
    this.appendNineDigits((n - high * 1e9) | 0);
  }

  /** Digits of `0 < n < 2^31`, without leading zeros. */
  private appendInt32(n: number): void {
    const digits = n < 1e5 ? (n < 10 ? 1 : n < 100 ? 2 : n < 1000 ? 3 : n < 1e4 ? 4 : 5) : n < 1e6 ? 6 : n < 1e7 ? 7 : n < 1e8 ? 8 : n < 1e9 ? 9 : 10;
    const end = this.length + digits;
    this.writeDigits(n, end, digits);
    this.length = end;
  }

  /** Exactly 9 digits of `0 <= n < 10^9`, leading zeros included (the low part of a large value). */
  private appendNineDigits(n: number): void {
    const end = this.length + 9;
    this.writeDigits(n, end, 9);
    this.length = end;
  }

  private writeDigits(n: number, end: number, digits: number): void {
    const buffer = this.buffer;
    for (let position = end - 1, left = digits; left > 0; left--, position--) {
      const quotient = (n / 10) | 0;
      buffer[position] = 48 + n - quotient * 10;
      n = quotient;
    }
  }

  /** `text` without the decimal point and leading zeros (slow path for huge values). */
  private appendText(text: string): void {
    let leading = true;
    for (let i = 0; i < text.length && this.length < BUFFER_BYTES; i++) {
      const code = text.charCodeAt(i);
      if (code === 46 /* . */ || code === 45 /* - */) continue;
      if (leading && code === 48 /* 0 */) continue;
      leading = false;
      this.buffer[this.length++] = code;
    }
  }
}
