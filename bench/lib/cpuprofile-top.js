'use strict';
/**
 * Summarizes a V8 `.cpuprofile` (from `node --cpu-prof`): the functions with the most self time,
 * with file:line, as a table.
 *
 *   node bench/lib/cpuprofile-top.js <file.cpuprofile> [--top=25] [--filter=dist/]
 *
 * @example
 * // node --cpu-prof --cpu-prof-dir=/tmp/prof bench/book-throughput.js --exchange=binance --only=rxmarket
 * // node bench/lib/cpuprofile-top.js /tmp/prof/CPU.*.cpuprofile
 */
const fs = require('node:fs');
const path = require('node:path');
const { parseArgs } = require('node:util');
const { printTable } = require('./table');

/**
 * @param {string} file
 * @returns {{ name: string, where: string, selfMs: number, share: number }[]} by self time, descending
 */
function selfTimes(file) {
  const profile = JSON.parse(fs.readFileSync(file, 'utf8'));
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfUs = new Map();
  const deltas = profile.timeDeltas;
  for (let i = 0; i < profile.samples.length; i++) {
    const id = profile.samples[i];
    selfUs.set(id, (selfUs.get(id) ?? 0) + (deltas[i] ?? 0));
  }
  const total = [...selfUs.values()].reduce((a, b) => a + b, 0);
  const byFunction = new Map();
  for (const [id, us] of selfUs) {
    const frame = byId.get(id).callFrame;
    const where = frame.url ? `${path.relative(process.cwd(), frame.url.replace(/^file:\/\//, ''))}:${frame.lineNumber + 1}` : '';
    const key = `${frame.functionName || '(anonymous)'}|${where}`;
    byFunction.set(key, (byFunction.get(key) ?? 0) + us);
  }
  return [...byFunction.entries()]
    .map(([key, us]) => {
      const [name, where] = key.split('|');
      return { name, where, selfMs: us / 1000, share: us / total };
    })
    .sort((a, b) => b.selfMs - a.selfMs);
}

if (require.main === module) {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { top: { type: 'string', default: '25' }, filter: { type: 'string' } } });
  for (const file of positionals) {
    const rows = selfTimes(file).filter((row) => !values.filter || row.where.includes(values.filter));
    printTable(
      ['function', 'location', 'self ms', 'self %'],
      rows.slice(0, Number(values.top)).map((row) => [row.name, row.where, row.selfMs.toFixed(1), `${(row.share * 100).toFixed(1)} %`]),
      { title: path.basename(file), alignLeft: 2 },
    );
  }
}

module.exports = { selfTimes };
