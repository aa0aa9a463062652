import { BITFINEX_CHECKSUM_LEVELS, bitfinexChecksum, bitfinexChecksumText } from '../../../lib/exchanges/bitfinex/bitfinex-checksum';
import { BitfinexOrderBook } from '../../../lib/exchanges/bitfinex/bitfinex-order-book';
import type { BitfinexLevel } from '../../../lib/exchanges/bitfinex/bitfinex-payloads';

/** CRC-32 (ISO-HDLC, the zlib one) bit by bit, written independently of `zlib.crc32`, as a signed 32-bit integer like Bitfinex's. */
function referenceCrc32(text: string): number {
  let crc = 0xffffffff;
  for (const byte of Buffer.from(text, 'utf8')) {
    crc ^= byte;
    for (let bit = 0; bit < 8; bit++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) | 0;
}

const level = (price: string, count: number, amount: string): BitfinexLevel => ({ price: Number(price), count, amount: Number(amount), priceText: price, amountText: amount });

describe('Bitfinex book checksum', () => {
  it('the reference CRC-32 has the standard check value', () => {
    expect(referenceCrc32('123456789') >>> 0).toBe(0xcbf43926);
  });

  it('matches the documented example: bids and asks interleaved, PRICE:AMOUNT, ask amounts negative, joined with ":"', () => {
    // Bitfinex's own API libraries (bfx-api-node-models) check this book against CRC.str('6000:1:6100:-3:5900:2:6200:-4')
    expect(bitfinexChecksumText(['6000:1', '5900:2'], ['6100:-3', '6200:-4'])).toBe('6000:1:6100:-3:5900:2:6200:-4');
    expect(bitfinexChecksum(['6000:1', '5900:2'], ['6100:-3', '6200:-4'])).toBe(referenceCrc32('6000:1:6100:-3:5900:2:6200:-4'));
    const book = new BitfinexOrderBook();
    for (const l of [level('6000', 1, '1'), level('5900', 1, '2'), level('6100', 1, '-3'), level('6200', 1, '-4')]) book.apply(l);
    expect(book.checksum()).toBe(referenceCrc32('6000:1:6100:-3:5900:2:6200:-4'));
  });

  it('is a signed 32-bit integer (negative for half of the books)', () => {
    const values = Array.from({ length: 64 }, (_, i) => bitfinexChecksum([`${1000 + i}:1`], [`${1001 + i}:-2`]));
    expect(values.every((v) => Number.isInteger(v) && v >= -(2 ** 31) && v < 2 ** 31)).toBe(true);
    expect(values.some((v) => v < 0)).toBe(true);
  });

  it('covers the top 25 levels a side only; a shorter side simply ends', () => {
    const bids = Array.from({ length: 30 }, (_, i) => `${100 - i}:1`);
    const asks = ['101:-1', '102:-2'];
    const text = bitfinexChecksumText(bids, asks);
    expect(text.startsWith('100:1:101:-1:99:1:102:-2:98:1:97:1')).toBe(true);
    expect(text.split(':')).toHaveLength(2 * (BITFINEX_CHECKSUM_LEVELS + 2));
    expect(text.endsWith('76:1')).toBe(true);
    expect(bitfinexChecksumText([], [])).toBe('');
  });

  it('uses the numbers exactly as the frames wrote them, never a reformatted float', () => {
    const book = new BitfinexOrderBook();
    book.apply(level('6000', 1, '1.50'));
    book.apply(level('6100', 1, '-1e-8'));
    expect(book.checksum()).toBe(referenceCrc32('6000:1.50:6100:-1e-8'));
    expect(book.checksum()).not.toBe(referenceCrc32('6000:1.5:6100:-0.00000001'));
    // an update rewrites the text of its level; a count-0 delete removes it
    book.apply(level('6000', 2, '2'));
    book.apply(level('6100', 0, '-1'));
    expect(book.checksum()).toBe(referenceCrc32('6000:2'));
  });

  it('keeps the book in price order whatever the arrival order, and truncates the worst levels', () => {
    const book = new BitfinexOrderBook();
    for (const p of ['99', '101', '100']) book.apply(level(p, 1, '1'));
    for (const p of ['105', '103', '104']) book.apply(level(p, 1, '-1'));
    expect(book.checksum()).toBe(referenceCrc32('101:1:103:-1:100:1:104:-1:99:1:105:-1'));
    const removed: string[] = [];
    book.truncate(2, (bid, price) => removed.push(`${bid ? 'bid' : 'ask'} ${price}`));
    expect(removed).toEqual(['bid 99', 'ask 105']);
    expect(book.checksum()).toBe(referenceCrc32('101:1:103:-1:100:1:104:-1'));
  });
});
