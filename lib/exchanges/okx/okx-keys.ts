/**
 * The OKX v5 public channels rxmarket subscribes to (all on `/ws/v5/public`).
 *
 * @example
 * ```ts
 * const channel: OkxChannel = 'books';
 * ```
 */
export type OkxChannel = 'books' | 'tickers' | 'trades' | 'funding-rate' | 'mark-price' | 'open-interest' | 'index-tickers';

/**
 * The stream key of a channel on an instrument: `books:BTC-USDT`, `funding-rate:BTC-USDT-SWAP`
 * (OKX instrument ids never contain `:`).
 *
 * @example
 * ```ts
 * okxKey('books', 'BTC-USDT-SWAP'); // 'books:BTC-USDT-SWAP'
 * ```
 */
export function okxKey(channel: OkxChannel, instId: string): string {
  return `${channel}:${instId}`;
}

/**
 * Reads a stream key back into the `arg` OKX expects (control path only).
 *
 * @example
 * ```ts
 * parseOkxKey('books:BTC-USDT'); // { channel: 'books', instId: 'BTC-USDT' }
 * ```
 */
export function parseOkxKey(key: string): { readonly channel: OkxChannel; readonly instId: string } {
  const colon = key.indexOf(':');
  return { channel: key.slice(0, colon) as OkxChannel, instId: key.slice(colon + 1) };
}

/**
 * A (un)subscribe request: `{"id":"7","op":"subscribe","args":[{"channel":"books","instId":"BTC-USDT"},…]}`
 * (one request may carry any channels; `id` is echoed in the reply).
 *
 * @example
 * ```ts
 * okxRequest('subscribe', ['tickers:BTC-USDT'], 3); // '{"id":"3","op":"subscribe","args":[{"channel":"tickers","instId":"BTC-USDT"}]}'
 * ```
 */
export function okxRequest(op: 'subscribe' | 'unsubscribe', keys: readonly string[], id: number): string {
  return JSON.stringify({ id: String(id), op, args: keys.map(parseOkxKey) });
}
