import type { ExchangeId } from '../model/exchange-id';

/**
 * What a subject carries: `book` (snapshots and deltas of one book, in order), `snapshot` (the
 * latest full image of one book), `trade`, `ticker`, `derivative` (derivative tickers) and `lease`
 * (which ingest currently publishes the venue's books).
 *
 * @example
 * ```ts
 * const kind: SubjectKind = 'book';
 * ```
 */
export type SubjectKind = 'book' | 'snapshot' | 'trade' | 'ticker' | 'derivative' | 'lease';

const UNESCAPED = /^[A-Za-z0-9-]$/;

/**
 * Encodes a unified symbol as one NATS subject token: `/` → `_`, `:` → `~`, letters, digits and `-`
 * stay, every other character becomes `%` and two upper-case hex digits per UTF-8 byte (so `.`, `*`,
 * `>`, spaces, `_`, `~` and `%` never reach the subject). Reversed by {@link decodeSymbolToken}.
 *
 * @example
 * ```ts
 * encodeSymbolToken('BTC/USDT:USDT'); // 'BTC_USDT~USDT'
 * encodeSymbolToken('A.B/C');          // 'A%2EB_C'
 * ```
 */
export function encodeSymbolToken(symbol: string): string {
  let out = '';
  for (const char of symbol) {
    if (char === '/') out += '_';
    else if (char === ':') out += '~';
    else if (UNESCAPED.test(char)) out += char;
    else for (const byte of Buffer.from(char, 'utf8')) out += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/**
 * The symbol a subject token stands for (inverse of {@link encodeSymbolToken}).
 *
 * @example
 * ```ts
 * decodeSymbolToken('BTC_USDT~USDT'); // 'BTC/USDT:USDT'
 * ```
 */
export function decodeSymbolToken(token: string): string {
  const bytes: number[] = [];
  for (let i = 0; i < token.length; i++) {
    const char = token[i]!;
    if (char === '%' && /^[0-9A-F]{2}$/.test(token.slice(i + 1, i + 3))) {
      bytes.push(parseInt(token.slice(i + 1, i + 3), 16));
      i += 2;
    } else {
      bytes.push(...Buffer.from(char === '_' ? '/' : char === '~' ? ':' : char, 'utf8'));
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

/**
 * The subject of one symbol's `kind` on `exchange`: `md.<exchange>.<kind>.<symbol token>`.
 *
 * @example
 * ```ts
 * marketSubject('binance', 'book', 'BTC/USDT'); // 'md.binance.book.BTC_USDT'
 * ```
 */
export function marketSubject(exchange: ExchangeId, kind: SubjectKind, symbol: string): string {
  return `md.${exchange}.${kind}.${encodeSymbolToken(symbol)}`;
}

/**
 * The JetStream streams of one exchange: `events` holds books, trades, tickers and derivative
 * tickers (bounded), `snapshots` the latest image per book (one message per subject), `leases` the
 * ingest lease per group (one message per subject, expiring).
 *
 * @example
 * ```ts
 * streamNames('binance'); // { events: 'MD_binance', snapshots: 'MD_binance_snapshots', leases: 'MD_binance_leases' }
 * ```
 */
export function streamNames(exchange: ExchangeId): { readonly events: string; readonly snapshots: string; readonly leases: string } {
  return { events: `MD_${exchange}`, snapshots: `MD_${exchange}_snapshots`, leases: `MD_${exchange}_leases` };
}
