import type { SchedulerLike, Subscription } from 'rxjs';
import { hiResNow } from '../socket/hi-res-scheduler';
import type { RecordingRecord } from './recording-format';
import { WAIT } from './record-source';
import { ReplayClock } from './replay-clock';
import type { ReplayEngine } from './replay-engine';

/** Records handed over between two yields to the event loop at `speed: Infinity`. */
const YIELD_EVERY = 20_000;

/**
 * Runs one or more recordings on one clock: hands over the earliest next record of all of them
 * (setting the shared {@link ReplayClock} to its recorded time), and runs the clock's timers due
 * before it. `speed` maps recorded time to the pacing scheduler's (`Infinity`: no waiting at all;
 * a `TestScheduler` as pacing runs it on virtual time). Starts with the first user subscription (on
 * the next tick, so subscriptions made together start together); runs while some user subscription
 * waits or runs; when a recording's records are over its engine finishes, when all are the replay
 * is over (client timers due later do not run).
 *
 * @example
 * ```ts
 * const timeline = new ReplayTimeline(1_764_000_000_000, Infinity, undefined);
 * const engine = new ReplayEngine({ name, header, source, clock: timeline.clock, soon: (run) => timeline.soon(run) });
 * timeline.add(engine);
 * timeline.start();
 * ```
 */
export class ReplayTimeline {
  readonly clock: ReplayClock;
  private readonly engines: ReplayEngine[] = [];
  private readonly soonQueue: (() => void)[] = [];
  private started = false;
  private running = false;
  private finished = false;
  private wake: { cancel(): void } | undefined;
  private virtualStart = 0;
  private pacingStart = 0;

  constructor(
    start: number,
    private readonly speed: number,
    private readonly pacing: SchedulerLike | undefined,
  ) {
    this.clock = new ReplayClock(start);
    this.clock.onEnqueue = () => this.poke();
  }

  add(engine: ReplayEngine): void {
    this.engines.push(engine);
  }

  /** Starts, or resumes (see the class). */
  start(): void {
    if (this.finished) return;
    if (!this.started) {
      this.started = true;
      this.virtualStart = this.clock.time;
      this.pacingStart = this.pacingNow();
    }
    for (const engine of this.engines) engine.source.keepAlive(true);
    this.poke();
  }

  /** Runs `run` at the current virtual time, before the next record. */
  soon(run: () => void): void {
    this.soonQueue.push(run);
    this.poke();
  }

  /** Hands records over until the pacing says wait, a file is being read, or the records end. */
  pump(): void {
    if (this.running || this.finished || !this.started) return;
    this.running = true;
    const { clock, engines } = this;
    const infinite = this.speed === Infinity;
    let handed = 0;
    try {
      for (;;) {
        if (this.soonQueue.length > 0) {
          for (const run of this.soonQueue.splice(0)) run();
          continue;
        }
        let wanted = false;
        for (let i = 0; i < engines.length && !wanted; i++) wanted = !engines[i]!.done && !engines[i]!.subscriptions.paused;
        if (!wanted) {
          for (const engine of engines) engine.source.keepAlive(false); // the user left: idle, holding nothing open
          return;
        }
        // the earliest next record of all recordings
        let next: ReplayEngine | undefined;
        let nextRecord: RecordingRecord | undefined;
        let nextTs = Infinity;
        let live = 0;
        for (let i = 0; i < engines.length; i++) {
          const engine = engines[i]!;
          if (engine.done) continue;
          const record = engine.source.peek();
          if (record === WAIT) {
            engine.source.onReady(() => this.pump());
            return;
          }
          if (record === undefined) {
            engine.finish();
            continue;
          }
          live++;
          if (record.ts < nextTs) {
            nextTs = record.ts;
            next = engine;
            nextRecord = record;
          }
        }
        if (live === 0) {
          this.finished = true;
          this.cancelWake();
          return;
        }
        const target = infinite ? Infinity : this.virtualStart + (this.pacingNow() - this.pacingStart) * this.speed;
        const timerAt = clock.nextAt();
        if (timerAt < nextTs) {
          if (timerAt > target) return this.sleepUntil(timerAt, target);
          const due = clock.takeDue(nextTs);
          if (!due) continue; // the timer was cancelled meanwhile
          if (due.at > clock.time) clock.time = due.at;
          due.action.execute();
          continue;
        }
        if (!infinite && nextTs > target) return this.sleepUntil(nextTs, target);
        next!.source.shift(); // the record stays valid until the next peek
        clock.time = nextTs;
        next!.dispatch(nextRecord!);
        if (++handed >= YIELD_EVERY && infinite) {
          this.schedulePump(0);
          return;
        }
      }
    } finally {
      this.running = false;
    }
  }

  /** Something new to run (a timer, a late answer, a subscription): make sure the pump runs soon enough. */
  private poke(): void {
    if (!this.started || this.running || this.finished) return;
    this.schedulePump(0);
  }

  private sleepUntil(virtual: number, target: number): void {
    this.schedulePump(Math.max(0, (virtual - target) / this.speed));
  }

  private schedulePump(delay: number): void {
    this.cancelWake();
    const run = (): void => {
      this.wake = undefined;
      this.pump();
    };
    if (this.pacing) {
      const action: Subscription = this.pacing.schedule(run, delay);
      this.wake = { cancel: () => action.unsubscribe() };
    } else if (delay <= 0) {
      const immediate = setImmediate(run);
      this.wake = { cancel: () => clearImmediate(immediate) };
    } else {
      const timeout = setTimeout(run, delay);
      this.wake = { cancel: () => clearTimeout(timeout) };
    }
  }

  private cancelWake(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.cancel();
  }

  private pacingNow(): number {
    return this.pacing ? this.pacing.now() : hiResNow();
  }
}
