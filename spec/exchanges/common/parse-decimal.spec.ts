import fc from 'fast-check';
import { parseDecimal } from '../../../lib/exchanges/common/parse-decimal';

describe('parseDecimal', () => {
  it('equals +text for every plain decimal string, whatever its digits and scale', () => {
    const decimal = fc
      .tuple(fc.stringMatching(/^[0-9]{1,12}$/), fc.option(fc.stringMatching(/^[0-9]{0,12}$/)))
      .map(([whole, fraction]) => (fraction === null ? whole : `${whole}.${fraction}`));
    fc.assert(fc.property(decimal, (text) => Object.is(parseDecimal(text), +text)), { numRuns: 5000 });
  });

  it('falls back to +text for anything else, and gives NaN without digits', () => {
    for (const text of ['1e-8', '-1.5', ' 2', '0x10', 'Infinity', '12345678901234567.5', '1.2.3'])
      expect(Object.is(parseDecimal(text), +text)).toBe(true);
    expect(parseDecimal('')).toBeNaN();
    expect(parseDecimal('.')).toBeNaN();
    expect(parseDecimal('.5')).toBe(0.5);
  });
});
