import { Observable, Subject, type Subscriber } from 'rxjs';
import type { ExchangeEvent } from '../../model/exchange-event';
import { Connection } from './connection';
import { ConnectionBudget } from './connection-budget';
import { ControlRate } from './control-rate';
import type { ExchangeProtocol } from './exchange-protocol';
import type { ResolvedOptions } from './resolved-options';
import type { RaisedEvent, StreamContext, StreamListener } from './stream-listener';

/**
 * Builds the listener of one subscriber of a stream.
 *
 * @example
 * ```ts
 * const forward: ListenerFactory<Trade> = (subscriber) => ({ data: (t) => subscriber.next(t as Trade), status: () => undefined, reject: (e) => subscriber.error(e) });
 * ```
 */
export type ListenerFactory<R> = (subscriber: Subscriber<R>, context: StreamContext) => StreamListener;

/**
 * The exchange-independent core of every client: hands out cold stream Observables keyed by the
 * exchange's stream name, multiplexes them over as few sockets as the exchange's per-connection
 * limit allows (per URL, where the protocol routes keys to several endpoints with `urlOf`), and
 * publishes lifecycle events on `events$`.
 *
 * @example
 * ```ts
 * const hub = new StreamHub(binanceProtocol(url, registry), resolveOptions({}));
 * const trades$ = hub.stream<Trade>('btcusdt@trade', forwardTo);
 * ```
 */
export class StreamHub {
  private readonly events = new Subject<ExchangeEvent>();
  private readonly connections: Connection[] = [];
  private readonly connectionOf = new Map<string, Connection>();
  private nextConnectionId = 1;
  /** The control-message budget shared by every socket, for exchanges whose limit is per client (IP). */
  private readonly clientRate: ControlRate | undefined;
  /** The socket openings per second/minute the exchange allows this client, shared by its sockets. */
  private readonly openings: ConnectionBudget | undefined;

  /** Lifecycle, resync and error events of every connection. */
  readonly events$: Observable<ExchangeEvent> = this.events.asObservable();

  constructor(
    private readonly protocol: ExchangeProtocol,
    private readonly options: ResolvedOptions,
  ) {
    this.clientRate = protocol.controlRateScope === 'client' ? new ControlRate(protocol.controlMessagesPerSecond, protocol.controlMessagesPerHour) : undefined;
    const { connectionsPerSecond: perSecond, connectionsPerMinute: perMinute } = protocol;
    this.openings = perSecond === undefined && perMinute === undefined ? undefined : new ConnectionBudget({ perSecond, perMinute });
  }

  /** Sockets currently open or opening. */
  get connectionCount(): number {
    return this.connections.length;
  }

  /** Raises an event on `events$`, stamped with the exchange and the scheduler's time. */
  raise(event: RaisedEvent): void {
    this.events.next({ ...event, exchange: this.protocol.exchange, timestamp: this.options.scheduler.now() } as ExchangeEvent);
  }

  /**
   * A cold Observable of one stream: the first subscriber subscribes `key` on a socket (opening one
   * if needed), the last unsubscribe removes it. `fresh`: a subscriber joining an active stream
   * resubscribes it (exchanges that send their book snapshot on subscribe).
   */
  stream<R>(key: string, createListener: ListenerFactory<R>, options: { readonly fresh?: boolean } = {}): Observable<R> {
    return new Observable<R>((subscriber) => {
      const context: StreamContext = {
        key,
        scheduler: this.options.scheduler,
        raise: (event) => this.raise(event),
        resubscribe: () => this.connectionOf.get(key)?.resubscribe(key),
      };
      const listener = createListener(subscriber, context);
      const connection = this.connectionFor(key);
      connection.add(key, listener, options.fresh === true);
      return () => {
        connection.remove(key, listener);
        if (!connection.has(key) && this.connectionOf.get(key) === connection) this.connectionOf.delete(key);
        if (connection.size === 0) this.connections.splice(this.connections.indexOf(connection) >>> 0, 1);
      };
    });
  }

  private connectionFor(key: string): Connection {
    const existing = this.connectionOf.get(key);
    if (existing) return existing;
    const url = this.protocol.urlOf?.(key) ?? this.protocol.url;
    let connection = this.connections.find((candidate) => candidate.url === url && candidate.size < this.protocol.maxStreamsPerConnection);
    if (!connection) {
      const rate = this.clientRate ?? new ControlRate(this.protocol.controlMessagesPerSecond, this.protocol.controlMessagesPerHour);
      connection = new Connection(this.nextConnectionId++, this.protocol, this.options, (event) => this.raise(event), rate, url, this.openings);
      this.connections.push(connection);
    }
    this.connectionOf.set(key, connection);
    return connection;
  }
}
