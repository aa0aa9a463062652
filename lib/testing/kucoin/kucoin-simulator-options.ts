import { type ResolvedOptions, resolveSimulatorOptions, type SimulatorOptions } from '../harness/simulator-options';

/**
 * Options of {@link KucoinSimulator.start}. Timing defaults mirror KuCoin spot.
 *
 * @example
 * ```ts
 * const options: KucoinSimulatorOptions = { symbols: ['BTC/USDT'], seed: 42, bookLevels: 300, autoStart: false };
 * ```
 */
export interface KucoinSimulatorOptions extends SimulatorOptions {
  /** Unified symbols (default `['BTC/USDT', 'ETH/USDT', 'SOL/USDT']`). */
  readonly symbols?: readonly string[];
  /** `/market/level2` pushes every this many ms, each covering the sequences since the previous one (default 10). */
  readonly bookIntervalMs?: number;
  /** `/market/snapshot` pushes every this many ms (default 2000, as documented). */
  readonly tickerIntervalMs?: number;
  /** `pingInterval` of the token answer, in ms (default 18 000). */
  readonly pingIntervalMs?: number;
  /** `pingTimeout` of the token answer, in ms (default 10 000). */
  readonly pingTimeoutMs?: number;
  /** A connection that sends nothing (no ping) this long is closed, in ms (default 60 000, as documented). */
  readonly idleTimeoutMs?: number;
  /** Delay of the `welcome` message after the socket opens, in ms (default 0). */
  readonly welcomeDelayMs?: number;
  /** Topics one connection may hold (default 100, as documented); past it: `509`. */
  readonly topicsPerConnection?: number;
  /** Messages a connection may send in 10 s (default 100, as documented); past it: `509` and the connection is closed. */
  readonly messagesPer10s?: number;
  /** Public REST weight allowed per 30 s (default 2000; bullet-public 10, symbols 4, level2_100 4, level2_20 2); past it HTTP 429. */
  readonly restWeightPer30s?: number;
  /** Delay of every REST response in ms; the answer is taken on receipt (default 0). */
  readonly restLatencyMs?: number;
  /** Further unified symbols `/api/v2/symbols` lists without a simulated market: accepted, always quiet (default none). */
  readonly listedSymbols?: readonly string[];
}

/**
 * {@link KucoinSimulatorOptions} with every default applied.
 *
 * @example
 * ```ts
 * const resolved: ResolvedKucoinOptions = resolveKucoinOptions({ seed: 3 });
 * ```
 */
export type ResolvedKucoinOptions = ResolvedOptions<KucoinSimulatorOptions>;

/**
 * Applies the defaults of {@link KucoinSimulatorOptions}.
 *
 * @example
 * ```ts
 * resolveKucoinOptions({}).tickerIntervalMs; // 2000
 * ```
 */
export function resolveKucoinOptions(options: KucoinSimulatorOptions): ResolvedKucoinOptions {
  return {
    ...resolveSimulatorOptions(options, ['BTC/USDT', 'ETH/USDT', 'SOL/USDT']),
    bookIntervalMs: options.bookIntervalMs ?? 10,
    tickerIntervalMs: options.tickerIntervalMs ?? 2000,
    pingIntervalMs: options.pingIntervalMs ?? 18_000,
    pingTimeoutMs: options.pingTimeoutMs ?? 10_000,
    idleTimeoutMs: options.idleTimeoutMs ?? 60_000,
    welcomeDelayMs: options.welcomeDelayMs ?? 0,
    topicsPerConnection: options.topicsPerConnection ?? 100,
    messagesPer10s: options.messagesPer10s ?? 100,
    restWeightPer30s: options.restWeightPer30s ?? 2000,
    restLatencyMs: options.restLatencyMs ?? 0,
    listedSymbols: options.listedSymbols ?? [],
  };
}
