import type { SchedulerLike } from 'rxjs';

/**
 * How to reach NATS and how the market-data streams are kept. Ingest and consumers of one venue
 * should pass the same retention values (the first to create a stream sets them; later ones update it).
 *
 * @example
 * ```ts
 * const options: NatsOptions = { servers: 'nats://127.0.0.1:4222', maxMessagesPerSubject: 50_000 };
 * ```
 */
export interface NatsOptions {
  /** One URL or several (`nats://host:4222`); the client fails over between them. */
  readonly servers: string | readonly string[];
  /** Connection name shown by the server's monitoring (default `rxmarket`). */
  readonly name?: string | undefined;
  /** Wait between reconnection attempts in ms (default 250; attempts are endless). */
  readonly reconnectTimeWait?: number | undefined;
  /** Where JetStream keeps the streams: `file` (default, survives a server restart) or `memory`. */
  readonly storage?: 'file' | 'memory' | undefined;
  /** Book deltas, trades and tickers kept per subject (default 100 000): how far a slow consumer may fall behind. */
  readonly maxMessagesPerSubject?: number | undefined;
  /** Age in ms after which events are dropped from the events stream (default 15 minutes). */
  readonly maxAgeMs?: number | undefined;
  /** Window in ms of JetStream's de-duplication by `Nats-Msg-Id` (default 2 minutes). */
  readonly duplicateWindowMs?: number | undefined;
  /** Scheduler of the library's own timers (snapshot interval, lease renewal, resync retries; default real time). */
  readonly scheduler?: SchedulerLike | undefined;
}

/**
 * {@link NatsOptions} with every default filled in.
 *
 * @example
 * ```ts
 * resolveNatsOptions({ servers: 'nats://127.0.0.1:4222' }).maxMessagesPerSubject; // 100000
 * ```
 */
export interface ResolvedNatsOptions {
  readonly servers: string[];
  readonly name: string;
  readonly reconnectTimeWait: number;
  readonly storage: 'file' | 'memory';
  readonly maxMessagesPerSubject: number;
  readonly maxAgeMs: number;
  readonly duplicateWindowMs: number;
}

/**
 * Fills in the defaults of {@link NatsOptions}; throws a `TypeError` for a server that is not a
 * `nats:`, `tls:`, `ws:` or `wss:` URL or a `host:port`.
 *
 * @example
 * ```ts
 * resolveNatsOptions({ servers: ['nats://a:4222', 'nats://b:4222'] }).servers.length; // 2
 * ```
 */
export function resolveNatsOptions(options: NatsOptions): ResolvedNatsOptions {
  const servers = typeof options.servers === 'string' ? [options.servers] : [...options.servers];
  if (servers.length === 0) throw new TypeError('NATS: no server given');
  for (const server of servers) {
    if (!/^(nats|tls|ws|wss):\/\/[^\s]+$/.test(server) && !/^[^\s/:]+:\d+$/.test(server)) throw new TypeError(`NATS: "${server}" is not a nats:// URL`);
  }
  return {
    servers,
    name: options.name ?? 'rxmarket',
    reconnectTimeWait: options.reconnectTimeWait ?? 250,
    storage: options.storage ?? 'file',
    maxMessagesPerSubject: options.maxMessagesPerSubject ?? 100_000,
    maxAgeMs: options.maxAgeMs ?? 15 * 60_000,
    duplicateWindowMs: options.duplicateWindowMs ?? 120_000,
  };
}
