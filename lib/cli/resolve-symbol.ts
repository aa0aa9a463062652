import { parseSymbol } from '../model/symbol';
import { CliUsageError } from './cli-error';
import type { ExchangeEntry } from './exchanges/exchange-entry';

/**
 * Normalizes a user-typed symbol (`btc/usdt` → `BTC/USDT`) and checks it: it must be a unified
 * `BASE/QUOTE` symbol and, without `--live`, one the exchange's simulator quotes.
 *
 * @example
 * ```ts
 * resolveSymbol(binanceEntry, 'eth/usdt', false); // 'ETH/USDT'
 * resolveSymbol(binanceEntry, 'BTC/EUR', false);  // throws: unknown symbol "BTC/EUR" for binance (simulated: …)
 * ```
 */
export function resolveSymbol(entry: ExchangeEntry, raw: string, live: boolean): string {
  const symbol = raw.trim().toUpperCase();
  try {
    parseSymbol(symbol);
  } catch {
    throw new CliUsageError(`invalid symbol "${raw}": expected BASE/QUOTE, e.g. "${entry.demoSymbols[0] ?? 'BTC/USDT'}"`);
  }
  if (!live && !entry.simulatedSymbols.includes(symbol)) {
    throw new CliUsageError(
      `unknown symbol "${symbol}" for ${entry.id} (simulated: ${entry.simulatedSymbols.join(', ')}; --live for any listed market)`,
    );
  }
  return symbol;
}
