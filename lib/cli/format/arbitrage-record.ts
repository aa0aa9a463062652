import type { ArbitrageSignal } from '../../operators/arbitrage-signal';

/** Decimals of a number as its shortest round-trip text writes it (`65000.83` → 2, `1e-7` → 7). */
function decimalsOf(value: number): number {
  if (!Number.isFinite(value) || Number.isInteger(value)) return 0;
  const text = String(value);
  const exponent = text.indexOf('e-');
  if (exponent >= 0) return Number(text.slice(exponent + 2)) + Math.max(0, exponent - text.indexOf('.') - 1);
  return text.length - text.indexOf('.') - 1;
}

/** `value` rounded to `decimals` (at most 15) decimals. */
function round(value: number, decimals: number): number {
  return Number.isFinite(value) ? Number(value.toFixed(Math.min(15, decimals))) : value;
}

/**
 * An arbitrage signal for NDJSON output with derived numbers cut to what their inputs can mean:
 * `spread` to the prices' decimals, `netSpread` to those plus the fees' decimals, `profit` to those
 * plus the size's, percentages to 6 decimals — so `65001.2 - 65000.83` prints `0.37`, not
 * `0.37000000000261934` (binary floating-point noise). Prices, sizes and times are untouched.
 *
 * @example
 * ```ts
 * io.stdout.write(`${JSON.stringify(arbitrageRecord(signal, [0.001, 0.0026]))}\n`);
 * ```
 */
export function arbitrageRecord(signal: ArbitrageSignal, fees: readonly number[]): ArbitrageSignal {
  const opportunity = signal.type === 'opportunity' ? signal : signal.opportunity;
  const priceDecimals = Math.max(decimalsOf(opportunity.buyPrice), decimalsOf(opportunity.sellPrice));
  const netDecimals = priceDecimals + Math.max(0, ...fees.map(decimalsOf));
  const clean = {
    ...opportunity,
    spread: round(opportunity.spread, priceDecimals),
    spreadPct: round(opportunity.spreadPct, 6),
    netSpread: round(opportunity.netSpread, netDecimals),
    netSpreadPct: round(opportunity.netSpreadPct, 6),
    profit: round(opportunity.profit, netDecimals + decimalsOf(opportunity.size)),
  };
  return signal.type === 'opportunity' ? clean : { ...signal, opportunity: clean };
}
