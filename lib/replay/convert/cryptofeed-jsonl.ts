import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import type { StreamMethod } from '../recording-format';
import { cryptofeedExchange, cryptofeedSymbol } from './cryptofeed-symbols';
import { RecordingBuilder, secondsToMs } from './recording-builder';

interface CryptofeedRecord {
  readonly t: 'header' | 'http' | 'connect' | 'send' | 'recv';
  readonly conn?: string;
  readonly ts?: number;
  readonly data?: string;
  readonly addr?: string;
  readonly url?: string;
  readonly exchange?: string;
  readonly config?: Record<string, readonly string[]>;
  readonly recorded?: number;
}

/** cryptofeed channel → the rxmarket stream method that carries it. */
const CHANNELS: Record<string, StreamMethod> = { l2_book: 'book', trades: 'trades', ticker: 'tickers' };

/**
 * Converts a cryptofeed JSON-lines capture (branch v3 `sample_data/*.jsonl`: `header`, `http`,
 * `connect`, `send`, `recv` records with `conn` and `ts` in epoch seconds; gzip or plain) into a
 * recording: connections numbered in order, `connect` followed by `open`, REST bodies as `http`
 * answers (status 200), and one `subscribe` record per stream the capture's config holds
 * (`l2_book` → `book`, `trades` → `trades`, `ticker` → `tickers`; other channels are replayed as
 * frames but no rxmarket stream carries them) at the capture's start.
 *
 * @example
 * ```ts
 * convertCryptofeedJsonl('COINBASE.jsonl.gz').write('coinbase.rxrec.gz');
 * ```
 */
export function convertCryptofeedJsonl(path: string): RecordingBuilder {
  const bytes = readFileSync(path);
  const text = (bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes) : bytes).toString('utf8');
  const records = text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line, i) => {
      try {
        return JSON.parse(line) as CryptofeedRecord;
      } catch (error) {
        throw new TypeError(`${path}, line ${i + 1}: not JSON (${(error as Error).message})`);
      }
    });
  const header = records[0];
  if (header?.t !== 'header' || typeof header.exchange !== 'string') throw new TypeError(`${path}: expected a cryptofeed header record first`);
  const exchange = cryptofeedExchange(header.exchange);
  const wsUrl = records.find((r) => r.t === 'connect')?.addr;
  const restUrl = records.find((r) => r.t === 'http')?.url;
  const builder = new RecordingBuilder({
    exchange,
    options: { ...(wsUrl ? { wsUrl } : {}), ...(restUrl ? { restUrl: new URL(restUrl).origin } : {}) },
    source: `cryptofeed capture ${path.split('/').pop()}`,
  });
  const start = secondsToMs(header.recorded ?? records.find((r) => r.ts !== undefined)?.ts ?? 0);
  let sub = 1;
  for (const [channel, symbols] of Object.entries(header.config ?? {})) {
    const method = CHANNELS[channel];
    if (!method) continue;
    const unified = symbols.map(cryptofeedSymbol);
    if (method === 'book') for (const symbol of unified) builder.add({ type: 'subscribe', sub: sub++, method, symbols: [symbol], ts: start });
    else builder.add({ type: 'subscribe', sub: sub++, method, symbols: unified, ts: start });
  }
  for (const record of records.slice(1)) {
    if (record.ts === undefined || record.conn === undefined) continue;
    const ts = secondsToMs(record.ts);
    const conn = builder.conn(record.conn);
    switch (record.t) {
      case 'http':
        builder.add({ type: 'http', conn, method: 'GET', url: requestedUrl(exchange, record.url ?? ''), sent: ts, status: 200, headers: {}, body: record.data ?? '', ts });
        break;
      case 'connect':
        builder.add({ type: 'connect', conn, url: record.addr ?? '', ts });
        builder.add({ type: 'open', conn, ts });
        break;
      case 'send':
        builder.add({ type: 'send', conn, text: record.data ?? '', ts });
        break;
      case 'recv':
        builder.add({ type: 'recv', conn, data: record.data ?? '', ts });
        break;
      default:
        break;
    }
  }
  return builder;
}

/**
 * The URL the rxmarket client asks for the answer cryptofeed fetched at `url`: Coinbase's product
 * list is fetched unfiltered by cryptofeed and with `?product_type=SPOT` by `coinbase()`, which
 * filters the body by `product_type` itself, so the unfiltered answer serves it (any other URL as is).
 */
function requestedUrl(exchange: string, url: string): string {
  if (exchange !== 'coinbase') return url;
  try {
    const parsed = new URL(url);
    if (parsed.pathname === '/api/v3/brokerage/market/products' && !parsed.searchParams.has('product_type')) {
      parsed.searchParams.set('product_type', 'SPOT');
      return parsed.href;
    }
  } catch {
    // not a URL: kept as written
  }
  return url;
}
