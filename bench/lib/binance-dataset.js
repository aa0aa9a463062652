'use strict';
/**
 * The seeded Binance dataset shared by the benchmarks: a REST depth snapshot of a 1000-level-a-side
 * BTC/USDT book and `count` consecutive `depthUpdate` frames on the combined stream, exactly as they
 * come off the wire (`{"stream":"btcusdt@depth@100ms","data":{...}}`, 8-decimal strings).
 *
 * The book comes from {@link BookGenerator} (bench/lib/book-generator.js) on BTC/USDT's grid (tick
 * 0.01, 5 quantity decimals, around 65 000): 1000 levels a side, each frame 1..20 changed levels,
 * mostly near the top. Update ids advance by 1..5 per frame (`U = previous u + 1`), as Binance's ids
 * count internal updates. Same seed, same bytes: a SHA-256 prefix of the data is reported.
 *
 * @example
 * const data = binanceDataset({ count: 200_000, seed: 42 });
 * data.frames[0]; // '{"stream":"btcusdt@depth@100ms","data":{"e":"depthUpdate","E":...}}'
 */
const crypto = require('node:crypto');
const { fromDist } = require('./dist');
const { flatString } = require('./flat-string');
const { BookGenerator, seeded } = require('./book-generator');

const { binanceLevels, restDepthBody } = fromDist('testing/binance/binance-wire');

const SYMBOL = 'BTC/USDT';
const NATIVE = 'BTCUSDT';
const STREAM = 'btcusdt@depth@100ms';
const LEVELS_PER_SIDE = 1000;
const MAX_LEVELS_PER_FRAME = 20;
const FIRST_EVENT_TIME = 1_764_000_000_000;

/** The constant start of every frame, up to the value of `E`. */
const FRAME_HEAD = `{"stream":"${STREAM}","data":{"e":"depthUpdate","E":`;

/**
 * @param {{ count: number, seed?: number }} options
 */
function binanceDataset({ count, seed = 42 }) {
  const generator = new BookGenerator({ seed, levelsPerSide: LEVELS_PER_SIDE, tickSize: 0.01, quantityDecimals: 5, midPrice: 65_000, maxChanges: MAX_LEVELS_PER_FRAME });
  const idSpan = seeded(seed ^ 0x5eed);
  const lastUpdateId = 40_000_000_000;
  const snapshotText = restDepthBody(lastUpdateId, generator.image());

  const eventTimes = new Float64Array(count);
  /** Everything after the `E` value: `,"s":"BTCUSDT","U":…,"u":…,"b":[…],"a":[…]}}`. */
  const tails = new Array(count);
  let nextId = lastUpdateId + 1;
  let levels = 0;
  for (let i = 0; i < count; i++) {
    const { bids, asks } = generator.next();
    const first = nextId;
    const last = first + Math.floor(idSpan() * 5);
    nextId = last + 1;
    levels += bids.length + asks.length;
    eventTimes[i] = FIRST_EVENT_TIME + i * 100;
    tails[i] = `,"s":"${NATIVE}","U":${first},"u":${last},"b":${JSON.stringify(binanceLevels(bids))},"a":${JSON.stringify(binanceLevels(asks))}}}`;
  }

  const frames = new Array(count);
  const hash = crypto.createHash('sha256').update(snapshotText);
  let bytes = 0;
  for (let i = 0; i < count; i++) {
    frames[i] = flatString(FRAME_HEAD + eventTimes[i] + tails[i]);
    bytes += frames[i].length;
    hash.update(frames[i]);
  }
  const truth = generator.top(10);
  return {
    exchange: 'binance',
    symbol: SYMBOL,
    native: NATIVE,
    stream: STREAM,
    snapshotText,
    snapshotLastUpdateId: lastUpdateId,
    frames,
    /** For the latency server: frame `i` is `FRAME_HEAD + E + tails[i]`. */
    frameHead: FRAME_HEAD,
    tails,
    finalUpdateId: nextId - 1,
    /** Top 10 a side of the true book after the last frame: every implementation must end there. */
    truthTop: { bids: truth.bids, asks: truth.asks },
    stats: { frames: count, levelsPerFrame: levels / count, bytesPerFrame: bytes / count, levelsPerSide: LEVELS_PER_SIDE, sha256: hash.digest('hex').slice(0, 16) },
  };
}

module.exports = { binanceDataset, SYMBOL, NATIVE, STREAM, FRAME_HEAD };
