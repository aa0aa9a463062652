import type { MarketSpec } from '../harness/market-spec';

/**
 * Options of {@link KrakenSimulator.start}.
 *
 * @example
 * ```ts
 * const options: KrakenSimulatorOptions = { symbols: ['BTC/USD', 'ETH/USD'], seed: 42, bookLevels: 200, autoStart: false };
 * ```
 */
export interface KrakenSimulatorOptions {
  /** Unified symbols, also Kraken v2's own (default `['BTC/USD', 'ETH/USD', 'SOL/USD']`). */
  readonly symbols?: readonly string[];
  /** Seed of every market (default 1). */
  readonly seed?: number;
  /** Market steps per second while running (default 10); every step is published at once. */
  readonly stepsPerSecond?: number;
  /** Start stepping immediately (default `true`); `false` starts paused, drive it with `step()`. */
  readonly autoStart?: boolean;
  /** Book levels per side of each market (default 1000, enough for every Kraken depth). */
  readonly bookLevels?: number;
  /** A `heartbeat` frame is sent to a subscribed connection that got nothing else for this long, in ms (default 1000). */
  readonly heartbeatIntervalMs?: number;
  /** Market steps remembered for `truthAt` (default 2000). */
  readonly historySize?: number;
  /** Per-symbol overrides of the market grid/price. */
  readonly markets?: Readonly<Record<string, Partial<Omit<MarketSpec, 'symbol'>>>>;
}

/**
 * {@link KrakenSimulatorOptions} with every default applied.
 *
 * @example
 * ```ts
 * resolveKrakenOptions({}).heartbeatIntervalMs; // 1000
 * ```
 */
export type ResolvedKrakenOptions = Required<Omit<KrakenSimulatorOptions, 'markets'>> & Pick<KrakenSimulatorOptions, 'markets'>;

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
    symbols: options.symbols ?? ['BTC/USD', 'ETH/USD', 'SOL/USD'],
    seed: options.seed ?? 1,
    stepsPerSecond: options.stepsPerSecond ?? 10,
    autoStart: options.autoStart ?? true,
    bookLevels: options.bookLevels ?? 1000,
    heartbeatIntervalMs: options.heartbeatIntervalMs ?? 1000,
    historySize: options.historySize ?? 2000,
    markets: options.markets,
  };
}
