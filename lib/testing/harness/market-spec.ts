/**
 * What a simulated market trades around: its unified symbol, starting price and grid.
 *
 * @example
 * ```ts
 * const spec: MarketSpec = { symbol: 'BTC/USDT', initialPrice: 65_000, tickSize: 0.01, quantityDecimals: 5 };
 * ```
 */
export interface MarketSpec {
  /** Unified `BASE/QUOTE` symbol. */
  readonly symbol: string;
  readonly initialPrice: number;
  /** Price step; prices are multiples of it. */
  readonly tickSize: number;
  /** Quantities are multiples of `10^-quantityDecimals`. */
  readonly quantityDecimals: number;
  /** Mean size of a book level in base currency (default: about 5 000 quote units' worth). */
  readonly typicalQuantity?: number;
}

const KNOWN_MARKETS: Readonly<Record<string, Omit<MarketSpec, 'symbol'>>> = {
  'BTC/USDT': { initialPrice: 65_000, tickSize: 0.01, quantityDecimals: 5 },
  'ETH/USDT': { initialPrice: 3_000, tickSize: 0.01, quantityDecimals: 4 },
  'SOL/USDT': { initialPrice: 150, tickSize: 0.01, quantityDecimals: 3 },
  'BNB/USDT': { initialPrice: 580, tickSize: 0.01, quantityDecimals: 3 },
  'BTC/USD': { initialPrice: 65_000, tickSize: 0.1, quantityDecimals: 8 },
  'ETH/USD': { initialPrice: 3_000, tickSize: 0.01, quantityDecimals: 8 },
  'SOL/USD': { initialPrice: 150, tickSize: 0.01, quantityDecimals: 8 },
  'ETH/BTC': { initialPrice: 0.046, tickSize: 0.00001, quantityDecimals: 4 },
};

/**
 * A realistic {@link MarketSpec} for `symbol`: known pairs get their usual price and grid,
 * anything else trades around 100 with a 0.01 tick and 4 quantity decimals.
 * Exchange simulators may override any field.
 *
 * @example
 * ```ts
 * marketSpecFor('ETH/USDT'); // { symbol: 'ETH/USDT', initialPrice: 3000, tickSize: 0.01, quantityDecimals: 4 }
 * ```
 */
export function marketSpecFor(symbol: string, overrides: Partial<Omit<MarketSpec, 'symbol'>> = {}): MarketSpec {
  const known = KNOWN_MARKETS[symbol] ?? { initialPrice: 100, tickSize: 0.01, quantityDecimals: 4 };
  return { symbol, ...known, ...overrides };
}
