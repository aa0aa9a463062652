'use strict';
/**
 * The seeded Deribit dataset: a `book.BTC-PERPETUAL.100ms` snapshot notification of a 200-level-a-side
 * book and `count` change notifications, exactly as Deribit writes them (JSON-RPC `subscription`
 * envelope; data keys `type,timestamp,prev_change_id,instrument_name,change_id,bids,asks`; levels
 * `[action, price, amount]` as numbers; every `prev_change_id` the previous `change_id`, ids advancing
 * by 1..4), built with the simulator's wire writer (lib/testing/deribit/deribit-wire.ts).
 *
 * Book traffic from {@link BookGenerator} on BTC-PERPETUAL's grid (tick 0.5, amounts in whole USD,
 * the generator's 1e-5 units read as dollars: ~7 700 USD a level): 200..220 levels a side, each notification 1..20 changed levels, mostly near
 * the top; each change is `new` (a price the book did not hold), `change`, or `delete` (amount 0).
 *
 * @example
 * const data = deribitDataset({ count: 200_000, seed: 42 });
 * data.snapshotText; // '{"jsonrpc":"2.0","method":"subscription","params":{"channel":"book.BTC-PERPETUAL.100ms","data":{"type":"snapshot",…'
 */
const crypto = require('node:crypto');
const { fromDist } = require('./dist');
const { flatString } = require('./flat-string');
const { BookGenerator } = require('./book-generator');

const { bookNotification } = fromDist('testing/deribit/deribit-wire');

const NATIVE = 'BTC-PERPETUAL';
const DEPTH = 200;
const FIRST_EVENT_TIME = 1_764_000_000_000;
const UNIT_DECIMALS = 5;

/** `[action, price, amount]` of each change against the book as published, which it then updates. */
function withActions(held, levels) {
  return levels.map(([price, amount]) => {
    const action = amount === 0 ? 'delete' : held.has(price) ? 'change' : 'new';
    if (amount === 0) held.delete(price);
    else held.set(price, amount);
    return [action, price, amount];
  });
}

/**
 * @param {{ count: number, seed?: number }} options
 */
function deribitDataset({ count, seed = 42 }) {
  // The generator sizes levels at ~5 000 quote units in base units (here 1e-5 BTC): read those units as whole USD.
  const generator = new BookGenerator({ seed, levelsPerSide: DEPTH, tickSize: 0.5, quantityDecimals: UNIT_DECIMALS, midPrice: 65_000, maxChanges: 20 });
  const usd = (levels) => levels.map(([price, quantity]) => [price, Math.round(quantity * 10 ** UNIT_DECIMALS)]);
  const generated = generator.image();
  const image = { bids: usd(generated.bids), asks: usd(generated.asks) };
  const bids = new Map(image.bids);
  const asks = new Map(image.asks);
  let changeId = 14_202_051_597;
  const snapshotText = bookNotification({
    type: 'snapshot',
    timestamp: FIRST_EVENT_TIME,
    native: NATIVE,
    changeId,
    bids: image.bids.map(([p, q]) => ['new', p, q]),
    asks: image.asks.map(([p, q]) => ['new', p, q]),
  });
  const frames = new Array(count);
  const hash = crypto.createHash('sha256').update(snapshotText);
  let levels = 0;
  let bytes = 0;
  for (let i = 0; i < count; i++) {
    const update = generator.next();
    const prevChangeId = changeId;
    changeId += 1 + (i % 4);
    frames[i] = flatString(bookNotification({ type: 'change', timestamp: FIRST_EVENT_TIME + i * 100, prevChangeId, native: NATIVE, changeId, bids: withActions(bids, usd(update.bids)), asks: withActions(asks, usd(update.asks)) }));
    levels += update.bids.length + update.asks.length;
    bytes += frames[i].length;
    hash.update(frames[i]);
  }
  const truth = generator.top(10);
  return {
    exchange: 'deribit',
    symbol: 'BTC/USD:BTC',
    native: NATIVE,
    snapshotText,
    frames,
    truthTop: { bids: usd(truth.bids), asks: usd(truth.asks) },
    stats: { frames: count, levelsPerFrame: levels / count, bytesPerFrame: bytes / count, levelsPerSide: DEPTH, sha256: hash.digest('hex').slice(0, 16) },
  };
}

module.exports = { deribitDataset };
