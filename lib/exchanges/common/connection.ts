import { defer, Observable, type Subscription, switchMap, take, tap, timer } from 'rxjs';
import { openSocket } from '../../socket/open-socket';
import { reconnect } from '../../socket/reconnect';
import type { SocketEvent } from '../../socket/socket-event';
import { TransportError } from '../../socket/transport-error';
import type { ConnectionBudget } from './connection-budget';
import { ControlQueue, type ControlRequest } from './control-queue';
import type { ControlRate } from './control-rate';
import type { ConnectionEndpoint, ExchangeProtocol, FrameSession, FrameSink } from './exchange-protocol';
import type { ResolvedOptions } from './resolved-options';
import type { RaisedEvent, StreamListener, StreamStatus } from './stream-listener';

const REQUEST_MEMORY = 256;

/**
 * One multiplexed socket of an exchange client and the streams it carries: connects when its first
 * stream arrives, reconnects with backoff and resubscribes everything, routes decoded frames to the
 * streams' listeners, and closes when its last stream leaves (no timer or handle left behind).
 *
 * @example
 * ```ts
 * const connection = new Connection(1, protocol, options, (event) => events.next(event), new ControlRate(5));
 * connection.add('btcusdt@trade', listener);
 * ```
 */
export class Connection {
  private readonly listeners = new Map<string, StreamListener[]>();
  private readonly requests = new Map<number, ControlRequest>();
  private readonly queue: ControlQueue;
  private readonly sink: FrameSink;
  private socketSubscription: Subscription | undefined;
  /** A move to a new socket the exchange asked for, scheduled to run outside the frame handler. */
  private renewal: Subscription | undefined;
  private session: FrameSession | undefined;
  /** The socket is open and usable (for protocols that await a greeting: greeted). */
  private open = false;
  private frameReceivedAt = 0;
  /** The URL of the current attempt: {@link url}, or what the protocol's `resolveEndpoint` gave. */
  private attemptUrl: string;
  /** Fails the current attempt (a socket never greeted); set while one runs. */
  private failAttempt: ((error: TransportError) => void) | undefined;
  private readyDeadline: Subscription | undefined;

  constructor(
    readonly id: number,
    private readonly protocol: ExchangeProtocol,
    private readonly options: ResolvedOptions,
    private readonly raise: (event: RaisedEvent) => void,
    rate: ControlRate,
    /** The endpoint of this socket (default: the protocol's `url`). */
    readonly url: string = protocol.url,
    /** Openings allowed per second/minute, shared by the client's sockets (`protocol.connectionsPerSecond`/`PerMinute`). */
    private readonly openings?: ConnectionBudget,
  ) {
    this.queue = new ControlQueue(this.perSocketMessages(protocol), options.scheduler, (text) => this.send(text), (request) => this.sent(request), rate);
    this.sink = this.createSink();
    this.attemptUrl = url;
  }

  /** The protocol as the queue sees it: a session that builds control messages itself is asked first. */
  private perSocketMessages(protocol: ExchangeProtocol): ExchangeProtocol {
    const build = (subscribe: boolean, keys: readonly string[], id: number): string =>
      this.session?.controlMessage?.({ id, subscribe, keys }) ?? (subscribe ? protocol.subscribeMessage(keys, id) : protocol.unsubscribeMessage(keys, id));
    return Object.assign(Object.create(protocol) as ExchangeProtocol, {
      subscribeMessage: (keys: readonly string[], id: number) => build(true, keys, id),
      unsubscribeMessage: (keys: readonly string[], id: number) => build(false, keys, id),
    });
  }

  private sendText: ((text: string) => void) | undefined;

  /** Number of streams (keys) on this socket. */
  get size(): number {
    return this.listeners.size;
  }

  has(key: string): boolean {
    return this.listeners.has(key);
  }

  /** Adds a listener; the first listener of a key subscribes it. `fresh` resubscribes an active key. */
  add(key: string, listener: StreamListener, fresh: boolean): void {
    const existing = this.listeners.get(key);
    if (existing) {
      this.listeners.set(key, [...existing, listener]); // copy on write: dispatch never copies
      if (fresh && this.open) this.queue.resubscribe(key);
      return;
    }
    this.listeners.set(key, [listener]);
    if (this.open) this.queue.subscribe(key, fresh);
    if (!this.socketSubscription) this.start();
  }

  /** Removes a listener; the last listener of a key unsubscribes it; the last key closes the socket. */
  remove(key: string, listener: StreamListener): void {
    const existing = this.listeners.get(key);
    if (!existing) return;
    const remaining = existing.filter((candidate) => candidate !== listener);
    if (remaining.length > 0) {
      this.listeners.set(key, remaining);
      return;
    }
    this.listeners.delete(key);
    if (this.listeners.size === 0) this.stop();
    else if (this.open) this.queue.unsubscribe(key);
  }

  resubscribe(key: string): void {
    if (this.open && this.listeners.has(key)) this.queue.resubscribe(key);
  }

  private start(): void {
    const { options, protocol } = this;
    const open$ = defer(() => {
      if (!protocol.resolveEndpoint) return this.connect({ url: this.url });
      return protocol.resolveEndpoint().pipe(
        take(1),
        switchMap((endpoint) => this.connect(endpoint)),
      );
    });
    // With a connection budget, each (re)connection first waits for its slot in the sliding window(s).
    const attempt$ = defer(() => {
      const wait = this.openings?.reserve(options.scheduler.now()) ?? 0;
      return wait > 0 ? timer(wait, options.scheduler).pipe(switchMap(() => open$)) : open$;
    }).pipe(
      tap({
        next: (event) => this.onSocketEvent(event),
        error: (error: unknown) => this.onLost(error),
        complete: () => this.onLost(undefined),
      }),
      reconnect<SocketEvent>({
        ...options.reconnect,
        scheduler: options.scheduler,
        random: options.random,
        onReconnect: (attempt, delay) => this.raise({ type: 'reconnect', connection: this.id, attempt, delay }),
        // A message proves the socket healthy; where the server must greet it first, only once greeted.
        isHealthy: (event) => (event as SocketEvent).type === 'message' && (this.open || !protocol.awaitsReady),
      }),
    );
    this.socketSubscription = attempt$.subscribe({ error: (error: unknown) => this.giveUp(error) });
  }

  /** One connection attempt to `endpoint`: the socket's events, failing early when `failAttempt` is called. */
  private connect(endpoint: ConnectionEndpoint): Observable<SocketEvent> {
    const { options, protocol } = this;
    this.attemptUrl = endpoint.url;
    this.raise({ type: 'connecting', connection: this.id, url: endpoint.url });
    const socket$ = openSocket({
      url: endpoint.url,
      pingInterval: Math.min(options.pingInterval, endpoint.pingInterval ?? Infinity),
      pingTimeout: options.pingTimeout,
      maxPayload: options.maxPayload,
      scheduler: options.scheduler,
      ...(protocol.appPing ? { appPing: protocol.appPing } : {}),
      // Exchanges that count pings and pongs (Binance): one budget for every outgoing frame.
      ...(protocol.keepaliveCountsAsControl ? { paceKeepalive: (send: () => void) => this.queue.keepalive(send) } : {}),
      ...(options.createWebSocket ? { createWebSocket: options.createWebSocket } : {}),
    });
    if (!protocol.awaitsReady) return socket$;
    return new Observable<SocketEvent>((subscriber) => {
      this.failAttempt = (error) => subscriber.error(error); // tears the socket down
      return socket$.subscribe(subscriber);
    });
  }

  private stop(): void {
    this.renewal?.unsubscribe();
    this.renewal = undefined;
    const wasOpen = this.open;
    this.open = false;
    this.clearReadyDeadline();
    this.failAttempt = undefined;
    this.queue.clear();
    this.session = undefined;
    this.sendText = undefined;
    this.socketSubscription?.unsubscribe();
    this.socketSubscription = undefined;
    if (wasOpen) this.raise({ type: 'close', connection: this.id, code: 1000, reason: 'client closed: no streams left' });
  }

  private onSocketEvent(event: SocketEvent): void {
    switch (event.type) {
      case 'message':
        this.onFrame(event.data, event.receivedAt);
        return;
      case 'open':
        this.session = this.protocol.createSession(this.url);
        this.sendText = (text) => event.socket.send(text);
        this.raise({ type: 'open', connection: this.id, url: this.attemptUrl });
        this.session.onOpen?.(this.sink); // first messages on the socket, before any subscription
        if (this.protocol.awaitsReady) this.awaitReady();
        else {
          this.ready();
          this.queue.flushNow(); // every stream in one go, without waiting a turn of the event loop
        }
        return;
      case 'close':
        this.raise({ type: 'close', connection: this.id, code: event.code, reason: event.reason });
        return;
    }
  }

  /** The socket is usable: every stream is subscribed and told `connected`. */
  private ready(): void {
    if (this.open || !this.sendText) return;
    this.clearReadyDeadline();
    this.open = true;
    for (const key of this.listeners.keys()) this.queue.subscribe(key);
    this.broadcast('connected');
  }

  /** Waits for the session's `sink.ready()`; a socket not greeted within `pingTimeout` fails its attempt. */
  private awaitReady(): void {
    const { pingTimeout, scheduler } = this.options;
    this.clearReadyDeadline();
    this.readyDeadline = scheduler.schedule(() => {
      this.readyDeadline = undefined;
      this.failAttempt?.(new TransportError(`${this.protocol.exchange}: the server did not greet the socket within ${pingTimeout} ms`));
    }, pingTimeout);
  }

  private clearReadyDeadline(): void {
    this.readyDeadline?.unsubscribe();
    this.readyDeadline = undefined;
  }

  private onFrame(text: string, receivedAt: number): void {
    this.frameReceivedAt = receivedAt;
    try {
      this.session!.onFrame(text, receivedAt, this.sink);
    } catch (error) {
      this.raise({ type: 'error', kind: 'decode', message: `frame handling failed: ${(error as Error).message}`, frame: text });
    }
  }

  private onLost(error: unknown): void {
    const wasOpen = this.open;
    this.open = false;
    this.clearReadyDeadline();
    this.failAttempt = undefined;
    this.session = undefined;
    this.sendText = undefined;
    this.queue.clear();
    if (error instanceof TransportError) {
      if (error.code !== undefined) this.raise({ type: 'close', connection: this.id, code: error.code, reason: error.reason ?? '' });
      this.raise({ type: 'error', kind: 'transport', message: error.message });
    } else if (error !== undefined) {
      this.raise({ type: 'error', kind: 'transport', message: String(error) });
    }
    if (wasOpen) this.broadcast('disconnected');
  }

  /**
   * Moves to a new socket at once (the exchange announced it will close this one): closes the old
   * socket normally, then opens a new one without backoff; `open` resubscribes every stream and
   * the listeners see `disconnected` → `connected` (books resync 'reconnect').
   */
  private renew(reason: string): void {
    if (this.renewal || !this.open) return;
    this.renewal = this.options.scheduler.schedule(() => {
      this.renewal = undefined;
      const old = this.socketSubscription;
      if (!old || !this.open) return;
      this.socketSubscription = undefined;
      this.onLost(undefined);
      old.unsubscribe(); // closes the old socket with 1000
      this.raise({ type: 'close', connection: this.id, code: 1000, reason });
      this.raise({ type: 'reconnect', connection: this.id, attempt: 1, delay: 0 });
      this.start();
    });
  }

  private giveUp(error: unknown): void {
    const failure = new TransportError(`${this.protocol.exchange}: reconnection gave up: ${(error as Error)?.message ?? String(error)}`);
    const all = [...this.listeners.values()].flat();
    this.listeners.clear();
    this.socketSubscription = undefined;
    for (const listener of all) listener.reject(failure);
  }

  /** A control message from the queue; `''` (a session sends nothing for this request now) is skipped. */
  private send(text: string): void {
    if (text !== '') this.sendText?.(text);
  }

  /** A frame outside the queue (a session's own: first messages on open, heartbeat answers), counted against the control rate. */
  private sendNow(text: string): void {
    if (!this.sendText) return;
    this.sendText(text);
    this.queue.recordKeepalive();
  }

  private sent(request: ControlRequest): void {
    this.session?.onControlSent?.(request);
    this.requests.set(request.id, request);
    if (this.requests.size > REQUEST_MEMORY) this.requests.delete(this.requests.keys().next().value as number);
    if (request.subscribe) this.raise({ type: 'subscribe', connection: this.id, streams: request.keys });
    else this.raise({ type: 'unsubscribe', connection: this.id, streams: request.keys });
  }

  private broadcast(status: StreamStatus): void {
    for (const listeners of [...this.listeners.values()]) for (const listener of listeners) listener.status(status);
  }

  private createSink(): FrameSink {
    return {
      data: (key, payload) => {
        const listeners = this.listeners.get(key);
        if (!listeners) return;
        for (let i = 0; i < listeners.length; i++) listeners[i]!.data(payload, this.frameReceivedAt);
      },
      invalid: (message, frame, key) => {
        this.raise({ type: 'error', kind: 'decode', message, frame });
        const listeners = key === undefined ? undefined : this.listeners.get(key);
        if (listeners) for (const listener of listeners) listener.status('invalid');
      },
      exchangeError: (message, frame) => {
        this.raise({ type: 'error', kind: 'exchange', message, ...(frame === undefined ? {} : { frame }) });
      },
      rejected: (requestId, keys, message) => {
        const rejectedKeys = keys ?? (requestId === undefined ? undefined : this.requests.get(requestId)?.keys) ?? [];
        this.raise({ type: 'error', kind: 'exchange', message });
        for (const key of rejectedKeys) {
          const listeners = this.listeners.get(key);
          if (!listeners) continue;
          this.listeners.delete(key); // refused: nothing to unsubscribe on the server
          for (const listener of listeners) listener.reject(new Error(`${this.protocol.exchange} refused ${key}: ${message}`));
        }
        if (this.listeners.size === 0) this.stop();
      },
      gap: (message) => {
        this.raise({ type: 'error', kind: 'exchange', message });
        this.broadcast('gap');
      },
      resubscribe: (keys) => {
        if (!this.open) return [];
        const wanted = keys.filter((key) => this.listeners.has(key));
        for (const key of wanted) this.queue.resubscribe(key);
        return wanted;
      },
      send: (text) => this.sendNow(text),
      reconnect: (reason) => this.renew(reason),
      ready: () => this.ready(),
    };
  }
}
