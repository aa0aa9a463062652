'use strict';
/**
 * Soak benchmark: each exchange's client streams books (and trades) of 3 symbols from its simulator
 * through the chaos proxy at a high message rate for minutes, while a seeded schedule injects a
 * fault about every `--gap` ms (proxy cuts/stalls/delays/splits + the simulator's protocol faults).
 * Every book event is checked against the simulator's ground truth, every fault must raise its
 * expected event and every book must come back to the exact truth (see `runChaos` in
 * lib/testing/chaos). Prints a Markdown table: faults, recoveries, time to recover (p50/p99),
 * availability, message rate and heap before/after.
 *
 * Not part of `npm test`. Needs the build (`npm run build`); `RXMARKET_DIST` may point elsewhere.
 *
 * @example
 * node bench/soak/soak.js --seconds 120
 * node bench/soak/soak.js --seconds 30 --exchanges kraken --steps 500 --gap 250
 */
const os = require('node:os');
const path = require('node:path');
const v8 = require('node:v8');
const vm = require('node:vm');

const DIST = process.env.RXMARKET_DIST ? path.resolve(process.env.RXMARKET_DIST) : path.resolve(__dirname, '..', '..', 'dist');

function fromDist(relative) {
  const file = path.join(DIST, relative);
  try {
    return require(file);
  } catch (error) {
    if (error && error.code === 'MODULE_NOT_FOUND' && String(error.message).startsWith(`Cannot find module '${file}'`)) {
      console.error(`soak: ${file}.js not found - run \`npm run build\` first (or set RXMARKET_DIST).`);
      process.exit(2);
    }
    throw error;
  }
}

/** `--name value` options with defaults; exits with usage on anything unknown or out of bounds. */
function parseArgs(argv) {
  const options = { seconds: 120, exchanges: 'binance,coinbase,kraken', steps: 1000, gap: 1000, seed: 1, levels: 200, compare: 25 };
  for (let i = 0; i < argv.length; i += 2) {
    const name = argv[i].replace(/^--/, '');
    const value = argv[i + 1];
    if (!(name in options) || value === undefined) {
      console.error(`usage: node bench/soak/soak.js [--seconds 120] [--exchanges binance,coinbase,kraken] [--steps 1000] [--gap 1000] [--seed 1] [--levels 200] [--compare 25]`);
      process.exit(2);
    }
    options[name] = name === 'exchanges' ? value : Number(value);
  }
  if (!(options.seconds > 0 && options.seconds <= 3600)) {
    console.error('soak: --seconds must be in (0, 3600]');
    process.exit(2);
  }
  return options;
}

function exposeGc() {
  if (typeof global.gc === 'function') return global.gc;
  v8.setFlagsFromString('--expose-gc');
  return vm.runInNewContext('gc');
}

function heapMb(gc) {
  gc();
  gc();
  return process.memoryUsage().heapUsed / 2 ** 20;
}

function percentile(values, p) {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

function row(cells, widths) {
  return `| ${cells.map((cell, i) => (i === 0 ? String(cell).padEnd(widths[i]) : String(cell).padStart(widths[i]))).join(' | ')} |`;
}

function printTable(header, rows) {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  console.log(row(header, widths));
  console.log(`|${widths.map((w, i) => (i === 0 ? ` ${'-'.repeat(w)} ` : ` ${'-'.repeat(w - 1)}: `)).join('|')}|`);
  for (const r of rows) console.log(row(r, widths));
}

async function soakOne(exchange, make, runChaos, options, gc) {
  const venue = await make({ seed: options.seed, stepsPerSecond: options.steps, bookLevels: options.levels, compareDepth: options.compare });
  const heap = { before: NaN, after: NaN };
  const warmFaults = 10;
  let lastLog = Date.now();
  const report = await runChaos(venue, {
    faults: 0,
    durationMs: options.seconds * 1000,
    seed: options.seed,
    settleMs: options.gap,
    boundMs: 20_000,
    trades: true,
    onProgress: (injected) => {
      if (injected === warmFaults) heap.before = heapMb(gc);
      if (Date.now() - lastLog > 15_000) {
        lastLog = Date.now();
        process.stderr.write(`  ${exchange}: ${injected} faults\n`);
      }
    },
  });
  heap.after = heapMb(gc);
  const proxyStats = venue.proxy.stats;
  await venue.stop();
  const seconds = report.elapsedMs / 1000;
  return {
    exchange,
    report,
    seconds,
    messagesPerSecond: (report.bookEvents + report.trades) / seconds,
    mbPerSecond: proxyStats.bytesDown / 2 ** 20 / seconds,
    heap,
    heapAfterStop: heapMb(gc),
  };
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  const gc = exposeGc();
  const { runChaos } = fromDist('testing/chaos/chaos-run');
  const makers = {
    binance: fromDist('testing/chaos/binance-chaos-venue').binanceChaosVenue,
    coinbase: fromDist('testing/chaos/coinbase-chaos-venue').coinbaseChaosVenue,
    kraken: fromDist('testing/chaos/kraken-chaos-venue').krakenChaosVenue,
  };
  const exchanges = options.exchanges.split(',').map((e) => e.trim());
  for (const exchange of exchanges) {
    if (!makers[exchange]) {
      console.error(`soak: unknown exchange "${exchange}" (binance, coinbase, kraken)`);
      process.exit(2);
    }
  }
  const cores = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
  console.log(`rxmarket soak: ${options.seconds} s per exchange, 3 symbols, books of ${options.levels} levels (top ${options.compare} checked on every event), ` +
    `${options.steps} market steps/s, a fault every ~${options.gap} ms + recovery, seed ${options.seed}`);
  console.log(`machine: ${cores} cores (${os.cpus()[0]?.model ?? 'unknown CPU'}), node ${process.version}, ${process.platform} ${process.arch}\n`);

  const results = [];
  for (const exchange of exchanges) {
    process.stderr.write(`soaking ${exchange} for ${options.seconds} s...\n`);
    results.push(await soakOne(exchange, makers[exchange], runChaos, options, gc));
  }

  const fmt = (n, digits = 0) => (Number.isFinite(n) ? n.toFixed(digits) : '-');
  printTable(
    ['exchange', 'seconds', 'msgs/s', 'MiB/s', 'faults', 'recoveries', 'recover p50 ms', 'recover p99 ms', 'availability', 'book events verified', 'failures', 'heap before MiB', 'heap after MiB'],
    results.map(({ exchange, report, seconds, messagesPerSecond, mbPerSecond, heap }) => [
      exchange,
      fmt(seconds),
      fmt(messagesPerSecond),
      fmt(mbPerSecond, 2),
      report.faultsInjected,
      report.recoveries,
      fmt(percentile(report.recoveryMs, 50)),
      fmt(percentile(report.recoveryMs, 99)),
      `${fmt(report.availability * 100, 2)} %`,
      `${report.verifiedEvents}/${report.bookEvents}`,
      report.failures.length,
      fmt(heap.before, 1),
      fmt(heap.after, 1),
    ]),
  );
  console.log('\nfaults injected by kind:');
  for (const { exchange, report } of results) {
    console.log(`  ${exchange}: ${Object.entries(report.faultsByName).map(([name, count]) => `${name} ×${count}`).join(', ')}`);
  }
  let failed = false;
  for (const { exchange, report } of results) {
    if (report.failures.length === 0) continue;
    failed = true;
    console.log(`\n${exchange} FAILURES:`);
    for (const failure of report.failures.slice(0, 10)) console.log(`  - ${failure}`);
  }
  process.exitCode = failed ? 1 : 0;
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
