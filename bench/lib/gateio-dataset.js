'use strict';
/**
 * The seeded Gate.io dataset: a REST `GET /api/v4/spot/order_book?…&limit=100&with_id=true` body of a
 * 100-level-a-side BTC/USDT book and `count` consecutive `spot.order_book_update` frames at `100ms`
 * (100 levels), in Gate.io's documented shape (`time`, `time_ms`, `result` with `t`, `l`, `e`, `E`,
 * `s`, `U`, `u`, `b`, `a`; plain decimal strings), written by the simulator's own wire helpers
 * (lib/testing/gateio/gateio-wire.ts).
 *
 * Book traffic from {@link BookGenerator} on BTC/USDT's grid (tick 0.01, 5 quantity decimals): the
 * book holds exactly 100 levels a side (the subscribed range), each update 1..20 changed levels,
 * mostly near the top, a level leaving the range sent as "0" (the simulator's choice). Update ids
 * advance by 1..5 per frame (`U = previous u + 1`).
 *
 * @example
 * const data = gateioDataset({ count: 200_000, seed: 42 });
 * data.frames[0]; // '{"time":…,"time_ms":…,"channel":"spot.order_book_update","event":"update","result":{"t":…'
 */
const crypto = require('node:crypto');
const { fromDist } = require('./dist');
const { flatString } = require('./flat-string');
const { BookGenerator, seeded } = require('./book-generator');

const { orderBookUpdateResult, restOrderBookBody, updateFrame } = fromDist('testing/gateio/gateio-wire');
const { priceGrid } = fromDist('testing/harness/price-grid');

const SYMBOL = 'BTC/USDT';
const PAIR = 'BTC_USDT';
const DEPTH = 100;
const FIRST_EVENT_TIME = 1_764_000_000_000;

/**
 * @param {{ count: number, seed?: number }} options
 */
function gateioDataset({ count, seed = 42 }) {
  const grid = priceGrid(0.01, 5);
  const generator = new BookGenerator({ seed, levelsPerSide: DEPTH, slack: 0, tickSize: 0.01, quantityDecimals: 5, midPrice: 65_000, maxChanges: 20 });
  const idSpan = seeded(seed ^ 0x6a7e);
  const snapshotId = 40_000_000_000;
  const snapshotText = restOrderBookBody(snapshotId, FIRST_EVENT_TIME, FIRST_EVENT_TIME, generator.image(), grid);
  const frames = new Array(count);
  const hash = crypto.createHash('sha256').update(snapshotText);
  let nextId = snapshotId + 1;
  let levels = 0;
  let bytes = 0;
  for (let i = 0; i < count; i++) {
    const { bids, asks } = generator.next();
    const first = nextId;
    const last = first + Math.floor(idSpan() * 5);
    nextId = last + 1;
    const time = FIRST_EVENT_TIME + i * 100;
    frames[i] = flatString(updateFrame('spot.order_book_update', orderBookUpdateResult(PAIR, time, first, last, bids, asks, DEPTH, false, grid), time + 3));
    levels += bids.length + asks.length;
    bytes += frames[i].length;
    hash.update(frames[i]);
  }
  const truth = generator.top(10);
  return {
    exchange: 'gateio',
    symbol: SYMBOL,
    pair: PAIR,
    depth: DEPTH,
    snapshotText,
    frames,
    truthTop: { bids: truth.bids, asks: truth.asks },
    stats: { frames: count, levelsPerFrame: levels / count, bytesPerFrame: bytes / count, levelsPerSide: DEPTH, sha256: hash.digest('hex').slice(0, 16) },
  };
}

module.exports = { gateioDataset };
