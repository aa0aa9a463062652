/**
 * The price/quantity grid of one market: prices are multiples of `tickSize` and quantities are
 * multiples of `10^-quantityDecimals`. Every number a simulator produces lies on this grid and
 * is exactly what `Number(x.toFixed(decimals))` gives, so wire text and ground truth agree.
 *
 * @example
 * ```ts
 * const grid: PriceGrid = priceGrid(0.01, 5); // BTC/USDT on Binance
 * ```
 */
export interface PriceGrid {
  readonly tickSize: number;
  readonly priceDecimals: number;
  readonly quantityDecimals: number;
}

/**
 * Number of decimals needed to write `step` (e.g. `0.01` → 2, `0.5` → 1, `1` → 0).
 *
 * @example
 * ```ts
 * decimalsOf(0.00001); // 5
 * ```
 */
export function decimalsOf(step: number): number {
  for (let decimals = 0; decimals <= 12; decimals++) {
    if (Math.abs(Number(step.toFixed(decimals)) - step) < 1e-15) return decimals;
  }
  throw new RangeError(`decimalsOf: ${step} has more than 12 decimals`);
}

/**
 * Builds a {@link PriceGrid}; `priceDecimals` is derived from `tickSize`.
 *
 * @example
 * ```ts
 * priceGrid(0.1, 8); // Kraken BTC/USD: { tickSize: 0.1, priceDecimals: 1, quantityDecimals: 8 }
 * ```
 */
export function priceGrid(tickSize: number, quantityDecimals: number): PriceGrid {
  if (!(tickSize > 0)) throw new RangeError(`priceGrid: tickSize must be > 0, got ${tickSize}`);
  if (!Number.isInteger(quantityDecimals) || quantityDecimals < 0 || quantityDecimals > 12) {
    throw new RangeError(`priceGrid: quantityDecimals must be an integer in [0, 12], got ${quantityDecimals}`);
  }
  return { tickSize, priceDecimals: decimalsOf(tickSize), quantityDecimals };
}

/**
 * Rounds `value` to `decimals` through its decimal text, so the result prints back identically.
 *
 * @example
 * ```ts
 * roundTo(0.1 + 0.2, 2); // 0.3
 * ```
 */
export function roundTo(value: number, decimals: number): number {
  return Number(value.toFixed(decimals));
}

/**
 * The price of `ticks` ticks on `grid` (exactly representable with `grid.priceDecimals`).
 *
 * @example
 * ```ts
 * priceOfTicks(priceGrid(0.01, 5), 6500012); // 65000.12
 * ```
 */
export function priceOfTicks(grid: PriceGrid, ticks: number): number {
  return roundTo(ticks * grid.tickSize, grid.priceDecimals);
}

/**
 * The nearest whole number of ticks for `price`.
 *
 * @example
 * ```ts
 * ticksOfPrice(priceGrid(0.01, 5), 65000.12); // 6500012
 * ```
 */
export function ticksOfPrice(grid: PriceGrid, price: number): number {
  return Math.round(price / grid.tickSize);
}

/**
 * The quantity of `units` smallest quantity units (`10^-quantityDecimals` each).
 *
 * @example
 * ```ts
 * quantityOfUnits(priceGrid(0.01, 5), 25000); // 0.25
 * ```
 */
export function quantityOfUnits(grid: PriceGrid, units: number): number {
  return roundTo(units / 10 ** grid.quantityDecimals, grid.quantityDecimals);
}

/**
 * The nearest whole number of quantity units for `quantity`.
 *
 * @example
 * ```ts
 * unitsOfQuantity(priceGrid(0.01, 5), 0.25); // 25000
 * ```
 */
export function unitsOfQuantity(grid: PriceGrid, quantity: number): number {
  return Math.round(quantity * 10 ** grid.quantityDecimals);
}
