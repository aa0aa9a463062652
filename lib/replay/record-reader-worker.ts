/**
 * What the reading thread sends: the lines of one decoded chunk of one file, as columns over the
 * chunk's text. `kinds[i]` is 1 for a `recv` line already split by the fast path (`conns`, `times`
 * epoch ms, `monos` (-1: none), its frame `text.slice(starts[i], ends[i])`), 2 for any other line
 * (`text.slice(starts[i], ends[i])` is the whole line, parsed by the main thread), 3 for the last
 * line of a file when it did not end with a newline (possibly cut).
 *
 * @example
 * ```ts
 * worker.on('message', (batch: RecordBatch) => source.push(batch));
 * ```
 */
export interface RecordBatch {
  readonly file: number;
  readonly kinds: Uint8Array;
  readonly conns: Float64Array;
  readonly times: Float64Array;
  readonly monos: Float64Array;
  readonly starts: Uint32Array;
  readonly ends: Uint32Array;
  /** The chunk's text; or, when it is pure ASCII, `bytes` instead (transferred, not copied: decode with `latin1`). */
  readonly text?: string;
  readonly bytes?: ArrayBuffer;
}

/**
 * The other messages of the reading thread: a file is done, or reading failed.
 *
 * @example
 * ```ts
 * if (message.type === 'end') source.endFile(message.file);
 * ```
 */
export type ReaderNotice = { readonly type: 'end'; readonly file: number } | { readonly type: 'error'; readonly file: number; readonly message: string };

/**
 * The source of the thread that reads recordings for streamed replays (run with
 * `new Worker(RECORD_READER_WORKER, { eval: true, workerData: { files, maxBatches } })`):
 * it streams each file, gunzips it (tolerating a cut-off last gzip member), decodes UTF-8, splits
 * lines, splits `recv` lines written by the recorder (`{"type":"recv","conn":N,"ts":"D","mono":M,"json":…}`)
 * into columns (offsets into the chunk's text: no string is built per line) without parsing their
 * frames, and posts one batch per decoded chunk (about 1 MB); it keeps at most `maxBatches` batches
 * unacknowledged (the main thread posts `1` per batch it consumed), so memory stays bounded however
 * large the file. Plain JavaScript with Node built-ins only: it runs
 * from `dist` and under ts-jest alike. A pure-ASCII chunk (what recordings nearly always are) is
 * scanned as bytes and its bytes are transferred (no copy into the main thread's heap beyond one
 * `latin1` decode); other chunks are decoded as UTF-8 first (they are cut at line ends, which are
 * character boundaries). Kept equivalent to `parseRecordLine` by
 * spec/replay/record-source.spec.ts.
 *
 * @example
 * ```ts
 * const worker = new Worker(RECORD_READER_WORKER, { eval: true, workerData: { files: ['bn.rxrec.gz'], maxBatches: 4 } });
 * ```
 */
export const RECORD_READER_WORKER = String.raw`
'use strict';
const { parentPort, workerData } = require('node:worker_threads');
const { createReadStream } = require('node:fs');
const { createGunzip, constants } = require('node:zlib');
const { isAscii } = require('node:buffer');

const { files, maxBatches } = workerData;
const HEAD = '{"type":"recv","conn":';
const TS = ',"ts":"';
const MONO = ',"mono":';
const JSON_MEMBER = ',"json":';
let credit = maxBatches;
let resumeWaiting = null;
parentPort.on('message', (n) => {
  credit += n;
  if (credit > 0 && resumeWaiting) {
    const resume = resumeWaiting;
    resumeWaiting = null;
    resume();
  }
});

/** Columns for the lines of one chunk; grown as needed. */
let capacity = 4096;
let kinds = new Uint8Array(capacity), conns = new Float64Array(capacity), times = new Float64Array(capacity), monos = new Float64Array(capacity), starts = new Uint32Array(capacity), ends = new Uint32Array(capacity);
let count = 0;
function grow() {
  capacity *= 2;
  const k = new Uint8Array(capacity); k.set(kinds); kinds = k;
  const c = new Float64Array(capacity); c.set(conns); conns = c;
  const t = new Float64Array(capacity); t.set(times); times = t;
  const m = new Float64Array(capacity); m.set(monos); monos = m;
  const s = new Uint32Array(capacity); s.set(starts); starts = s;
  const e = new Uint32Array(capacity); e.set(ends); ends = e;
}

/** Whether code unit/byte sequence at p of src (read by at(src, i)) starts with the ASCII string s. */
function startsAt(src, at, p, s) {
  for (let k = 0; k < s.length; k++) if (at(src, p + k) !== s.charCodeAt(k)) return false;
  return true;
}
const byteAt = (buf, i) => (i < buf.length ? buf[i] : -1);
const charAt = (text, i) => text.charCodeAt(i);

/**
 * Line [from, to) of src (a Buffer of ASCII bytes, or a string; at reads one code): a fast-path recv
 * line goes into columns (frame offsets), any other line as a whole for the main thread.
 */
function addLine(src, at, from, to, kind) {
  if (count === capacity) grow();
  const i = count++;
  starts[i] = from;
  ends[i] = to;
  kinds[i] = kind;
  if (kind !== 2 || !startsAt(src, at, from, HEAD)) return;
  let p = from + HEAD.length;
  let c = at(src, p);
  if (c < 48 || c > 57) return;
  let conn = 0;
  while (c >= 48 && c <= 57) { conn = conn * 10 + (c - 48); c = at(src, ++p); }
  if (!startsAt(src, at, p, TS)) return;
  p += TS.length;
  const digits = p;
  c = at(src, p);
  while (c >= 48 && c <= 57) c = at(src, ++p);
  if (c !== 34 || p - digits < 7 || p - 6 - digits > 15) return;
  let whole = 0;
  for (let k = digits; k < p - 6; k++) whole = whole * 10 + (at(src, k) - 48);
  let fraction = 0;
  for (let k = p - 6; k < p; k++) fraction = fraction * 10 + (at(src, k) - 48);
  p++;
  let mono = -1;
  if (startsAt(src, at, p, MONO)) {
    p += MONO.length;
    const monoStart = p;
    mono = 0;
    c = at(src, p);
    while (c >= 48 && c <= 57) { mono = mono * 10 + (c - 48); c = at(src, ++p); }
    if (p === monoStart || p - monoStart > 15) return;
  }
  if (!startsAt(src, at, p, JSON_MEMBER)) return;
  let end = to;
  while (end > p && at(src, end - 1) <= 32) end--;
  if (at(src, end - 1) !== 125) return;
  kinds[i] = 1;
  conns[i] = conn;
  times[i] = whole + fraction / 1e6;
  monos[i] = mono;
  starts[i] = p + JSON_MEMBER.length;
  ends[i] = end - 1;
}

function post(file, content) {
  if (count === 0) return;
  const n = count;
  count = 0;
  const message = { file, kinds: kinds.slice(0, n), conns: conns.slice(0, n), times: times.slice(0, n), monos: monos.slice(0, n), starts: starts.slice(0, n), ends: ends.slice(0, n) };
  const transfer = [message.kinds.buffer, message.conns.buffer, message.times.buffer, message.monos.buffer, message.starts.buffer, message.ends.buffer];
  if (typeof content === 'string') message.text = content;
  else {
    const bytes = new Uint8Array(content.length); // its own ArrayBuffer, transferred: the main thread gets it without a copy
    bytes.set(content);
    message.bytes = bytes.buffer;
    transfer.push(bytes.buffer);
  }
  credit--;
  parentPort.postMessage(message, transfer);
}

/** The complete lines of buf: ASCII bytes are sent as they are, other text decoded (UTF-8 boundaries are line boundaries). */
function addLines(buf, file, lastKind) {
  if (isAscii(buf)) {
    let from = 0;
    for (;;) {
      const newline = buf.indexOf(10, from);
      if (newline < 0) break;
      addLine(buf, byteAt, from, newline, 2);
      from = newline + 1;
    }
    if (lastKind && from < buf.length) addLine(buf, byteAt, from, buf.length, lastKind);
    post(file, buf);
    return;
  }
  const text = buf.toString('utf8');
  let from = 0;
  for (;;) {
    const newline = text.indexOf('\n', from);
    if (newline < 0) break;
    addLine(text, charAt, from, newline, 2);
    from = newline + 1;
  }
  if (lastKind && from < text.length) addLine(text, charAt, from, text.length, lastKind);
  post(file, text);
}

function readFile(index) {
  if (index >= files.length) return;
  const input = createReadStream(files[index], { highWaterMark: 1 << 20 });
  let stream = null;
  let partial = Buffer.alloc(0);
  let failed = false;
  const fail = (error) => {
    if (failed) return;
    failed = true;
    input.destroy();
    if (stream && stream !== input) stream.destroy();
    parentPort.postMessage({ type: 'error', file: index, message: error.message });
  };
  const onBytes = (chunk) => {
    const buf = partial.length > 0 ? Buffer.concat([partial, chunk]) : chunk;
    const last = buf.lastIndexOf(10);
    if (last < 0) {
      partial = Buffer.from(buf);
      return;
    }
    partial = Buffer.from(buf.subarray(last + 1));
    addLines(buf.subarray(0, last + 1), index, 0);
    if (credit <= 0) {
      stream.pause();
      resumeWaiting = () => stream.resume();
    }
  };
  const onEnd = () => {
    if (failed) return;
    if (partial.toString('latin1').trim() !== '') addLines(partial, index, 3);
    parentPort.postMessage({ type: 'end', file: index });
    readFile(index + 1);
  };
  input.on('error', fail);
  input.once('data', (first) => {
    input.pause();
    if (first.length >= 2 && first[0] === 0x1f && first[1] === 0x8b) {
      stream = createGunzip({ finishFlush: constants.Z_SYNC_FLUSH, chunkSize: 1 << 20 });
      stream.on('error', fail);
      stream.on('data', onBytes);
      stream.on('end', onEnd);
      stream.write(first);
      input.pipe(stream);
    } else {
      stream = input;
      input.on('data', onBytes);
      input.on('end', onEnd);
      onBytes(first);
      input.resume();
    }
  });
  input.on('end', () => { if (!stream) onEnd(); });
}

readFile(0);
`;
