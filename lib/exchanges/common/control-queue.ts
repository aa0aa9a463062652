import type { SchedulerLike, Subscription } from 'rxjs';
import { ControlRate } from './control-rate';
import type { ExchangeProtocol } from './exchange-protocol';

/**
 * One control message as sent: its request id, whether it subscribes, and the stream keys it carries.
 *
 * @example
 * ```ts
 * const sent: ControlRequest = { id: 3, subscribe: true, keys: ['btcusdt@trade'] };
 * ```
 */
export interface ControlRequest {
  readonly id: number;
  readonly subscribe: boolean;
  readonly keys: readonly string[];
}


/**
 * Queues subscribe/unsubscribe requests of one socket and sends them within the exchange's
 * control-message rate limit: requests made in the same tick are batched (one message per protocol
 * group, split past the protocol's `maxKeysPerMessage`), a subscribe and an unsubscribe of the same key cancel out, and nothing is ever sent faster
 * than the {@link ControlRate} allows. For exchanges that limit every frame (Binance), pings and pongs
 * go through the same budget with {@link ControlQueue.keepalive}: a keepalive waits for a free slot
 * like a control message, and is sent before the control messages pending at that moment.
 *
 * @example
 * ```ts
 * const queue = new ControlQueue(protocol, scheduler, (text) => socket.send(text), (request) => log(request));
 * queue.subscribe('btcusdt@trade'); queue.subscribe('ethusdt@trade'); // one SUBSCRIBE with both
 * ```
 */
export class ControlQueue {
  private readonly toSubscribe = new Set<string>();
  private readonly toUnsubscribe = new Set<string>();
  private readonly keepalives: (() => void)[] = [];
  private flushTimer: Subscription | undefined;
  private nextId = 1;

  constructor(
    private readonly protocol: ExchangeProtocol,
    private readonly scheduler: SchedulerLike,
    private readonly send: (text: string) => void,
    private readonly onSent: (request: ControlRequest) => void,
    private readonly rate: ControlRate = new ControlRate(protocol.controlMessagesPerSecond, protocol.controlMessagesPerHour),
  ) {}

  /**
   * Subscribes `key`. A pending unsubscribe of it is cancelled instead — unless `fresh`, where the
   * exchange must send a new snapshot: then the unsubscribe goes out and the subscribe follows it.
   */
  subscribe(key: string, fresh = false): void {
    if (fresh && this.toUnsubscribe.has(key)) this.toSubscribe.add(key);
    else if (!this.toUnsubscribe.delete(key)) this.toSubscribe.add(key);
    this.scheduleFlush(0);
  }

  unsubscribe(key: string): void {
    if (!this.toSubscribe.delete(key)) this.toUnsubscribe.add(key);
    this.scheduleFlush(0);
  }

  /** Unsubscribe then subscribe again (the exchange sends a fresh snapshot). */
  resubscribe(key: string): void {
    if (!this.toSubscribe.has(key)) this.toUnsubscribe.add(key); // not yet subscribed: nothing to undo
    this.toSubscribe.add(key);
    this.scheduleFlush(0);
  }

  /**
   * Sends a keepalive frame (a ping, or the pong answering a server ping) through the budget:
   * `send` is called as soon as a slot is free — at once when the window has room — ahead of pending
   * control messages. Dropped by {@link clear} (the socket is gone).
   */
  keepalive(send: () => void): void {
    const now = this.scheduler.now();
    if (this.keepalives.length === 0 && this.rate.waitFor(now) === 0) {
      this.rate.record(now);
      send();
      return;
    }
    this.keepalives.push(send);
    this.scheduleFlush(0);
  }

  /**
   * Counts a frame sent outside the queue against the rate limit, after the fact. Prefer
   * {@link keepalive}, which waits for a free slot instead of overrunning the budget.
   */
  recordKeepalive(): void {
    this.rate.record(this.scheduler.now());
  }

  /**
   * Sends what is pending now instead of on the next turn (still within the rate: what must wait is
   * scheduled as usual). For a caller that has queued a whole batch itself, e.g. every stream of a
   * socket that just opened.
   */
  flushNow(): void {
    this.flushTimer?.unsubscribe();
    this.flushTimer = undefined;
    this.flush();
  }

  /** Forget everything pending (the socket is gone); the rate window is kept. */
  clear(): void {
    this.toSubscribe.clear();
    this.toUnsubscribe.clear();
    this.keepalives.length = 0;
    this.flushTimer?.unsubscribe();
    this.flushTimer = undefined;
  }

  private scheduleFlush(delay: number): void {
    if (this.flushTimer) return;
    this.flushTimer = this.scheduler.schedule(() => {
      this.flushTimer = undefined;
      this.flush();
    }, delay);
  }

  private flush(): void {
    const now = this.scheduler.now();
    while (this.keepalives.length > 0) {
      const wait = this.rate.waitFor(now);
      if (wait > 0) {
        this.scheduleFlush(wait);
        return;
      }
      this.rate.record(now);
      this.keepalives.shift()!();
    }
    for (const [keys, subscribe] of [
      [this.toUnsubscribe, false],
      [this.toSubscribe, true],
    ] as const) {
      while (keys.size > 0) {
        const wait = this.rate.waitFor(now);
        if (wait > 0) {
          this.scheduleFlush(wait);
          return;
        }
        this.sendGroup(keys, subscribe, now);
      }
    }
  }

  private sendGroup(pending: Set<string>, subscribe: boolean, now: number): void {
    const first = pending.values().next().value as string;
    const group = this.protocol.groupOf(first);
    const keys: string[] = [];
    const limit = this.protocol.maxKeysPerMessage ?? Infinity;
    for (const key of pending) {
      if (keys.length >= limit) break;
      if (this.protocol.groupOf(key) === group) keys.push(key);
    }
    for (const key of keys) pending.delete(key);
    const id = this.nextId++;
    this.send(subscribe ? this.protocol.subscribeMessage(keys, id) : this.protocol.unsubscribeMessage(keys, id));
    this.rate.record(now);
    this.onSent({ id, subscribe, keys });
  }
}
