import { type ResolvedOptions, resolveSimulatorOptions, type SimulatorOptions } from '../harness/simulator-options';

/**
 * Options of {@link GateioSimulator.start}. Timing defaults mirror Gate.io spot.
 *
 * @example
 * ```ts
 * const options: GateioSimulatorOptions = { symbols: ['BTC/USDT'], seed: 42, bookLevels: 200, autoStart: false };
 * ```
 */
export interface GateioSimulatorOptions extends SimulatorOptions {
  /** Unified symbols (default `['BTC/USDT', 'ETH/USDT', 'SOL/USDT']`). */
  readonly symbols?: readonly string[];
  /** Push interval of `spot.order_book_update` at `20ms` (default 20). */
  readonly fastBookIntervalMs?: number;
  /** Push interval of `spot.order_book_update` at `100ms` (default 100). */
  readonly bookIntervalMs?: number;
  /** Push interval of `spot.tickers` (default 1000); a ticker is pushed only if the market moved. */
  readonly tickerIntervalMs?: number;
  /** Server ping frames every this many ms (default 20 000; 0 disables). Gate.io documents protocol pings, not their period. */
  readonly serverPingIntervalMs?: number;
  /** Connection dropped when a ping is not answered within this many ms (default 60 000). */
  readonly pongTimeoutMs?: number;
  /** Requests whose `time` is further than this from the server clock are refused, in s (default 60, as documented). */
  readonly maxRequestSkewSeconds?: number;
  /** Connections accepted at once, as Gate.io's per-IP limit (default 300); past it a connection is dropped. */
  readonly maxConnections?: number;
  /** Public REST requests allowed per endpoint in 10 s, as Gate.io's per-IP limit (default 200); past it HTTP 429. */
  readonly restRequestsPer10s?: number;
  /** Send the whole book (`full: true`) right after a `spot.order_book_update` subscription is accepted (default `false`). */
  readonly fullOnSubscribe?: boolean;
  /** Delay of every REST response in ms; the answer is taken on receipt (default 0). */
  readonly restLatencyMs?: number;
  /** Further unified symbols `currency_pairs` lists without a simulated market: accepted, always quiet (default none). */
  readonly listedSymbols?: readonly string[];
}

/**
 * {@link GateioSimulatorOptions} with every default applied.
 *
 * @example
 * ```ts
 * const resolved: ResolvedGateioOptions = resolveGateioOptions({ seed: 3 });
 * ```
 */
export type ResolvedGateioOptions = ResolvedOptions<GateioSimulatorOptions>;

/**
 * Applies the defaults of {@link GateioSimulatorOptions}.
 *
 * @example
 * ```ts
 * resolveGateioOptions({}).bookIntervalMs; // 100
 * ```
 */
export function resolveGateioOptions(options: GateioSimulatorOptions): ResolvedGateioOptions {
  return {
    ...resolveSimulatorOptions(options, ['BTC/USDT', 'ETH/USDT', 'SOL/USDT']),
    fastBookIntervalMs: options.fastBookIntervalMs ?? 20,
    bookIntervalMs: options.bookIntervalMs ?? 100,
    tickerIntervalMs: options.tickerIntervalMs ?? 1000,
    serverPingIntervalMs: options.serverPingIntervalMs ?? 20_000,
    pongTimeoutMs: options.pongTimeoutMs ?? 60_000,
    maxRequestSkewSeconds: options.maxRequestSkewSeconds ?? 60,
    maxConnections: options.maxConnections ?? 300,
    restRequestsPer10s: options.restRequestsPer10s ?? 200,
    fullOnSubscribe: options.fullOnSubscribe ?? false,
    restLatencyMs: options.restLatencyMs ?? 0,
    listedSymbols: options.listedSymbols ?? [],
  };
}
