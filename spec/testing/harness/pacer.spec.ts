import { Pacer } from '../../../lib/testing/harness/pacer';

describe('Pacer', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('ticks every interval while running and not while paused', () => {
    let ticks = 0;
    const pacer = new Pacer({ intervalMs: 100, onTick: () => ticks++ });
    jest.advanceTimersByTime(350);
    expect(ticks).toBe(3);
    pacer.pause();
    expect(pacer.running).toBe(false);
    jest.advanceTimersByTime(1000);
    expect(ticks).toBe(3);
    pacer.resume();
    jest.advanceTimersByTime(200);
    expect(ticks).toBe(5);
    pacer.stop();
  });

  it('steps synchronously while paused, and nothing runs after stop', () => {
    let ticks = 0;
    const pacer = new Pacer({ intervalMs: 100, onTick: () => ticks++, autoStart: false });
    expect(pacer.running).toBe(false);
    pacer.step(7);
    expect(ticks).toBe(7);
    pacer.resume();
    pacer.stop();
    pacer.resume();
    pacer.step(3);
    jest.advanceTimersByTime(1000);
    expect(ticks).toBe(7);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('rejects a non-positive interval', () => {
    expect(() => new Pacer({ intervalMs: 0, onTick: () => undefined })).toThrow(RangeError);
  });
});
