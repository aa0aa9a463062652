import { crc32 } from 'node:zlib';
import fc from 'fast-check';
import { okxChecksum, okxChecksumText } from '../../../lib/exchanges/okx/okx-checksum';
import { OkxLocalBook } from '../../../lib/exchanges/okx/okx-local-book';
import { parseOkxLevels } from '../../../lib/exchanges/okx/okx-levels';

/** A level list as OKX sends it, with the numbers the client parses from it. */
function levels(raw: string[][]) {
  return { raw, parsed: parseOkxLevels(raw)! };
}

describe('OKX book checksum', () => {
  // The test vectors of OKX's docs ("Calculate Checksum"): the check strings are quoted in the v5 docs,
  // the CRC32 values in the same examples of the OKEx v3 docs (-1881014294, 831078360).
  it('docs example 1 (more than 25 levels, 2 shown): "3366.1:7:3366.8:9:3366:6:3368:8" → -1881014294', () => {
    const bids = [['3366.1', '7', '0', '3'], ['3366', '6', '3', '4']];
    const asks = [['3366.8', '9', '10', '3'], ['3368', '8', '3', '4']];
    expect(okxChecksumText(bids, asks)).toBe('3366.1:7:3366.8:9:3366:6:3368:8');
    expect(okxChecksum(bids, asks)).toBe(-1881014294);
  });

  it('docs example 2 (fewer bids than asks): "3366.1:7:3366.8:9:3368:8:3372:8" → 831078360', () => {
    const bids = [['3366.1', '7', '0', '3']];
    const asks = [['3366.8', '9', '10', '3'], ['3368', '8', '3', '4'], ['3372', '8', '3', '4']];
    expect(okxChecksumText(bids, asks)).toBe('3366.1:7:3366.8:9:3368:8:3372:8');
    expect(okxChecksum(bids, asks)).toBe(831078360);
  });

  it('covers exactly the top 25 of each side, interleaved, as a signed 32-bit integer', () => {
    const bids = Array.from({ length: 30 }, (_, i) => [String(100 - i), String(i + 1)]);
    const asks = Array.from({ length: 27 }, (_, i) => [String(101 + i), String(i + 2)]);
    const text = okxChecksumText(bids, asks);
    expect(text.split(':')).toHaveLength(25 * 4);
    expect(text.startsWith('100:1:101:2:99:2:102:3')).toBe(true);
    expect(text.endsWith('76:25:125:26')).toBe(true);
    const unsigned = crc32(text);
    expect(okxChecksum(bids, asks)).toBe(unsigned >= 2 ** 31 ? unsigned - 2 ** 32 : unsigned);
  });

  it('hashes the exact strings of the frames: "100.10" and "100.1" are different checksums', () => {
    expect(okxChecksum([['100.10', '2']], [])).not.toBe(okxChecksum([['100.1', '2']], []));
    expect(okxChecksum([['100.1', '2.000']], [])).toBe(crc32('100.1:2.000') | 0);
  });

  it('a local book keeps the wire strings of every level: its checksum equals the one of its top 25 as received', () => {
    const local = new OkxLocalBook();
    const bids = levels([['100.10', '0.500', '0', '1'], ['99.9', '1e-5', '0', '1'], ['99.5', '3', '0', '2']]);
    const asks = levels([['100.20', '0.00001', '0', '1'], ['101', '7', '0', '1']]);
    local.applySnapshot({ bids: bids.parsed, asks: asks.parsed, rawBids: bids.raw, rawAsks: asks.raw });
    expect(local.checksum()).toBe(crc32('100.10:0.500:100.20:0.00001:99.9:1e-5:101:7:99.5:3') | 0);
    // an update replaces a level's text, a size "0" removes it
    const bidUpdate = levels([['100.1', '0.7', '0', '1'], ['99.9', '0', '0', '0']]);
    local.applyDelta({ bids: bidUpdate.parsed, asks: [], rawBids: bidUpdate.raw, rawAsks: [] });
    expect(local.checksum()).toBe(crc32('100.1:0.7:100.20:0.00001:99.5:3:101:7') | 0);
  });

  it('property: the local book checksum equals okxChecksum of a naive rebuild, whatever the updates', () => {
    const price = fc.integer({ min: 1, max: 60 });
    const size = fc.integer({ min: 0, max: 5 });
    const update = fc.record({ bids: fc.array(fc.tuple(price, size), { maxLength: 8 }), asks: fc.array(fc.tuple(price, size), { maxLength: 8 }) });
    fc.assert(
      fc.property(fc.array(update, { minLength: 1, maxLength: 20 }), (updates) => {
        const local = new OkxLocalBook();
        const naive = { bids: new Map<number, string[]>(), asks: new Map<number, string[]>() };
        for (const { bids, asks } of updates) {
          // bids below 100, asks above: never crossed; written with varying trailing zeros
          const rawBids = bids.map(([p, s]) => [`${100 - p}.${p % 3 === 0 ? '00' : '5'}`, s === 0 ? '0' : `${s}.${'0'.repeat(p % 2)}`]);
          const rawAsks = asks.map(([p, s]) => [`${100 + p}.${p % 2 === 0 ? '10' : '25'}`, s === 0 ? '0' : String(s)]);
          const b = parseOkxLevels(rawBids)!;
          const a = parseOkxLevels(rawAsks)!;
          local.applyDelta({ bids: b, asks: a, rawBids, rawAsks });
          b.forEach(([p, s], i) => (s === 0 ? naive.bids.delete(p) : naive.bids.set(p, rawBids[i]!)));
          a.forEach(([p, s], i) => (s === 0 ? naive.asks.delete(p) : naive.asks.set(p, rawAsks[i]!)));
        }
        const top = (side: Map<number, string[]>, descending: boolean) =>
          [...side.entries()].sort((x, y) => (descending ? y[0] - x[0] : x[0] - y[0])).map(([, raw]) => raw);
        expect(local.checksum()).toBe(okxChecksum(top(naive.bids, true), top(naive.asks, false)));
      }),
      { numRuns: 200 },
    );
  });
});
