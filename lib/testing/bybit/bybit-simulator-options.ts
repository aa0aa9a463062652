import type { MarketSpec } from '../harness/market-spec';
import { type ResolvedOptions, resolveSimulatorOptions, type SimulatorOptions } from '../harness/simulator-options';

/**
 * Options of `BybitSimulator.start`.
 *
 * @example
 * ```ts
 * const options: BybitSimulatorOptions = { symbols: ['BTC/USDT', 'BTC/USDT:USDT'], seed: 7, bookLevels: 200, idleTimeoutMs: 500 };
 * ```
 */
export interface BybitSimulatorOptions extends SimulatorOptions {
  /**
   * Unified symbols: spot `BASE/QUOTE` (served on `/v5/public/spot`) and linear perpetuals
   * `BASE/QUOTE:SETTLE` (on `/v5/public/linear`). Default `['BTC/USDT', 'ETH/USDT', 'BTC/USDT:USDT', 'ETH/USDT:USDT']`.
   */
  readonly symbols?: readonly string[];
  /** Seed of every market (default 1). */
  readonly seed?: number;
  /** Market steps per second while running (default 10); every step is published at once. */
  readonly stepsPerSecond?: number;
  /** Book levels per side of each market (default 1000, enough for every Bybit depth). */
  readonly bookLevels?: number;
  /** Market steps remembered (default 2000). */
  readonly historySize?: number;
  /** Per-symbol overrides of the market grid/price (defaults follow Bybit's own instruments). */
  readonly markets?: SimulatorOptions['markets'];
  /**
   * Drop a connection that sent no `{"op":"ping"}` for this long, in ms (default 0: never). Bybit
   * documents no such limit for public streams; use it to prove a client keeps its socket alive.
   */
  readonly idleTimeoutMs?: number;
  /** An unchanged level-1 book is sent again (same `u`) after this long, in ms, as Bybit does every 3 s (default 3000). */
  readonly level1RepeatMs?: number;
  /** Largest page `instruments-info` serves on linear, whatever `limit` asks (default 1000, Bybit's maximum). */
  readonly instrumentsPageLimit?: number;
  /** Funding rate of every linear market until `setFunding` (default 0.0001). */
  readonly fundingRate?: number;
}

/**
 * {@link BybitSimulatorOptions} with every default applied.
 *
 * @example
 * ```ts
 * resolveBybitOptions({}).level1RepeatMs; // 3000
 * ```
 */
export type ResolvedBybitOptions = ResolvedOptions<BybitSimulatorOptions>;

/**
 * How Bybit writes a market's numbers besides its grid: linear prices carry `priceScale` decimals
 * (`"64201.30"` on a 0.10 tick), spot prices and sizes drop trailing zeros.
 *
 * @example
 * ```ts
 * const spec: BybitMarketSpec = { initialPrice: 65_000, tickSize: 0.1, quantityDecimals: 3, priceScale: 2 };
 * ```
 */
export type BybitMarketSpec = Partial<Omit<MarketSpec, 'symbol'>> & { readonly priceScale?: number };

/**
 * Bybit's own grids for the usual markets (from its instruments-info: tick, base precision or qty step, priceScale).
 *
 * @example
 * ```ts
 * BYBIT_MARKETS['BTC/USDT:USDT']?.priceScale; // 2: linear BTCUSDT prices are written "65000.10"
 * ```
 */
export const BYBIT_MARKETS: Readonly<Record<string, BybitMarketSpec>> = {
  'BTC/USDT': { initialPrice: 65_000, tickSize: 0.1, quantityDecimals: 6 },
  'ETH/USDT': { initialPrice: 3_000, tickSize: 0.01, quantityDecimals: 5 },
  'SOL/USDT': { initialPrice: 150, tickSize: 0.01, quantityDecimals: 4 },
  'BTC/USDT:USDT': { initialPrice: 65_000, tickSize: 0.1, quantityDecimals: 3, priceScale: 2 },
  'ETH/USDT:USDT': { initialPrice: 3_000, tickSize: 0.01, quantityDecimals: 2, priceScale: 2 },
  'SOL/USDT:USDT': { initialPrice: 150, tickSize: 0.01, quantityDecimals: 1, priceScale: 3 },
  'BTC/USDC:USDC': { initialPrice: 65_000, tickSize: 0.1, quantityDecimals: 3, priceScale: 2 },
};

/**
 * Applies the defaults of {@link BybitSimulatorOptions}; markets without an override take Bybit's
 * grid from {@link BYBIT_MARKETS} (a perpetual unknown there takes its spot pair's).
 *
 * @example
 * ```ts
 * resolveBybitOptions({ symbols: ['BTC/USDT:USDT'] }).markets?.['BTC/USDT:USDT']?.tickSize; // 0.1
 * ```
 */
export function resolveBybitOptions(options: BybitSimulatorOptions): ResolvedBybitOptions {
  const base = resolveSimulatorOptions(options, ['BTC/USDT', 'ETH/USDT', 'BTC/USDT:USDT', 'ETH/USDT:USDT']);
  const markets: Record<string, BybitMarketSpec> = {};
  for (const symbol of base.symbols) {
    const known = BYBIT_MARKETS[symbol] ?? BYBIT_MARKETS[symbol.split(':')[0]!] ?? {};
    markets[symbol] = { ...known, ...options.markets?.[symbol] };
  }
  return {
    ...base,
    markets,
    idleTimeoutMs: options.idleTimeoutMs ?? 0,
    level1RepeatMs: options.level1RepeatMs ?? 3000,
    instrumentsPageLimit: options.instrumentsPageLimit ?? 1000,
    fundingRate: options.fundingRate ?? 0.0001,
  };
}
