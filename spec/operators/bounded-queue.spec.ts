import fc from 'fast-check';
import { BoundedQueue } from '../../lib/operators/bounded-queue';
import { BufferOverflowError } from '../../lib/operators/buffer-overflow-error';
import type { OverflowStrategy } from '../../lib/operators/bounded-buffer-options';

type Op = { kind: 'offer'; value: number } | { kind: 'shift' };

const ops = fc.array(
  fc.oneof(
    fc.record({ kind: fc.constant('offer' as const), value: fc.integer({ min: 0, max: 5 }) }),
    fc.record({ kind: fc.constant('shift' as const) }),
  ),
  { maxLength: 200 },
);

describe('BoundedQueue', () => {
  it('matches a simple array model under every strategy and never holds more than bufferSize values', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 6 }), fc.constantFrom<OverflowStrategy>('drop_oldest', 'drop_newest', 'error'), ops, (bufferSize, strategy, program: Op[]) => {
        const dropped: number[] = [];
        const queue = new BoundedQueue<number>({ bufferSize, strategy, onDrop: (v) => dropped.push(v) });
        const model: number[] = [];
        const modelDropped: number[] = [];
        for (const op of program) {
          if (op.kind === 'shift') {
            expect(queue.shift()).toBe(model.shift());
          } else if (model.length < bufferSize) {
            queue.offer(op.value);
            model.push(op.value);
          } else if (strategy === 'error') {
            expect(() => queue.offer(op.value)).toThrow(BufferOverflowError);
          } else if (strategy === 'drop_newest') {
            queue.offer(op.value);
            modelDropped.push(op.value);
          } else {
            queue.offer(op.value);
            modelDropped.push(model.shift()!);
            model.push(op.value);
          }
          expect(queue.size).toBe(model.length);
          expect(queue.size).toBeLessThanOrEqual(bufferSize);
        }
        expect(dropped).toEqual(modelDropped);
        expect(queue.dropped).toBe(modelDropped.length);
      }),
    );
  });

  it('with conflateBy, matches a latest-per-key model in first-arrival order, bounded by distinct keys', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 4 }), fc.constantFrom<OverflowStrategy>('drop_oldest', 'drop_newest'), ops, (bufferSize, strategy, program: Op[]) => {
        // values are "key*10+version"; the key is value % 10 here (0..5), version is the op index
        const queue = new BoundedQueue<number>({ bufferSize, strategy, conflateBy: (v) => v % 10 });
        const model: number[] = [];
        program.forEach((op, i) => {
          if (op.kind === 'shift') {
            expect(queue.shift()).toBe(model.shift());
            return;
          }
          const value = i * 10 + op.value;
          const at = model.findIndex((v) => v % 10 === op.value);
          if (at >= 0) model[at] = value;
          else if (model.length < bufferSize) model.push(value);
          else if (strategy === 'drop_oldest') {
            model.shift();
            model.push(value);
          }
          queue.offer(value);
          expect(queue.size).toBe(model.length);
        });
        const rest: number[] = [];
        while (queue.size > 0) rest.push(queue.shift()!);
        expect(rest).toEqual(model);
      }),
    );
  });
});
