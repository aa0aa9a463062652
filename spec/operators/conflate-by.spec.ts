import { conflateBy } from '../../lib/operators/conflate-by';
import { marbles } from './marble-helpers';

const byLetter = (v: string) => v[0];

describe('conflateBy', () => {
  it('emits at once when idle, then at most once per key per window, latest value, in first-arrival order', () => {
    marbles().run(({ hot, expectObservable }) => {
      const source = hot('a-bc--d------e-|', { a: 'a1', b: 'b1', c: 'a2', d: 'c1', e: 'b2' });
      expectObservable(source.pipe(conflateBy(byLetter, { window: 5 }))).toBe('a----(xy)-z----(w|)', {
        a: 'a1',
        x: 'b1',
        y: 'a2',
        z: 'c1',
        w: 'b2',
      });
    });
  });

  it('goes idle after a window with nothing held, so the next value passes at once', () => {
    marbles().run(({ hot, expectObservable }) => {
      const source = hot('a------b-|');
      expectObservable(source.pipe(conflateBy(byLetter, { window: 3 }))).toBe('a------b-|');
    });
  });

  it('is lossless for state streams: every key keeps its latest state through a burst', () => {
    marbles().run(({ hot, expectObservable }) => {
      const source = hot('abcdefgh--------|', { a: 'x1', b: 'y1', c: 'x2', d: 'z1', e: 'y2', f: 'x3', g: 'z2', h: 'y3' });
      expectObservable(source.pipe(conflateBy(byLetter, { window: 10 }))).toBe('a---------(xyz)-|', {
        a: 'x1',
        x: 'y3',
        y: 'x3',
        z: 'z2',
      });
    });
  });

  it('window 0 (default) conflates what arrives in the same scheduler tick', () => {
    marbles().run(({ hot, expectObservable }) => {
      const source = hot('(abcd)-e|', { a: 'a1', b: 'b1', c: 'b2', d: 'a2', e: 'a3' });
      expectObservable(source.pipe(conflateBy(byLetter))).toBe('(xyz)--e|', { x: 'a1', y: 'b2', z: 'a2', e: 'a3' });
    });
  });

  it('passes errors at once (discarding held values) and cancels its timer on unsubscribe', () => {
    marbles().run(({ hot, expectObservable, expectSubscriptions }) => {
      const failing = hot('ab#', { a: 'a1', b: 'b1' }, 'boom');
      expectObservable(failing.pipe(conflateBy(byLetter, { window: 5 }))).toBe('a-#', { a: 'a1' }, 'boom');
      const source = hot('ab--------|', { a: 'a1', b: 'b1' });
      expectObservable(source.pipe(conflateBy(byLetter, { window: 5 })), '^--!').toBe('a--', { a: 'a1' });
      expectSubscriptions(source.subscriptions).toBe('^--!');
    });
  });

  it('errors (does not throw) when the key function throws', () => {
    marbles().run(({ hot, expectObservable }) => {
      const source = hot('ab-|');
      const bad = (v: string) => {
        if (v === 'b') throw new Error('no key');
        return v;
      };
      expectObservable(source.pipe(conflateBy(bad, { window: 5 }))).toBe('a#', undefined, new Error('no key'));
    });
  });

  it('rejects a negative window', () => {
    expect(() => conflateBy(byLetter, { window: -1 })).toThrow(RangeError);
  });
});
