import type { MarketSpec } from '../harness/market-spec';
import { type ResolvedOptions, resolveSimulatorOptions, type SimulatorOptions } from '../harness/simulator-options';

/**
 * Options of {@link BitfinexSimulator.start}. Limits and timings default to Bitfinex's.
 *
 * @example
 * ```ts
 * const options: BitfinexSimulatorOptions = { symbols: ['BTC/USD'], seed: 42, autoStart: false, maxConnectionsPerMinute: 1000 };
 * ```
 */
export interface BitfinexSimulatorOptions extends SimulatorOptions {
  /** Unified symbols (default `['BTC/USD', 'ETH/USD', 'SOL/USD']`), priced with 5 significant digits as on Bitfinex. */
  readonly symbols?: readonly string[];
  /** Push interval of `ticker` messages (default 1000); pushed only if the market moved. */
  readonly tickerIntervalMs?: number;
  /** A channel quiet this long gets a `[CHAN_ID,"hb",SEQ]` heartbeat (default 15 000, as documented). */
  readonly heartbeatIntervalMs?: number;
  /** Channels one connection may hold (default 25); past it a subscription is refused with error 10305. */
  readonly maxChannelsPerConnection?: number;
  /** Connections accepted per sliding minute (default 20); past it the handshake is refused with HTTP 429. */
  readonly maxConnectionsPerMinute?: number;
  /** Further unified symbols the conf lists without a simulated market: accepted, always quiet (default none). */
  readonly listedSymbols?: readonly string[];
  /** Delay of every REST response in ms (default 0). */
  readonly restLatencyMs?: number;
}

/**
 * {@link BitfinexSimulatorOptions} with every default applied.
 *
 * @example
 * ```ts
 * const resolved: ResolvedBitfinexOptions = resolveBitfinexOptions({ seed: 3 });
 * ```
 */
export type ResolvedBitfinexOptions = ResolvedOptions<BitfinexSimulatorOptions>;

/** Bitfinex quotes 5 significant digits and 8 amount decimals: the grids of the default markets. */
const FIVE_SIGNIFICANT_DIGITS: Readonly<Record<string, Partial<Omit<MarketSpec, 'symbol'>>>> = {
  'BTC/USD': { initialPrice: 65_000, tickSize: 1, quantityDecimals: 8 },
  'BTC/USDT': { initialPrice: 65_000, tickSize: 1, quantityDecimals: 8 },
  'ETH/USD': { initialPrice: 3_000, tickSize: 0.1, quantityDecimals: 8 },
  'SOL/USD': { initialPrice: 150, tickSize: 0.01, quantityDecimals: 8 },
  'ETH/BTC': { initialPrice: 0.046, tickSize: 0.000001, quantityDecimals: 8 },
};

/**
 * Applies the defaults of {@link BitfinexSimulatorOptions}; markets of the known symbols get
 * Bitfinex-like grids unless `markets` overrides them.
 *
 * @example
 * ```ts
 * resolveBitfinexOptions({}).heartbeatIntervalMs; // 15000
 * ```
 */
export function resolveBitfinexOptions(options: BitfinexSimulatorOptions): ResolvedBitfinexOptions {
  const base = resolveSimulatorOptions(options, ['BTC/USD', 'ETH/USD', 'SOL/USD']);
  const markets: Record<string, Partial<Omit<MarketSpec, 'symbol'>>> = {};
  for (const symbol of base.symbols) markets[symbol] = { ...FIVE_SIGNIFICANT_DIGITS[symbol], ...options.markets?.[symbol] };
  return {
    ...base,
    markets,
    tickerIntervalMs: options.tickerIntervalMs ?? 1000,
    heartbeatIntervalMs: options.heartbeatIntervalMs ?? 15_000,
    maxChannelsPerConnection: options.maxChannelsPerConnection ?? 25,
    maxConnectionsPerMinute: options.maxConnectionsPerMinute ?? 20,
    listedSymbols: options.listedSymbols ?? [],
    restLatencyMs: options.restLatencyMs ?? 0,
  };
}
