import { parseRfc3339 } from '../../../lib/exchanges/common/parse-rfc3339';

describe('parseRfc3339', () => {
  it('keeps the sub-millisecond part of nanosecond timestamps', () => {
    const parsed = parseRfc3339('2026-08-09T21:05:48.228568804Z');
    expect(Math.floor(parsed)).toBe(Date.UTC(2026, 7, 9, 21, 5, 48, 228));
    expect(parsed - Math.floor(parsed)).toBeCloseTo(0.568804, 3);
  });

  it('reads the shorter fractions Coinbase writes (trailing zeros dropped) and whole seconds', () => {
    expect(parseRfc3339('2026-08-09T21:05:48.35161Z')).toBeCloseTo(Date.UTC(2026, 7, 9, 21, 5, 48, 351) + 0.61, 4);
    expect(parseRfc3339('2026-08-09T21:05:48.5Z')).toBe(Date.UTC(2026, 7, 9, 21, 5, 48, 500));
    expect(parseRfc3339('2026-08-09T21:05:48Z')).toBe(Date.UTC(2026, 7, 9, 21, 5, 48));
  });

  it('agrees with Date.parse to the millisecond on the capture formats', () => {
    for (const text of ['2026-08-09T21:05:42.514318Z', '2026-01-31T00:00:00.001Z', '2024-02-29T23:59:59.999999Z']) {
      expect(Math.floor(parseRfc3339(text))).toBe(Date.parse(text.replace(/(\.\d{3})\d*Z$/, '$1Z')));
    }
  });

  it('falls back to Date.parse for other RFC 3339 forms, NaN for garbage', () => {
    expect(parseRfc3339('2026-08-09T21:05:48.123+00:00')).toBe(Date.UTC(2026, 7, 9, 21, 5, 48, 123));
    for (const bad of ['yesterday', '', '2026-13-09T21:05:48Z', '2026-08-09T21:05:48.Z', '2026-08-09T21:05:48.1234567890Z', '2026-08-09T2x:05:48Z']) {
      expect(parseRfc3339(bad)).toBeNaN();
    }
  });
});
