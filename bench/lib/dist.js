'use strict';
/**
 * Loads compiled rxmarket modules from `dist/` (built by `npm run build`, which `npm ci` runs).
 * The benchmarks measure exactly the JavaScript users run, not ts-node or ts-jest output.
 *
 * @example
 * const { OrderBook } = fromDist('book/order-book');
 */
const path = require('node:path');

/** `RXMARKET_DIST=/tmp/patched-dist` benchmarks an experimental copy of the build (A/B of a proposed change). */
const DIST = process.env.RXMARKET_DIST ? path.resolve(process.env.RXMARKET_DIST) : path.resolve(__dirname, '..', '..', 'dist');

/**
 * `require(dist/<relative>)`, exiting with a clear message when the build is missing.
 *
 * @param {string} relative module path under dist/, without extension
 * @returns {any}
 */
function fromDist(relative) {
  const file = path.join(DIST, relative);
  try {
    return require(file);
  } catch (error) {
    if (error && error.code === 'MODULE_NOT_FOUND' && String(error.message).split('\n')[0].includes(file)) {
      console.error(`bench: ${path.relative(process.cwd(), file)}.js not found - run \`npm run build\` first.`);
      process.exit(2);
    }
    throw error;
  }
}

/** `true` when the compiled module exists (e.g. an adapter still being written). */
function hasDist(relative) {
  try {
    require.resolve(path.join(DIST, relative));
    return true;
  } catch {
    return false;
  }
}

module.exports = { fromDist, hasDist, DIST };
