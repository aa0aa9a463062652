/**
 * Bitfinex's currency labels (`GET /v2/conf/pub:map:currency:sym`): the code a pair name uses →
 * the symbol Bitfinex shows, e.g. `UST` → `USDt` (Tether). Unified symbols use the shown symbol in
 * upper case (`USDT`); codes without a label are used as they are.
 *
 * @example
 * ```ts
 * const labels = new BitfinexCurrencies([['UST', 'USDt']]);
 * labels.unified('UST'); // 'USDT'
 * labels.code('USDT');   // 'UST'
 * ```
 */
export class BitfinexCurrencies {
  private readonly toUnified = new Map<string, string>();
  private readonly toCode = new Map<string, string>();

  constructor(labels: readonly (readonly [code: string, symbol: string])[] = []) {
    for (const [code, symbol] of labels) {
      const unified = symbol.toUpperCase();
      if (this.toCode.has(unified)) continue; // the first label of a symbol wins
      this.toUnified.set(code, unified);
      this.toCode.set(unified, code);
    }
  }

  /** The unified currency of a Bitfinex code. */
  unified(code: string): string {
    return this.toUnified.get(code) ?? code;
  }

  /** The Bitfinex code of a unified currency. */
  code(unified: string): string {
    return this.toCode.get(unified) ?? unified;
  }
}

/**
 * Splits a Bitfinex pair name into its currency codes: `BTCUSD` → `BTC`, `USD` (two 3-letter
 * codes), `AVAX:USD` / `BTC:CNHT` → around the `:` Bitfinex puts between longer codes.
 *
 * @example
 * ```ts
 * splitBitfinexPair('BTCUST');   // ['BTC', 'UST']
 * splitBitfinexPair('AVAX:USD'); // ['AVAX', 'USD']
 * splitBitfinexPair('BTCUSDX');  // undefined (neither 6 letters nor a ':')
 * ```
 */
export function splitBitfinexPair(pair: string): readonly [base: string, quote: string] | undefined {
  const colon = pair.indexOf(':');
  if (colon > 0 && colon < pair.length - 1 && pair.indexOf(':', colon + 1) < 0) return [pair.slice(0, colon), pair.slice(colon + 1)];
  if (colon < 0 && pair.length === 6) return [pair.slice(0, 3), pair.slice(3)];
  return undefined;
}

/**
 * Bitfinex's trading symbol of two currency codes: `t` + the pair, with a `:` between the codes
 * when either is longer than 3 letters.
 *
 * @example
 * ```ts
 * bitfinexTradingSymbol('BTC', 'UST');  // 'tBTCUST'
 * bitfinexTradingSymbol('AVAX', 'USD'); // 'tAVAX:USD'
 * ```
 */
export function bitfinexTradingSymbol(base: string, quote: string): string {
  return base.length === 3 && quote.length === 3 ? `t${base}${quote}` : `t${base}:${quote}`;
}
