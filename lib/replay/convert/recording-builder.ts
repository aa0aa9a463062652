import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import type { ExchangeId } from '../../model/exchange-id';
import { looksLikeSingleLineJson } from '../frame-data';
import { recordLine } from '../record-line';
import { RECORDING_FORMAT, RECORDING_VERSION, type RecordedClientOptions, type RecordingHeader, type RecordingRecord } from '../recording-format';

type Unstamped = RecordingRecord extends infer R ? (R extends RecordingRecord ? Omit<R, 'mono'> : never) : never;

/**
 * Builds a recording file from another capture format: numbers connections by the capture's own
 * ids, keeps records in time order (stable: records of equal time keep their order), writes frames
 * verbatim (`json`) when they are valid single-line JSON, and writes the whole file gzip-compressed
 * with a header that says where it came from (`timers: false`: replay fires the client's timers at
 * their due time).
 *
 * @example
 * ```ts
 * const builder = new RecordingBuilder({ exchange: 'coinbase', options: {}, source: 'cryptofeed COINBASE.jsonl' });
 * builder.add({ type: 'connect', conn: builder.conn('COINBASE.ws.2'), url, ts });
 * builder.write('coinbase.rxrec.gz');
 * ```
 */
export class RecordingBuilder {
  private readonly records: Unstamped[] = [];
  private readonly conns = new Map<string, number>();

  constructor(private readonly settings: { readonly exchange: ExchangeId; readonly options: RecordedClientOptions; readonly source: string }) {}

  /** The recording's number of a capture's connection id (1, 2… in order of first use). */
  conn(key: string): number {
    let id = this.conns.get(key);
    if (id === undefined) {
      id = this.conns.size + 1;
      this.conns.set(key, id);
    }
    return id;
  }

  add(record: Unstamped): void {
    this.records.push(record);
  }

  /** The records so far, sorted by time (stable). */
  sorted(): Unstamped[] {
    return this.records.map((record, index) => ({ record, index })).sort((a, b) => a.record.ts - b.record.ts || a.index - b.index).map(({ record }) => record);
  }

  /** The header: at the first record's time. */
  header(): RecordingHeader {
    const records = this.sorted();
    return {
      type: 'header',
      format: RECORDING_FORMAT,
      version: RECORDING_VERSION,
      exchange: this.settings.exchange,
      options: this.settings.options,
      library: { name: 'rxmarket', version: 'converter' },
      session: randomBytes(6).toString('hex'),
      part: 0,
      timers: false,
      source: this.settings.source,
      ts: records[0]?.ts ?? 0,
    };
  }

  /** The file's lines (header first). */
  lines(): string[] {
    return [recordLine(this.header()), ...this.sorted().map((record) => recordLine(record as RecordingRecord, record.type === 'recv' && !record.binary && isJson(record.data)))];
  }

  /** Writes the gzip-compressed file; returns the number of records (header excluded). */
  write(path: string): number {
    const lines = this.lines();
    writeFileSync(path, gzipSync(`${lines.join('\n')}\n`));
    return lines.length - 1;
  }
}

function isJson(text: string): boolean {
  if (!looksLikeSingleLineJson(text)) return false;
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/**
 * Epoch seconds (as captures write them, e.g. `1633998512.0633569`) to epoch ms, kept to the µs.
 *
 * @example
 * ```ts
 * secondsToMs(1633998512.0633569); // 1633998512063.357
 * ```
 */
export function secondsToMs(seconds: number): number {
  return Math.round(seconds * 1e6) / 1e3;
}
