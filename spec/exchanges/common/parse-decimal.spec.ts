import fc from 'fast-check';
import { parseDecimal } from '../../../lib/exchanges/common/parse-decimal';

describe('parseDecimal', () => {
  it('equals +text for every plain decimal string, whatever its digits and scale', () => {
    const decimal = fc
      .tuple(fc.stringMatching(/^[0-9]{1,12}$/), fc.option(fc.stringMatching(/^[0-9]{0,12}$/)))
      .map(([whole, fraction]) => (fraction === null ? whole : `${whole}.${fraction}`));
    fc.assert(fc.property(decimal, (text) => Object.is(parseDecimal(text), +text)), { numRuns: 5000 });
  });

  it('reads signs, exponents and long numbers like +text, and anything that is not a decimal as NaN', () => {
    for (const text of ['1e-8', '-1.5', '+2', '5E3', '12345678901234567.5']) expect(Object.is(parseDecimal(text), +text)).toBe(true);
    for (const text of ['', ' ', ' 2', '0x10', 'Infinity', '1.2.3', '1e', '--1']) expect(parseDecimal(text)).toBeNaN();
    expect(parseDecimal('.')).toBeNaN();
    expect(parseDecimal('5.')).toBe(5);
    expect(parseDecimal('.5')).toBe(0.5);
  });
});
