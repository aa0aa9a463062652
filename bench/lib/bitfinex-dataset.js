'use strict';
/**
 * The seeded Bitfinex dataset: a `book` channel (`P0`, `len` 25) of BTC/USD on one connection with
 * the `conf` flags SEQ_ALL + OB_CHECKSUM, as Bitfinex sends it: the snapshot message, then for each
 * book iteration one message per changed level (`[CHAN_ID,[PRICE,COUNT,AMOUNT],SEQ]`, count 0 and
 * amount ±1 for a level that left the 25) and a `[CHAN_ID,"cs",CHECKSUM,SEQ]`, every message one
 * sequence number further — written by the simulator's own wire helpers
 * (lib/testing/bitfinex/bitfinex-wire.ts), checksums included.
 *
 * Book traffic from {@link BookGenerator} on Bitfinex's BTC/USD grid (5 significant digits: tick 1
 * at 65 000; 8 amount decimals): exactly 25 levels a side, each iteration 1..20 changed levels,
 * mostly near the top. `count` is the number of messages (level messages and checksums).
 *
 * @example
 * const data = bitfinexDataset({ count: 200_000, seed: 42 });
 * data.frames[0]; // '[17,[[65000,3,0.0772],…],1]'
 */
const crypto = require('node:crypto');
const { fromDist } = require('./dist');
const { flatString } = require('./flat-string');
const { BookGenerator } = require('./book-generator');

const { bookChecksum, bookLevel, bookSnapshotBody, channelMessage } = fromDist('testing/bitfinex/bitfinex-wire');

const SYMBOL = 'BTC/USD';
const NATIVE = 'tBTCUSD';
const DEPTH = 25;
const CHAN_ID = 17;

/**
 * @param {{ count: number, seed?: number }} options
 */
function bitfinexDataset({ count, seed = 42 }) {
  const generator = new BookGenerator({ seed, levelsPerSide: DEPTH, slack: 0, tickSize: 1, quantityDecimals: 8, midPrice: 65_000, maxChanges: 20 });
  let seq = 0;
  const frames = [flatString(channelMessage(CHAN_ID, bookSnapshotBody(generator.image()), ++seq))];
  const hash = crypto.createHash('sha256').update(frames[0]);
  let levels = 0;
  let iterations = 0;
  let bytes = frames[0].length;
  while (frames.length < count) {
    const { bids, asks } = generator.next();
    iterations++;
    const bodies = [...bids.map(([p, q]) => bookLevel(p, q, 'bid')), ...asks.map(([p, q]) => bookLevel(p, q, 'ask')), `"cs",${bookChecksum(generator.image())}`];
    for (const body of bodies) {
      const frame = flatString(channelMessage(CHAN_ID, body, ++seq));
      frames.push(frame);
      bytes += frame.length;
      hash.update(frame);
    }
    levels += bids.length + asks.length;
  }
  const truth = generator.top(10);
  return {
    exchange: 'bitfinex',
    symbol: SYMBOL,
    native: NATIVE,
    chanId: CHAN_ID,
    depth: DEPTH,
    frames,
    truthTop: { bids: truth.bids, asks: truth.asks },
    stats: { frames: frames.length, iterations, levelsPerIteration: levels / iterations, bytesPerFrame: bytes / frames.length, levelsPerSide: DEPTH, sha256: hash.digest('hex').slice(0, 16) },
  };
}

module.exports = { bitfinexDataset };
