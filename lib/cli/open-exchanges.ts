import type { ExchangeClient } from '../model/client';
import type { EmbeddedSimulator, ExchangeEntry } from './exchanges/exchange-entry';

/**
 * A client ready to use, and the simulator behind it (none with `--live`).
 *
 * @example
 * ```ts
 * const { client, simulator } = opened.exchanges[0]!;
 * simulator?.inject('gap', 'BTC/USDT');
 * ```
 */
export interface OpenedExchange {
  readonly entry: ExchangeEntry;
  readonly client: ExchangeClient;
  readonly simulator: EmbeddedSimulator | undefined;
  /** The symbols requested. */
  readonly symbols: readonly string[];
}

/**
 * Opened exchanges plus one `stop()` that stops every simulator.
 *
 * @example
 * ```ts
 * const opened = await openExchanges([{ entry: binanceEntry, symbols: ['BTC/USDT'] }], { live: false, seed: 7 });
 * try { … } finally { await opened.stop(); }
 * ```
 */
export interface OpenedExchanges {
  readonly exchanges: readonly OpenedExchange[];
  stop(): Promise<void>;
}

/** Fast recovery against the local simulators (the live defaults are 500 ms … 30 s). */
const SIMULATOR_RECONNECT = { delay: 100, maxDelay: 1_000 } as const;

/**
 * Creates one client per request: reading from NATS JetStream with `nats` (see `rxmarket publish`),
 * against the real endpoints with `live`, otherwise against a
 * freshly started embedded simulator quoting the requested symbols (seeds `seed`, `seed + 1`, …
 * so venues differ but trade around the same prices). If a simulator fails to start, the ones
 * already started are stopped.
 *
 * @example
 * ```ts
 * const opened = await openExchanges([{ entry: binanceEntry, symbols: ['BTC/USDT'] }], { live: false, seed: 7 });
 * opened.exchanges[0]!.client.ticker('BTC/USDT').subscribe(console.log);
 * ```
 */
export async function openExchanges(
  requests: readonly { readonly entry: ExchangeEntry; readonly symbols: readonly string[] }[],
  options: { readonly live: boolean; readonly seed: number; readonly nats?: string | undefined },
): Promise<OpenedExchanges> {
  if (options.nats !== undefined) {
    // loaded only now: @nats-io/* are optional peer dependencies
    const { fromNats } = await import('../nats/from-nats');
    const servers = options.nats.split(',').map((s) => s.trim());
    return {
      exchanges: requests.map(({ entry, symbols }) => ({ entry, symbols, client: fromNats(entry.id, { servers, name: 'rxmarket-cli' }), simulator: undefined })),
      stop: async () => undefined,
    };
  }
  if (options.live) {
    return {
      exchanges: requests.map(({ entry, symbols }) => ({ entry, symbols, client: entry.client(), simulator: undefined })),
      stop: async () => undefined,
    };
  }
  const started = await Promise.allSettled(requests.map(({ entry, symbols }, i) => entry.simulate({ symbols, seed: options.seed + i })));
  const simulators = started.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
  const stop = async (): Promise<void> => {
    await Promise.all(simulators.map((sim) => sim.stop()));
  };
  const failed = started.find((result): result is PromiseRejectedResult => result.status === 'rejected');
  if (failed) {
    await stop();
    throw failed.reason;
  }
  return {
    exchanges: requests.map(({ entry, symbols }, i) => {
      const simulator = simulators[i]!;
      return { entry, symbols, simulator, client: entry.client({ ...simulator.clientOptions, reconnect: SIMULATOR_RECONNECT }) };
    }),
    stop,
  };
}
