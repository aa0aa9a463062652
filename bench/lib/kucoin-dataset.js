'use strict';
/**
 * The seeded KuCoin dataset: a REST `GET /api/v1/market/orderbook/level2_100` body of an 80-level-a-side
 * BTC/USDT book and `count` consecutive `/market/level2` messages in KuCoin's documented shape (`topic`,
 * `type`, `subject`, `data` with `changes.asks/bids` as `["price","size","sequence"]`, `sequenceStart`,
 * `sequenceEnd`, `symbol`, `time`; plain decimal strings), written by the simulator's own wire helpers
 * (lib/testing/kucoin/kucoin-wire.ts).
 *
 * Book traffic from {@link BookGenerator} on BTC/USDT's grid (tick 0.01, 5 quantity decimals): the
 * book holds exactly 80 levels a side, so the public 100-level snapshot is the whole book (its known
 * window never binds and every change applies; what a window costs is one comparison per change).
 * Each message carries 1..20 changes, each with its own sequence; every message also skips 0..2
 * sequences (the matches KuCoin numbers without a level change), and `sequenceStart` = previous
 * `sequenceEnd` + 1.
 *
 * @example
 * const data = kucoinDataset({ count: 200_000, seed: 42 });
 * data.frames[0]; // '{"topic":"/market/level2:BTC-USDT","type":"message","subject":"trade.l2update","data":{…'
 */
const crypto = require('node:crypto');
const { fromDist } = require('./dist');
const { flatString } = require('./flat-string');
const { BookGenerator, seeded } = require('./book-generator');

const { level2Data, messageFrame, orderBookData, restBody } = fromDist('testing/kucoin/kucoin-wire');
const { priceGrid } = fromDist('testing/harness/price-grid');

const SYMBOL = 'BTC/USDT';
const NATIVE = 'BTC-USDT';
const LEVELS = 80;
const FIRST_EVENT_TIME = 1_764_000_000_000;

/**
 * @param {{ count: number, seed?: number }} options
 */
function kucoinDataset({ count, seed = 42 }) {
  const grid = priceGrid(0.01, 5);
  const generator = new BookGenerator({ seed, levelsPerSide: LEVELS, slack: 0, tickSize: 0.01, quantityDecimals: 5, midPrice: 65_000, maxChanges: 20 });
  const holes = seeded(seed ^ 0x6b75);
  const snapshotSequence = 14_000_000_000;
  const snapshotText = restBody(orderBookData(snapshotSequence, FIRST_EVENT_TIME, generator.image(), grid));
  const topic = `/market/level2:${NATIVE}`;
  const frames = new Array(count);
  const hash = crypto.createHash('sha256').update(snapshotText);
  let sequence = snapshotSequence;
  let levels = 0;
  let bytes = 0;
  for (let i = 0; i < count; i++) {
    const { bids, asks } = generator.next();
    const start = sequence + 1;
    const numbered = (side) => side.map(([price, size]) => [price, size, ++sequence]);
    const bidChanges = numbered(bids);
    const askChanges = numbered(asks);
    sequence += Math.floor(holes() * 3);
    frames[i] = flatString(messageFrame(topic, 'trade.l2update', level2Data(NATIVE, start, sequence, askChanges, bidChanges, FIRST_EVENT_TIME + i * 10, grid)));
    levels += bids.length + asks.length;
    bytes += frames[i].length;
    hash.update(frames[i]);
  }
  const truth = generator.top(10);
  return {
    exchange: 'kucoin',
    symbol: SYMBOL,
    native: NATIVE,
    levelsPerSide: LEVELS,
    snapshotText,
    frames,
    truthTop: { bids: truth.bids, asks: truth.asks },
    stats: { frames: count, levelsPerFrame: levels / count, bytesPerFrame: bytes / count, levelsPerSide: LEVELS, sha256: hash.digest('hex').slice(0, 16) },
  };
}

module.exports = { kucoinDataset };
