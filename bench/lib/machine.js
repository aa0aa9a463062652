'use strict';
/**
 * Describes the machine a benchmark ran on (printed with every result).
 *
 * @example
 * console.log(machineSummary()); // "2 cores (AMD EPYC), node v20.20.2, linux x64"
 */
const fs = require('node:fs');
const os = require('node:os');

function cpuModel() {
  try {
    const line = fs.readFileSync('/proc/cpuinfo', 'utf8').split('\n').find((l) => l.startsWith('model name'));
    if (line) return line.split(':')[1].trim();
  } catch {
    // not Linux
  }
  return os.cpus()[0]?.model ?? 'unknown CPU';
}

/** One line: cores, CPU model, Node version, platform. */
function machineSummary() {
  const cores = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
  return `${cores} cores (${cpuModel()}), node ${process.version}, ${process.platform} ${process.arch}, ${Math.round(os.totalmem() / 2 ** 30)} GiB RAM`;
}

module.exports = { machineSummary, cpuModel };
