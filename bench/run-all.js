'use strict';
/**
 * `npm run bench`: every benchmark in sequence, each in its own process, each printing its own
 * tables (Markdown, pasteable into docs/performance.md). Needs the build (`npm run build`; `npm ci`
 * runs it). Extra arguments go to every benchmark, e.g. `npm run bench -- --seconds=2` is not
 * meaningful for all; run the scripts one by one for custom settings (see docs/performance.md).
 *
 *   node bench/run-all.js
 */
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const { fromDist } = require('./lib/dist');

fromDist('index'); // fail early, with a clear message, when dist/ is missing

const BENCHMARKS = ['book-throughput.js', 'latency.js', 'scale.js'];
let failed = false;
for (const script of BENCHMARKS) {
  const started = Date.now();
  const result = spawnSync(process.execPath, [path.join(__dirname, script)], { stdio: 'inherit' });
  const status = result.status ?? 1;
  process.stderr.write(`bench/${script}: exit ${status} after ${((Date.now() - started) / 1000).toFixed(0)} s\n`);
  if (status !== 0) failed = true;
}
process.exitCode = failed ? 1 : 0;
