import fc from 'fast-check';
import { epochMs, epochNs } from '../../lib/replay/epoch-ns';
import { parseRecordLine, recordLine, RecordingFormatError } from '../../lib/replay/record-line';
import type { RecordingRecord } from '../../lib/replay/recording-format';

describe('epoch ns', () => {
  it('round-trips every epoch-scale clock reading exactly (hiResNow has sub-µs steps)', () => {
    fc.assert(
      fc.property(fc.double({ min: 1e12, max: 4e12, noNaN: true }), (ms) => {
        expect(epochMs(epochNs(ms))).toBe(ms);
      }),
      { numRuns: 5000 },
    );
  });

  it('round-trips integer virtual times (TestScheduler frames) and reads negative ones', () => {
    for (const ms of [0, 1, 999, 123_456, -5]) expect(epochMs(epochNs(ms))).toBe(ms);
    expect(epochNs(1_764_000_000_000.25)).toBe('1764000000000250000');
    expect(epochNs(0.5)).toBe('500000');
  });

  it('rejects what is not a count of ns', () => {
    expect(epochMs('12a')).toBeNaN();
    expect(() => epochNs(NaN)).toThrow(RangeError);
  });
});

describe('record lines', () => {
  const records: RecordingRecord[] = [
    { type: 'connect', conn: 1, url: 'wss://x/stream', ts: 1_764_000_000_000.5, mono: 10 },
    { type: 'open', conn: 1, ts: 1_764_000_000_001 },
    { type: 'send', conn: 1, text: '{"method":"SUBSCRIBE","params":["btcusdt@trade"],"id":1}', ts: 1_764_000_000_002 },
    { type: 'recv', conn: 1, data: '{"a":[1,2,{"b":"c\\"d"}]}', ts: 1_764_000_000_003.125, mono: 99 },
    { type: 'recv', conn: 1, data: 'not json at all\nwith a newline', ts: 1_764_000_000_004 },
    { type: 'recv', conn: 2, data: Buffer.from([0, 1, 255]).toString('base64'), binary: true, ts: 1_764_000_000_005 },
    { type: 'close', conn: 1, code: 1006, reason: 'gone', by: 'server', ts: 1_764_000_000_006 },
    { type: 'http', conn: 3, method: 'GET', url: 'https://x/api?a=1', sent: 1_764_000_000_000.75, status: 429, headers: { 'retry-after': '2' }, body: '{}', ts: 1_764_000_000_007 },
    { type: 'subscribe', sub: 1, method: 'book', symbols: ['BTC/USDT'], options: { depth: 10 }, ts: 1_764_000_000_008 },
    { type: 'timer', due: 1_764_000_000_008.5, ts: 1_764_000_000_009 },
    { type: 'random', value: 0.123456789, ts: 1_764_000_000_010 },
  ];

  it('round-trips every record type (frames verbatim when inline, escaped otherwise, base64 when binary)', () => {
    for (const record of records) {
      const inline = record.type === 'recv' && record.data.startsWith('{');
      expect(parseRecordLine(recordLine(record, inline))).toEqual(record);
    }
  });

  it('writes an inline frame verbatim as the last member, and reads it back without parsing it', () => {
    const frame = '{"stream":"btcusdt@trade","data":{"p":"65000.10000000"}}';
    const line = recordLine({ type: 'recv', conn: 7, data: frame, ts: 1_764_000_000_000.5, mono: 3 }, true);
    expect(line).toBe(`{"type":"recv","conn":7,"ts":"1764000000000500000","mono":3,"json":${frame}}`);
    expect(JSON.parse(line).json).toEqual(JSON.parse(frame)); // still one JSON line for other tools
    expect((parseRecordLine(line) as { data: string }).data).toBe(frame);
  });

  it('strict: a line cut inside its frame that happens to end with "}" is not a record (the last line of a killed recorder’s file)', () => {
    const cut = '{"type":"recv","conn":1,"ts":"1764000000000500000","json":{"data":[{"price":1,"qty":0}';
    expect(parseRecordLine(cut)).toEqual(expect.objectContaining({ type: 'recv' })); // the fast path trusts whole lines
    expect(() => parseRecordLine(cut, true)).toThrow(RecordingFormatError);
    const whole = `${cut}]}}`;
    expect(parseRecordLine(whole, true)).toEqual(parseRecordLine(whole));
  });

  it('skips record types it does not know (newer files stay readable) and blank lines; rejects a broken line', () => {
    expect(parseRecordLine('{"type":"hologram","ts":"1"}')).toBeUndefined();
    expect(parseRecordLine('   ')).toBeUndefined();
    expect(() => parseRecordLine('{"type":"recv","conn":1,"ts":"17640')).toThrow(RecordingFormatError);
    expect(() => parseRecordLine('{"type":"open","conn":1,"ts":12}')).toThrow(/epoch ns/);
  });
});
