'use strict';
/**
 * Book throughput: rxmarket vs tardis-dev vs ccxt vs the JSON.parse floor, on the same seeded
 * raw frames, in one process (see docs/performance.md).
 *
 *   node bench/book-throughput.js [--frames=200000] [--rounds=5] [--exchange=binance,kraken,bybit,gateio,deribit] [--only=floor,rxmarket]
 *
 * Timed by CPU time of the process under `node --single-threaded` (the script re-runs itself with that
 * flag), so waiting for a core on a busy machine does not count; `--clock=wall` times elapsed time.
 * `--only` keeps the named contenders (ids: floor, rxmarket, rxmarket-orderbook, tardis, ccxt, ccxt-book;
 * Kraken: floor, rxmarket-checksum, rxmarket-no-checksum, ...) — e.g. for `node --cpu-prof`.
 */
const { spawnSync } = require('node:child_process');
const { parseArgs } = require('node:util');
const { isSingleThreaded } = require('./lib/measure');

// Runs are timed by CPU time; V8's background GC/compiler threads would count too: re-run this
// script under `--single-threaded` (the documented method) unless it already is.
if (!isSingleThreaded()) {
  const result = spawnSync(process.execPath, ['--single-threaded', ...process.execArgv, __filename, ...process.argv.slice(2)], { stdio: 'inherit' });
  process.exit(result.status ?? 1);
}

const { machineSummary } = require('./lib/machine');
const { binanceDataset } = require('./lib/binance-dataset');
const { runThroughput } = require('./lib/throughput');
const { hasDist } = require('./lib/dist');

const { values } = parseArgs({
  options: {
    frames: { type: 'string', default: '200000' },
    rounds: { type: 'string', default: '5' },
    seed: { type: 'string', default: '42' },
    exchange: { type: 'string', default: 'binance,kraken,bybit,gateio,deribit' },
    only: { type: 'string' },
    clock: { type: 'string', default: 'cpu' },
  },
});
const frames = Number(values.frames);
const rounds = Number(values.rounds);
const seed = Number(values.seed);
const exchanges = values.exchange.split(',');
const only = values.only ? new Set(values.only.split(',')) : undefined;
const pick = (runners) => (only ? runners.filter((runner) => only.has(runner.id)) : runners);

console.log(`# Book throughput — ${machineSummary()}`);
let failed = false;

if (exchanges.includes('binance')) {
  const { BINANCE_RUNNERS } = require('./lib/binance-runners');
  const dataset = binanceDataset({ count: frames, seed });
  const s = dataset.stats;
  console.log(
    `\nBinance dataset: seed ${seed}, ${s.frames} depthUpdate frames (combined-stream envelope), ${s.levelsPerFrame.toFixed(2)} levels/frame (1..20), ` +
      `${s.bytesPerFrame.toFixed(0)} bytes/frame, snapshot ${s.levelsPerSide} levels a side, sha256 ${s.sha256}`,
  );
  const results = runThroughput({ title: 'Binance depthUpdate → book', dataset, runners: pick(BINANCE_RUNNERS), rounds, warmupFrames: 20_000, reference: 'rxmarket', clock: values.clock });
  failed ||= results.some((r) => r.failed);
}

if (exchanges.includes('kraken')) {
  if (!hasDist('exchanges/kraken/kraken-protocol')) {
    console.log('\nKraken v2: skipped (dist/exchanges/kraken not built yet).');
  } else {
    const { krakenDataset } = require('./lib/kraken-dataset');
    const { KRAKEN_RUNNERS } = require('./lib/kraken-runners');
    const dataset = krakenDataset({ count: frames, seed });
    const s = dataset.stats;
    console.log(
      `\nKraken v2 dataset: seed ${seed}, ${s.frames} book update frames with checksum, ${s.levelsPerFrame.toFixed(2)} levels/frame (1..20), ` +
        `${s.bytesPerFrame.toFixed(0)} bytes/frame, ${s.pushedOutPerFrame.toFixed(2)} levels/frame pushed out of depth (not sent, the client truncates), snapshot ${s.levelsPerSide} levels a side (subscription depth ${s.depth}), sha256 ${s.sha256}`,
    );
    const results = runThroughput({ title: 'Kraken v2 book → book', dataset, runners: pick(KRAKEN_RUNNERS), rounds, warmupFrames: 20_000, reference: 'rxmarket-checksum', clock: values.clock });
    failed ||= results.some((r) => r.failed);
  }
}

if (exchanges.includes('gateio')) {
  if (!hasDist('exchanges/gateio/gateio-protocol')) {
    console.log('\nGate.io v4: skipped (dist/exchanges/gateio not built yet).');
  } else {
    const { gateioDataset } = require('./lib/gateio-dataset');
    const { GATEIO_RUNNERS } = require('./lib/gateio-runners');
    const dataset = gateioDataset({ count: frames, seed });
    const s = dataset.stats;
    console.log(
      `\nGate.io v4 dataset: seed ${seed}, ${s.frames} spot.order_book_update frames (100ms, 100 levels), ${s.levelsPerFrame.toFixed(2)} levels/frame (1..20), ` +
        `${s.bytesPerFrame.toFixed(0)} bytes/frame, REST snapshot ${s.levelsPerSide} levels a side, sha256 ${s.sha256}`,
    );
    const results = runThroughput({ title: 'Gate.io spot.order_book_update → book', dataset, runners: pick(GATEIO_RUNNERS), rounds, warmupFrames: 20_000, reference: 'rxmarket', clock: values.clock });
    failed ||= results.some((r) => r.failed);
  }
}

if (exchanges.includes('bybit')) {
  if (!hasDist('exchanges/bybit/bybit-protocol')) {
    console.log('\nBybit v5: skipped (dist/exchanges/bybit not built yet).');
  } else {
    const { bybitDataset } = require('./lib/bybit-dataset');
    const { BYBIT_RUNNERS } = require('./lib/bybit-runners');
    const dataset = bybitDataset({ count: frames, seed });
    const s = dataset.stats;
    console.log(
      `\nBybit v5 dataset: seed ${seed}, ${s.frames} orderbook.50 delta frames (linear), ${s.levelsPerFrame.toFixed(2)} levels/frame (1..20 changes, window deletions included), ` +
        `${s.bytesPerFrame.toFixed(0)} bytes/frame, snapshot ${s.levelsPerSide} levels a side, sha256 ${s.sha256}`,
    );
    const results = runThroughput({ title: 'Bybit v5 orderbook.50 → book', dataset, runners: pick(BYBIT_RUNNERS), rounds, warmupFrames: 20_000, reference: 'rxmarket', clock: values.clock });
    failed ||= results.some((r) => r.failed);
  }
}

if (exchanges.includes('deribit')) {
  if (!hasDist('exchanges/deribit/deribit-protocol')) {
    console.log('\nDeribit: skipped (dist/exchanges/deribit not built yet).');
  } else {
    const { deribitDataset } = require('./lib/deribit-dataset');
    const { DERIBIT_RUNNERS } = require('./lib/deribit-runners');
    const dataset = deribitDataset({ count: frames, seed });
    const s = dataset.stats;
    console.log(
      `\nDeribit dataset: seed ${seed}, ${s.frames} book.BTC-PERPETUAL.100ms change notifications, ${s.levelsPerFrame.toFixed(2)} levels/frame (1..20 new/change/delete), ` +
        `${s.bytesPerFrame.toFixed(0)} bytes/frame, snapshot ${s.levelsPerSide} levels a side, sha256 ${s.sha256}`,
    );
    const results = runThroughput({ title: 'Deribit book.{instrument}.100ms → book', dataset, runners: pick(DERIBIT_RUNNERS), rounds, warmupFrames: 20_000, reference: 'rxmarket', clock: values.clock });
    failed ||= results.some((r) => r.failed);
  }
}

if (failed) {
  console.log('\nSome contender did not end with the true book: figures above are not comparable.');
  process.exitCode = 1;
}
