'use strict';
/**
 * The seeded Bybit v5 dataset: an `orderbook.50.BTCUSDT` snapshot frame of a 50-level-a-side linear
 * book and `count` delta frames, exactly as Bybit writes them on `/v5/public/linear` (key order
 * `topic,type,ts,data,cts`; prices with the instrument's fixed decimals, `"65000.10"`; `u` + 1 and a
 * rising `seq` per frame), built with the simulator's wire writer (lib/testing/bybit/bybit-wire.ts).
 *
 * Book traffic from {@link BookGenerator} on BTCUSDT's linear grid (tick 0.1, 3 quantity decimals):
 * the book holds exactly 50 levels a side, each delta 1..20 changed levels, mostly near the top. As
 * on Bybit, a level leaving the 50-level window is deleted with size "0" in the same delta, and a
 * level entering it from below is sent.
 *
 * @example
 * const data = bybitDataset({ count: 200_000, seed: 42 });
 * data.snapshotText; // '{"topic":"orderbook.50.BTCUSDT","type":"snapshot","ts":…,"data":{"s":"BTCUSDT","b":[["65000.00","0.512"],…'
 */
const crypto = require('node:crypto');
const { fromDist } = require('./dist');
const { flatString } = require('./flat-string');
const { BookGenerator } = require('./book-generator');

const { bookMessage } = fromDist('testing/bybit/bybit-wire');

const NATIVE = 'BTCUSDT';
const DEPTH = 50;
const FORMAT = { category: 'linear', priceDecimals: 2, quantityDecimals: 3 };
const FIRST_EVENT_TIME = 1_764_000_000_000;

/**
 * @param {{ count: number, seed?: number }} options
 */
function bybitDataset({ count, seed = 42 }) {
  const generator = new BookGenerator({ seed, levelsPerSide: DEPTH, slack: 0, tickSize: 0.1, quantityDecimals: FORMAT.quantityDecimals, midPrice: 65_000, maxChanges: 20 });
  const topic = `orderbook.${DEPTH}.${NATIVE}`;
  let u = 1_000_000;
  let seq = 50_000_000_000;
  const image = generator.image();
  const snapshotText = bookMessage({ topic, type: 'snapshot', native: NATIVE, bids: image.bids, asks: image.asks, u, seq, ts: FIRST_EVENT_TIME }, FORMAT);
  const frames = new Array(count);
  const hash = crypto.createHash('sha256').update(snapshotText);
  let levels = 0;
  let bytes = 0;
  for (let i = 0; i < count; i++) {
    const update = generator.next();
    u += 1;
    seq += 1 + (i % 7);
    frames[i] = flatString(bookMessage({ topic, type: 'delta', native: NATIVE, bids: update.bids, asks: update.asks, u, seq, ts: FIRST_EVENT_TIME + i * 20 }, FORMAT));
    levels += update.bids.length + update.asks.length;
    bytes += frames[i].length;
    hash.update(frames[i]);
  }
  const truth = generator.top(10);
  return {
    exchange: 'bybit',
    symbol: 'BTC/USDT:USDT',
    native: NATIVE,
    depth: DEPTH,
    snapshotText,
    frames,
    truthTop: { bids: truth.bids, asks: truth.asks },
    stats: { frames: count, levelsPerFrame: levels / count, bytesPerFrame: bytes / count, levelsPerSide: DEPTH, sha256: hash.digest('hex').slice(0, 16) },
  };
}

module.exports = { bybitDataset };
