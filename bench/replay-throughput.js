'use strict';
/**
 * Replay throughput: the 200 000-frame Binance benchmark dataset (bench/lib/binance-dataset.js),
 * written as a recording file, replayed at `speed: Infinity` through the public API
 * (`replay(file).book('BTC/USDT', { depth: 1000 }).pipe(orderBook({ depth: 10 }))`), against the
 * in-process book benchmark's `rxmarket + orderBook({depth: 10})` contender on the same frames
 * (bench/lib/binance-runners.js: the adapter's session, book sync and orderBook() fed directly,
 * no file, no socket layer). Both must end on the generator's true book. See docs/performance.md.
 *
 *   node bench/replay-throughput.js [--frames=200000] [--rounds=5] [--seed=42]
 *
 * A third path replays with the file read whole beforehand (outside the timing): the replay engine
 * and the client's socket layers alone. Rounds rotate the order of the paths; each is timed three ways: wall clock; CPU time of the whole process
 * (every thread: the replay's reading thread and libuv's gunzip count); and, on Linux, CPU time of
 * the main thread alone (/proc/self/task/<pid>/stat, 10 ms ticks): the replay's own thread, where
 * the adapter runs, which is what bounds its throughput when the reading threads have a core. The
 * figures are medians of per-round ratios replay ÷ in-process frames/s.
 */
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { parseArgs } = require('node:util');
const { fromDist } = require('./lib/dist');
const { binanceDataset } = require('./lib/binance-dataset');
const { writeBinanceRecording } = require('./lib/binance-recording');
const { BINANCE_RUNNERS } = require('./lib/binance-runners');
const { sameLevels } = require('./lib/throughput');
const { exposeGc, median } = require('./lib/measure');
const { machineSummary } = require('./lib/machine');

const { asyncScheduler } = require('rxjs');
const { replay } = fromDist('replay/replay');
const { orderBook } = fromDist('operators/order-book');

const { values } = parseArgs({
  options: {
    frames: { type: 'string', default: '200000' },
    rounds: { type: 'string', default: '5' },
    seed: { type: 'string', default: '42' },
  },
});
const frames = Number(values.frames);
const rounds = Number(values.rounds);
const gc = exposeGc();

const reference = BINANCE_RUNNERS.find((runner) => runner.id === 'rxmarket-orderbook');
if (!reference) {
  console.error('bench/lib/binance-runners.js has no "rxmarket-orderbook" contender any more: update bench/replay-throughput.js');
  process.exit(2);
}

/** CPU ms of the main thread (Linux), or NaN. */
function mainThreadCpuMs() {
  try {
    const fields = fs.readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10; // utime + stime, in 100 Hz ticks
  } catch {
    return NaN;
  }
}
function clock() {
  const cpu = process.cpuUsage();
  return { wall: process.hrtime.bigint(), cpu: cpu.user + cpu.system, main: mainThreadCpuMs() };
}
function since(start) {
  const now = clock();
  return { wallMs: Number(now.wall - start.wall) / 1e6, cpuMs: (now.cpu - start.cpu) / 1000, mainMs: now.main - start.main };
}

function inProcess(dataset) {
  const instance = reference.create(dataset);
  const start = clock();
  instance.start();
  for (let i = 0; i < dataset.frames.length; i++) instance.onFrame(dataset.frames[i]);
  const time = since(start);
  const top = instance.top(10);
  const problems = [...instance.problems()];
  instance.stop();
  return { ...time, top, problems };
}

/** `preloaded`: the file is read whole when the replay is created (a scheduler given), before the clock starts. */
async function replayed(file, depth, preloaded = false) {
  const client = preloaded ? replay(file, { scheduler: asyncScheduler }) : undefined;
  const start = clock();
  let states = 0;
  let last;
  await new Promise((resolve, reject) =>
    (client ?? replay(file))
      .book('BTC/USDT', { depth })
      .pipe(orderBook({ depth: 10 }))
      .subscribe({ next: (s) => ((last = s), states++), error: reject, complete: resolve }),
  );
  return { ...since(start), states, last };
}

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rxmarket-bench-replay-'));
  try {
    console.log(`# Replay throughput — ${machineSummary()}`);
    const dataset = binanceDataset({ count: frames, seed: Number(values.seed) });
    const { file, records, depth } = writeBinanceRecording(dataset, path.join(dir, 'binance.rxrec.gz'));
    const size = fs.statSync(file).size;
    console.log(`\nBinance dataset: ${dataset.stats.frames} depthUpdate frames, sha256 ${dataset.stats.sha256}; recording: ${records} records, ${(size / 1e6).toFixed(1)} MB gzip`);

    // correctness, and warm-up (JIT) of both paths
    const check = inProcess(dataset);
    const warm = await replayed(file, depth);
    const replayOk = warm.last !== undefined && sameLevels(warm.last.bids, dataset.truthTop.bids) && sameLevels(warm.last.asks, dataset.truthTop.asks) && warm.states === frames + 1;
    const referenceOk = check.problems.length === 0 && sameLevels(check.top.bids, dataset.truthTop.bids) && sameLevels(check.top.asks, dataset.truthTop.asks);
    console.log(`final book = truth: replay ${replayOk ? 'yes' : 'NO'} (${warm.states} states), in-process ${referenceOk ? 'yes' : 'NO'}`);

    const results = { inProcess: [], replay: [], preloaded: [] };
    const paths = ['inProcess', 'replay', 'preloaded'];
    for (let round = 0; round < rounds; round++) {
      const order = paths.map((_, i) => paths[(i + round) % paths.length]);
      for (const which of order) {
        gc();
        results[which].push(which === 'inProcess' ? inProcess(dataset) : await replayed(file, depth, which === 'preloaded'));
      }
      process.stderr.write(`  round ${round + 1}/${rounds} done\n`);
    }
    const rate = (ms) => frames / (ms / 1000);
    const ratio = (key, of = 'replay') => median(results[of].map((r, i) => results.inProcess[i][key] / r[key]));
    const cell = (list, key) => (Number.isFinite(median(list.map((r) => r[key]))) ? Math.round(rate(median(list.map((r) => r[key])))).toLocaleString('en-US') : 'n/a');
    const row = (name, list) => `| ${name} | ${cell(list, 'wallMs')} | ${cell(list, 'cpuMs')} | ${cell(list, 'mainMs')} |`;
    const pct = (key, of) => (Number.isFinite(ratio(key, of)) ? `${(ratio(key, of) * 100).toFixed(1)} %` : 'n/a');
    console.log(`\n${frames.toLocaleString('en-US')} frames, ${rounds} rounds (medians)\n`);
    console.log('| path | frames/s (wall clock) | frames/s (CPU, all threads) | frames/s (CPU, main thread) |');
    console.log('| --- | ---: | ---: | ---: |');
    console.log(row('in-process: session + book sync + orderBook({depth: 10})', results.inProcess));
    console.log(row('replay(file), speed Infinity: book() + orderBook({depth: 10})', results.replay));
    console.log(row('replay, file read whole beforehand (not timed): the engine and client layers alone', results.preloaded));
    console.log(`| replay ÷ in-process | ${pct('wallMs')} | ${pct('cpuMs')} | ${pct('mainMs')} |`);
    console.log(`| replay read beforehand ÷ in-process | ${pct('wallMs', 'preloaded')} | ${pct('cpuMs', 'preloaded')} | ${pct('mainMs', 'preloaded')} |`);
    if (!replayOk || !referenceOk) process.exitCode = 1;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
