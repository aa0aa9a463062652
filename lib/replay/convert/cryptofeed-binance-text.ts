import { readFileSync } from 'node:fs';
import type { StreamMethod } from '../recording-format';
import { binanceDepthForLimit } from '../../exchanges/binance/binance-depth-limits';
import { splitNativeSymbol } from './cryptofeed-symbols';
import { RecordingBuilder, secondsToMs } from './recording-builder';

/**
 * Options of {@link convertCryptofeedBinanceText}.
 *
 * @example
 * ```ts
 * const options: BinanceTextCapture = { ws: 'BINANCE.ws.1.0', rest: 'BINANCE.http.0.0', symbols: { NKNUSDT: 'NKN/USDT' } };
 * ```
 */
export interface BinanceTextCapture {
  /** The WebSocket capture: `URL <-> epoch` on the first line, then `<epoch seconds>: <frame>` per line. */
  readonly ws: string;
  /** The REST capture: `<URL> -> <epoch seconds>: <body>` per line (depth snapshots). */
  readonly rest?: string;
  /** Native → unified symbols, for natives that cannot be split at a known quote currency. */
  readonly symbols?: Readonly<Record<string, string>>;
}

const STREAM_METHODS: Record<string, StreamMethod> = { 'depth@100ms': 'book', trade: 'trades', ticker: 'tickers' };

/**
 * Converts a cryptofeed v1 text capture of Binance spot (`sample_data/BINANCE.ws.*` +
 * `BINANCE.http.*`, the shape of `spec/fixtures/real/binance-spot.*.txt`) into a recording that
 * `binance()` replays: the combined-stream connection as the client opens it (`<origin>/stream`,
 * the streams are subscribed by message instead of in the URL), every frame verbatim at its
 * receipt time, the REST depth snapshots as `http` answers, one `subscribe` record per stream
 * rxmarket carries (`@depth@100ms` → `book` with the snapshots' `limit` as depth, `@trade` →
 * `trades`, `@ticker` → `tickers`), and a synthetic `exchangeInfo` answer listing the capture's
 * symbols (the capture has none; `synthetic: true`). Other streams (`@bookTicker`, `@aggTrade`,
 * `@kline_*`) stay in the file as frames no rxmarket stream consumes.
 *
 * @example
 * ```ts
 * convertCryptofeedBinanceText({ ws: 'binance-spot.ws.txt', rest: 'binance-spot.rest.txt' }).write('binance-spot.rxrec.gz');
 * ```
 */
export function convertCryptofeedBinanceText(capture: BinanceTextCapture): RecordingBuilder {
  const wsLines = readFileSync(capture.ws, 'utf8').split('\n');
  const first = /^(\S+) <-> ([\d.]+)$/.exec(wsLines[0]!.trim());
  if (!first) throw new TypeError(`${capture.ws}: the first line must be "<URL> <-> <epoch>"`);
  const captured = new URL(first[1]!);
  const origin = `${captured.protocol}//${captured.host}`;
  const connectedAt = secondsToMs(Number(first[2]));
  const streams = (captured.searchParams.get('streams') ?? '').split('/').filter((s) => s !== '');

  const restLines = capture.rest ? readFileSync(capture.rest, 'utf8').split('\n').filter((line) => line.trim() !== '') : [];
  const rest = restLines.map((line, i) => {
    const match = /^(\S+) -> ([\d.]+): (.*)$/.exec(line);
    if (!match) throw new TypeError(`${capture.rest}, line ${i + 1}: expected "<URL> -> <epoch>: <body>"`);
    return { url: match[1]!, ts: secondsToMs(Number(match[2])), body: match[3]! };
  });
  const restOrigin = rest[0] ? new URL(rest[0].url).origin : 'https://api.binance.com';
  // the book depth for which binance() asks exactly the captured snapshot's limit
  const depthOf = new Map(rest.map(({ url }) => [new URL(url).searchParams.get('symbol'), binanceDepthForLimit(Number(new URL(url).searchParams.get('limit') ?? 100))]));
  const unified = (native: string): string => capture.symbols?.[native.toUpperCase()] ?? splitNativeSymbol(native);

  const builder = new RecordingBuilder({
    exchange: 'binance',
    options: { wsUrl: origin, restUrl: restOrigin },
    source: `cryptofeed Binance text capture ${capture.ws.split('/').pop()}${capture.rest ? ` + ${capture.rest.split('/').pop()}` : ''}`,
  });
  // what rxmarket streams the capture holds
  const natives = new Set<string>();
  let sub = 1;
  const byMethod = new Map<StreamMethod, string[]>();
  for (const stream of streams) {
    const at = stream.indexOf('@');
    const native = stream.slice(0, at).toUpperCase();
    const method = STREAM_METHODS[stream.slice(at + 1)];
    natives.add(native);
    if (!method) continue;
    if (method === 'book') builder.add({ type: 'subscribe', sub: sub++, method, symbols: [unified(native)], options: { depth: depthOf.get(native) ?? binanceDepthForLimit(100) }, ts: connectedAt });
    else byMethod.set(method, [...(byMethod.get(method) ?? []), unified(native)]);
  }
  for (const [method, symbols] of byMethod) builder.add({ type: 'subscribe', sub: sub++, method, symbols, ts: connectedAt });
  const symbols = [...natives].map((native) => {
    const [baseAsset, quoteAsset] = unified(native).split('/');
    return { symbol: native, status: 'TRADING', baseAsset, quoteAsset, filters: [] };
  });
  builder.add({
    type: 'http',
    conn: builder.conn('exchangeInfo'),
    method: 'GET',
    url: `${restOrigin}/api/v3/exchangeInfo`,
    sent: connectedAt,
    status: 200,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ timezone: 'UTC', serverTime: Math.floor(connectedAt), rateLimits: [], exchangeFilters: [], symbols }),
    synthetic: true,
    ts: connectedAt,
  });
  const conn = builder.conn('ws');
  builder.add({ type: 'connect', conn, url: `${origin}/stream`, ts: connectedAt });
  builder.add({ type: 'open', conn, ts: connectedAt });
  for (let i = 1; i < wsLines.length; i++) {
    const line = wsLines[i]!;
    if (line.trim() === '') continue;
    const colon = line.indexOf(': ');
    if (colon < 0) throw new TypeError(`${capture.ws}, line ${i + 1}: expected "<epoch>: <frame>"`);
    builder.add({ type: 'recv', conn, data: line.slice(colon + 2), ts: secondsToMs(Number(line.slice(0, colon))) });
  }
  for (const { url, ts, body } of rest) {
    builder.add({ type: 'http', conn: builder.conn(`rest ${url} ${ts}`), method: 'GET', url, sent: ts, status: 200, headers: {}, body, ts });
  }
  return builder;
}
