import type { MarketSpec } from '../harness/market-spec';
import { type ResolvedOptions, resolveSimulatorOptions, type SimulatorOptions } from '../harness/simulator-options';

/**
 * Options of `DeribitSimulator.start`.
 *
 * @example
 * ```ts
 * const options: DeribitSimulatorOptions = { symbols: ['BTC/USD:BTC', 'ETH/USD:ETH'], seed: 7, heartbeatIntervalMs: 200 };
 * ```
 */
export interface DeribitSimulatorOptions extends SimulatorOptions {
  /**
   * Unified symbols: perpetuals `BASE/USD:BASE` (inverse, `BTC-PERPETUAL`) and `BASE/USDC:USDC`
   * (linear, `BTC_USDC-PERPETUAL`), dated futures `BASE/USD:BASE-YYMMDD` (`BTC-25DEC26`), spot pairs
   * `BASE/QUOTE` (`BTC_USDC`). Default `['BTC/USD:BTC', 'ETH/USD:ETH', 'BTC/USDC:USDC']`.
   */
  readonly symbols?: readonly string[];
  /** Seed of every market (default 1). */
  readonly seed?: number;
  /** Market steps per second while running (default 10, Deribit's 100 ms aggregation); each step is one notification per channel. */
  readonly stepsPerSecond?: number;
  /** Book levels per side of each market (default 200; Deribit books are whole, the simulated market holds this many). */
  readonly bookLevels?: number;
  /** Market steps remembered (default 2000). */
  readonly historySize?: number;
  /** Per-symbol overrides of the market grid/price (defaults follow Deribit's instruments, see {@link DERIBIT_MARKETS}). */
  readonly markets?: SimulatorOptions['markets'];
  /**
   * The heartbeat interval used for every `public/set_heartbeat`, in ms, whatever interval the client
   * asked for (default: the client's, in seconds, as Deribit does). Tests shorten it.
   */
  readonly heartbeatIntervalMs?: number;
  /** Charge requests credits as Deribit does (default `true`): see `DeribitSimulator`. */
  readonly enforceCredits?: boolean;
}

/**
 * {@link DeribitSimulatorOptions} with every default applied (`heartbeatIntervalMs` 0: the client's).
 *
 * @example
 * ```ts
 * resolveDeribitOptions({}).bookLevels; // 200
 * ```
 */
export type ResolvedDeribitOptions = ResolvedOptions<DeribitSimulatorOptions>;

/**
 * Deribit's own grids for the usual markets (from `get_instruments`): tick size and the decimals of
 * amounts, which are USD for inverse contracts (whole dollars here) and the base coin otherwise.
 *
 * @example
 * ```ts
 * DERIBIT_MARKETS['BTC/USD:BTC']?.tickSize; // 0.5
 * ```
 */
export const DERIBIT_MARKETS: Readonly<Record<string, Partial<Omit<MarketSpec, 'symbol'>>>> = {
  'BTC/USD:BTC': { initialPrice: 65_000, tickSize: 0.5, quantityDecimals: 0, typicalQuantity: 20_000 },
  'ETH/USD:ETH': { initialPrice: 3_000, tickSize: 0.05, quantityDecimals: 0, typicalQuantity: 10_000 },
  'BTC/USDC:USDC': { initialPrice: 65_000, tickSize: 1, quantityDecimals: 3, typicalQuantity: 0.3 },
  'ETH/USDC:USDC': { initialPrice: 3_000, tickSize: 0.1, quantityDecimals: 3, typicalQuantity: 3 },
  'BTC/USDC': { initialPrice: 65_000, tickSize: 1, quantityDecimals: 4, typicalQuantity: 0.1 },
  'ETH/USDC': { initialPrice: 3_000, tickSize: 0.1, quantityDecimals: 4, typicalQuantity: 1 },
};

/** Grids by kind for symbols not in {@link DERIBIT_MARKETS}: inverse futures in whole dollars. */
function gridFor(symbol: string): Partial<Omit<MarketSpec, 'symbol'>> {
  const known = DERIBIT_MARKETS[symbol] ?? DERIBIT_MARKETS[symbol.replace(/-\d{6}$/, '')];
  if (known) return symbol.includes('-') ? { ...known, tickSize: known.tickSize === 0.5 ? 2.5 : known.tickSize } : known;
  const [pair, settle] = symbol.split(':');
  const base = pair!.split('/')[0];
  return settle !== undefined && settle.startsWith(base!) ? { initialPrice: 100, tickSize: 0.01, quantityDecimals: 0, typicalQuantity: 1_000 } : { initialPrice: 100, tickSize: 0.01, quantityDecimals: 3 };
}

/**
 * Applies the defaults of {@link DeribitSimulatorOptions}; markets without an override take Deribit's
 * grid (dated BTC futures tick 2.5).
 *
 * @example
 * ```ts
 * resolveDeribitOptions({ symbols: ['BTC/USD:BTC'] }).markets?.['BTC/USD:BTC']?.quantityDecimals; // 0
 * ```
 */
export function resolveDeribitOptions(options: DeribitSimulatorOptions): ResolvedDeribitOptions {
  const base = resolveSimulatorOptions({ ...options, bookLevels: options.bookLevels ?? 200 }, ['BTC/USD:BTC', 'ETH/USD:ETH', 'BTC/USDC:USDC']);
  const markets: Record<string, Partial<Omit<MarketSpec, 'symbol'>>> = {};
  for (const symbol of base.symbols) markets[symbol] = { ...gridFor(symbol), ...options.markets?.[symbol] };
  return { ...base, markets, heartbeatIntervalMs: options.heartbeatIntervalMs ?? 0, enforceCredits: options.enforceCredits ?? true };
}
