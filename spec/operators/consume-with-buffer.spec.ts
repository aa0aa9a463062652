import { defer, EMPTY, from, type Observable, of, range, Subject } from 'rxjs';
import { BufferOverflowError } from '../../lib/operators/buffer-overflow-error';
import { consumeWithBuffer } from '../../lib/operators/consume-with-buffer';
import { marbles } from './marble-helpers';

describe('consumeWithBuffer', () => {
  it('starts a value at once when the consumer is idle and queues values while it is busy', () => {
    marbles().run(({ hot, cold, expectObservable, expectSubscriptions }) => {
      const source = hot('  a-b-c---------|');
      const upper = (v: string) => cold('---(r|)', { r: v.toUpperCase() });
      expectObservable(source.pipe(consumeWithBuffer(upper, { bufferSize: 5 }))).toBe(
        '                   ---A--B--C----|',
      );
      expectSubscriptions(source.subscriptions).toBe('^-------------!');
    });
  });

  it('drop_oldest: keeps the newest bufferSize values and reports each drop with the running total', () => {
    marbles().run(({ hot, cold, expectObservable, flush }) => {
      const drops: [string, number][] = [];
      const source = hot('  abcde---------------|');
      const slow = (v: string) => cold('----(r|)', { r: v.toUpperCase() });
      expectObservable(
        source.pipe(consumeWithBuffer(slow, { bufferSize: 2, strategy: 'drop_oldest', onDrop: (v, n) => drops.push([v, n]) })),
      ).toBe('              ----A---D---E-------|');
      flush();
      expect(drops).toEqual([['b', 1], ['c', 2]]);
    });
  });

  it('drop_newest: keeps the first bufferSize waiting values and discards later arrivals', () => {
    marbles().run(({ hot, cold, expectObservable, flush }) => {
      const drops: [string, number][] = [];
      const source = hot('  abcde---------------|');
      const slow = (v: string) => cold('----(r|)', { r: v.toUpperCase() });
      expectObservable(
        source.pipe(consumeWithBuffer(slow, { bufferSize: 2, strategy: 'drop_newest', onDrop: (v, n) => drops.push([v, n]) })),
      ).toBe('              ----A---B---C-------|');
      flush();
      expect(drops).toEqual([['d', 1], ['e', 2]]);
    });
  });

  it("error: fails with a BufferOverflowError on the first value too many and cancels source and consumer", () => {
    marbles().run(({ hot, cold, expectObservable, expectSubscriptions, flush }) => {
      const source = hot('  abcde----|');
      const inner = cold('  ----(r|)', { r: 'R' });
      const output = source.pipe(consumeWithBuffer(() => inner, { bufferSize: 2, strategy: 'error' }));
      let error: unknown;
      output.subscribe({ error: (e: unknown) => (error = e) });
      expectObservable(output).toBe('---#', undefined, new BufferOverflowError(2));
      expectSubscriptions(source.subscriptions).toBe(['^--!', '^--!']);
      expectSubscriptions(inner.subscriptions).toBe(['^--!', '^--!']);
      flush();
      expect(error).toBeInstanceOf(BufferOverflowError);
      expect((error as BufferOverflowError).bufferSize).toBe(2);
    });
  });

  it('drains the buffer after the source completes, then completes', () => {
    marbles().run(({ hot, cold, expectObservable }) => {
      const source = hot('  abc|');
      const slow = (v: string) => cold('--(r|)', { r: v.toUpperCase() });
      expectObservable(source.pipe(consumeWithBuffer(slow, { bufferSize: 3 }))).toBe('--A-B-(C|)');
    });
  });

  it('forwards every value a consumer emits, and passes the index', () => {
    marbles().run(({ hot, cold, expectObservable }) => {
      const source = hot('  ab|');
      const twice = (v: string, i: number) => cold('-x-(y|)', { x: `${v}${i}`, y: `${v}${i}!` });
      expectObservable(source.pipe(consumeWithBuffer(twice, { bufferSize: 1 }))).toBe('-x-yz-(w|)', {
        x: 'a0',
        y: 'a0!',
        z: 'b1',
        w: 'b1!',
      });
    });
  });

  it('conflateBy: a waiting value is replaced by a newer one of the same key, keeping its first-arrival slot', () => {
    marbles().run(({ hot, cold, expectObservable, flush }) => {
      const drops: string[] = [];
      // keys are the letters; a1 runs, then b1 a2 b2 c1 a3 arrive while busy
      const source = hot('  0123456-------------|', { 0: 'a1', 1: 'b1', 2: 'a2', 3: 'b2', 4: 'c1', 5: 'a3', 6: 'd1' });
      const slow = (v: string) => cold('--------(r|)', { r: v });
      const output = source.pipe(
        consumeWithBuffer(slow, { bufferSize: 3, strategy: 'drop_oldest', conflateBy: (v) => v[0], onDrop: (v) => drops.push(v) }),
      );
      // waiting after 5: [b2, a3, c1] (b first, then a, then c); d1 evicts the oldest key (b)
      expectObservable(output).toBe('--------w-------x-------y-------(z|)', { w: 'a1', x: 'a3', y: 'c1', z: 'd1' });
      flush();
      expect(drops).toEqual(['b2']);
    });
  });

  it('forwards a source error at once and discards waiting values', () => {
    marbles().run(({ hot, cold, expectObservable }) => {
      const source = hot('  ab-#', undefined, 'boom');
      const slow = (v: string) => cold('-----(r|)', { r: v });
      expectObservable(source.pipe(consumeWithBuffer(slow, { bufferSize: 4 }))).toBe('---#', undefined, 'boom');
    });
  });

  it('forwards a consumer error and a consumer that throws synchronously', () => {
    marbles().run(({ hot, cold, expectObservable }) => {
      const source = hot('  ab---|');
      expectObservable(source.pipe(consumeWithBuffer(() => cold('--#', undefined, 'bad'), { bufferSize: 4 }))).toBe('--#', undefined, 'bad');
      const throwing = (): Observable<never> => {
        throw new Error('sync');
      };
      expectObservable(source.pipe(consumeWithBuffer(throwing, { bufferSize: 4 }))).toBe('#', undefined, new Error('sync'));
    });
  });

  it('unsubscribing cancels the running consumer and the source', () => {
    marbles().run(({ hot, cold, expectObservable, expectSubscriptions }) => {
      const source = hot('  ab------|');
      const inner = cold('  -----(r|)', { r: 'R' });
      expectObservable(source.pipe(consumeWithBuffer(() => inner, { bufferSize: 4 })), '^--!').toBe('---');
      expectSubscriptions(source.subscriptions).toBe('^--!');
      expectSubscriptions(inner.subscriptions).toBe('^--!');
    });
  });

  it('handles synchronous consumers over a large synchronous source without drops or deep recursion', () => {
    const seen: number[] = [];
    let dropped = 0;
    range(0, 100_000)
      .pipe(consumeWithBuffer((v) => of(v), { bufferSize: 1, onDrop: () => dropped++ }))
      .subscribe((v) => seen.push(v));
    expect(seen.length).toBe(100_000);
    expect(seen[99_999]).toBe(99_999);
    expect(dropped).toBe(0);
  });

  it('works with Promise consumers: bounds what waits while a promise is pending', async () => {
    const source = new Subject<number>();
    const resolvers: (() => void)[] = [];
    const started: number[] = [];
    const drops: number[] = [];
    const done = new Promise<number[]>((resolve) => {
      const out: number[] = [];
      source
        .pipe(
          consumeWithBuffer(
            (v) => {
              started.push(v);
              return new Promise<number>((r) => resolvers.push(() => r(v * 10)));
            },
            { bufferSize: 2, strategy: 'drop_oldest', onDrop: (v) => drops.push(v) },
          ),
        )
        .subscribe({ next: (v) => out.push(v), complete: () => resolve(out) });
    });
    for (let i = 1; i <= 6; i++) source.next(i);
    source.complete();
    expect(started).toEqual([1]);
    expect(drops).toEqual([2, 3, 4]);
    while (resolvers.length > 0) {
      resolvers.shift()!();
      await new Promise((r) => setImmediate(r));
    }
    await expect(done).resolves.toEqual([10, 50, 60]);
    expect(started).toEqual([1, 5, 6]);
  });

  it('completes at once for an empty source and rejects invalid options where the pipeline is built', () => {
    const completed = jest.fn();
    EMPTY.pipe(consumeWithBuffer(() => of(1), { bufferSize: 1 })).subscribe({ complete: completed });
    expect(completed).toHaveBeenCalledTimes(1);
    expect(() => consumeWithBuffer(() => of(1), { bufferSize: 0 })).toThrow(RangeError);
    expect(() => consumeWithBuffer(() => of(1), { bufferSize: 1.5 })).toThrow(RangeError);
    expect(() => consumeWithBuffer(() => of(1), { bufferSize: 2, strategy: 'nope' as never })).toThrow(RangeError);
  });

  it('is cold: each subscription has its own buffer', () => {
    let subscriptions = 0;
    const source = defer(() => {
      subscriptions++;
      return from([1, 2, 3]);
    });
    const output = source.pipe(consumeWithBuffer((v) => of(v), { bufferSize: 1 }));
    const a: number[] = [];
    const b: number[] = [];
    output.subscribe((v) => a.push(v));
    output.subscribe((v) => b.push(v));
    expect(subscriptions).toBe(2);
    expect(a).toEqual([1, 2, 3]);
    expect(b).toEqual([1, 2, 3]);
  });
});
