import { readFileSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { convertKrakenBookFixture } from '../../lib/replay/convert/kraken-book-fixture';
import { recordLine } from '../../lib/replay/record-line';
import type { RecordingRecord } from '../../lib/replay/recording-format';
import { readRecording } from '../../lib/replay/recording-reader';
import { RecordSource, WAIT } from '../../lib/replay/record-source';
import { fixturePath } from '../support/real-data';
import { tempDir } from './support/session-log';

const temp = tempDir();
afterAll(() => temp.cleanup());

/** Every record of a source (copied), waiting for the streamed one as needed. */
async function drain(source: RecordSource): Promise<RecordingRecord[]> {
  const out: RecordingRecord[] = [];
  for (;;) {
    const record = source.peek();
    if (record === undefined) return out;
    if (record === WAIT) {
      await new Promise<void>((resolve) => source.onReady(resolve));
      continue;
    }
    out.push({ ...record }); // a record is valid until the next peek: frame records are reused
    source.shift();
  }
}

const kraken = temp.file('kraken.rxrec.gz');
convertKrakenBookFixture({ file: fixturePath('kraken-v2-book-btcusd.json'), depth: 10, pricePrecision: 1, qtyPrecision: 8 }).write(kraken);

/** A small recording of its own: header, a subscription, frames with and without mono, an escaped frame, a binary one. */
function writeSmall(path: string, session: string, gzip = true): RecordingRecord[] {
  const records: RecordingRecord[] = [
    { type: 'subscribe', sub: 1, method: 'trades', symbols: ['BTC/USD'], ts: 1_764_000_000_000 },
    { type: 'connect', conn: 1, url: 'wss://x', ts: 1_764_000_000_001 },
    { type: 'recv', conn: 1, data: '{"a":1}', ts: 1_764_000_000_002.5, mono: 7 },
    { type: 'recv', conn: 1, data: '["x",{"y":"z"}]', ts: 1_764_000_000_003 },
    { type: 'recv', conn: 1, data: '{broken', ts: 1_764_000_000_004 },
    { type: 'recv', conn: 1, data: 'AAEC', binary: true, ts: 1_764_000_000_005 },
  ];
  const header = `{"type":"header","format":"rxmarket-recording","version":1,"exchange":"kraken","options":{},"library":{"name":"rxmarket","version":"t"},"session":"${session}","part":0,"timers":true,"ts":"1764000000000000000"}`;
  const text = [header, ...records.map((r) => recordLine(r, r.type === 'recv' && !r.binary && r.data !== '{broken'))].join('\n') + '\n';
  writeFileSync(path, gzip ? gzipSync(text) : text);
  return records;
}

describe('RecordSource', () => {
  it('streams (worker thread) exactly the records a whole read gives', async () => {
    const whole = readRecording(kraken).records;
    expect(await drain(RecordSource.stream([kraken]))).toEqual(whole);
    expect(await drain(RecordSource.load([kraken]))).toEqual(whole);
    const small = temp.file('small.rxrec.gz');
    const records = writeSmall(small, 's1');
    expect(await drain(RecordSource.stream([small]))).toEqual(records);
    const plain = temp.file('plain.rxrec');
    writeSmall(plain, 's1', false);
    expect(await drain(RecordSource.stream([plain]))).toEqual(records);
  });

  it('reads a file cut in the middle of its last gzip member up to its last complete record (truncated)', async () => {
    const cut = temp.file('cut.rxrec.gz');
    const bytes = readFileSync(kraken);
    writeFileSync(cut, bytes.subarray(0, Math.floor(bytes.length * 0.6)));
    const whole = readRecording(kraken).records;
    for (const source of [RecordSource.stream([cut]), RecordSource.load([cut])]) {
      const records = await drain(source);
      expect(source.truncated).toBe(true);
      expect(source.failure).toBeUndefined();
      expect(records.length).toBeGreaterThan(10);
      expect(records).toEqual(whole.slice(0, records.length));
    }
  });

  it('concatenates files of different sessions with their sockets and subscriptions renumbered', async () => {
    const a = temp.file('a.rxrec.gz');
    const b = temp.file('b.rxrec.gz');
    writeSmall(a, 'one');
    writeSmall(b, 'two');
    for (const source of [RecordSource.stream([a, b]), RecordSource.load([a, b])]) {
      const records = await drain(source);
      expect(records.filter((r) => r.type === 'connect').map((r) => (r as { conn: number }).conn)).toEqual([1, 2]);
      expect(records.filter((r) => r.type === 'subscribe').map((r) => (r as { sub: number }).sub)).toEqual([1, 2]);
    }
  });

  it('fails with the file and line of a broken record in the middle, after the records before it', async () => {
    const broken = temp.file('broken.rxrec.gz');
    const lines = readRecording(kraken).records.slice(0, 5).map((r) => recordLine(r, true));
    const header = readFileSync(kraken).length > 0 ? recordLine(readRecording(kraken).header) : '';
    writeFileSync(broken, gzipSync([header, ...lines.slice(0, 3), '{"type":"recv","conn":1,"ts":"17', ...lines.slice(3)].join('\n') + '\n'));
    for (const source of [RecordSource.stream([broken]), RecordSource.load([broken])]) {
      const records = await drain(source);
      expect(source.failure?.message).toMatch(/broken\.rxrec\.gz, line 5/);
      if (records.length > 0) expect(records).toEqual(readRecording(kraken).records.slice(0, 3));
    }
  });
});
