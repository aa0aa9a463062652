import type { MarketSpec } from '../harness/market-spec';

/**
 * Options of {@link CoinbaseSimulator.start}. Timing defaults mirror Coinbase Advanced Trade.
 *
 * @example
 * ```ts
 * const options: CoinbaseSimulatorOptions = { symbols: ['BTC/USD', 'ETH/USD'], seed: 7, autoStart: false, quietChannelTimeoutMs: 500 };
 * ```
 */
export interface CoinbaseSimulatorOptions {
  /** Unified symbols (default `['BTC/USD', 'ETH/USD', 'SOL/USD']`); products are `BTC-USD` etc. */
  readonly symbols?: readonly string[];
  /** Seed of every market (default 1). Same seed, same steps. */
  readonly seed?: number;
  /** Market steps per second while running (default 10). Each step is one `l2_data` update per product. */
  readonly stepsPerSecond?: number;
  /** Start stepping immediately (default `true`); `false` starts paused, drive it with `step()`. */
  readonly autoStart?: boolean;
  /** Book levels per side (default 1000); a `level2` snapshot carries all of them. */
  readonly bookLevels?: number;
  /** `heartbeats` period in ms (default 1000, as Coinbase). */
  readonly heartbeatIntervalMs?: number;
  /** A connection with nothing subscribed this long is closed (default 5000: "subscribe within 5 seconds"). */
  readonly subscribeDeadlineMs?: number;
  /** A channel that sent nothing this long is closed server-side, unless `heartbeats` is subscribed (default 60 000; Coinbase: 60–90 s). */
  readonly quietChannelTimeoutMs?: number;
  /** Trades in a `market_trades` snapshot (default 100, as in the real capture). */
  readonly recentTrades?: number;
  /** Incoming messages per second per connection (default 8, Coinbase's unauthenticated limit per IP). */
  readonly maxMessagesPerSecond?: number;
  /** Server ping frames every this many ms (default 0: off). */
  readonly serverPingIntervalMs?: number;
  /** Market steps remembered by each market (default 2000). */
  readonly historySize?: number;
  /** Per-symbol overrides of the market grid/price, e.g. `{ 'BTC/USD': { initialPrice: 30_000 } }`. */
  readonly markets?: Readonly<Record<string, Partial<Omit<MarketSpec, 'symbol'>>>>;
}

/**
 * {@link CoinbaseSimulatorOptions} with every default applied.
 *
 * @example
 * ```ts
 * const resolved: ResolvedCoinbaseOptions = resolveCoinbaseOptions({});
 * ```
 */
export type ResolvedCoinbaseOptions = Required<Omit<CoinbaseSimulatorOptions, 'markets'>> & Pick<CoinbaseSimulatorOptions, 'markets'>;

/**
 * Applies the defaults of {@link CoinbaseSimulatorOptions}.
 *
 * @example
 * ```ts
 * resolveCoinbaseOptions({}).subscribeDeadlineMs; // 5000
 * ```
 */
export function resolveCoinbaseOptions(options: CoinbaseSimulatorOptions): ResolvedCoinbaseOptions {
  return {
    symbols: options.symbols ?? ['BTC/USD', 'ETH/USD', 'SOL/USD'],
    seed: options.seed ?? 1,
    stepsPerSecond: options.stepsPerSecond ?? 10,
    autoStart: options.autoStart ?? true,
    bookLevels: options.bookLevels ?? 1000,
    heartbeatIntervalMs: options.heartbeatIntervalMs ?? 1000,
    subscribeDeadlineMs: options.subscribeDeadlineMs ?? 5000,
    quietChannelTimeoutMs: options.quietChannelTimeoutMs ?? 60_000,
    recentTrades: options.recentTrades ?? 100,
    maxMessagesPerSecond: options.maxMessagesPerSecond ?? 8,
    serverPingIntervalMs: options.serverPingIntervalMs ?? 0,
    historySize: options.historySize ?? 2000,
    markets: options.markets,
  };
}
