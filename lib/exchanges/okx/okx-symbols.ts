import { parseSymbol } from '../../model/symbol';

/**
 * OKX's instrument id of a unified symbol, by OKX's naming (used when the instrument list is not
 * loaded; with it, the listed `instId` wins): spot `BTC/USDT` → `BTC-USDT`, perpetual
 * `BTC/USDT:USDT` → `BTC-USDT-SWAP` (inverse `BTC/USD:BTC` → `BTC-USD-SWAP`), dated future
 * `BTC/USD:BTC-261225` → `BTC-USD-261225`.
 *
 * @example
 * ```ts
 * okxInstId('BTC/USDT:USDT'); // 'BTC-USDT-SWAP'
 * ```
 */
export function okxInstId(symbol: string): string {
  const { base, quote, settle, expiry } = parseSymbol(symbol);
  if (settle === undefined) return `${base}-${quote}`;
  return `${base}-${quote}-${expiry ?? 'SWAP'}`;
}

/**
 * The index a derivative's `index-tickers` channel is subscribed with: its instrument family
 * `BASE-QUOTE` (`BTC/USDT:USDT` → `BTC-USDT`).
 *
 * @example
 * ```ts
 * okxIndexId('BTC/USD:BTC'); // 'BTC-USD'
 * ```
 */
export function okxIndexId(symbol: string): string {
  const { base, quote } = parseSymbol(symbol);
  return `${base}-${quote}`;
}
