import { type SchedulerAction, type SchedulerLike, Subscription } from 'rxjs';

/**
 * How long (virtual ms) a client timer of a recording with timer records waits for its `timer`
 * record past its due time before it fires anyway (the replay took another path than the live run,
 * e.g. other subscriptions).
 *
 * @example
 * ```ts
 * const latest = timer.due + UNMATCHED_TIMER_GRACE;
 * ```
 */
export const UNMATCHED_TIMER_GRACE = 2000;

/**
 * One timer of the replayed client, as an RxJS {@link SchedulerAction} (it may reschedule itself).
 *
 * @example
 * ```ts
 * const action = clock.schedule(() => console.log('fired'), 100) as ReplayAction<unknown>; // fires at its due time
 * ```
 */
export class ReplayAction<T> extends Subscription implements SchedulerAction<T> {
  /** Virtual time it is due (epoch ms). */
  due = 0;
  /** Increases on every (re)schedule: a queue entry with an older token is stale. */
  token = 0;
  private state: T | undefined;

  constructor(
    private readonly clock: ReplayClock,
    private readonly work: (this: SchedulerAction<T>, state?: T) => void,
    /**
     * The replayed client this timer belongs to, when it fires on its `timer` record (a recording
     * with timer records); `undefined` for a timer that fires at its due time.
     */
    readonly awaitsRecordOf: object | undefined,
  ) {
    super();
  }

  schedule(state?: T, delay = 0): Subscription {
    if (this.closed) return this;
    this.state = state;
    this.due = this.clock.now() + delay;
    this.clock.enqueue(this as unknown as ReplayAction<unknown>);
    return this;
  }

  /** Runs the work (called by the engine). */
  execute(): void {
    if (!this.closed) this.work.call(this, this.state);
  }
}

interface Entry {
  readonly action: ReplayAction<unknown>;
  readonly due: number;
  /** When it fires on its own: its due time, plus the grace for one that awaits its record. */
  readonly fireAt: number;
  readonly token: number;
}

/**
 * The replay's clock and timers, shared by every recording replayed together: `now()` is the
 * replay's virtual time, which is set to each record's recorded time while it is handed over;
 * timers wait in one queue run between records, at their due time. {@link clientView} is a replayed
 * client's own view (its `scheduler` option): for a recording with timer records (written by
 * `record()`), that client's timers do not fire on their own: each fires when its `timer` record
 * (same due time) is reached, at the moment it fired in the live run; one that finds no record
 * within {@link UNMATCHED_TIMER_GRACE} fires then. Timers scheduled on the clock itself (your
 * operators, e.g. `bookSnapshots({ scheduler: rp.scheduler })`) fire at their due time.
 *
 * @example
 * ```ts
 * const clock = new ReplayClock(1_764_000_000_000);
 * clock.schedule(() => console.log(clock.now()), 50); // runs when the replay reaches 1_764_000_000_050
 * ```
 */
export class ReplayClock implements SchedulerLike {
  /** Virtual epoch ms. */
  time: number;
  private readonly heap: Entry[] = [];
  private nextToken = 1;
  /** {@link nextAt}'s answer while nothing was queued or taken (it may be early: a timer was cancelled since). */
  private cachedNextAt: number | undefined;
  /** Called when a timer is queued (the replay may need to wake up earlier). */
  onEnqueue: (() => void) | undefined;

  constructor(start: number) {
    this.time = start;
  }

  /**
   * A replayed client's scheduler: the same clock; with `recordedTimers`, its timers fire on their
   * `timer` records (matched within `owner`'s timers only).
   */
  clientView(owner: object, recordedTimers: boolean): SchedulerLike {
    const awaits = recordedTimers ? owner : undefined;
    return {
      now: () => this.time,
      schedule: <T>(work: (this: SchedulerAction<T>, state?: T) => void, delay = 0, state?: T): Subscription =>
        new ReplayAction<T>(this, work, awaits).schedule(state, delay),
    };
  }

  now(): number {
    return this.time;
  }

  schedule<T>(work: (this: SchedulerAction<T>, state?: T) => void, delay = 0, state?: T): Subscription {
    return new ReplayAction<T>(this, work, undefined).schedule(state, delay);
  }

  /** Queues (or re-queues) an action at its `due` time. */
  enqueue(action: ReplayAction<unknown>): void {
    this.cachedNextAt = undefined;
    action.token = this.nextToken++;
    this.push({ action, due: action.due, fireAt: action.due + (action.awaitsRecordOf ? UNMATCHED_TIMER_GRACE : 0), token: action.token });
    this.onEnqueue?.();
  }

  /**
   * The next timer to fire on its own before virtual time `limit` (exclusive), and when: its due
   * time, or, for one awaiting its record, its due time plus the grace; removed from the queue.
   */
  takeDue(limit: number): { action: ReplayAction<unknown>; at: number } | undefined {
    this.cachedNextAt = undefined;
    for (;;) {
      const top = this.heap[0];
      if (!top) return undefined;
      if (!this.valid(top)) {
        this.pop();
        continue;
      }
      if (!(top.fireAt < limit)) return undefined;
      this.pop();
      return { action: top.action, at: top.fireAt };
    }
  }

  /** The earliest time a timer could fire on its own (Infinity when none). */
  nextAt(): number {
    if (this.cachedNextAt !== undefined) return this.cachedNextAt;
    while (this.heap[0] && !this.valid(this.heap[0])) this.pop();
    this.cachedNextAt = this.heap[0]?.fireAt ?? Infinity;
    return this.cachedNextAt;
  }

  /** The queued timer of `owner`'s client a `timer` record of due time `due` stands for (earliest queued first); removed. */
  takeRecorded(owner: object, due: number): ReplayAction<unknown> | undefined {
    let best = -1;
    for (let i = 0; i < this.heap.length; i++) {
      const entry = this.heap[i]!;
      if (entry.action.awaitsRecordOf !== owner || !this.valid(entry) || Math.abs(entry.due - due) > 1e-6) continue;
      if (best < 0 || entry.token < this.heap[best]!.token) best = i;
    }
    if (best < 0) return undefined;
    this.cachedNextAt = undefined;
    const { action } = this.heap[best]!;
    action.token = this.nextToken++; // invalidates the entry; it is dropped when it reaches the top
    return action;
  }

  private valid(entry: Entry): boolean {
    return !entry.action.closed && entry.action.token === entry.token;
  }

  private push(entry: Entry): void {
    const heap = this.heap;
    heap.push(entry);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(heap[i]!, heap[parent]!)) break;
      [heap[i], heap[parent]] = [heap[parent]!, heap[i]!];
      i = parent;
    }
  }

  private pop(): void {
    const heap = this.heap;
    const last = heap.pop()!;
    if (heap.length === 0) return;
    heap[0] = last;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let smallest = i;
      if (left < heap.length && before(heap[left]!, heap[smallest]!)) smallest = left;
      if (right < heap.length && before(heap[right]!, heap[smallest]!)) smallest = right;
      if (smallest === i) return;
      [heap[i], heap[smallest]] = [heap[smallest]!, heap[i]!];
      i = smallest;
    }
  }
}

function before(a: Entry, b: Entry): boolean {
  return a.fireAt < b.fireAt || (a.fireAt === b.fireAt && a.token < b.token);
}
