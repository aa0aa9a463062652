import { epochMs, epochNs } from './epoch-ns';
import { ownText } from './frame-data';
import { RECORDING_FORMAT, type RecordingHeader, type RecordingRecord, type RecordingRecordType } from './recording-format';

/**
 * A line that is not a valid record of the recording format (bad JSON, a missing field).
 *
 * @example
 * ```ts
 * try { parseRecordLine('{"type":"recv"'); } catch (e) { if (e instanceof RecordingFormatError) console.warn(e.message); }
 * ```
 */
export class RecordingFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RecordingFormatError';
  }
}

/** Fields written as epoch ns strings besides `ts`. */
const TIME_FIELDS = ['sent', 'due'] as const;

const KNOWN: ReadonlySet<string> = new Set<RecordingRecordType | 'header'>([
  'header', 'connect', 'open', 'send', 'recv', 'ping', 'pong', 'close', 'error', 'http',
  'subscribe', 'unsubscribe', 'timer', 'random', 'dropped', 'signal',
]);

/**
 * One record as one JSON line (no newline). Field order is fixed: `type`, `conn`, `ts` (epoch ns
 * string), `mono`, then the rest. A `recv` frame is written verbatim as the LAST member `json` when
 * `inline` (the caller knows it is single-line JSON: replay then slices it out without parsing),
 * otherwise escaped as `text`, or as `b64` when binary.
 *
 * @example
 * ```ts
 * recordLine({ type: 'recv', conn: 1, ts: 1_764_000_000_000.5, data: '{"a":1}' }, true);
 * // '{"type":"recv","conn":1,"ts":"1764000000000500000","json":{"a":1}}'
 * ```
 */
export function recordLine(record: RecordingRecord | RecordingHeader, inline = false): string {
  if (record.type === 'header') {
    const { ts, mono, ...rest } = record;
    return JSON.stringify({ ...rest, ts: epochNs(ts), ...(mono === undefined ? {} : { mono }) });
  }
  let line = `{"type":"${record.type}"`;
  if ('conn' in record) line += `,"conn":${record.conn}`;
  line += `,"ts":"${epochNs(record.ts)}"`;
  if (record.mono !== undefined) line += `,"mono":${record.mono}`;
  if (record.type === 'recv') {
    if (record.binary) return `${line},"b64":"${record.data}"}`;
    return inline ? `${line},"json":${record.data}}` : `${line},"text":${JSON.stringify(record.data)}}`;
  }
  const { type: _type, ts: _ts, mono: _mono, ...rest } = record as RecordingRecord & { conn?: number };
  delete (rest as { conn?: number }).conn;
  const fields: Record<string, unknown> = rest;
  for (const name of TIME_FIELDS) if (typeof fields[name] === 'number') fields[name] = epochNs(fields[name] as number);
  const body = JSON.stringify(fields);
  return body === '{}' ? `${line}}` : `${line},${body.slice(1)}`;
}

const RECV_HEAD = '{"type":"recv","conn":';

/**
 * Parses one line: a record, the header, or `undefined` for a blank line or a record type this
 * version does not know (newer files stay readable). Lines written by {@link recordLine} for
 * inline frames take a fast path that slices the frame out without parsing it; `strict` parses the
 * whole line instead (the last line of a file that may have been cut off). Throws a
 * {@link RecordingFormatError} for a line that is not a record.
 *
 * @example
 * ```ts
 * parseRecordLine('{"type":"recv","conn":1,"ts":"1764000000000500000","json":{"a":1}}');
 * // { type: 'recv', conn: 1, ts: 1764000000000.5, data: '{"a":1}' }
 * ```
 */
export function parseRecordLine(line: string, strict = false): RecordingRecord | RecordingHeader | undefined {
  if (!strict && line.startsWith(RECV_HEAD)) {
    const fast = parseInlineRecv(line);
    if (fast) return fast;
  }
  const trimmed = line.trim();
  if (trimmed === '') return undefined;
  let value: Record<string, unknown>;
  // `json` (a verbatim frame) is the last member of a recv record: parse what precedes it only
  const inline = trimmed.startsWith('{"type":"recv"') ? trimmed.indexOf(',"json":') : -1;
  try {
    if (strict && inline >= 0) JSON.parse(trimmed); // the frame too must be complete
    value = JSON.parse(inline < 0 ? trimmed : `${trimmed.slice(0, inline)}}`) as Record<string, unknown>;
  } catch (error) {
    throw new RecordingFormatError(`not a JSON record: ${(error as Error).message}: ${trimmed.slice(0, 120)}`);
  }
  if (typeof value !== 'object' || value === null || typeof value['type'] !== 'string') throw new RecordingFormatError(`a record needs a "type": ${trimmed.slice(0, 120)}`);
  const type = value['type'];
  if (!KNOWN.has(type)) return undefined;
  const ts = typeof value['ts'] === 'string' ? epochMs(value['ts']) : NaN;
  if (Number.isNaN(ts)) throw new RecordingFormatError(`${type} record: "ts" must be epoch ns as a string of digits: ${trimmed.slice(0, 120)}`);
  value['ts'] = ts;
  if (type === 'header') {
    if (value['format'] !== RECORDING_FORMAT) throw new RecordingFormatError(`not an rxmarket recording header (format ${JSON.stringify(value['format'])})`);
    return value as unknown as RecordingHeader;
  }
  for (const name of TIME_FIELDS) if (typeof value[name] === 'string') value[name] = epochMs(value[name] as string);
  if ('conn' in value && !Number.isInteger(value['conn'])) throw new RecordingFormatError(`${type} record: "conn" must be an integer`);
  if (type === 'recv') {
    if (inline >= 0) {
      value['data'] = trimmed.slice(inline + 8, trimmed.length - 1);
    } else if (typeof value['text'] === 'string') {
      value['data'] = value['text'];
      delete value['text'];
    } else if (typeof value['b64'] === 'string') {
      value['data'] = value['b64'];
      value['binary'] = true;
      delete value['b64'];
    } else {
      throw new RecordingFormatError(`recv record without "json", "text" or "b64": ${trimmed.slice(0, 120)}`);
    }
  }
  return value as unknown as RecordingRecord;
}

/** `{"type":"recv","conn":N,"ts":"D","mono":M,"json":…}` (mono optional) without a parse, or undefined. */
function parseInlineRecv(line: string): RecordingRecord | undefined {
  let i = RECV_HEAD.length;
  let conn = 0;
  let c = line.charCodeAt(i);
  if (c < 48 || c > 57) return undefined;
  while (c >= 48 && c <= 57) {
    conn = conn * 10 + (c - 48);
    c = line.charCodeAt(++i);
  }
  if (!line.startsWith(',"ts":"', i)) return undefined;
  i += 7;
  const start = i;
  c = line.charCodeAt(i);
  while (c >= 48 && c <= 57) c = line.charCodeAt(++i);
  if (c !== 34 || i - start < 7) return undefined; // '"', and more than 6 digits (the ms part is not empty)
  const ts = Number(line.slice(start, i - 6)) + Number(line.slice(i - 6, i)) / 1e6;
  i++;
  let mono: number | undefined;
  if (line.startsWith(',"mono":', i)) {
    i += 8;
    const monoStart = i;
    c = line.charCodeAt(i);
    while (c >= 48 && c <= 57) c = line.charCodeAt(++i);
    if (i === monoStart) return undefined;
    mono = Number(line.slice(monoStart, i));
  }
  if (!line.startsWith(',"json":', i)) return undefined;
  let end = line.length;
  while (end > i && line.charCodeAt(end - 1) <= 32) end--; // a trailing \r or spaces
  if (line.charCodeAt(end - 1) !== 125) return undefined; // '}'
  const data = ownText(line.slice(i + 8, end - 1)); // not a view into the decoded file
  return mono === undefined ? { type: 'recv', conn, ts, data } : { type: 'recv', conn, ts, mono, data };
}
