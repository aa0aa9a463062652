/**
 * The error of a stream whose symbol the venue does not list (checked against its instruments
 * endpoint) or cannot serve: the message names the venue, the symbol and where the list came from.
 *
 * @example
 * ```ts
 * bn.ticker('NOPE/USDT').subscribe({ error: (e) => e instanceof UnknownSymbolError && console.error(e.message) });
 * ```
 */
export class UnknownSymbolError extends Error {
  constructor(
    readonly exchange: string,
    readonly symbol: string,
    detail: string,
  ) {
    super(`${exchange}: unknown symbol ${JSON.stringify(symbol)} (${detail})`);
    this.name = 'UnknownSymbolError';
  }
}
