import { marketSpecFor, type MarketSpec } from '../harness/market-spec';
import { type ResolvedOptions, resolveSimulatorOptions, type SimulatorOptions } from '../harness/simulator-options';

/**
 * Options of {@link OkxSimulator.start}.
 *
 * @example
 * ```ts
 * const options: OkxSimulatorOptions = { symbols: ['BTC/USDT', 'BTC/USDT:USDT'], seed: 7, checksum: 'zero', socketSnapshots: false };
 * ```
 */
export interface OkxSimulatorOptions extends SimulatorOptions {
  /** Unified symbols: spot `BASE/QUOTE` and linear swaps `BASE/QUOTE:QUOTE` (default BTC and ETH, spot and swap). */
  readonly symbols?: readonly string[];
  /** Book levels per side of each market (default 400: the whole book fits OKX's `books` channel). */
  readonly bookLevels?: number;
  /** `books` pushes the changes of this period at once, in ms (default 100, as OKX). */
  readonly bookIntervalMs?: number;
  /** An empty keepalive `books` update (same `seqId`) after this long without change, in ms (default 60 000, "around 60 s" on OKX). */
  readonly bookKeepaliveMs?: number;
  /**
   * The `checksum` field: `crc32` (OKX until June 2026), `zero` (OKX from June 2026: present, always 0),
   * `absent` (after OKX delists the field). Default `crc32`.
   */
  readonly checksum?: 'crc32' | 'zero' | 'absent';
  /** Push a `snapshot` on subscribe (default `true`; `false`: OKX after it delists it, clients must use REST). */
  readonly socketSnapshots?: boolean;
  /** `mark-price` and `index-tickers` pushes, in ms (default 200). */
  readonly markPriceIntervalMs?: number;
  /** `funding-rate` pushes, in ms (default 30 000: OKX pushes every 30 to 90 s). */
  readonly fundingIntervalMs?: number;
  /** `open-interest` pushes, in ms (default 3 000). */
  readonly openInterestIntervalMs?: number;
  /** A connection that received nothing (not even `ping`) for this long is closed with 4004, in ms (default 30 000). */
  readonly idleTimeoutMs?: number;
  /** subscribe/unsubscribe requests per connection and hour (default 480); past it: error 60014, not applied. */
  readonly subscribeRequestsPerHour?: number;
  /** Listed by `GET /api/v5/public/instruments` without a simulated market (e.g. to test symbol checks). */
  readonly listedSymbols?: readonly string[];
  /** Delay of every REST answer, in ms (default 0). */
  readonly restLatencyMs?: number;
}

/**
 * {@link OkxSimulatorOptions} with every default applied.
 *
 * @example
 * ```ts
 * resolveOkxOptions({}).bookIntervalMs; // 100
 * ```
 */
export type ResolvedOkxOptions = ResolvedOptions<OkxSimulatorOptions>;

/** Contract values of the simulated linear swaps, in base units (OKX: BTC 0.01, ETH 0.1, others 1). */
const CONTRACT_VALUES: Readonly<Record<string, number>> = { BTC: 0.01, ETH: 0.1 };

/**
 * Base units per contract of a simulated swap of `base`.
 *
 * @example
 * ```ts
 * okxContractValue('BTC'); // 0.01
 * ```
 */
export function okxContractValue(base: string): number {
  return CONTRACT_VALUES[base] ?? 1;
}

/**
 * The market of a simulated swap `BASE/QUOTE:SETTLE`: the spot pair's price and tick, sizes in
 * contracts (0.01-contract lots), a typical order of about 5 000 quote units.
 *
 * @example
 * ```ts
 * okxSwapSpec('BTC/USDT:USDT'); // { initialPrice: 65000, tickSize: 0.1, quantityDecimals: 2, typicalQuantity: ≈7.7 }
 * ```
 */
export function okxSwapSpec(symbol: string): Partial<Omit<MarketSpec, 'symbol'>> {
  const pair = symbol.slice(0, symbol.indexOf(':'));
  const spot = marketSpecFor(pair);
  const base = pair.slice(0, pair.indexOf('/'));
  return {
    initialPrice: spot.initialPrice,
    tickSize: spot.initialPrice >= 10_000 ? 0.1 : spot.tickSize,
    quantityDecimals: 2,
    typicalQuantity: 5000 / spot.initialPrice / okxContractValue(base),
  };
}

/**
 * Applies the defaults of {@link OkxSimulatorOptions}; swaps get {@link okxSwapSpec} markets unless
 * `markets` overrides them.
 *
 * @example
 * ```ts
 * resolveOkxOptions({ seed: 3 }).symbols; // ['BTC/USDT', 'ETH/USDT', 'BTC/USDT:USDT', 'ETH/USDT:USDT']
 * ```
 */
export function resolveOkxOptions(options: OkxSimulatorOptions): ResolvedOkxOptions {
  const base = resolveSimulatorOptions({ bookLevels: 400, ...options }, ['BTC/USDT', 'ETH/USDT', 'BTC/USDT:USDT', 'ETH/USDT:USDT']);
  const markets: Record<string, Partial<Omit<MarketSpec, 'symbol'>>> = {};
  for (const symbol of base.symbols) if (symbol.includes(':')) markets[symbol] = { ...okxSwapSpec(symbol), ...options.markets?.[symbol] };
  return {
    ...base,
    markets: { ...options.markets, ...markets },
    bookIntervalMs: options.bookIntervalMs ?? 100,
    bookKeepaliveMs: options.bookKeepaliveMs ?? 60_000,
    checksum: options.checksum ?? 'crc32',
    socketSnapshots: options.socketSnapshots ?? true,
    markPriceIntervalMs: options.markPriceIntervalMs ?? 200,
    fundingIntervalMs: options.fundingIntervalMs ?? 30_000,
    openInterestIntervalMs: options.openInterestIntervalMs ?? 3_000,
    idleTimeoutMs: options.idleTimeoutMs ?? 30_000,
    subscribeRequestsPerHour: options.subscribeRequestsPerHour ?? 480,
    listedSymbols: options.listedSymbols ?? [],
    restLatencyMs: options.restLatencyMs ?? 0,
  };
}
