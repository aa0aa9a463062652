import { type ResolvedOptions, resolveSimulatorOptions, type SimulatorOptions } from '../harness/simulator-options';

/**
 * Options of {@link CoinbaseSimulator.start}. Timing defaults mirror Coinbase Advanced Trade.
 *
 * @example
 * ```ts
 * const options: CoinbaseSimulatorOptions = { symbols: ['BTC/USD', 'ETH/USD'], seed: 7, autoStart: false, quietChannelTimeoutMs: 500 };
 * ```
 */
export interface CoinbaseSimulatorOptions extends SimulatorOptions {
  /** Unified symbols (default `['BTC/USD', 'ETH/USD', 'SOL/USD']`); products are `BTC-USD` etc. */
  readonly symbols?: readonly string[];
  /** Market steps per second while running (default 10). Each step is one `l2_data` update per product. */
  readonly stepsPerSecond?: number;
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
  /** Per-symbol overrides of the market grid/price, e.g. `{ 'BTC/USD': { initialPrice: 30_000 } }`. */
  readonly markets?: SimulatorOptions['markets'];
  /**
   * Products served under another simulated product, as Coinbase serves its USDC books under the USD
   * product: alias unified symbol → served unified symbol (default: `X/USDC` → `X/USD` for every
   * simulated `X/USD` whose `X/USDC` is not simulated itself; `{}` for none). Subscribing an alias
   * yields the served product's frames (`product_id` of the served product), and the products list
   * marks both (`alias`, `alias_to`).
   */
  readonly aliases?: Readonly<Record<string, string>>;
}

const DEFAULT_SYMBOLS: readonly string[] = ['BTC/USD', 'ETH/USD', 'SOL/USD'];

/**
 * {@link CoinbaseSimulatorOptions} with every default applied.
 *
 * @example
 * ```ts
 * const resolved: ResolvedCoinbaseOptions = resolveCoinbaseOptions({});
 * ```
 */
export type ResolvedCoinbaseOptions = ResolvedOptions<CoinbaseSimulatorOptions>;

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
    ...resolveSimulatorOptions(options, DEFAULT_SYMBOLS),
    heartbeatIntervalMs: options.heartbeatIntervalMs ?? 1000,
    subscribeDeadlineMs: options.subscribeDeadlineMs ?? 5000,
    quietChannelTimeoutMs: options.quietChannelTimeoutMs ?? 60_000,
    recentTrades: options.recentTrades ?? 100,
    maxMessagesPerSecond: options.maxMessagesPerSecond ?? 8,
    serverPingIntervalMs: options.serverPingIntervalMs ?? 0,
    aliases: options.aliases ?? usdcAliases(options.symbols ?? DEFAULT_SYMBOLS),
  };
}

/** `X/USDC` → `X/USD` for every `X/USD` of `symbols` whose `X/USDC` is not in `symbols`. */
function usdcAliases(symbols: readonly string[]): Record<string, string> {
  const aliases: Record<string, string> = {};
  for (const symbol of symbols) {
    const unified = symbol.replace('-', '/');
    if (!unified.endsWith('/USD')) continue;
    const usdc = `${unified}C`;
    if (!symbols.some((candidate) => candidate.replace('-', '/') === usdc)) aliases[usdc] = unified;
  }
  return aliases;
}
