import type { ControlRequest } from '../common/control-queue';
import type { FrameSink } from '../common/exchange-protocol';
import { kucoinChannelOf, kucoinSymbolsOf } from './kucoin-routes';

/** Requests remembered while their reply is awaited (bounded: a server that never answers cannot grow it). */
const MAX_PENDING = 256;

/**
 * Which stream keys share one (un)subscribe request: the hub's `groupOf` for KuCoin. Normally the
 * channel (one request per topic, its symbols joined with `,`); keys {@link isolate}d get a group of
 * their own until {@link release}d, so they go out without the channel's other symbols. One instance
 * per client, shared by its sockets' sessions.
 *
 * @example
 * ```ts
 * const groups = new KucoinBatchGroups();
 * groups.isolate(['/market/level2:SOL-USDT']);
 * groups.groupOf('/market/level2:SOL-USDT'); // '/market/level2#1'
 * groups.groupOf('/market/level2:BTC-USDT'); // '/market/level2'
 * ```
 */
export class KucoinBatchGroups {
  private readonly isolated = new Map<string, string>();
  private next = 1;

  /** The group of `key`: its own group while isolated, else its channel. */
  groupOf(key: string): string {
    return this.isolated.get(key) ?? kucoinChannelOf(key);
  }

  /** Puts `keys` together in a new group of their own. */
  isolate(keys: readonly string[]): void {
    const label = `#${this.next++}`;
    for (const key of keys) this.isolated.set(key, `${kucoinChannelOf(key)}${label}`);
  }

  /** Returns `key` to its channel's batch. */
  release(key: string): void {
    this.isolated.delete(key);
  }
}

/**
 * Pairs KuCoin's replies with the control requests of one socket (replies echo the request `id`:
 * `{"id":"3","type":"ack"}` or `{"id":"3","type":"error","code":404,"data":"…"}`) and isolates a
 * refused stream. KuCoin refuses a request as a whole, and rxmarket joins the symbols of one channel
 * in one request, so a refused subscribe of several topics is split in halves resubscribed apart
 * ({@link KucoinBatchGroups}) until the refused topic is alone: its stream errors (`sink.rejected`),
 * the others recover. A refused unsubscribe changes nothing. `509 exceed max permits` (the uplink
 * message rate) refuses no topic: the request is sent again, within the client's own budget.
 *
 * @example
 * ```ts
 * const requests = new KucoinRequests(groups);
 * requests.sent({ id: 3, subscribe: true, keys: ['/market/match:BTC-USDT', '/market/match:NOPE-USDT'] });
 * requests.refused('3', 404, 'topic /market/match:NOPE-USDT is not found', frame, sink); // true: split and retried
 * ```
 */
export class KucoinRequests {
  private readonly pending = new Map<string, ControlRequest>();

  constructor(private readonly groups: KucoinBatchGroups) {}

  /** A control request went out on the socket. */
  sent(request: ControlRequest): void {
    this.pending.set(String(request.id), request);
    if (this.pending.size > MAX_PENDING) this.pending.delete(this.pending.keys().next().value as string);
  }

  /** An `ack` of request `id`: accepted (isolated keys go back to their channel's batch). */
  acknowledged(id: string): void {
    const request = this.pending.get(id);
    if (!request) return;
    this.pending.delete(id);
    if (request.subscribe) for (const key of request.keys) this.groups.release(key);
  }

  /**
   * An `error` answering request `id`; `false` when no request of this socket has that id (an error
   * about the connection itself, e.g. a refused token, whose `id` is the `connectId`).
   */
  refused(id: string, code: number, message: string, frame: string, sink: FrameSink): boolean {
    const request = this.pending.get(id);
    if (!request) return false;
    this.pending.delete(id);
    const description = `kucoin error ${code}: ${message}`;
    const what = `${request.subscribe ? 'subscribe' : 'unsubscribe'} ${describeTopics(request.keys)}`;
    if (!request.subscribe) {
      sink.exchangeError(`${description} (answering ${what})`, frame);
      return true;
    }
    if (code === 509 && /permits/.test(message)) {
      sink.exchangeError(`${description} (answering ${what}; sent again)`, frame);
      this.retry(request.keys, sink, false);
      return true;
    }
    if (request.keys.length === 1) {
      this.groups.release(request.keys[0]!);
      sink.rejected(request.id, request.keys, description);
      return true;
    }
    sink.exchangeError(`${description} (answering ${what}; its ${request.keys.length} topics are retried in halves to find the refused one)`, frame);
    const half = Math.ceil(request.keys.length / 2);
    this.retry(request.keys.slice(0, half), sink, true);
    this.retry(request.keys.slice(half), sink, true);
    return true;
  }

  /** Subscribes `keys` again (in a request of their own when `apart`); keys no stream wants any more are forgotten. */
  private retry(keys: readonly string[], sink: FrameSink, apart: boolean): void {
    if (apart) this.groups.isolate(keys);
    const queued = new Set(sink.resubscribe?.(keys) ?? []);
    for (const key of keys) if (!queued.has(key)) this.groups.release(key);
  }
}

/** `/market/match:BTC-USDT,ETH-USDT` for the keys of one request. */
function describeTopics(keys: readonly string[]): string {
  if (keys.length === 0) return '(nothing)';
  return `${kucoinChannelOf(keys[0]!)}:${keys.map(kucoinSymbolsOf).join(',')}`;
}
