'use strict';
/**
 * Soak benchmark: each exchange's client streams books (and trades) of 3 symbols from its simulator
 * through the chaos proxy at a high message rate for minutes, while a seeded schedule injects a
 * fault about every `--gap` ms (proxy cuts/stalls/delays/splits + the simulator's protocol faults).
 * Every book event is checked against the simulator's ground truth, every fault must raise its
 * expected event and every book must come back to the exact truth (see `runChaos` in
 * lib/testing/chaos). Prints Markdown tables: faults, recoveries, time to recover (p50/p99),
 * availability, message rate and heap (after a forced GC) at the start and the end; availability at
 * several fault rates (`--rates`, one fault every N s) from the downtime each fault cost in this run;
 * half-open stalls on their own (detection time against `pingInterval + pingTimeout`, then recovery),
 * since no client can see them before its ping timeout; and the cost of each kind of fault.
 *
 * Not part of `npm test`. Needs the build (`npm run build`); `RXMARKET_DIST` may point elsewhere.
 *
 * @example
 * node bench/soak/soak.js --seconds 120
 * node bench/soak/soak.js --seconds 30 --exchanges kraken --steps 500 --gap 250
 * node --expose-gc bench/soak/soak.js --seconds 120 --gap 10000 --rates 10,60
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
  const options = { seconds: 120, exchanges: 'binance,coinbase,kraken', steps: 1000, gap: 1000, seed: 1, levels: 200, compare: 25, rates: '10,60' };
  for (let i = 0; i < argv.length; i += 2) {
    const name = argv[i].replace(/^--/, '');
    const value = argv[i + 1];
    if (!(name in options) || value === undefined) {
      console.error(`usage: node bench/soak/soak.js [--seconds 120] [--exchanges binance,coinbase,kraken] [--steps 1000] [--gap 1000] [--seed 1] [--levels 200] [--compare 25] [--rates 10,60]`);
      process.exit(2);
    }
    options[name] = name === 'exchanges' || name === 'rates' ? value : Number(value);
  }
  if (!(options.seconds > 0 && options.seconds <= 3600)) {
    console.error('soak: --seconds must be in (0, 3600]');
    process.exit(2);
  }
  options.rates = String(options.rates).split(',').map(Number);
  if (!options.rates.every((r) => r > 0)) {
    console.error('soak: --rates must be seconds between faults, e.g. 10,60');
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
  // Heap after a forced GC, always at the same point of a fault's cycle (its checkpoint passed, the
  // run's truth history trimmed): "start" after the first fault (code loaded), "end" after the last.
  // Between checkpoints the run itself keeps every truth state since the last one (its TruthHistory:
  // ~gap x steps/s book keys per symbol), so a sample taken elsewhere measures the harness, not the client.
  const heap = { before: NaN, after: NaN };
  const warmFaults = 1;
  const sampleEvery = options.gap >= 2000 ? 1 : 10;
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
      else if (injected % sampleEvery === 0) heap.after = heapMb(gc);
      if (process.env.SOAK_HEAP_LOG && injected % sampleEvery === 0) process.stderr.write(`  ${exchange}: heap ${heap.after.toFixed(1)} MiB after fault ${injected}\n`);
      if (Date.now() - lastLog > 15_000) {
        lastLog = Date.now();
        process.stderr.write(`  ${exchange}: ${injected} faults\n`);
      }
    },
  });
  heap.afterRun = heapMb(gc); // the client unsubscribed; simulator and proxies still up
  const proxyStats = venue.proxy.stats;
  const keepalive = venue.keepalive;
  await venue.stop();
  const seconds = report.elapsedMs / 1000;
  return {
    exchange,
    keepalive,
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
  const pct = (fraction) => `${fmt(fraction * 100, fraction > 0.999 ? 3 : 2)} %`;
  const mean = (values) => (values.length === 0 ? NaN : values.reduce((a, b) => a + b, 0) / values.length);
  const sum = (values) => values.reduce((a, b) => a + b, 0);
  printTable(
    ['exchange', 'seconds', 'msgs/s', 'MiB/s', 'faults', 'recoveries', 'recover p50 ms', 'recover p99 ms', 'availability', 'book events verified', 'failures', 'heap start MiB', 'heap end MiB', 'after unsubscribe', 'after stop'],
    results.map(({ exchange, report, seconds, messagesPerSecond, mbPerSecond, heap, heapAfterStop }) => [
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
      fmt(heap.afterRun, 1),
      fmt(heapAfterStop, 1),
    ]),
  );

  // Availability by fault rate: every fault but the stalls costs its measured downtime; a stall costs
  // at least the keepalive's detection time whatever the client does, so it is reported on its own.
  console.log(`\navailability by fault rate (stalls apart): 1 - mean downtime per fault / time between faults; "this run" is measured`);
  printTable(
    ['exchange', 'faults (no stalls)', 'mean downtime ms', 'this run (no stalls)', 'this run (all)', ...options.rates.map((r) => `1 fault / ${r} s`), 'visible recover p99 ms'],
    results.map(({ exchange, report }) => {
      const visible = report.faultLog.filter((f) => !f.silent);
      const stallDown = sum(report.faultLog.filter((f) => f.silent).map((f) => f.downtimeMs));
      const downMean = mean(visible.map((f) => f.downtimeMs));
      const withoutStalls = report.availability + stallDown / report.elapsedMs;
      return [
        exchange,
        visible.length,
        fmt(downMean, 1),
        pct(Math.min(1, withoutStalls)),
        pct(report.availability),
        ...options.rates.map((r) => pct(1 - downMean / (r * 1000))),
        fmt(percentile(visible.filter((f) => f.recoveryMs !== undefined && !/refused/.test(f.name)).map((f) => f.recoveryMs), 99)),
      ];
    }),
  );
  console.log('("visible recover p99": faults the client can see at once - close, reset, FIN, gap, checksum, malformed frame, REST errors; refused reconnects back off by design and are listed below)');

  console.log('\nhalf-open stalls (detected by the keepalive, must be within pingInterval + pingTimeout):');
  printTable(
    ['exchange', 'stalls', 'bound ms', 'detected p50 ms', 'detected max ms', 'within bound', 'recover after detection p50 ms', 'max ms'],
    results.map(({ exchange, report, keepalive }) => {
      const stalls = report.faultLog.filter((f) => f.silent);
      const bound = keepalive ? keepalive.pingInterval + keepalive.pingTimeout : NaN;
      const detected = stalls.map((f) => f.detectedMs).filter((d) => d !== undefined);
      const after = stalls.filter((f) => f.recoveryMs !== undefined && f.detectedMs !== undefined).map((f) => f.recoveryMs - f.detectedMs);
      return [
        exchange,
        stalls.length,
        fmt(bound),
        fmt(percentile(detected, 50)),
        fmt(Math.max(...detected)),
        `${detected.filter((d) => d <= bound).length}/${stalls.length}`,
        fmt(percentile(after, 50)),
        fmt(Math.max(...after)),
      ];
    }),
  );

  console.log('\ncost of each kind of fault (recover: injection to every affected book verified again; downtime: mean over the books):');
  const kindRows = [];
  for (const { exchange, report } of results) {
    const kinds = new Map();
    for (const f of report.faultLog) kinds.set(f.name, [...(kinds.get(f.name) ?? []), f]);
    for (const [name, faults] of [...kinds].sort((a, b) => a[0].localeCompare(b[0]))) {
      const recover = faults.map((f) => f.recoveryMs).filter((r) => r !== undefined);
      kindRows.push([exchange, name, faults.length, fmt(percentile(recover, 50)), fmt(Math.max(...recover)), fmt(mean(faults.map((f) => f.downtimeMs)), 1)]);
    }
  }
  printTable(['exchange', 'fault', 'count', 'recover p50 ms', 'recover max ms', 'mean downtime ms'], kindRows);

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
