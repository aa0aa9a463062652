'use strict';
/**
 * The seeded OKX v5 dataset: a `books` snapshot frame of a 400-level-a-side BTC-USDT book and `count`
 * `books` update frames exactly as OKX writes them (levels `["px","sz","0","n"]` as strings, `ts`,
 * `prevSeqId` = the previous `seqId`, and the CRC32 `checksum` of the top 25 interleaved on the wire
 * text, computed by the testing helper `okxWireChecksum` independently of the library's code).
 * `checksum: 'zero'` writes `"checksum":0` instead (OKX from June 2026: nothing to verify).
 *
 * Book traffic from {@link BookGenerator} on BTC-USDT's grid (tick 0.1, 8 quantity decimals): exactly
 * 400 levels a side (the whole `books` depth), each update 1..20 changed levels, mostly near the top.
 *
 * @example
 * const data = okxDataset({ count: 200_000, seed: 42 });
 * data.snapshotText; // '{"arg":{"channel":"books","instId":"BTC-USDT"},"action":"snapshot","data":[{"asks":[["65000.1",…'
 */
const crypto = require('node:crypto');
const { fromDist } = require('./dist');
const { flatString } = require('./flat-string');
const { BookGenerator } = require('./book-generator');

const { bookPush, okxLevel, okxWireChecksum } = fromDist('testing/okx/okx-wire');

const INST_ID = 'BTC-USDT';
const SYMBOL = 'BTC/USDT';
const DEPTH = 400;
const GRID = { tickSize: 0.1, priceDecimals: 1, quantityDecimals: 8 };
const FIRST_EVENT_TIME = 1_764_000_000_000;
const FIRST_SEQ_ID = 3_235_851_742;

/**
 * @param {{ count: number, seed?: number, checksum?: 'crc32' | 'zero' }} options
 */
function okxDataset({ count, seed = 42, checksum = 'crc32' }) {
  const generator = new BookGenerator({ seed, levelsPerSide: DEPTH, slack: 0, tickSize: GRID.tickSize, quantityDecimals: GRID.quantityDecimals, midPrice: 65_000, maxChanges: 20 });
  const wire = (levels) => levels.map((level) => okxLevel(level, GRID));
  const checksumOf = () => {
    if (checksum === 'zero') return 0;
    const top = generator.top(25);
    return okxWireChecksum(wire(top.bids), wire(top.asks));
  };
  const image = generator.image();
  let seqId = FIRST_SEQ_ID;
  const snapshotText = bookPush(INST_ID, 'snapshot', wire(image.bids), wire(image.asks), FIRST_EVENT_TIME, -1, seqId, checksumOf());
  const frames = new Array(count);
  const hash = crypto.createHash('sha256').update(snapshotText);
  let levels = 0;
  let bytes = 0;
  for (let i = 0; i < count; i++) {
    const update = generator.next();
    const prevSeqId = seqId;
    seqId += 1 + (i % 7); // OKX's seqIds grow by varying steps
    frames[i] = flatString(bookPush(INST_ID, 'update', wire(update.bids), wire(update.asks), FIRST_EVENT_TIME + i * 100, prevSeqId, seqId, checksumOf()));
    levels += update.bids.length + update.asks.length;
    bytes += frames[i].length;
    hash.update(frames[i]);
  }
  const truth = generator.top(10);
  return {
    exchange: 'okx',
    symbol: SYMBOL,
    instId: INST_ID,
    snapshotText,
    frames,
    truthTop: { bids: truth.bids, asks: truth.asks },
    stats: { frames: count, levelsPerFrame: levels / count, bytesPerFrame: bytes / count, levelsPerSide: DEPTH, checksum, sha256: hash.digest('hex').slice(0, 16) },
  };
}

module.exports = { okxDataset };
