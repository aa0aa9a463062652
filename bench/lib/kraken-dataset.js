'use strict';
/**
 * The seeded Kraken WS v2 dataset: a `book` snapshot frame of a 1000-level-a-side BTC/USD book
 * (subscription depth 1000) and `count` `book` update frames, exactly as Kraken writes them: JSON
 * numbers for price/qty, an RFC 3339 `timestamp`, and the CRC32 `checksum` of the top 10 levels a
 * side after the update, computed the documented way on text by the testing helper `wireChecksum`
 * (lib/testing/kraken/kraken-wire.ts), independently of the library's checksum code.
 *
 * Book traffic from {@link BookGenerator} on BTC/USD's grid (tick 0.1, 8 quantity decimals): the book
 * holds exactly 1000 levels a side, each update 1..20 changed levels, mostly near the top. As on
 * Kraken, a level entering the subscribed depth from below is sent, a level pushed out of it is not
 * (the client must truncate its book to the depth).
 *
 * @example
 * const data = krakenDataset({ count: 200_000, seed: 42 });
 * data.snapshotText; // '{"channel":"book","type":"snapshot","data":[{"symbol":"BTC/USD","bids":[{"price":…'
 */
const crypto = require('node:crypto');
const { fromDist } = require('./dist');
const { flatString } = require('./flat-string');
const { BookGenerator } = require('./book-generator');

const { bookMessage, wireChecksum } = fromDist('testing/kraken/kraken-wire');

const SYMBOL = 'BTC/USD';
const DEPTH = 1000;
const PRECISION = { price: 1, qty: 8 };
const FIRST_EVENT_TIME = 1_764_000_000_000;

/**
 * @param {{ count: number, seed?: number }} options
 */
function krakenDataset({ count, seed = 42 }) {
  const generator = new BookGenerator({ seed, levelsPerSide: DEPTH, slack: 0, tickSize: 0.1, quantityDecimals: PRECISION.qty, midPrice: 65_000, maxChanges: 20 });
  const image = generator.image();
  const snapshotText = bookMessage('snapshot', SYMBOL, image.bids, image.asks, wireChecksum(image.asks, image.bids, PRECISION.price, PRECISION.qty), FIRST_EVENT_TIME);
  const frames = new Array(count);
  const hash = crypto.createHash('sha256').update(snapshotText);
  let levels = 0;
  let bytes = 0;
  let pushedOut = 0;
  for (let i = 0; i < count; i++) {
    const update = generator.next();
    // Kraken sends no removal for a level pushed out of the subscribed depth: the client truncates.
    const sent = (side) => (update.trimmed.size === 0 ? side : side.filter(([price, quantity]) => !(quantity === 0 && update.trimmed.has(price))));
    const bids = sent(update.bids);
    const asks = sent(update.asks);
    pushedOut += update.bids.length + update.asks.length - bids.length - asks.length;
    const top = generator.top(10);
    const checksum = wireChecksum(top.asks, top.bids, PRECISION.price, PRECISION.qty);
    frames[i] = flatString(bookMessage('update', SYMBOL, bids, asks, checksum, FIRST_EVENT_TIME + i * 10 + 0.123));
    levels += bids.length + asks.length;
    bytes += frames[i].length;
    hash.update(frames[i]);
  }
  const truth = generator.top(10);
  return {
    exchange: 'kraken',
    symbol: SYMBOL,
    depth: DEPTH,
    precision: PRECISION,
    snapshotText,
    frames,
    truthTop: { bids: truth.bids, asks: truth.asks },
    stats: { frames: count, levelsPerFrame: levels / count, pushedOutPerFrame: pushedOut / count, bytesPerFrame: bytes / count, levelsPerSide: DEPTH, depth: DEPTH, sha256: hash.digest('hex').slice(0, 16) },
  };
}

module.exports = { krakenDataset };
