'use strict';
/**
 * The Binance benchmark dataset (bench/lib/binance-dataset.js) as a recording file, so it can be
 * replayed through the public `replay()`: a `book('BTC/USDT', { depth: 1000 })` subscription, the
 * `exchangeInfo` answer, one socket, every depthUpdate frame received 1.5 ms after its event time
 * (frames are 100 ms apart), and the REST snapshot answered 50 ms after the first frame.
 *
 * @example
 * const { file, records } = writeBinanceRecording(binanceDataset({ count: 200_000 }), path.join(os.tmpdir(), 'bn.rxrec.gz'));
 */
const { fromDist } = require('./dist');

const { RecordingBuilder } = fromDist('replay/convert/recording-builder');
const { binanceSnapshotLimit } = fromDist('exchanges/binance/binance-depth-limits');

const WS = 'wss://stream.binance.com:9443';
const REST = 'https://api.binance.com';

/**
 * @param {ReturnType<import('./binance-dataset').binanceDataset>} dataset
 * @param {string} file
 * @returns {{ file: string, records: number, depth: number }}
 */
function writeBinanceRecording(dataset, file) {
  const depth = 1000;
  const start = JSON.parse(dataset.frames[0]).data.E - 10;
  const builder = new RecordingBuilder({ exchange: 'binance', options: { wsUrl: WS, restUrl: REST }, source: `bench: binanceDataset, ${dataset.frames.length} frames, sha256 ${dataset.stats.sha256}` });
  const [base, quote] = dataset.symbol.split('/');
  builder.add({ type: 'subscribe', sub: 1, method: 'book', symbols: [dataset.symbol], options: { depth }, ts: start });
  builder.add({
    type: 'http',
    conn: builder.conn('exchangeInfo'),
    method: 'GET',
    url: `${REST}/api/v3/exchangeInfo`,
    sent: start,
    status: 200,
    headers: {},
    body: JSON.stringify({ timezone: 'UTC', serverTime: start, rateLimits: [], exchangeFilters: [], symbols: [{ symbol: dataset.native, status: 'TRADING', baseAsset: base, quoteAsset: quote, filters: [] }] }),
    ts: start,
  });
  const conn = builder.conn('ws');
  builder.add({ type: 'connect', conn, url: `${WS}/stream`, ts: start });
  builder.add({ type: 'open', conn, ts: start + 1 });
  const frameHeadLength = dataset.frameHead.length;
  for (let i = 0; i < dataset.frames.length; i++) {
    const frame = dataset.frames[i];
    const eventTime = Number(frame.slice(frameHeadLength, frame.indexOf(',', frameHeadLength)));
    builder.add({ type: 'recv', conn, data: frame, ts: eventTime + 1.5 });
    if (i === 0) {
      builder.add({
        type: 'http',
        conn: builder.conn('depth'),
        method: 'GET',
        url: `${REST}/api/v3/depth?symbol=${dataset.native}&limit=${binanceSnapshotLimit(depth)}`, // what binance() asks for a book of `depth`
        sent: eventTime + 1.5,
        status: 200,
        headers: {},
        body: dataset.snapshotText,
        ts: eventTime + 51.5,
      });
    }
  }
  return { file, records: builder.write(file), depth };
}

module.exports = { writeBinanceRecording };
