import { crc32 } from 'node:zlib';

/**
 * Levels per side Bitfinex's book checksum covers.
 *
 * @example
 * ```ts
 * BITFINEX_CHECKSUM_LEVELS; // 25
 * ```
 */
export const BITFINEX_CHECKSUM_LEVELS = 25;

/**
 * Bitfinex's book checksum ("WebSocket Checksum", P-precision books): the top 25 bids (highest
 * first) and the top 25 asks (lowest first) interleaved — bid 0, ask 0, bid 1, ask 1, … (a side
 * with fewer levels simply ends) — each level written `PRICE:AMOUNT` with the ask amounts negative
 * as on the wire, all joined with `:`, then CRC32 of that text as a signed 32-bit integer.
 *
 * `bids`/`asks` are the `PRICE:AMOUNT` texts of each side, best first, written exactly as the frames
 * wrote the numbers (a reformatted float could differ: `1e-8` vs `0.00000001`, `1.50` vs `1.5`).
 *
 * @example
 * ```ts
 * // the example of Bitfinex's API libraries: bids 6000 ×1, 5900 ×2; asks 6100 ×3, 6200 ×4
 * bitfinexChecksum(['6000:1', '5900:2'], ['6100:-3', '6200:-4']); // crc32('6000:1:6100:-3:5900:2:6200:-4') | 0
 * ```
 */
export function bitfinexChecksum(bids: readonly string[], asks: readonly string[]): number {
  return crc32(bitfinexChecksumText(bids, asks)) | 0;
}

/**
 * The text {@link bitfinexChecksum} hashes (for diagnostics and tests).
 *
 * @example
 * ```ts
 * bitfinexChecksumText(['6000:1', '5900:2'], ['6100:-3']); // '6000:1:6100:-3:5900:2'
 * ```
 */
export function bitfinexChecksumText(bids: readonly string[], asks: readonly string[]): string {
  let text = '';
  const count = Math.min(BITFINEX_CHECKSUM_LEVELS, Math.max(bids.length, asks.length));
  for (let i = 0; i < count; i++) {
    const bid = bids[i];
    const ask = asks[i];
    if (bid !== undefined) text = text === '' ? bid : `${text}:${bid}`;
    if (ask !== undefined) text = text === '' ? ask : `${text}:${ask}`;
  }
  return text;
}
