'use strict';
/**
 * Runs book-throughput contenders on one dataset, in one process, interleaved, and prints the
 * figures. Method:
 * - warm-up: every contender handles the snapshot + the first `warmupFrames` frames once (JIT);
 * - `rounds` timed rounds; in each, every contender gets a fresh instance and handles the snapshot
 *   plus all frames; the order of contenders rotates every round; a full GC runs before each run;
 * - after each run the contender's book (top 10 a side) must equal the generator's truth;
 * - frames/s is the median over rounds; ratios are medians of per-round ratios (contenders of one
 *   round ran seconds apart, so machine noise largely cancels out).
 *
 * @example
 * const results = runThroughput({ title: 'Binance', dataset, runners, rounds: 5, warmupFrames: 20_000, reference: 'rxmarket' });
 */
const { exposeGc, timeIt, cpuTimeIt, median } = require('./measure');
const { printTable, formatInt, formatRatio } = require('./table');

const gc = exposeGc();

function sameLevels(actual, expected) {
  if (!actual || actual.length !== expected.length) return false;
  for (let i = 0; i < expected.length; i++) {
    if (actual[i][0] !== expected[i][0] || actual[i][1] !== expected[i][1]) return false;
  }
  return true;
}

/** Runs one contender over `frames[0..count)`; returns elapsed ms and what went wrong. */
function runOnce(runner, dataset, count, check, clock = 'wall') {
  const instance = runner.create(dataset);
  const frames = dataset.frames;
  const ms = (clock === 'cpu' ? cpuTimeIt : timeIt)(() => {
    instance.start();
    for (let i = 0; i < count; i++) instance.onFrame(frames[i]);
  });
  const problems = [...instance.problems()];
  let bookMatches = true;
  if (check && runner.id !== 'floor') {
    const top = instance.top(10);
    if (!sameLevels(top.bids, dataset.truthTop.bids) || !sameLevels(top.asks, dataset.truthTop.asks)) {
      bookMatches = false;
      problems.push(`book differs from the truth: best bid ${JSON.stringify(top.bids[0])} vs ${JSON.stringify(dataset.truthTop.bids[0])}, best ask ${JSON.stringify(top.asks[0])} vs ${JSON.stringify(dataset.truthTop.asks[0])}`);
    }
  }
  instance.stop();
  return { ms, problems, bookMatches };
}

/**
 * @param {{ title: string, dataset: any, runners: any[], rounds: number, warmupFrames: number, reference: string, floor?: string, clock?: 'cpu' | 'wall' }} options
 *   `clock`: `cpu` (default) times runs by this process's CPU time (robust on a shared machine), `wall` by elapsed time
 * @returns {{ id: string, name: string, framesPerSecond: number, timeVsFloor: number | undefined, referenceSpeedup: number | undefined, problems: string[] }[]}
 */
function runThroughput({ title, dataset, runners, rounds, warmupFrames, reference, floor = 'floor', clock = 'cpu' }) {
  const count = dataset.frames.length;
  for (const runner of runners) {
    const warm = runOnce(runner, dataset, Math.min(warmupFrames, count), false);
    if (warm.problems.length > 0) console.warn(`  warm-up ${runner.id}: ${warm.problems.slice(0, 3).join('; ')}`);
  }
  const times = new Map(runners.map((runner) => [runner.id, []]));
  const problems = new Map(runners.map((runner) => [runner.id, new Set()]));
  const bookMatches = new Map(runners.map((runner) => [runner.id, true]));
  for (let round = 0; round < rounds; round++) {
    const order = runners.map((_, i) => runners[(i + round) % runners.length]);
    for (const runner of order) {
      gc();
      const result = runOnce(runner, dataset, count, true, clock);
      times.get(runner.id).push(result.ms);
      for (const problem of result.problems) problems.get(runner.id).add(problem);
      if (!result.bookMatches) bookMatches.set(runner.id, false);
    }
    process.stderr.write(`  ${title}: round ${round + 1}/${rounds} done\n`);
  }

  const perRoundRatio = (numerator, denominator) => {
    const a = times.get(numerator);
    const b = times.get(denominator);
    if (!a || !b) return undefined;
    return median(a.map((value, round) => value / b[round]));
  };
  const results = runners.map((runner) => {
    const ms = median(times.get(runner.id));
    return {
      id: runner.id,
      name: runner.name,
      does: runner.does,
      framesPerSecond: count / (ms / 1000),
      microsPerFrame: (ms * 1000) / count,
      timeVsFloor: runner.id === floor ? 1 : perRoundRatio(runner.id, floor),
      // > 1: the reference (rxmarket) handles more frames per second than this contender
      referenceSpeedup: runner.id === reference ? undefined : perRoundRatio(runner.id, reference),
      problems: [...problems.get(runner.id)],
      bookMatches: bookMatches.get(runner.id),
      // a contender known to misbehave (shown for information) does not fail the run
      failed: runner.id !== floor && !runner.expectProblems && (problems.get(runner.id).size > 0 || !bookMatches.get(runner.id)),
    };
  });

  printTable(
    ['implementation', 'frames/s (median)', 'µs/frame', 'time ÷ JSON.parse time', `${reference} speed ÷ this`, 'final book = truth', 'errors'],
    results.map((r) => [
      r.name,
      formatInt(r.framesPerSecond),
      r.microsPerFrame.toFixed(2),
      r.timeVsFloor === undefined ? '' : formatRatio(r.timeVsFloor),
      r.referenceSpeedup === undefined ? '—' : formatRatio(r.referenceSpeedup),
      r.id === floor ? 'n/a' : r.bookMatches ? 'yes' : 'NO',
      r.problems.length === 0 ? 'none' : 'see below',
    ]),
    { title: `${title}: ${formatInt(count)} frames, ${rounds} rounds, ${clock === 'cpu' ? 'CPU' : 'wall-clock'} time` },
  );
  for (const r of results) if (r.problems.length > 0) console.log(`\n- ${r.name}: ${r.problems.slice(0, 3).join('; ')}`);
  console.log('\nWhat each contender does per frame:\n');
  for (const r of results) console.log(`- ${r.name}: ${r.does}`);
  return results;
}

module.exports = { runThroughput, sameLevels };
