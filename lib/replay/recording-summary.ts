import type { RecordingHeader, RecordingRecord, RecordingRecordType } from './recording-format';
import { readRecordingHeader } from './recording-reader';
import { RecordSource, WAIT } from './record-source';
import { describeStream, type WantedStream } from './replay-subscriptions';

/**
 * What a recording holds, from one pass over its records (no replay).
 *
 * @example
 * ```ts
 * const { header, streams, first, last } = await summarizeRecording(['bn.rxrec.gz']);
 * ```
 */
export interface RecordingSummary {
  readonly header: RecordingHeader;
  /** Distinct recorded subscriptions (method, symbols, options), in the order they first appear. */
  readonly streams: readonly WantedStream[];
  /** Records per type. */
  readonly records: Readonly<Partial<Record<RecordingRecordType, number>>>;
  /** Time of the first and last record (epoch ms, client clock). */
  readonly first: number | undefined;
  readonly last: number | undefined;
  /** Sockets opened (`connect` records). */
  readonly connections: number;
  /** Records dropped while recording (`dropped` records). */
  readonly dropped: number;
  /** The file ends inside a record (a killed recorder). */
  readonly truncated: boolean;
}

/**
 * Reads a recording (one or more files of it) once and summarizes it: its streams, record counts,
 * time span, drops. Streams it (bounded memory).
 *
 * @example
 * ```ts
 * const summary = await summarizeRecording(['bn.rxrec.gz']);
 * summary.streams.map(describeStream); // ['book("BTC/USDT", {"depth":100})', 'trades(["BTC/USDT"])']
 * ```
 */
export async function summarizeRecording(files: readonly string[]): Promise<RecordingSummary> {
  const header = readRecordingHeader(files[0]!);
  const source = RecordSource.stream(files);
  const streams = new Map<string, WantedStream>();
  const records: Partial<Record<RecordingRecordType, number>> = {};
  let first: number | undefined;
  let last: number | undefined;
  let connections = 0;
  let dropped = 0;
  try {
    for (;;) {
      const record: RecordingRecord | undefined | typeof WAIT = source.peek();
      if (record === undefined) break;
      if (record === WAIT) {
        await new Promise<void>((resolve) => source.onReady(resolve));
        continue;
      }
      source.shift();
      records[record.type] = (records[record.type] ?? 0) + 1;
      first ??= record.ts;
      last = record.ts;
      if (record.type === 'connect' && !record.carried) connections++;
      else if (record.type === 'dropped') dropped += record.count;
      else if (record.type === 'subscribe') {
        const stream: WantedStream = record.options ? { method: record.method, symbols: record.symbols, options: record.options } : { method: record.method, symbols: record.symbols };
        const key = describeStream(stream);
        if (!streams.has(key)) streams.set(key, stream);
      }
    }
    if (source.failure) throw source.failure;
    return { header, streams: [...streams.values()], records, first, last, connections, dropped, truncated: source.truncated };
  } finally {
    source.close();
  }
}
