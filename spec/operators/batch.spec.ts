import { batch } from '../../lib/operators/batch';
import { marbles } from './marble-helpers';

describe('batch', () => {
  it('emits one array per window, skips empty windows, and flushes the partial batch on completion', () => {
    marbles().run(({ hot, expectObservable }) => {
      const source = hot('ab-c------d|');
      expectObservable(source.pipe(batch(4))).toBe('----x------(y|)', { x: ['a', 'b', 'c'], y: ['d'] });
    });
  });

  it('emits early when maxSize is reached and starts a new window', () => {
    marbles().run(({ hot, expectObservable }) => {
      const source = hot('abc-------|');
      expectObservable(source.pipe(batch(4, { maxSize: 2 }))).toBe('-x---y----|', { x: ['a', 'b'], y: ['c'] });
    });
  });

  it('emits nothing for a silent source and passes errors', () => {
    marbles().run(({ hot, expectObservable }) => {
      expectObservable(hot('---------|').pipe(batch(2))).toBe('---------|');
      expectObservable(hot('a--#').pipe(batch(2))).toBe('--x#', { x: ['a'] });
    });
  });

  it('rejects a non-positive window or maxSize', () => {
    expect(() => batch(0)).toThrow(RangeError);
    expect(() => batch(10, { maxSize: 0 })).toThrow(RangeError);
  });
});
