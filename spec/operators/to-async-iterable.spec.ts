import { defer, finalize, from, of, Subject, throwError, concat } from 'rxjs';
import { BufferOverflowError } from '../../lib/operators/buffer-overflow-error';
import { toAsyncIterable } from '../../lib/operators/to-async-iterable';

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const value of iterable) out.push(value);
  return out;
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('toAsyncIterable', () => {
  it('delivers every value in order, then ends, when the buffer is large enough', async () => {
    await expect(collect(toAsyncIterable(of(1, 2, 3), { bufferSize: 3 }))).resolves.toEqual([1, 2, 3]);
  });

  it('subscribes lazily, on the first next()', async () => {
    let subscribed = 0;
    const iterable = toAsyncIterable(defer(() => (subscribed++, of('x'))), { bufferSize: 1 });
    const iterator = iterable[Symbol.asyncIterator]();
    expect(subscribed).toBe(0);
    await expect(iterator.next()).resolves.toEqual({ done: false, value: 'x' });
    expect(subscribed).toBe(1);
    await expect(iterator.next()).resolves.toEqual({ done: true, value: undefined });
  });

  it('drop_oldest: a burst larger than the buffer keeps the newest values and counts the drops', async () => {
    const drops: [number, number][] = [];
    const values = await collect(toAsyncIterable(of(1, 2, 3, 4, 5), { bufferSize: 2, strategy: 'drop_oldest', onDrop: (v, n) => drops.push([v, n]) }));
    expect(values).toEqual([4, 5]);
    expect(drops).toEqual([[1, 1], [2, 2], [3, 3]]);
  });

  it('drop_newest: a burst larger than the buffer keeps the first values', async () => {
    let dropped = 0;
    const values = await collect(toAsyncIterable(of(1, 2, 3, 4, 5), { bufferSize: 2, strategy: 'drop_newest', onDrop: (_v, n) => (dropped = n) }));
    expect(values).toEqual([1, 2]);
    expect(dropped).toBe(3);
  });

  it('error: delivers the buffered values, then throws a BufferOverflowError, and unsubscribes at once', async () => {
    let unsubscribed = false;
    const source = new Subject<number>();
    const iterator = toAsyncIterable(source.pipe(finalize(() => (unsubscribed = true))), { bufferSize: 2, strategy: 'error' })[Symbol.asyncIterator]();
    const first = iterator.next(); // subscribes and waits
    source.next(1); // handed straight to the waiting next()
    source.next(2);
    source.next(3);
    expect(unsubscribed).toBe(false);
    source.next(4); // one too many
    expect(unsubscribed).toBe(true);
    await expect(first).resolves.toEqual({ done: false, value: 1 });
    await expect(iterator.next()).resolves.toEqual({ done: false, value: 2 });
    await expect(iterator.next()).resolves.toEqual({ done: false, value: 3 });
    await expect(iterator.next()).rejects.toBeInstanceOf(BufferOverflowError);
    await expect(iterator.next()).resolves.toEqual({ done: true, value: undefined });
  });

  it('hands values to a waiting next() directly, without buffering', async () => {
    const source = new Subject<string>();
    let dropped = 0;
    const iterator = toAsyncIterable(source, { bufferSize: 1, strategy: 'drop_newest', onDrop: () => dropped++ })[Symbol.asyncIterator]();
    const a = iterator.next();
    const b = iterator.next();
    source.next('a');
    source.next('b');
    source.next('c'); // buffered (1 slot)
    source.next('d'); // dropped
    await expect(Promise.all([a, b])).resolves.toEqual([
      { done: false, value: 'a' },
      { done: false, value: 'b' },
    ]);
    await expect(iterator.next()).resolves.toEqual({ done: false, value: 'c' });
    expect(dropped).toBe(1);
  });

  it('propagates a source error after the values buffered before it', async () => {
    const iterable = toAsyncIterable(concat(of(1, 2), throwError(() => new Error('feed down'))), { bufferSize: 5 });
    const seen: number[] = [];
    await expect(
      (async () => {
        for await (const v of iterable) seen.push(v);
      })(),
    ).rejects.toThrow('feed down');
    expect(seen).toEqual([1, 2]);
  });

  it('rejects a pending next() when the source errors while the loop waits', async () => {
    const source = new Subject<number>();
    const iterator = toAsyncIterable(source, { bufferSize: 1 })[Symbol.asyncIterator]();
    const pending = iterator.next();
    source.error(new Error('gone'));
    await expect(pending).rejects.toThrow('gone');
  });

  it('break unsubscribes from the source', async () => {
    const source = new Subject<number>();
    const iterable = toAsyncIterable(source, { bufferSize: 4 });
    const loop = (async () => {
      const seen: number[] = [];
      for await (const v of iterable) {
        seen.push(v);
        if (v === 2) break;
      }
      return seen;
    })();
    await tick();
    expect(source.observed).toBe(true);
    source.next(1);
    source.next(2);
    source.next(3);
    await expect(loop).resolves.toEqual([1, 2]);
    expect(source.observed).toBe(false);
  });

  it('return() resolves a pending next() with done and ends the subscription', async () => {
    const source = new Subject<number>();
    const iterator = toAsyncIterable(source, { bufferSize: 4 })[Symbol.asyncIterator]();
    const pending = iterator.next();
    await iterator.return!();
    await expect(pending).resolves.toEqual({ done: true, value: undefined });
    expect(source.observed).toBe(false);
    source.next(1);
    await expect(iterator.next()).resolves.toEqual({ done: true, value: undefined });
  });

  it('conflateBy keeps the latest value per key while the loop is busy', async () => {
    const source = new Subject<{ k: string; v: number }>();
    const iterator = toAsyncIterable(source, { bufferSize: 2, conflateBy: (x) => x.k })[Symbol.asyncIterator]();
    const first = iterator.next();
    source.next({ k: 'a', v: 1 }); // to the waiting next()
    source.next({ k: 'b', v: 1 });
    source.next({ k: 'a', v: 2 });
    source.next({ k: 'b', v: 2 });
    source.next({ k: 'a', v: 3 });
    source.complete();
    const rest: { k: string; v: number }[] = [];
    for (let r = await iterator.next(); !r.done; r = await iterator.next()) rest.push(r.value);
    await expect(first).resolves.toEqual({ done: false, value: { k: 'a', v: 1 } });
    expect(rest).toEqual([
      { k: 'b', v: 2 },
      { k: 'a', v: 3 },
    ]);
  });

  it('each iteration is an independent subscription', async () => {
    let subscriptions = 0;
    const iterable = toAsyncIterable(defer(() => (subscriptions++, from([1, 2]))), { bufferSize: 2 });
    await expect(collect(iterable)).resolves.toEqual([1, 2]);
    await expect(collect(iterable)).resolves.toEqual([1, 2]);
    expect(subscriptions).toBe(2);
  });

  it('rejects invalid options when called', () => {
    expect(() => toAsyncIterable(of(1), { bufferSize: 0 })).toThrow(RangeError);
  });
});
