import { marketSpecFor, type MarketSpec } from '../harness/market-spec';
import { type ResolvedOptions, resolveSimulatorOptions, type SimulatorOptions } from '../harness/simulator-options';

/**
 * Options of {@link BinanceFuturesSimulator.start}.
 *
 * @example
 * ```ts
 * const options: BinanceFuturesSimulatorOptions = { symbols: ['BTC/USDT:USDT'], seed: 42, bookLevels: 200, autoStart: false };
 * ```
 */
export interface BinanceFuturesSimulatorOptions extends SimulatorOptions {
  /** Unified perpetual symbols (default `['BTC/USDT:USDT', 'ETH/USDT:USDT', 'SOL/USDT:USDT']`). */
  readonly symbols?: readonly string[];
  /** Market steps per second while running (default 10). */
  readonly stepsPerSecond?: number;
  /** Push interval of `<sym>@depth@100ms` (default 100). */
  readonly depthIntervalMs?: number;
  /** Push interval of `<sym>@ticker` (default 1000); pushed only if the market moved. */
  readonly tickerIntervalMs?: number;
  /** Push interval of `<sym>@markPrice@1s` (default 1000). */
  readonly markPriceIntervalMs?: number;
  /** Book levels per side (default 1000). */
  readonly bookLevels?: number;
  /** Server ping frames every this many ms (default 180 000: every 3 minutes, as USD-M; 0 disables). */
  readonly serverPingIntervalMs?: number;
  /** Connection dropped when a ping is not answered within this many ms (default 600 000: 10 minutes). */
  readonly pongTimeoutMs?: number;
  /** Incoming messages (text, ping, pong) allowed per second per connection (default 10). */
  readonly maxMessagesPerSecond?: number;
  /** Streams allowed per connection (default 1024). */
  readonly maxStreamsPerConnection?: number;
  /** Delay of every REST response in ms; the answer is taken on receipt (default 0). */
  readonly restLatencyMs?: number;
  /** Per-symbol overrides of the market grid/price, e.g. `{ 'BTC/USDT:USDT': { initialPrice: 30_000 } }`. */
  readonly markets?: SimulatorOptions['markets'];
  /** Further perpetuals `GET /fapi/v1/exchangeInfo` lists without a market: accepted, quiet (default none). */
  readonly listedSymbols?: readonly string[];
}

/**
 * {@link BinanceFuturesSimulatorOptions} with every default applied.
 *
 * @example
 * ```ts
 * const resolved: ResolvedBinanceFuturesOptions = resolveBinanceFuturesOptions({ seed: 3 });
 * ```
 */
export type ResolvedBinanceFuturesOptions = ResolvedOptions<BinanceFuturesSimulatorOptions>;

/** USD-M grids of the usual perpetuals (tick, quantity step); any other takes its spot pair's. */
const FUTURES_MARKETS: Readonly<Record<string, Omit<MarketSpec, 'symbol'>>> = {
  'BTC/USDT:USDT': { initialPrice: 65_000, tickSize: 0.1, quantityDecimals: 3 },
  'ETH/USDT:USDT': { initialPrice: 3_000, tickSize: 0.01, quantityDecimals: 3 },
  'SOL/USDT:USDT': { initialPrice: 150, tickSize: 0.01, quantityDecimals: 0 },
  'BNB/USDT:USDT': { initialPrice: 580, tickSize: 0.01, quantityDecimals: 2 },
};

/**
 * Applies the defaults of {@link BinanceFuturesSimulatorOptions}; every symbol's market gets USD-M's
 * grid (or its spot pair's), under the caller's overrides.
 *
 * @example
 * ```ts
 * resolveBinanceFuturesOptions({}).symbols; // ['BTC/USDT:USDT', 'ETH/USDT:USDT', 'SOL/USDT:USDT']
 * ```
 */
export function resolveBinanceFuturesOptions(options: BinanceFuturesSimulatorOptions): ResolvedBinanceFuturesOptions {
  const base = resolveSimulatorOptions(options, ['BTC/USDT:USDT', 'ETH/USDT:USDT', 'SOL/USDT:USDT']);
  const markets: Record<string, Partial<Omit<MarketSpec, 'symbol'>>> = {};
  for (const symbol of base.symbols) {
    const { symbol: _spot, ...spotSpec } = marketSpecFor(symbol.split(':')[0]!);
    markets[symbol] = { ...(FUTURES_MARKETS[symbol] ?? spotSpec), ...options.markets?.[symbol] };
  }
  return {
    ...base,
    markets,
    depthIntervalMs: options.depthIntervalMs ?? 100,
    tickerIntervalMs: options.tickerIntervalMs ?? 1000,
    markPriceIntervalMs: options.markPriceIntervalMs ?? 1000,
    serverPingIntervalMs: options.serverPingIntervalMs ?? 180_000,
    pongTimeoutMs: options.pongTimeoutMs ?? 600_000,
    maxMessagesPerSecond: options.maxMessagesPerSecond ?? 10,
    maxStreamsPerConnection: options.maxStreamsPerConnection ?? 1024,
    restLatencyMs: options.restLatencyMs ?? 0,
    listedSymbols: options.listedSymbols ?? [],
  };
}
