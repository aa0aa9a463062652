'use strict';
/**
 * Timing, garbage collection and statistics helpers shared by the benchmarks.
 *
 * @example
 * const gc = exposeGc();
 * gc();
 * const ms = timeIt(() => work());
 */
const v8 = require('node:v8');
const vm = require('node:vm');

/**
 * A function forcing a full garbage collection, so one implementation's garbage is not collected
 * on the next one's clock. Works with or without `--expose-gc`.
 *
 * @returns {() => void}
 */
function exposeGc() {
  if (typeof global.gc === 'function') return global.gc;
  v8.setFlagsFromString('--expose-gc');
  return vm.runInNewContext('gc');
}

/** Monotonic time in ms with sub-µs resolution. */
function nowMs() {
  return Number(process.hrtime.bigint()) / 1e6;
}

/**
 * Runs `work` once and returns the elapsed milliseconds.
 *
 * @param {() => void} work
 * @returns {number}
 */
function timeIt(work) {
  const start = process.hrtime.bigint();
  work();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/**
 * Runs `work` once and returns the CPU time (user + system) of this process in milliseconds.
 * Unlike wall time it does not count time spent waiting for a core on a busy machine; run node
 * with `--single-threaded` so V8's GC and compiler threads are not counted either.
 *
 * @param {() => void} work
 * @returns {number}
 */
function cpuTimeIt(work) {
  const start = process.cpuUsage();
  work();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

/** `true` when V8 runs without background threads (`--single-threaded`), so CPU time is the main thread's. */
function isSingleThreaded() {
  return process.execArgv.includes('--single-threaded') || /--single-threaded\b/.test(process.env.NODE_OPTIONS ?? '');
}

/** Median of a non-empty list of numbers. */
function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/**
 * Nearest-rank percentile (`p` in 0..100) of an ascending-sorted typed array.
 *
 * @param {Float64Array} sorted
 * @param {number} p
 */
function percentile(sorted, p) {
  if (sorted.length === 0) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

module.exports = { exposeGc, nowMs, timeIt, cpuTimeIt, isSingleThreaded, median, percentile };
