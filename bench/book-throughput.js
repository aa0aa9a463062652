'use strict';
/**
 * Book throughput: rxmarket vs tardis-dev vs ccxt vs the JSON.parse floor, on the same seeded
 * raw frames, in one process (see docs/performance.md).
 *
 *   node bench/book-throughput.js [--frames=200000] [--rounds=5] [--exchange=binance,kraken,…] (default: every venue of bench/lib/book-bench-venues.js) [--only=floor,rxmarket]
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
const { BOOK_BENCH_VENUES } = require('./lib/book-bench-venues');
const { runThroughput } = require('./lib/throughput');
const { hasDist } = require('./lib/dist');

const { values } = parseArgs({
  options: {
    frames: { type: 'string', default: '200000' },
    rounds: { type: 'string', default: '5' },
    seed: { type: 'string', default: '42' },
    exchange: { type: 'string', default: BOOK_BENCH_VENUES.map((v) => v.id).join(',') },
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

for (const venue of BOOK_BENCH_VENUES.filter((v) => exchanges.includes(v.id))) {
  if (venue.dist !== undefined && !hasDist(venue.dist)) {
    console.log(`\n${venue.id}: skipped (dist/${venue.dist} not built yet).`);
    continue;
  }
  for (const run of venue.runs({ frames, seed })) {
    console.log(`\n${run.describe}`);
    const results = runThroughput({ title: run.title, dataset: run.dataset, runners: pick(run.runners), rounds, warmupFrames: 20_000, reference: run.reference, clock: values.clock });
    failed ||= results.some((r) => r.failed);
  }
}

if (failed) {
  console.log('\nSome contender did not end with the true book: figures above are not comparable.');
  process.exitCode = 1;
}
