import type { MarketSpec } from './market-spec';

/**
 * The option fields every exchange simulator has (each simulator's own options interface repeats
 * them with its exchange's wording and adds its own).
 *
 * @example
 * ```ts
 * const options: SimulatorOptions = { symbols: ['BTC/USD'], seed: 7, autoStart: false };
 * ```
 */
export interface SimulatorOptions {
  /** Unified symbols (default: the simulator's three). */
  readonly symbols?: readonly string[];
  /** Seed of every market (default 1). Same seed, same steps. */
  readonly seed?: number;
  /** Market steps per second while running (default 10). */
  readonly stepsPerSecond?: number;
  /** Start stepping immediately (default `true`); `false` starts paused, drive it with `step()`. */
  readonly autoStart?: boolean;
  /** Book levels per side of each market (default 1000). */
  readonly bookLevels?: number;
  /** Market steps remembered by each market (default 2000). */
  readonly historySize?: number;
  /** Per-symbol overrides of the market grid/price, e.g. `{ 'BTC/USD': { initialPrice: 30_000 } }`. */
  readonly markets?: Readonly<Record<string, Partial<Omit<MarketSpec, 'symbol'>>>> | undefined;
}

/**
 * Options `O` of a simulator with every default applied: every field required but `markets`.
 *
 * @example
 * ```ts
 * export type ResolvedKrakenOptions = ResolvedOptions<KrakenSimulatorOptions>;
 * ```
 */
export type ResolvedOptions<O extends SimulatorOptions> = Required<Omit<O, 'markets'>> & Pick<O, 'markets'>;

/**
 * {@link SimulatorOptions} with every default applied.
 *
 * @example
 * ```ts
 * const resolved: ResolvedSimulatorOptions = resolveSimulatorOptions({}, ['BTC/USD']);
 * ```
 */
export type ResolvedSimulatorOptions = ResolvedOptions<SimulatorOptions>;

/**
 * Applies the defaults of {@link SimulatorOptions}: `defaultSymbols`, seed 1, 10 steps per second,
 * auto-start, 1000 book levels, 2000 steps of history. Simulators spread it into their own resolved options.
 *
 * @example
 * ```ts
 * const resolved = { ...resolveSimulatorOptions(options, ['BTC/USD', 'ETH/USD']), heartbeatIntervalMs: options.heartbeatIntervalMs ?? 1000 };
 * ```
 */
export function resolveSimulatorOptions(options: SimulatorOptions, defaultSymbols: readonly string[]): ResolvedSimulatorOptions {
  return {
    symbols: options.symbols ?? defaultSymbols,
    seed: options.seed ?? 1,
    stepsPerSecond: options.stepsPerSecond ?? 10,
    autoStart: options.autoStart ?? true,
    bookLevels: options.bookLevels ?? 1000,
    historySize: options.historySize ?? 2000,
    markets: options.markets,
  };
}
