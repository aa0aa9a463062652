import * as fc from 'fast-check';
import { crc32 } from 'node:zlib';
import { PriceLevels } from '../../../lib/book/price-levels';
import type { BookLevel } from '../../../lib/model/book-event';
import { KrakenChecksum } from '../../../lib/exchanges/kraken/kraken-checksum';

/** Kraken's v2 guide example book (docs.kraken.com, "Book checksum (WebSocket v2)"), as on the wire. */
const DOC_ASKS: [string, string][] = [
  ['45285.2', '0.00100000'], ['45286.4', '1.54571953'], ['45286.6', '1.54571109'], ['45289.6', '1.54560911'], ['45290.2', '0.15890660'],
  ['45291.8', '1.54553491'], ['45294.7', '0.04454749'], ['45296.1', '0.35380000'], ['45297.5', '0.09945542'], ['45299.5', '0.18772827'],
];
const DOC_BIDS: [string, string][] = [
  ['45283.5', '0.10000000'], ['45283.4', '1.54582015'], ['45282.1', '0.10000000'], ['45281.0', '0.10000000'], ['45280.3', '1.54592586'],
  ['45279.0', '0.07990000'], ['45277.6', '0.03310103'], ['45277.5', '0.30000000'], ['45277.3', '1.54602737'], ['45276.6', '0.15445238'],
];
/** As JSON.parse sees them: trailing zeros gone. */
const numeric = (levels: [string, string][]): BookLevel[] => levels.map(([p, q]) => [Number(p), Number(q)]);

/** The documented procedure on strings, independent of KrakenChecksum's integer path. */
function referenceText(asks: readonly BookLevel[], bids: readonly BookLevel[], price: number, qty: number): string {
  const strip = (text: string): string => text.replace('.', '').replace(/^0+/, '');
  return [...asks.slice(0, 10), ...bids.slice(0, 10)].map(([p, q]) => strip(p.toFixed(price)) + strip(q.toFixed(qty))).join('');
}

describe('KrakenChecksum', () => {
  const checksum = new KrakenChecksum();

  it("reproduces the v2 documentation vector 3310070434 from JSON numbers (precision 1 / 8)", () => {
    expect(checksum.ofLevels(numeric(DOC_ASKS), numeric(DOC_BIDS), { price: 1, qty: 8 })).toBe(3310070434);
    expect(checksum.textOf(numeric(DOC_ASKS).slice(0, 1), [], { price: 1, qty: 8 })).toBe('452852100000');
  });

  it('reproduces the v1 documentation vector 974947235 (precision 5 / 8)', () => {
    const asks: BookLevel[] = [0.05005, 0.0501, 0.05015, 0.0502, 0.05025, 0.0503, 0.05035, 0.0504, 0.05045, 0.0505].map((p) => [p, 0.000005]);
    const bids: BookLevel[] = [0.05, 0.04995, 0.0499, 0.04980, 0.04975, 0.0497, 0.04965, 0.0496, 0.04955, 0.0495].map((p) => [p, 0.000005]);
    expect(checksum.ofLevels(asks, bids, { price: 5, qty: 8 })).toBe(974947235);
  });

  it('reads the top 10 of PriceLevels, asks lowest first then bids highest first, ignoring deeper levels', () => {
    const bids = new PriceLevels('bid');
    const asks = new PriceLevels('ask');
    for (const [p, q] of [...numeric(DOC_BIDS)].reverse()) bids.set(p, q);
    for (const [p, q] of [...numeric(DOC_ASKS)].reverse()) asks.set(p, q);
    bids.set(45000, 5); // 11th bid: outside the checksum
    asks.set(46000, 5);
    expect(checksum.ofBook(bids, asks, { price: 1, qty: 8 })).toBe(3310070434);
    asks.set(45285.2, 0.002);
    expect(checksum.ofBook(bids, asks, { price: 1, qty: 8 })).not.toBe(3310070434);
  });

  it('agrees with the string procedure on random books, including huge values (toFixed fallback)', () => {
    const decimal = (decimals: number, max: number): fc.Arbitrary<number> =>
      fc
        .tuple(fc.integer({ min: 0, max }), fc.integer({ min: 1, max: 10 ** decimals }))
        .map(([whole, fraction]) => Number(`${whole}.${String(fraction % 10 ** decimals).padStart(decimals, '0')}`))
        .filter((value) => value > 0);
    const book = fc
      .record({ price: fc.integer({ min: 0, max: 8 }), qty: fc.integer({ min: 1, max: 10 }), max: fc.constantFrom(100_000, 2_000_000_000) })
      .chain(({ price, qty, max }) => {
        const level = fc.tuple(decimal(price, max), decimal(qty, max));
        return fc.record({ price: fc.constant(price), qty: fc.constant(qty), asks: fc.array(level, { maxLength: 12 }), bids: fc.array(level, { maxLength: 12 }) });
      });
    fc.assert(
      fc.property(book, ({ price, qty, asks, bids }) => {
        const text = referenceText(asks, bids, price, qty);
        expect(checksum.textOf(asks, bids, { price, qty })).toBe(text);
        expect(checksum.ofLevels(asks, bids, { price, qty })).toBe(crc32(text));
      }),
      { numRuns: 300 },
    );
  });

  it('writes nothing for a zero (all digits are leading zeros) and hashes an empty book as CRC32("")', () => {
    expect(checksum.textOf([[0.5, 0]], [], { price: 1, qty: 8 })).toBe('5');
    expect(checksum.ofLevels([], [], { price: 1, qty: 8 })).toBe(0);
  });
});
