import { type ResolvedOptions, resolveSimulatorOptions, type SimulatorOptions } from '../harness/simulator-options';

/**
 * Options of {@link BinanceSimulator.start}. Every timing default mirrors Binance spot.
 *
 * @example
 * ```ts
 * const options: BinanceSimulatorOptions = { symbols: ['BTC/USDT'], seed: 42, bookLevels: 200, autoStart: false };
 * ```
 */
export interface BinanceSimulatorOptions extends SimulatorOptions {
  /** Unified symbols (default `['BTC/USDT', 'ETH/USDT', 'SOL/USDT']`). */
  readonly symbols?: readonly string[];
  /** Market steps per second while running (default 10). */
  readonly stepsPerSecond?: number;
  /** Push interval of `<sym>@depth@100ms` (default 100). */
  readonly depthIntervalMs?: number;
  /** Push interval of `<sym>@depth` (default 1000). */
  readonly slowDepthIntervalMs?: number;
  /** Push interval of `<sym>@ticker` (default 1000); a ticker is only pushed if the market moved. */
  readonly tickerIntervalMs?: number;
  /** Book levels per side (default 1000). */
  readonly bookLevels?: number;
  /** Server ping frames every this many ms (default 20 000, as Binance; 0 disables). */
  readonly serverPingIntervalMs?: number;
  /** Connection dropped when a ping is not answered within this many ms (default 60 000). */
  readonly pongTimeoutMs?: number;
  /** Incoming messages (text, ping, pong) allowed per second per connection (default 5). */
  readonly maxMessagesPerSecond?: number;
  /** Streams allowed per connection (default 1024). */
  readonly maxStreamsPerConnection?: number;
  /** Market steps remembered for `truthAt` (default 2000). */
  readonly historySize?: number;
  /** Delay of every REST response in ms; the snapshot is taken on receipt (default 0). */
  readonly restLatencyMs?: number;
  /** REST request weight allowed per minute before answering 429 (default 6000, Binance spot's per-IP limit). */
  readonly restWeightPerMinute?: number;
  /** Per-symbol overrides of the market grid/price, e.g. `{ 'BTC/USDT': { initialPrice: 30_000 } }`. */
  readonly markets?: SimulatorOptions['markets'];
  /**
   * Further unified symbols `GET /api/v3/exchangeInfo` lists without a simulated market: their
   * streams are accepted and stay quiet, like a listed symbol nobody trades (default none).
   */
  readonly listedSymbols?: readonly string[];
}

/**
 * {@link BinanceSimulatorOptions} with every default applied.
 *
 * @example
 * ```ts
 * const resolved = resolveBinanceOptions({ seed: 3 }); // resolved.bookLevels === 1000
 * ```
 */
export type ResolvedBinanceOptions = ResolvedOptions<BinanceSimulatorOptions>;

/**
 * Applies the defaults of {@link BinanceSimulatorOptions}.
 *
 * @example
 * ```ts
 * resolveBinanceOptions({}).symbols; // ['BTC/USDT', 'ETH/USDT', 'SOL/USDT']
 * ```
 */
export function resolveBinanceOptions(options: BinanceSimulatorOptions): ResolvedBinanceOptions {
  return {
    ...resolveSimulatorOptions(options, ['BTC/USDT', 'ETH/USDT', 'SOL/USDT']),
    depthIntervalMs: options.depthIntervalMs ?? 100,
    slowDepthIntervalMs: options.slowDepthIntervalMs ?? 1000,
    tickerIntervalMs: options.tickerIntervalMs ?? 1000,
    serverPingIntervalMs: options.serverPingIntervalMs ?? 20_000,
    pongTimeoutMs: options.pongTimeoutMs ?? 60_000,
    maxMessagesPerSecond: options.maxMessagesPerSecond ?? 5,
    maxStreamsPerConnection: options.maxStreamsPerConnection ?? 1024,
    restLatencyMs: options.restLatencyMs ?? 0,
    restWeightPerMinute: options.restWeightPerMinute ?? 6000,
    listedSymbols: options.listedSymbols ?? [],
  };
}
