import type { BookOptions } from '../model/client';
import type { RecordingRecord, StreamMethod } from './recording-format';

type SubscribeRecord = Extract<RecordingRecord, { type: 'subscribe' }>;

/**
 * A stream the replay's user asked for.
 *
 * @example
 * ```ts
 * const wanted: WantedStream = { method: 'book', symbols: ['BTC/USDT'], options: { depth: 100 } };
 * ```
 */
export interface WantedStream {
  readonly method: StreamMethod;
  readonly symbols: readonly string[];
  readonly options?: BookOptions;
}

/**
 * One user subscription of a replay: started when the recorded subscription it follows starts,
 * stopped when that one ends (or the recording does), failed when the recording has none.
 *
 * @example
 * ```ts
 * const attachment: Attachment = { wanted, start: () => open(), stop: () => complete(), fail: (e) => error(e), sub: undefined, done: false };
 * ```
 */
export interface Attachment {
  readonly wanted: WantedStream;
  readonly start: () => void;
  readonly stop: () => void;
  readonly fail: (error: Error) => void;
  /** The recorded subscription followed, once started. */
  sub: number | undefined;
  done: boolean;
}

const kind = (method: StreamMethod): string => (method === 'tickers' ? 'ticker' : method);

/**
 * Whether a recorded subscription carries what `wanted` asks for: the same kind of stream (`ticker`
 * and `tickers` alike), every wanted symbol among its symbols, the same book depth.
 *
 * @example
 * ```ts
 * covers({ method: 'trades', symbols: ['BTC/USDT', 'ETH/USDT'] }, { method: 'trades', symbols: ['ETH/USDT'] }); // true
 * ```
 */
export function covers(recorded: Pick<SubscribeRecord, 'method' | 'symbols' | 'options'>, wanted: WantedStream): boolean {
  if (kind(recorded.method) !== kind(wanted.method)) return false;
  if (!wanted.symbols.every((symbol) => recorded.symbols.includes(symbol))) return false;
  return recorded.method !== 'book' || recorded.options?.depth === wanted.options?.depth;
}

/**
 * How a stream call reads in messages: `book("BTC/USDT", {"depth":100})`.
 *
 * @example
 * ```ts
 * describeStream({ method: 'trades', symbols: ['BTC/USDT', 'ETH/USDT'] }); // 'trades(["BTC/USDT","ETH/USDT"])'
 * ```
 */
export function describeStream(stream: WantedStream | SubscribeRecord): string {
  const symbols = stream.method === 'tickers' || stream.method === 'trades' ? JSON.stringify(stream.symbols) : stream.symbols.map((s) => JSON.stringify(s)).join(', ');
  const options = stream.options && Object.keys(stream.options).length > 0 ? `, ${JSON.stringify(stream.options)}` : '';
  return `${stream.method}(${symbols}${options})`;
}

/**
 * Follows the recorded subscriptions (`subscribe`/`unsubscribe` records) and starts each user
 * subscription of the replay when the recorded one it covers starts: the replayed client opens its
 * streams at the moments, and in the order, the live client did, whatever order the user
 * subscribes in. A user subscription made while a covering recorded one is running starts at once.
 *
 * @example
 * ```ts
 * const subscriptions = new ReplaySubscriptions();
 * subscriptions.attach(attachment);          // waits
 * subscriptions.onSubscribe(subscribeRecord); // starts it
 * ```
 */
export class ReplaySubscriptions {
  private readonly running = new Map<number, SubscribeRecord>();
  private readonly waiting: Attachment[] = [];
  private readonly attached = new Map<number, Attachment[]>();
  private attachedCount = 0;
  /** Every recorded subscription seen so far (for messages). */
  private readonly seen: SubscribeRecord[] = [];
  /** Every subscription in the recording, when it was read whole: a wanted stream none covers fails at once. */
  all: readonly SubscribeRecord[] | undefined;

  constructor(private readonly file: string) {}

  /**
   * The user unsubscribed from everything themselves: the replay pauses until they subscribe again.
   * (Streams the recording ended do not pause it: it runs on to its end.)
   */
  paused = false;

  /** A user subscription: started now, queued, or failed (the recording, read whole, has nothing for it). */
  attach(attachment: Attachment): void {
    this.paused = false;
    for (const record of this.running.values()) {
      if (covers(record, attachment.wanted)) {
        this.start(attachment, record.sub);
        return;
      }
    }
    if (this.all && !this.all.some((record) => covers(record, attachment.wanted))) {
      attachment.done = true;
      attachment.fail(this.notRecorded(attachment.wanted, this.all));
      return;
    }
    this.waiting.push(attachment);
  }

  /** A user subscription that follows no recorded one (e.g. `instruments()`): started now, stopped at the end. */
  attachNow(attachment: Attachment): void {
    this.paused = false;
    this.start(attachment, -1);
  }

  /** The user unsubscribed. */
  detach(attachment: Attachment): void {
    const byUser = !attachment.done;
    attachment.done = true;
    const index = this.waiting.indexOf(attachment);
    if (index >= 0) this.waiting.splice(index, 1);
    if (attachment.sub !== undefined) {
      const list = this.attached.get(attachment.sub);
      const at = list ? list.indexOf(attachment) : -1;
      if (at >= 0) {
        list!.splice(at, 1);
        this.attachedCount--;
      }
    }
    if (byUser && !this.active) this.paused = true;
  }

  /** Whether any user subscription is waiting or running. */
  get active(): boolean {
    return this.attachedCount > 0 || this.waiting.length > 0;
  }

  onSubscribe(record: SubscribeRecord): void {
    this.running.set(record.sub, record);
    this.seen.push(record);
    for (const attachment of [...this.waiting]) {
      if (!covers(record, attachment.wanted)) continue;
      this.waiting.splice(this.waiting.indexOf(attachment), 1);
      this.start(attachment, record.sub);
    }
  }

  onUnsubscribe(sub: number): void {
    this.running.delete(sub);
    const list = this.attached.get(sub);
    if (!list) return;
    this.attached.delete(sub);
    this.attachedCount -= list.length;
    for (const attachment of list) {
      if (attachment.done) continue;
      attachment.done = true;
      attachment.stop();
    }
  }

  /** The recording ended: running ones stop (complete), waiting ones fail. */
  end(): void {
    for (const sub of [...this.attached.keys()]) this.onUnsubscribe(sub);
    for (const attachment of this.waiting.splice(0)) {
      if (attachment.done) continue;
      attachment.done = true;
      attachment.fail(this.notRecorded(attachment.wanted, this.seen));
    }
  }

  private start(attachment: Attachment, sub: number): void {
    attachment.sub = sub;
    const list = this.attached.get(sub);
    if (list) list.push(attachment);
    else this.attached.set(sub, [attachment]);
    this.attachedCount++;
    attachment.start();
  }

  private notRecorded(wanted: WantedStream, recorded: readonly SubscribeRecord[]): Error {
    const names = [...new Set(recorded.map(describeStream))];
    return new Error(
      `replay: ${describeStream(wanted)} was not recorded in ${this.file} (recorded: ${names.length > 0 ? names.join(', ') : 'no subscription'})`,
    );
  }
}
