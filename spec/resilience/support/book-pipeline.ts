import { Observable, type SchedulerLike, VirtualAction, VirtualTimeScheduler } from 'rxjs';
import type { FrameSession } from '../../../lib/exchanges/common/exchange-protocol';
import type { RaisedEvent, StreamContext, StreamListener, StreamStatus } from '../../../lib/exchanges/common/stream-listener';
import type { BookEvent } from '../../../lib/model/book-event';
import { isValidLevel } from './hostile-frames';

/**
 * One input of a book pipeline run: a frame for the session, or a status from the hub.
 *
 * @example
 * ```ts
 * const input: PipelineInput = { frame: '{"channel":"book",…}' };
 * ```
 */
export type PipelineInput = { readonly frame: string } | { readonly status: StreamStatus };

/**
 * A frame session wired to one book listener the way the hub wires them (data and invalid frames of
 * `key` to the listener, gaps to every listener), on a virtual clock, recording what the book emitted
 * and raised in one ordered log.
 *
 * @example
 * ```ts
 * const run = new BookPipeline(session, key, (subscriber, context) => new CoinbaseBookSync(subscriber, context, 'BTC/USD'));
 * run.feed({ frame });
 * run.expectSound();
 * ```
 */
export class BookPipeline {
  readonly log: ({ readonly raised: RaisedEvent } | { readonly emitted: BookEvent })[] = [];
  readonly resubscribes: number[] = [];
  readonly scheduler = new VirtualTimeScheduler(VirtualAction, 100_000);
  private listener!: StreamListener;
  private readonly unsubscribe: () => void;
  private invalidForKey = 0;

  constructor(
    private readonly session: FrameSession,
    private readonly key: string,
    create: (subscriber: import('rxjs').Subscriber<BookEvent>, context: StreamContext) => StreamListener,
  ) {
    const context: StreamContext = {
      key,
      scheduler: this.scheduler as SchedulerLike,
      raise: (raised) => this.log.push({ raised }),
      resubscribe: () => this.resubscribes.push(this.log.length),
    };
    const subscription = new Observable<BookEvent>((subscriber) => {
      this.listener = create(subscriber, context);
    }).subscribe({ next: (emitted) => this.log.push({ emitted }), error: () => undefined });
    this.unsubscribe = () => subscription.unsubscribe();
  }

  /** Invalid frames of the book's stream so far. */
  get invalidFrames(): number {
    return this.invalidForKey;
  }

  /** Resyncs raised so far. */
  get resyncs(): number {
    return this.log.filter((entry) => 'raised' in entry && entry.raised.type === 'resync').length;
  }

  /**
   * Feeds `input` (must not throw) and checks the rule every book follows: an invalid frame of its
   * stream is followed by a resync.
   */
  feedChecked(input: PipelineInput): void {
    const before = { invalid: this.invalidFrames, resyncs: this.resyncs };
    expect(() => this.feed(input)).not.toThrow();
    if (this.invalidFrames > before.invalid) expect(this.resyncs).toBeGreaterThan(before.resyncs);
  }

  feed(input: PipelineInput): void {
    if ('status' in input) {
      this.listener.status(input.status);
    } else {
      this.session.onFrame(input.frame, 1_700_000_000_000, {
        data: (key, payload) => key === this.key && this.listener.data(payload, 1_700_000_000_000),
        invalid: (_message, _frame, key) => {
          if (key !== this.key) return;
          this.invalidForKey++;
          this.listener.status('invalid');
        },
        exchangeError: () => undefined,
        rejected: () => undefined,
        gap: () => this.listener.status('gap'),
      });
    }
    this.scheduler.flush();
  }

  /** Every emitted level is valid, and the first book event after any resync is a snapshot. */
  expectSound(): void {
    let awaitingSnapshot = false;
    for (const entry of this.log) {
      if ('raised' in entry) {
        if (entry.raised.type === 'resync') awaitingSnapshot = true;
        continue;
      }
      const event = entry.emitted;
      for (const level of [...event.bids, ...event.asks]) if (!isValidLevel(level)) expect({ event }).toEqual({ event: 'with valid levels only' });
      if (awaitingSnapshot) expect(event.type).toBe('snapshot');
      if (event.type === 'snapshot') awaitingSnapshot = false;
    }
  }

  dispose(): void {
    this.unsubscribe();
  }
}
