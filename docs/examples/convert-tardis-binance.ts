/**
 * Converts a tardis-style raw capture of Binance spot into a recording `replay()` runs through
 * `binance()`. The input is what tardis-dev caches (and tardis.dev serves as raw data): gzip or
 * plain text, one message per line, `<ISO receipt time, 7 fractional digits>Z <message JSON>`:
 *
 *   2025-01-02T13:00:00.1234567Z {"stream":"btcusdt@depth@100ms","data":{"e":"depthUpdate",…}}
 *   2025-01-02T13:00:00.1240000Z {"stream":"btcusdt@depthSnapshot","generated":true,"data":{"lastUpdateId":…,"bids":…,"asks":…}}
 *
 * Frames become `recv` records at their receipt time; the snapshots tardis generates become the
 * answers to the REST requests `binance()` makes for them (`GET /api/v3/depth?symbol=…&limit=…`);
 * the streams seen become `subscribe` records; the capture lacks `exchangeInfo`, so a synthetic one
 * lists its symbols. Usage (compiled with tsc, run with node):
 *
 *   node convert-tardis-binance.js binance-2025-01-02.csv.gz binance.rxrec.gz [depth=1000]
 *   npx rxmarket replay binance.rxrec.gz --stats
 */
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { RecordingBuilder, splitNativeSymbol } from 'rxmarket';

const WS = 'wss://stream.binance.com:9443';
const REST = 'https://api.binance.com';

/** Epoch ms of tardis' `2025-01-02T13:00:00.1234567Z` (µs kept; `Date.parse` stops at ms). */
function receiptTime(iso: string): number {
  const ms = Date.parse(`${iso.slice(0, 23)}Z`);
  const micros = Number(iso.slice(23, 26) || '0');
  return ms + micros / 1000;
}

export function convertTardisBinance(input: string, output: string, depth = 1000): number {
  const bytes = readFileSync(input);
  const text = (bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes) : bytes).toString('utf8');
  const lines = text.split('\n').filter((line) => line.trim() !== '');
  if (lines.length === 0) throw new Error(`${input} is empty`);
  const builder = new RecordingBuilder({ exchange: 'binance', options: { wsUrl: WS, restUrl: REST }, source: `tardis-style capture ${input}` });
  const start = receiptTime(lines[0]!.slice(0, 28)) - 0.001; // the session opens 1 µs before its first message
  const conn = builder.conn('ws');
  const natives = new Set<string>();
  const books = new Set<string>();
  let snapshots = 0;
  for (const line of lines) {
    const at = receiptTime(line.slice(0, 28));
    const frame = line.slice(29);
    const { stream, generated } = JSON.parse(frame) as { stream: string; generated?: boolean };
    const native = stream.slice(0, stream.indexOf('@')).toUpperCase();
    natives.add(native);
    if (stream.endsWith('@depthSnapshot') && generated) {
      // the snapshot tardis fetched: the answer to the client's own snapshot request
      const data = JSON.stringify((JSON.parse(frame) as { data: unknown }).data);
      builder.add({ type: 'http', conn: builder.conn(`rest ${snapshots++}`), method: 'GET', url: `${REST}/api/v3/depth?symbol=${native}&limit=${depth}`, sent: at, status: 200, headers: {}, body: data, ts: at });
      continue;
    }
    if (stream.endsWith('@depth@100ms')) books.add(native);
    builder.add({ type: 'recv', conn, data: frame, ts: at });
  }
  let sub = 1;
  for (const native of books) builder.add({ type: 'subscribe', sub: sub++, method: 'book', symbols: [splitNativeSymbol(native)], options: { depth }, ts: start });
  const symbols = [...natives].map((native) => {
    const [baseAsset, quoteAsset] = splitNativeSymbol(native).split('/');
    return { symbol: native, status: 'TRADING', baseAsset, quoteAsset, filters: [] };
  });
  builder.add({ type: 'http', conn: builder.conn('exchangeInfo'), method: 'GET', url: `${REST}/api/v3/exchangeInfo`, sent: start, status: 200, headers: {}, body: JSON.stringify({ symbols }), synthetic: true, ts: start });
  builder.add({ type: 'connect', conn, url: `${WS}/stream`, ts: start });
  builder.add({ type: 'open', conn, ts: start });
  return builder.write(output);
}

if (require.main === module) {
  const [input, output, depth] = process.argv.slice(2);
  if (!input || !output) {
    console.error('usage: node convert-tardis-binance.js <tardis capture> <out.rxrec.gz> [depth]');
    process.exitCode = 2;
  } else {
    console.log(`${output}: ${convertTardisBinance(input, output, depth ? Number(depth) : 1000)} records`);
  }
}
