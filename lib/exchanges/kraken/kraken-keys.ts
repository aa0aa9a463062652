/**
 * A Kraken v2 channel rxmarket subscribes to.
 *
 * @example
 * ```ts
 * const channel: KrakenChannel = 'book';
 * ```
 */
export type KrakenChannel = 'ticker' | 'trade' | 'book' | 'instrument';

/**
 * What a stream key stands for: the channel, and (except for `instrument`) the symbol and book depth.
 *
 * @example
 * ```ts
 * const parsed: KrakenKey = { channel: 'book', symbol: 'BTC/USD', depth: 10 };
 * ```
 */
export interface KrakenKey {
  readonly channel: KrakenChannel;
  readonly symbol?: string;
  readonly depth?: number;
}

/** The hidden stream of the `instrument` channel (precisions for the book checksums). */
export const KRAKEN_INSTRUMENT_KEY = 'instrument';

/**
 * The stream key of a channel on a symbol: `ticker:BTC/USD`, `trade:BTC/USD`, `book:BTC/USD:10`.
 *
 * @example
 * ```ts
 * krakenKey('book', 'BTC/USD', 10); // 'book:BTC/USD:10'
 * ```
 */
export function krakenKey(channel: 'ticker' | 'trade' | 'book', symbol: string, depth?: number): string {
  return channel === 'book' ? `book:${symbol}:${depth}` : `${channel}:${symbol}`;
}

/**
 * Reads a stream key back (control path only, never per data message).
 *
 * @example
 * ```ts
 * parseKrakenKey('book:BTC/USD:25'); // { channel: 'book', symbol: 'BTC/USD', depth: 25 }
 * ```
 */
export function parseKrakenKey(key: string): KrakenKey {
  if (key === KRAKEN_INSTRUMENT_KEY) return { channel: 'instrument' };
  const [channel, symbol, depth] = key.split(':');
  if (channel === 'book') return { channel, symbol: symbol!, depth: Number(depth) };
  return { channel: channel as 'ticker' | 'trade', symbol: symbol! };
}

/**
 * The request group of a key: keys of one group share identical request params (channel and, for
 * books, depth), so the hub batches them into one message with a `symbol` list.
 *
 * @example
 * ```ts
 * krakenGroupOf('book:BTC/USD:10') === krakenGroupOf('book:ETH/USD:10'); // true
 * krakenGroupOf('book:BTC/USD:10') === krakenGroupOf('book:ETH/USD:25'); // false
 * ```
 */
export function krakenGroupOf(key: string): string {
  if (key.startsWith('book:')) return `book:${key.slice(key.lastIndexOf(':') + 1)}`;
  const colon = key.indexOf(':');
  return colon < 0 ? key : key.slice(0, colon);
}
