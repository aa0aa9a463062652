/**
 * The bytes of what a `ws` socket hands to a `message` listener (a Buffer, an array of Buffers for
 * a fragmented message, an ArrayBuffer, or already a string).
 *
 * @example
 * ```ts
 * frameBytes([Buffer.from('{"a"'), Buffer.from(':1}')]).toString(); // '{"a":1}'
 * ```
 */
export function frameBytes(data: unknown): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (typeof data === 'string') return Buffer.from(data, 'utf8');
  if (Array.isArray(data)) return Buffer.concat(data as Buffer[]);
  return Buffer.from(data as ArrayBuffer);
}

/**
 * The text of a `message` listener's data, decoded as UTF-8 (what `openSocket` hands to sessions).
 *
 * @example
 * ```ts
 * frameText(Buffer.from('{"a":1}')); // '{"a":1}'
 * ```
 */
export function frameText(data: unknown): string {
  return typeof data === 'string' ? data : frameBytes(data).toString('utf8');
}

/**
 * Whether a frame can be written verbatim as the `json` member of a record line: it looks like one
 * JSON object or array on a single line. The recorder also requires that the client decoded it
 * without a `decode` error (so it is valid JSON).
 *
 * @example
 * ```ts
 * looksLikeSingleLineJson('{"a":1}'); // true
 * looksLikeSingleLineJson('pong');    // false
 * ```
 */
export function looksLikeSingleLineJson(text: string): boolean {
  const first = text.charCodeAt(0);
  const last = text.charCodeAt(text.length - 1);
  return ((first === 123 && last === 125) || (first === 91 && last === 93)) && !text.includes('\n') && !text.includes('\r');
}

/**
 * `text` as a string of its own: a frame sliced out of a large decoded chunk of a recording is a
 * view into that chunk, which keeps the whole chunk alive and reads slower character by character
 * in the frame scanners; a copy through a buffer costs less than it saves (the 100 000-frame Binance
 * replay: ~390 → ~325 ms, `bench/replay-throughput.js`).
 *
 * @example
 * ```ts
 * const frame = ownText(chunk.slice(start, end)); // independent of `chunk`
 * ```
 */
export function ownText(text: string): string {
  return Buffer.from(text, 'utf8').toString('utf8');
}
