import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import { constants, gunzipSync } from 'node:zlib';
import { parseRecordLine, RecordingFormatError } from './record-line';
import type { RecordingHeader, RecordingRecord } from './recording-format';

/**
 * A whole recording file, read at once.
 *
 * @example
 * ```ts
 * const { header, records, truncated } = readRecording('bn.rxrec.gz');
 * ```
 */
export interface RecordingContents {
  readonly header: RecordingHeader;
  /** Every record after the header, in file order. */
  readonly records: readonly RecordingRecord[];
  /** The file ended inside a record (a recorder killed mid-write): that last partial record was left out. */
  readonly truncated: boolean;
  /** Records of types this version does not know (skipped). */
  readonly unknown: number;
}

const GZIP_MAGIC = 0x1f8b;

/**
 * The text of a recording file: gunzipped (every gzip member, as the recorder writes one per
 * buffer), tolerating a cut-off last member; a file that is not gzip is read as plain JSON lines.
 *
 * @example
 * ```ts
 * const text = recordingText('bn.rxrec.gz');
 * ```
 */
export function recordingText(path: string): string {
  const bytes = readFileSync(path);
  return decompress(bytes);
}

function decompress(bytes: Buffer): string {
  if (bytes.length >= 2 && bytes.readUInt16BE(0) === GZIP_MAGIC) return gunzipSync(bytes, { finishFlush: constants.Z_SYNC_FLUSH }).toString('utf8');
  return bytes.toString('utf8');
}

/**
 * Splits recording text into records. The last line may be cut off (a killed recorder): it is left
 * out and `truncated` is set; a broken line anywhere else throws a {@link RecordingFormatError}
 * naming its line number.
 *
 * @example
 * ```ts
 * const contents = parseRecording(recordingText('bn.rxrec.gz'), 'bn.rxrec.gz');
 * ```
 */
export function parseRecording(text: string, name: string): RecordingContents {
  const lines = text.split('\n');
  let header: RecordingHeader | undefined;
  const records: RecordingRecord[] = [];
  let truncated = false;
  let unknown = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    let record: RecordingRecord | RecordingHeader | undefined;
    const last = i === lines.length - 1; // no newline after it: possibly cut off
    try {
      record = parseRecordLine(line, last);
    } catch (error) {
      if (last) {
        truncated = true;
        break;
      }
      throw new RecordingFormatError(`${name}, line ${i + 1}: ${(error as Error).message}`);
    }
    if (record === undefined) {
      if (line.trim() !== '') unknown++;
      continue;
    }
    if (record.type === 'header') {
      if (header === undefined) header = record;
      continue; // a later header: the same session continued in the same file (or appended)
    }
    if (header === undefined) throw new RecordingFormatError(`${name}: the first record must be the header, found "${record.type}"`);
    records.push(record);
  }
  if (header === undefined) throw new RecordingFormatError(`${name}: no header (not an rxmarket recording, or empty)`);
  return { header, records, truncated, unknown };
}

/**
 * Reads and parses a whole recording file (see {@link parseRecording}).
 *
 * @example
 * ```ts
 * const { header, records } = readRecording('bn.rxrec.gz');
 * console.log(header.exchange, records.length);
 * ```
 */
export function readRecording(path: string): RecordingContents {
  return parseRecording(recordingText(path), path);
}

/**
 * The header of a recording file, reading only its beginning.
 *
 * @example
 * ```ts
 * readRecordingHeader('bn.rxrec.gz').exchange; // 'binance'
 * ```
 */
export function readRecordingHeader(path: string): RecordingHeader {
  const fd = openSync(path, 'r');
  let head: Buffer;
  try {
    const buffer = Buffer.alloc(64 * 1024);
    head = buffer.subarray(0, readSync(fd, buffer, 0, buffer.length, 0));
  } finally {
    closeSync(fd);
  }
  let text: string;
  try {
    text = decompress(head);
  } catch (error) {
    throw new RecordingFormatError(`${path}: not a recording (${(error as Error).message})`);
  }
  const newline = text.indexOf('\n');
  const line = newline < 0 ? text : text.slice(0, newline);
  const header = parseRecordLine(line);
  if (header?.type !== 'header') throw new RecordingFormatError(`${path}: the first line is not a recording header`);
  return header;
}
