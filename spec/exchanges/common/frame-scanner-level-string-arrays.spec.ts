import fc from 'fast-check';
import { isValidLevel } from '../../../lib/book/price-levels';
import { FrameScanner } from '../../../lib/exchanges/common/frame-scanner';
import { parseDecimal } from '../../../lib/exchanges/common/parse-decimal';
import { hostileEditArb, quotedDecimalArb } from '../../helpers/fast-path-arbitraries';

/** What JSON.parse and the validated OKX-style level parsing make of `text`: levels and the wire strings, or undefined. */
function reference(text: string): { levels: [number, number][]; texts: string[][] } | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!Array.isArray(value)) return undefined;
  const levels: [number, number][] = [];
  for (const level of value) {
    if (!Array.isArray(level) || level.length < 2 || !level.every((item) => typeof item === 'string')) return undefined;
    const price = parseDecimal(level[0] as string);
    const size = parseDecimal(level[1] as string);
    if (!isValidLevel(price, size)) return undefined;
    levels.push([price, size]);
  }
  return { levels, texts: value as string[][] };
}

const extraArb = fc.oneof({ weight: 6, arbitrary: fc.constantFrom('0', '13', '1') }, { weight: 1, arbitrary: fc.constantFrom('', 'x', '\\u0030', '\\n', '"') });
const levelArb = fc.tuple(quotedDecimalArb, quotedDecimalArb, fc.array(extraArb, { maxLength: 3 }));
const arrayText = (levels: [string, string, string[]][]): string => `[${levels.map(([p, s, rest]) => `[${[p, s, ...rest].map((item) => `"${item}"`).join(',')}]`).join(',')}]`;

describe('FrameScanner.levelStringArrays', () => {
  it('reads [["price","size",…],…] to the levels and the exact wire strings, and nothing JSON.parse would read otherwise', () => {
    const scan = new FrameScanner();
    const edits = hostileEditArb([(text) => text.replace('],[', '],1,['), (text) => text.replace('"]', '",1]'), (text) => `${text}]`]);
    let read = 0;
    fc.assert(
      fc.property(fc.array(levelArb, { maxLength: 5 }), edits, (levels, edit) => {
        const text = edit(arrayText(levels));
        scan.reset(text);
        const texts: string[][] = [];
        const scanned = scan.levelStringArrays(texts);
        if (scanned === undefined || !scan.atEnd()) return; // the validated path decides
        read++;
        expect({ levels: scanned, texts }).toEqual(reference(text));
      }),
      { numRuns: 2000 },
    );
    expect(read).toBeGreaterThan(200);
  });

  it('takes every plain level list, [] included, and stops right after it', () => {
    const scan = new FrameScanner();
    scan.reset('[],"x"');
    const none: string[][] = [];
    expect(scan.levelStringArrays(none)).toEqual([]);
    expect(none).toEqual([]);
    expect(scan.literal(',"x"') && scan.atEnd()).toBe(true);
    scan.reset('[["8476.98","415","0","13"],["8477","0.000","0","0"]]}');
    const texts: string[][] = [];
    expect(scan.levelStringArrays(texts)).toEqual([
      [8476.98, 415],
      [8477, 0],
    ]);
    expect(texts).toEqual([
      ['8476.98', '415', '0', '13'],
      ['8477', '0.000', '0', '0'],
    ]);
    expect(scan.literal('}') && scan.atEnd()).toBe(true);
  });

  it('refuses what the validated path must decide: a single item, a non-string, an escape, an invalid level', () => {
    const scan = new FrameScanner();
    for (const text of ['[["1"]]', '[["1",2]]', '[["1","2",3]]', '[["1","2","\\u0030"]]', '[["0","2"]]', '[["1","-2"]]', '[["1e3","2"]]', '[["1","2"],]', '[ ["1","2"]]', '[["1","2"]', '{}']) {
      scan.reset(text);
      expect(scan.levelStringArrays([])).toBeUndefined();
    }
  });
});
