import type { ControlRequest } from '../common/control-queue';
import type { FrameSink } from '../common/exchange-protocol';
import type { CoinbaseBatchGroups } from './coinbase-batch-groups';
import { channelOfKey, productOfKey } from './coinbase-symbols';

/** Requests remembered while their reply is awaited (bounded: a server that never answers cannot grow it). */
const MAX_PENDING = 256;
/** A key is given up once refused this many times, the last time alone in its message. */
const REFUSALS_TO_GIVE_UP = 2;

/**
 * Pairs Coinbase's replies with the control messages of one socket and finds the product of a refused
 * batch. Coinbase answers every (un)subscribe, in order, with one `subscriptions` message or one
 * `{"type":"error"}` that names neither the request nor the product (its error texts are not
 * documented), and it refuses a whole batched message for one bad product (e.g. one delisted after
 * the client checked it): left alone, that product would keep every healthy book of its batch from
 * resubscribing after a gap or reconnect, silently.
 *
 * So a refused subscribe of several keys is split in halves, each resubscribed (unsubscribe +
 * subscribe) in messages of its own ({@link CoinbaseBatchGroups}); halves that are accepted recover
 * (a fresh snapshot for books), refused halves are split again. A key refused alone after a first
 * refusal is given up: its stream errors (`sink.rejected`) and leaves the subscription set. A refused
 * unsubscribe changes nothing (the subscribe that follows it decides). An error reply while nothing
 * is pending is only reported. Every error reply is an `error` event (kind `exchange`) naming the
 * request it answered.
 *
 * @example
 * ```ts
 * const refusals = new CoinbaseRefusals(groups);
 * refusals.sent({ id: 1, subscribe: true, keys: ['level2:BTC-USD', 'level2:SOL-USD'] });
 * refusals.refused('failure to subscribe', frame, sink); // BTC-USD and SOL-USD retried apart
 * ```
 */
export class CoinbaseRefusals {
  private readonly pending: ControlRequest[] = [];
  private readonly refusals = new Map<string, number>();

  constructor(private readonly groups: CoinbaseBatchGroups) {}

  /** A control message went out on the socket. */
  sent(request: ControlRequest): void {
    this.pending.push(request);
    if (this.pending.length > MAX_PENDING) this.pending.shift();
  }

  /** A `subscriptions` message: the oldest request was accepted. */
  accepted(): void {
    const request = this.pending.shift();
    if (request === undefined || !request.subscribe) return;
    for (const key of request.keys) {
      this.refusals.delete(key);
      this.groups.release(key);
    }
  }

  /** An `error` message: the oldest request was refused (or, with none pending, an error of its own). */
  refused(message: string, frame: string, sink: FrameSink): void {
    const request = this.pending.shift();
    if (request === undefined) {
      sink.exchangeError(`coinbase error: ${message}`, frame);
      return;
    }
    sink.exchangeError(`coinbase error: ${message} (answering ${describe(request)})`, frame);
    if (!request.subscribe) return; // the subscribe that follows decides
    for (const key of request.keys) this.refusals.set(key, (this.refusals.get(key) ?? 0) + 1);
    if (request.keys.length === 1) {
      const key = request.keys[0]!;
      const count = this.refusals.get(key)!;
      if (count >= REFUSALS_TO_GIVE_UP) {
        this.refusals.delete(key);
        this.groups.release(key);
        sink.rejected(undefined, [key], `${message} (refused ${count} times, the last time alone)`);
        return;
      }
      this.retryApart([key], sink);
      return;
    }
    const half = Math.ceil(request.keys.length / 2);
    this.retryApart(request.keys.slice(0, half), sink);
    this.retryApart(request.keys.slice(half), sink);
  }

  /** Resubscribes `keys` in a message of their own; keys no stream wants any more are forgotten. */
  private retryApart(keys: readonly string[], sink: FrameSink): void {
    this.groups.isolate(keys);
    const queued = new Set(sink.resubscribe?.(keys) ?? []);
    for (const key of keys) {
      if (queued.has(key)) continue;
      this.groups.release(key);
      this.refusals.delete(key);
    }
  }
}

/** `subscribe level2 BTC-USD, SOL-USD` (`subscribe heartbeats`). */
function describe(request: ControlRequest): string {
  const products = request.keys.map(productOfKey).filter((product) => product !== '');
  return `${request.subscribe ? 'subscribe' : 'unsubscribe'} ${channelOfKey(request.keys[0] ?? '')}${products.length > 0 ? ` ${products.join(', ')}` : ''}`;
}
