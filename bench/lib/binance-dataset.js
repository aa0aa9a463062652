'use strict';
/**
 * The seeded Binance dataset shared by the benchmarks: a REST depth snapshot of a 1000-level-a-side
 * BTC/USDT book and `count` consecutive `depthUpdate` frames on the combined stream, exactly as they
 * come off the wire (`{"stream":"btcusdt@depth@100ms","data":{...}}`, 8-decimal strings).
 *
 * The book moves like a real one: rxmarket's `SimulatedMarket` (lib/testing/harness) random-walks a
 * mid price on BTC/USDT's 0.01 tick grid and changes mostly levels near the top (inserts, size
 * changes, cancels, trades), keeping 1000 levels a side. Each frame carries one market step
 * (1..20 changed levels); update ids advance by 1..5 per frame (`U = previous u + 1`), as Binance's
 * ids count internal updates. Same seed, same bytes: the SHA-256 of the frames is printed.
 *
 * @example
 * const data = binanceDataset({ count: 200_000, seed: 42 });
 * data.frames[0]; // '{"stream":"btcusdt@depth@100ms","data":{"e":"depthUpdate","E":...}}'
 */
const crypto = require('node:crypto');
const { fromDist } = require('./dist');

const { SimulatedMarket, marketSpecFor, seededRandom, randomInt } = fromDist('testing/index');
const { binanceLevels, restDepthBody } = fromDist('testing/binance/binance-wire');

const SYMBOL = 'BTC/USDT';
const NATIVE = 'BTCUSDT';
const STREAM = 'btcusdt@depth@100ms';
const LEVELS_PER_SIDE = 1000;
/** With at most 12 random operations a step, a step changes 1..20 levels (checked below). */
const MAX_OPERATIONS_PER_STEP = 12;
const MAX_LEVELS_PER_FRAME = 20;
const FIRST_EVENT_TIME = 1_764_000_000_000;

/** The constant start of every frame, up to the value of `E`. */
const FRAME_HEAD = `{"stream":"${STREAM}","data":{"e":"depthUpdate","E":`;

/**
 * @param {{ count: number, seed?: number }} options
 */
function binanceDataset({ count, seed = 42 }) {
  let clock = FIRST_EVENT_TIME - 100;
  const market = new SimulatedMarket(marketSpecFor(SYMBOL), {
    seed,
    levels: LEVELS_PER_SIDE,
    historySize: 0,
    maxOperationsPerStep: MAX_OPERATIONS_PER_STEP,
    initialUpdateId: 4_000_000_000,
    now: () => clock,
  });
  const idSpan = seededRandom(seed ^ 0x5eed);
  const lastUpdateId = market.updateId;
  const snapshotText = restDepthBody(lastUpdateId, market.truth());

  const eventTimes = new Float64Array(count);
  /** Everything after the `E` value: `,"s":"BTCUSDT","U":…,"u":…,"b":[…],"a":[…]}}`. */
  const tails = new Array(count);
  let nextId = lastUpdateId + 1;
  let levels = 0;
  for (let i = 0; i < count; i++) {
    clock += 100;
    const step = market.step();
    if (step.changes.length > MAX_LEVELS_PER_FRAME) throw new Error(`dataset: step ${i} changed ${step.changes.length} levels (> ${MAX_LEVELS_PER_FRAME})`);
    const bids = [];
    const asks = [];
    for (const change of step.changes) (change.side === 'bid' ? bids : asks).push([change.price, change.quantity]);
    bids.sort((a, b) => b[0] - a[0]);
    asks.sort((a, b) => a[0] - b[0]);
    const first = nextId;
    const last = first + randomInt(idSpan, 0, 4);
    nextId = last + 1;
    levels += step.changes.length;
    eventTimes[i] = clock;
    tails[i] = `,"s":"${NATIVE}","U":${first},"u":${last},"b":${JSON.stringify(binanceLevels(bids))},"a":${JSON.stringify(binanceLevels(asks))}}}`;
  }

  const frames = new Array(count);
  const hash = crypto.createHash('sha256').update(snapshotText);
  let bytes = 0;
  for (let i = 0; i < count; i++) {
    frames[i] = FRAME_HEAD + eventTimes[i] + tails[i];
    bytes += frames[i].length;
    hash.update(frames[i]);
  }
  const truth = market.truth(10);
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
