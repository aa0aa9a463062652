'use strict';
/**
 * A flat (sequential) copy of a string. Strings built by concatenation are V8 "cons strings" (trees of
 * pieces); `JSON.parse` and scanners flatten them on first read, and a dataset of cons strings can put a
 * contender into a slow mode that a live client never sees: `ws` delivers flat strings (decoded from a
 * Buffer). Every benchmark dataset passes its frames through this, so frames look like the socket's.
 *
 * @example
 * const frame = flatString(head + body + tail); // same characters, one flat sequential string
 */
function flatString(text) {
  return Buffer.from(text, 'utf8').toString('utf8');
}

module.exports = { flatString };
