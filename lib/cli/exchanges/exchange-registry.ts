import { CliUsageError } from '../cli-error';
import { binanceEntry } from './binance-entry';
import { bybitEntry } from './bybit-entry';
import { binanceFuturesEntry } from './binance-futures-entry';
import { bitfinexEntry } from './bitfinex-entry';
import { coinbaseEntry } from './coinbase-entry';
import { deribitEntry } from './deribit-entry';
import type { ExchangeEntry } from './exchange-entry';
import { gateioEntry } from './gateio-entry';
import { krakenEntry } from './kraken-entry';
import { okxEntry } from './okx-entry';
import { kucoinEntry } from './kucoin-entry';

/**
 * Every exchange the CLI and the demo know, in display order. One line per exchange.
 *
 * @example
 * ```ts
 * EXCHANGES.map((e) => e.id); // ['binance', 'coinbase', 'kraken', 'binanceFutures', 'bybit', 'okx', 'gateio', 'kucoin', 'bitfinex', 'deribit']
 * ```
 */
export const EXCHANGES: readonly ExchangeEntry[] = [binanceEntry, coinbaseEntry, krakenEntry, binanceFuturesEntry, bybitEntry, okxEntry, gateioEntry, kucoinEntry, bitfinexEntry, deribitEntry];

/**
 * The entry of `name` (case-insensitive) in `registry`; a {@link CliUsageError} naming the known
 * exchanges otherwise.
 *
 * @example
 * ```ts
 * findExchange('Binance').id; // 'binance'
 * findExchange('binancefutures').id; // 'binanceFutures'
 * findExchange('bitmex');     // throws: unknown exchange "bitmex" (known: binance, coinbase, kraken, …)
 * ```
 */
export function findExchange(name: string, registry: readonly ExchangeEntry[] = EXCHANGES): ExchangeEntry {
  const entry = registry.find((e) => e.id.toLowerCase() === name.toLowerCase());
  if (!entry) throw new CliUsageError(`unknown exchange "${name}" (known: ${registry.map((e) => e.id).join(', ')})`);
  return entry;
}
