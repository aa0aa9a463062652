import type { BookOptions, ExchangeClient } from '../../model/client';
import type { ChaosFault } from './chaos-fault';
import { ChaosProxy } from './chaos-proxy';
import type { ChaosVenue, ChaosVenueOptions, PausableTruth } from './chaos-venue';
import { type ConnectionFaultTarget, connectionFaults } from './connection-faults';
import { proxyFaults } from './proxy-faults';

/**
 * What a chaos venue needs from a started simulator: its truth, its connection faults, its URLs.
 *
 * @example
 * ```ts
 * const sim: ChaosSimulator = await GateioSimulator.start({ seed: 1 });
 * ```
 */
export interface ChaosSimulator extends PausableTruth, ConnectionFaultTarget {
  readonly wsUrl: string;
  /** The REST API's base URL (a venue without one, such as Kraken WS v2, has none). */
  readonly restUrl?: string;
  readonly symbols: readonly string[];
  stop(): Promise<void>;
}

/**
 * The simulator options every chaos venue takes from {@link ChaosVenueOptions}: symbols (the venue's
 * default three), seed (1), 100 steps per second, `bookLevels` (default 200).
 *
 * @example
 * ```ts
 * const sim = await KrakenSimulator.start({ ...chaosMarket(options, ['BTC/USD', 'ETH/USD', 'SOL/USD']), tickerIntervalMs: 100 });
 * ```
 */
export function chaosMarket(
  options: ChaosVenueOptions,
  defaultSymbols: readonly string[],
  defaultBookLevels = 200,
): { symbols: string[]; seed: number; stepsPerSecond: number; bookLevels: number } {
  return {
    symbols: [...(options.symbols ?? defaultSymbols)],
    seed: options.seed ?? 1,
    stepsPerSecond: options.stepsPerSecond ?? 100,
    bookLevels: options.bookLevels ?? defaultBookLevels,
  };
}

/**
 * Reconnect delays of every chaos client: short, so a run of 50 faults takes seconds.
 *
 * @example
 * ```ts
 * const client = kraken({ wsUrl: proxy.url, reconnect: CHAOS_RECONNECT });
 * ```
 */
export const CHAOS_RECONNECT = { delay: 20, maxDelay: 100 } as const;

/**
 * How one exchange is put together for a chaos run, on top of its started simulator.
 *
 * @example
 * ```ts
 * const setup: ChaosVenueSetup = { seed: 1, proxyRest: true, client: (urls) => gateio(urls), faults: [], bookOptions: {}, compareDepth: 200 };
 * ```
 */
export interface ChaosVenueSetup {
  readonly seed: number;
  /** Also put a proxy in front of the REST API (seeded `seed + 1`; its faults join the run). Default: REST is reached directly. */
  readonly proxyRest?: boolean;
  /** The client, connected through the proxies: `wsUrl` is the WebSocket proxy's URL (add the venue's path), `restUrl` the REST proxy's or the simulator's. */
  readonly client: (urls: { readonly wsUrl: string; readonly restUrl?: string }) => ExchangeClient;
  /** The simulator's own faults (between the proxy faults and the connection faults). */
  readonly faults: readonly ChaosFault[];
  readonly bookOptions: BookOptions;
  readonly compareDepth: number;
  /** Reason of the simulator's 1000 close, and the name of that fault (see {@link connectionFaults}). */
  readonly close?: { readonly reason: string; readonly name?: string };
  /** Replaces a proxy fault the venue needs run otherwise (e.g. more refused reconnects for two sockets). */
  readonly proxyFault?: (fault: ChaosFault, proxy: ChaosProxy) => ChaosFault;
  /** The client's keepalive settings (the soak checks stalls are found within `pingInterval + pingTimeout`). */
  readonly keepalive?: { readonly pingInterval: number; readonly pingTimeout: number };
}

/**
 * Puts a started simulator behind a {@link ChaosProxy} (and its REST API behind another, if asked),
 * connects the venue's client through them, and gathers the faults: every proxy fault, the
 * simulator's own, then the connection faults. `stop()` closes the proxies, then the simulator.
 *
 * @example
 * ```ts
 * const sim = await KrakenSimulator.start(chaosMarket(options, ['BTC/USD']));
 * return chaosVenueOn(sim, { seed: 1, client: ({ wsUrl }) => kraken({ wsUrl: `${wsUrl}/v2`, reconnect: CHAOS_RECONNECT }), faults: [], bookOptions: { depth: 100 }, compareDepth: 100 });
 * ```
 */
export async function chaosVenueOn(sim: ChaosSimulator, setup: ChaosVenueSetup): Promise<ChaosVenue> {
  const proxy = await ChaosProxy.start({ target: sim.wsUrl, seed: setup.seed });
  const restProxy = setup.proxyRest && sim.restUrl !== undefined ? await ChaosProxy.start({ target: sim.restUrl, seed: setup.seed + 1 }) : undefined;
  const client = setup.client({ wsUrl: proxy.url, restUrl: restProxy?.httpUrl ?? sim.restUrl });
  const proxied = proxyFaults(proxy, restProxy).map((fault) => setup.proxyFault?.(fault, proxy) ?? fault);
  return {
    client,
    truth: sim,
    proxy,
    symbols: sim.symbols,
    bookOptions: setup.bookOptions,
    compareDepth: setup.compareDepth,
    ...(setup.keepalive ? { keepalive: setup.keepalive } : {}),
    faults: [...proxied, ...setup.faults, ...connectionFaults(sim, setup.close?.reason, setup.close?.name)],
    stop: async () => {
      await Promise.all([proxy.close(), restProxy?.close()]);
      await sim.stop();
    },
  };
}
