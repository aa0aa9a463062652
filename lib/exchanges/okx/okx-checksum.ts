import { crc32 } from 'node:zlib';
import type { PriceLevels } from '../../book/price-levels';

/**
 * Levels per side that OKX's book checksum covers.
 *
 * @example
 * ```ts
 * book.bids.top(OKX_CHECKSUM_LEVELS); // what the checksum hashes of the bids
 * ```
 */
export const OKX_CHECKSUM_LEVELS = 25;

/**
 * The text OKX's checksum hashes: the top 25 bids and asks interleaved best first,
 * `bid[0]:bid[1]:ask[0]:ask[1]:…`, each level written as `price:size` with the EXACT strings of the
 * frames (never reformatted); when one side has fewer levels the other side continues alone.
 *
 * @example
 * ```ts
 * okxChecksumText([['3366.1', '7'], ['3366', '6']], [['3366.8', '9'], ['3368', '8']]); // '3366.1:7:3366.8:9:3366:6:3368:8'
 * ```
 */
export function okxChecksumText(bids: readonly (readonly string[])[], asks: readonly (readonly string[])[]): string {
  let text = '';
  for (let i = 0; i < OKX_CHECKSUM_LEVELS; i++) {
    const bid = bids[i];
    const ask = asks[i];
    if (bid === undefined && ask === undefined) break;
    if (bid !== undefined) text += `${text.length > 0 ? ':' : ''}${bid[0]}:${bid[1]}`;
    if (ask !== undefined) text += `${text.length > 0 ? ':' : ''}${ask[0]}:${ask[1]}`;
  }
  return text;
}

/**
 * OKX's book checksum: CRC32 (IEEE) of {@link okxChecksumText}, as a signed 32-bit integer (how OKX
 * sends it). The documented example `3366.1:7:3366.8:9:3366:6:3368:8` gives `-1881014294`.
 *
 * @example
 * ```ts
 * okxChecksum([['3366.1', '7'], ['3366', '6']], [['3366.8', '9'], ['3368', '8']]); // -1881014294
 * ```
 */
export function okxChecksum(bids: readonly (readonly string[])[], asks: readonly (readonly string[])[]): number {
  return crc32(okxChecksumText(bids, asks)) | 0;
}

/** Room for 100 `price:size` pieces of ordinary lengths; a longer text falls back to a string. */
const BUFFER_BYTES = 8192;

/**
 * The checksum of a local book: the top 25 prices of each side come from `PriceLevels`, their exact
 * wire strings from `texts` (price → the level as last received). Built for the per-message hot path:
 * the pieces are written straight into one reused byte buffer (the strings are ASCII decimals) and
 * `zlib.crc32` hashes it; two scratch arrays, no per-call closure.
 *
 * @example
 * ```ts
 * const checksum = new OkxBookChecksum();
 * checksum.of(book.bids, bidTexts, book.asks, askTexts) === frame.checksum;
 * ```
 */
export class OkxBookChecksum {
  private readonly bidLevels: (readonly string[])[] = [];
  private readonly askLevels: (readonly string[])[] = [];
  private readonly buffer = Buffer.allocUnsafe(BUFFER_BYTES);
  private texts: ReadonlyMap<number, readonly string[]> = new Map();
  private target: (readonly string[])[] = this.bidLevels;
  private missing = false;
  private readonly collect = (price: number): void => {
    const level = this.texts.get(price);
    if (level === undefined) this.missing = true;
    else this.target.push(level);
  };

  /** The signed CRC32 of the book's top 25 per side; `undefined` if a level's wire text is unknown (a bug upstream). */
  of(bids: PriceLevels, bidTexts: ReadonlyMap<number, readonly string[]>, asks: PriceLevels, askTexts: ReadonlyMap<number, readonly string[]>): number | undefined {
    this.missing = false;
    this.bidLevels.length = 0;
    this.askLevels.length = 0;
    this.texts = bidTexts;
    this.target = this.bidLevels;
    bids.forEachTop(OKX_CHECKSUM_LEVELS, this.collect);
    this.texts = askTexts;
    this.target = this.askLevels;
    asks.forEachTop(OKX_CHECKSUM_LEVELS, this.collect);
    if (this.missing) return undefined;
    const length = this.write();
    return length < 0 ? okxChecksum(this.bidLevels, this.askLevels) : crc32(this.buffer.subarray(0, length)) | 0;
  }

  /** Writes the interleaved text into the buffer; its length, or -1 when it does not fit. */
  private write(): number {
    const { bidLevels, askLevels } = this;
    let offset = 0;
    for (let i = 0; i < OKX_CHECKSUM_LEVELS; i++) {
      const bid = bidLevels[i];
      const ask = askLevels[i];
      if (bid !== undefined && (offset = this.writeLevel(bid, offset)) < 0) return -1;
      if (ask !== undefined && (offset = this.writeLevel(ask, offset)) < 0) return -1;
    }
    return offset;
  }

  /** Appends `price:size` (after a `:` unless first); the new length, or -1 when it does not fit. */
  private writeLevel(level: readonly string[], offset: number): number {
    const price = level[0]!;
    const size = level[1]!;
    if (offset + price.length + size.length + 2 > BUFFER_BYTES) return -1;
    const buffer = this.buffer;
    if (offset > 0) buffer[offset++] = 58; // ':'
    // ASCII decimals (the decoder accepted nothing else): one byte per character, no native call per piece
    for (let k = 0; k < price.length; k++) buffer[offset++] = price.charCodeAt(k);
    buffer[offset++] = 58;
    for (let k = 0; k < size.length; k++) buffer[offset++] = size.charCodeAt(k);
    return offset;
  }
}
