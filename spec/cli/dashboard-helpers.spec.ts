import { faultRotation } from '../../lib/cli/dashboard/fault-rotation';
import { ANSI, paintFrame } from '../../lib/cli/dashboard/terminal';
import { formatDelta, formatPrice } from '../../lib/cli/format/numbers';

describe('faultRotation', () => {
  it('rotates kinds, giving each exchange every fault it supports', () => {
    const plan = faultRotation([
      { exchange: 'binance', faults: ['disconnect', 'gap', 'malformed'] },
      { exchange: 'kraken', faults: ['disconnect', 'checksum', 'malformed'] },
    ]);
    expect(plan.map((p) => `${p.exchange}:${p.kind}`)).toEqual([
      'binance:disconnect', 'binance:gap', 'kraken:checksum', 'kraken:malformed',
      'kraken:disconnect', 'binance:gap', 'kraken:checksum', 'binance:malformed',
    ]);
    expect(faultRotation([{ exchange: 'binance', faults: [] }])).toEqual([]);
  });
});

describe('paintFrame', () => {
  it('starts at home, clips to the width, stops one row short of the height and clears the rest', () => {
    const frame = paintFrame([{ text: 'x'.repeat(50) }, { text: 'short', style: 'bold' }, { text: 'hidden' }], { columns: 20, rows: 3 });
    expect(frame.startsWith(ANSI.home)).toBe(true);
    expect(frame).toContain(`${'x'.repeat(19)}…${ANSI.clearLine}\n`);
    expect(frame).toContain(`\x1b[1mshort${ANSI.reset}${ANSI.clearLine}\n`);
    expect(frame).not.toContain('hidden');
    expect(frame.endsWith(ANSI.clearBelow)).toBe(true);
  });
});

describe('number formats', () => {
  it('prices and deltas', () => {
    expect([65000.5, 3000.123, 1.23456, 0.046123, 0.06, NaN].map(formatPrice)).toEqual(['65000.50', '3000.12', '1.2346', '0.046123', '0.06', '-']);
    expect([3.4, 0.005, 0.12, 0, -0.5].map(formatDelta)).toEqual(['3.40', '0.005', '0.12', '0.00', '-0.50']);
  });
});
