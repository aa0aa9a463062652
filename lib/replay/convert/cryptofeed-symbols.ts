import type { ExchangeId } from '../../model/exchange-id';

/**
 * cryptofeed's exchange names (`COINBASE`, `BINANCE`…) to rxmarket's ids.
 *
 * @example
 * ```ts
 * cryptofeedExchange('COINBASE'); // 'coinbase'
 * ```
 */
export function cryptofeedExchange(name: string): ExchangeId {
  const known: Record<string, ExchangeId> = {
    COINBASE: 'coinbase',
    BINANCE: 'binance',
    BINANCE_FUTURES: 'binanceFutures',
    KRAKEN: 'kraken',
    BYBIT: 'bybit',
    OKX: 'okx',
    GATEIO: 'gateio',
    KUCOIN: 'kucoin',
    BITFINEX: 'bitfinex',
    DERIBIT: 'deribit',
  };
  const id = known[name.toUpperCase()];
  if (!id) throw new TypeError(`unknown cryptofeed exchange ${JSON.stringify(name)} (known: ${Object.keys(known).join(', ')})`);
  return id;
}

/**
 * cryptofeed's normalized symbols to unified ones: `BTC-USD` → `BTC/USD`, `BTC-USDT-PERP` →
 * `BTC/USDT:USDT` (a linear perpetual settled in its quote).
 *
 * @example
 * ```ts
 * cryptofeedSymbol('ETH-USDT-PERP'); // 'ETH/USDT:USDT'
 * ```
 */
export function cryptofeedSymbol(symbol: string): string {
  const parts = symbol.split('-');
  if (parts.length === 3 && parts[2] === 'PERP') return `${parts[0]}/${parts[1]}:${parts[1]}`;
  if (parts.length !== 2) throw new TypeError(`cannot map the cryptofeed symbol ${JSON.stringify(symbol)} to BASE/QUOTE`);
  return `${parts[0]}/${parts[1]}`;
}

const QUOTES = ['USDT', 'USDC', 'FDUSD', 'BUSD', 'TUSD', 'USD', 'EUR', 'GBP', 'TRY', 'BRL', 'BTC', 'ETH', 'BNB', 'DAI'];

/**
 * Splits a concatenated native symbol (`NKNUSDT`) at a known quote currency: `NKN/USDT`. Captures
 * whose symbols this cannot split take an explicit map instead.
 *
 * @example
 * ```ts
 * splitNativeSymbol('LRCBTC'); // 'LRC/BTC'
 * ```
 */
export function splitNativeSymbol(native: string): string {
  const upper = native.toUpperCase();
  for (const quote of QUOTES) if (upper.length > quote.length && upper.endsWith(quote)) return `${upper.slice(0, -quote.length)}/${quote}`;
  throw new TypeError(`cannot split ${JSON.stringify(native)} into BASE/QUOTE: pass the symbol map explicitly`);
}
