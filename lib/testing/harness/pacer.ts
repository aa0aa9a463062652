/**
 * Options of a {@link Pacer}.
 *
 * @example
 * ```ts
 * const options: PacerOptions = { intervalMs: 100, onTick: () => market.step(), autoStart: false };
 * ```
 */
export interface PacerOptions {
  /** Time between ticks while running, in ms (> 0). */
  readonly intervalMs: number;
  /** Called once per tick, from the timer or from {@link Pacer.step}. */
  readonly onTick: () => void;
  /** Start ticking immediately (default `true`). */
  readonly autoStart?: boolean;
}

/**
 * Drives a simulation: calls `onTick` every `intervalMs` while running, can be paused and resumed,
 * and can be stepped synchronously (`step(n)`) so tests drive a market deterministically.
 * The timer is not `unref`'d (tests wait for it) but {@link stop} clears it for good.
 *
 * @example
 * ```ts
 * const pacer = new Pacer({ intervalMs: 100, onTick: () => sim.tick() });
 * pacer.pause();
 * pacer.step(5); // exactly five ticks, now
 * pacer.stop();
 * ```
 */
export class Pacer {
  readonly intervalMs: number;
  private readonly onTick: () => void;
  private timer: ReturnType<typeof setInterval> | undefined;
  private stopped = false;

  constructor(options: PacerOptions) {
    if (!(options.intervalMs > 0)) throw new RangeError(`Pacer: intervalMs must be > 0, got ${options.intervalMs}`);
    this.intervalMs = options.intervalMs;
    this.onTick = options.onTick;
    if (options.autoStart ?? true) this.resume();
  }

  /** `true` while the timer is ticking. */
  get running(): boolean {
    return this.timer !== undefined;
  }

  /** Starts (or restarts) ticking; no-op when running or stopped. */
  resume(): void {
    if (this.stopped || this.timer !== undefined) return;
    this.timer = setInterval(() => this.onTick(), this.intervalMs);
  }

  /** Stops ticking until {@link resume}. */
  pause(): void {
    if (this.timer === undefined) return;
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Runs `count` ticks synchronously (works while paused, not after {@link stop}). */
  step(count = 1): void {
    if (this.stopped) return;
    for (let i = 0; i < count; i++) this.onTick();
  }

  /** Clears the timer for good. */
  stop(): void {
    this.pause();
    this.stopped = true;
  }
}
