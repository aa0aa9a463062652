import { type ResolvedOptions, resolveSimulatorOptions, type SimulatorOptions } from '../harness/simulator-options';

/**
 * Options of {@link KrakenSimulator.start}.
 *
 * @example
 * ```ts
 * const options: KrakenSimulatorOptions = { symbols: ['BTC/USD', 'ETH/USD'], seed: 42, bookLevels: 200, autoStart: false };
 * ```
 */
export interface KrakenSimulatorOptions extends SimulatorOptions {
  /** Unified symbols, also Kraken v2's own (default `['BTC/USD', 'ETH/USD', 'SOL/USD']`). */
  readonly symbols?: readonly string[];
  /** Seed of every market (default 1). */
  readonly seed?: number;
  /** Market steps per second while running (default 10); every step is published at once. */
  readonly stepsPerSecond?: number;
  /** Book levels per side of each market (default 1000, enough for every Kraken depth). */
  readonly bookLevels?: number;
  /** A `heartbeat` frame is sent to a subscribed connection that got nothing else for this long, in ms (default 1000). */
  readonly heartbeatIntervalMs?: number;
  /** Market steps remembered for `truthAt` (default 2000). */
  readonly historySize?: number;
  /** Per-symbol overrides of the market grid/price. */
  readonly markets?: SimulatorOptions['markets'];
}

/**
 * {@link KrakenSimulatorOptions} with every default applied.
 *
 * @example
 * ```ts
 * resolveKrakenOptions({}).heartbeatIntervalMs; // 1000
 * ```
 */
export type ResolvedKrakenOptions = ResolvedOptions<KrakenSimulatorOptions>;

/**
 * Applies the defaults of {@link KrakenSimulatorOptions}.
 *
 * @example
 * ```ts
 * resolveKrakenOptions({ seed: 3 }).symbols; // ['BTC/USD', 'ETH/USD', 'SOL/USD']
 * ```
 */
export function resolveKrakenOptions(options: KrakenSimulatorOptions): ResolvedKrakenOptions {
  return {
    ...resolveSimulatorOptions(options, ['BTC/USD', 'ETH/USD', 'SOL/USD']),
    heartbeatIntervalMs: options.heartbeatIntervalMs ?? 1000,
  };
}
