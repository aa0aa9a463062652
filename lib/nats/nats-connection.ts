import type { JetStreamClient, JetStreamManager, StreamConfig } from '@nats-io/jetstream';
import type { ExchangeId } from '../model/exchange-id';
import type { ResolvedNatsOptions } from './nats-options';
import { streamNames } from './nats-subjects';

/** The `NatsConnection` of `@nats-io/transport-node` (type only). */
type NatsConnection = Awaited<ReturnType<(typeof import('@nats-io/transport-node'))['connect']>>;

/** The part of `MsgHdrs` (`@nats-io/nats-core`) the ingest uses. */
type MessageHeaders = NonNullable<NonNullable<Parameters<NatsConnection['publish']>[2]>['headers']>;

/**
 * An open NATS connection with its JetStream client and manager.
 *
 * @example
 * ```ts
 * const bus = await openBus(resolveNatsOptions({ servers: 'nats://127.0.0.1:4222' }));
 * await bus.nc.drain();
 * ```
 */
export interface Bus {
  readonly nc: NatsConnection;
  /** Creates message headers (`headers()` of `@nats-io/transport-node`). */
  readonly headers: () => MessageHeaders;
  readonly js: JetStreamClient;
  readonly jsm: JetStreamManager;
}

/**
 * Connects (loading `@nats-io/transport-node` and `@nats-io/jetstream` only now: they are optional
 * peer dependencies) with endless reconnection: the client buffers publishes while disconnected and
 * resubscribes after a reconnect.
 *
 * @example
 * ```ts
 * const { js } = await openBus(resolveNatsOptions({ servers: 'nats://127.0.0.1:4222' }));
 * ```
 */
export async function openBus(options: ResolvedNatsOptions): Promise<Bus> {
  const transport = await loadPeer<typeof import('@nats-io/transport-node')>('@nats-io/transport-node');
  const jetstreamModule = await loadPeer<typeof import('@nats-io/jetstream')>('@nats-io/jetstream');
  const nc = await transport.connect({
    servers: options.servers,
    name: options.name,
    reconnect: true,
    maxReconnectAttempts: -1,
    reconnectTimeWait: options.reconnectTimeWait,
    waitOnFirstConnect: true,
    pingInterval: 2_000,
    maxPingOut: 2,
  });
  return { nc, headers: (transport as unknown as { headers: () => MessageHeaders }).headers, js: jetstreamModule.jetstream(nc), jsm: await jetstreamModule.jetstreamManager(nc) };
}

/**
 * Creates (or updates) the three streams of `exchange`: events (bounded per subject and by age,
 * de-duplicating by `Nats-Msg-Id`), snapshots (last message per subject) and leases (last message
 * per subject, expiring after `leaseMs`). With `createOnly` (consumers) an existing stream is left as
 * its ingest configured it.
 *
 * @example
 * ```ts
 * await ensureStreams(bus, 'binance', resolved, 3_000);
 * ```
 */
export async function ensureStreams(bus: Bus, exchange: ExchangeId, options: ResolvedNatsOptions, leaseMs: number, createOnly = false): Promise<void> {
  const names = streamNames(exchange);
  const storage = (options.storage === 'memory' ? 'memory' : 'file') as StreamConfig['storage'];
  const ns = (ms: number): number => Math.round(ms * 1e6);
  await upsert(bus, createOnly, {
    name: names.events,
    subjects: ['book', 'trade', 'ticker', 'derivative'].map((kind) => `md.${exchange}.${kind}.*`),
    storage,
    max_msgs_per_subject: options.maxMessagesPerSubject,
    max_age: ns(options.maxAgeMs),
    duplicate_window: ns(Math.min(options.duplicateWindowMs, options.maxAgeMs)),
  });
  await upsert(bus, createOnly, { name: names.snapshots, subjects: [`md.${exchange}.snapshot.*`], storage, max_msgs_per_subject: 1, allow_direct: true });
  await upsert(bus, createOnly, { name: names.leases, subjects: [`md.${exchange}.lease.*`], storage, max_msgs_per_subject: 1, max_age: ns(leaseMs), duplicate_window: ns(Math.min(leaseMs, 1_000)) });
}

async function upsert(bus: Bus, createOnly: boolean, config: Partial<StreamConfig> & { name: string }): Promise<void> {
  try {
    await bus.jsm.streams.info(config.name);
    if (!createOnly) await bus.jsm.streams.update(config.name, config);
  } catch (error) {
    if (!isNotFound(error)) throw error;
    try {
      await bus.jsm.streams.add(config);
    } catch (addError) {
      // created meanwhile by another ingest or consumer
      if (!(addError instanceof Error && /already in use/i.test(addError.message))) throw addError;
      if (!createOnly) await bus.jsm.streams.update(config.name, config);
    }
  }
}

function isNotFound(error: unknown): boolean {
  return error instanceof Error && /not found/i.test(error.message);
}

async function loadPeer<T>(name: string): Promise<T> {
  try {
    return (await import(name)) as T;
  } catch (error) {
    throw new Error(`rxmarket/nats needs the optional peer dependency ${name} (npm install @nats-io/transport-node @nats-io/jetstream): ${String(error)}`);
  }
}
