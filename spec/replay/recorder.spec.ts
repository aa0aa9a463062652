import { existsSync, readdirSync } from 'node:fs';
import { firstValueFrom, filter, type Subscription, take, toArray } from 'rxjs';
import { kraken } from '../../lib/exchanges/kraken/kraken';
import type { ExchangeEvent } from '../../lib/model/exchange-event';
import { mockExchangeClient } from '../../lib/testing/mock/mock-exchange-client';
import { recordingFileName } from '../../lib/replay/file-pattern';
import { record } from '../../lib/replay/record';
import type { RecordingFile, RecordingFileSystem } from '../../lib/replay/recording-file-system';
import { nodeRecordingFileSystem } from '../../lib/replay/recording-file-system';
import { readRecording } from '../../lib/replay/recording-reader';
import { RecordingWriter } from '../../lib/replay/recording-writer';
import { replay } from '../../lib/replay/replay';
import { KrakenSimulator } from '../../lib/testing/kraken/kraken-simulator';
import { waitFor } from '../helpers/wait-for';
import { logClient, logReplay, type StreamSpec, tempDir } from './support/session-log';

const temp = tempDir();
afterAll(() => temp.cleanup());

const STREAMS: readonly StreamSpec[] = [
  { name: 'book', open: (c) => c.book('BTC/USD', { depth: 10 }) },
  { name: 'trades', open: (c) => c.trades('BTC/USD') },
];

describe('record()', () => {
  let sim: KrakenSimulator;
  beforeEach(async () => {
    sim = await KrakenSimulator.start({ symbols: ['BTC/USD'], seed: 9, stepsPerSecond: 80, bookLevels: 100, heartbeatIntervalMs: 100 });
  });
  afterEach(() => sim.stop());
  const client = () => kraken({ wsUrl: sim.wsUrl, pingInterval: 300, pingTimeout: 300, reconnect: { delay: 20, maxDelay: 100 } });

  it('refuses a client it cannot tap (a mock) and a client already recorded', () => {
    expect(() => record(mockExchangeClient('kraken', {}), { file: temp.file('x.rxrec.gz') })).toThrow(/made by this library/);
    const kr = client();
    const recorded = record(kr, { file: temp.file('y.rxrec.gz') });
    expect(() => record(kr, { file: temp.file('z.rxrec.gz') })).toThrow(/already tapped/);
    return recorded.recording.stop();
  });

  it('flushes, fsyncs and closes the file when the last stream is unsubscribed (no stop() needed)', async () => {
    const file = temp.file('idle.rxrec.gz');
    const live = record(client(), { file, flushInterval: 60_000 });
    const session = logClient(live, STREAMS);
    await waitFor(() => session.log.filter(([s]) => s === 'book').length > 5, 'a book');
    session.stop();
    const unsubscribes = (): number => {
      try {
        return readRecording(file).records.filter((r) => r.type === 'unsubscribe').length;
      } catch {
        return 0; // created, nothing written yet
      }
    };
    await waitFor(() => existsSync(file) && unsubscribes() === 2, 'the file to hold both unsubscribes');
    const { records } = readRecording(file);
    expect(records.at(-1)).toEqual(expect.objectContaining({ type: 'close', by: 'client' }));
    await live.recording.stop();
  });

  it('rotates by size into parts that replay together exactly as the live run; a later part replays on its own from where it starts', async () => {
    const live = record(client(), { file: temp.file('part-%i.rxrec.gz'), maxFileBytes: 3_000, chunkBytes: 8_000, flushInterval: 50 });
    const session = logClient(live, STREAMS);
    await waitFor(() => live.recording.stats().files.length >= 4, 'four files');
    session.stop();
    await live.recording.stop();
    const files = live.recording.stats().files;
    expect(files).toEqual(files.map((_, i) => temp.file(`part-${i}.rxrec.gz`)));
    const headers = files.map((f) => readRecording(f).header);
    expect(headers.map((h) => h.part)).toEqual(files.map((_, i) => i));
    expect(new Set(headers.map((h) => h.session)).size).toBe(1);

    const replayed = await logReplay(replay(files), STREAMS);
    expect(replayed.errors).toEqual([]);
    expect(replayed.log).toEqual(session.log);

    // a later part alone: its head restates the open subscriptions and socket; trades come through
    const alone = await logReplay(replay(files[2]!), [STREAMS[1]!]);
    expect(alone.errors).toEqual([]);
    expect(alone.log.filter(([s]) => s === 'trades').length).toBeGreaterThan(0);
  });

  it('on a disk too slow to keep up, drops frames (counted, an overflow event) and never stalls the feed; the file says where', async () => {
    let release!: () => void;
    const stuck = new Promise<void>((resolve) => (release = resolve));
    const slowDisk: RecordingFileSystem = {
      open: async (path, append) => {
        const file = await nodeRecordingFileSystem.open(path, append);
        return { ...file, write: async (bytes) => (await stuck, file.write(bytes)) } satisfies RecordingFile;
      },
    };
    const file = temp.file('slow.rxrec.gz');
    const live = record(client(), { file, fileSystem: slowDisk, maxPendingBytes: 20_000, chunkBytes: 4_000, flushInterval: 20 });
    const events: ExchangeEvent[] = [];
    const subscriptions: Subscription[] = [live.events$.subscribe((e) => events.push(e))];
    let book = 0;
    subscriptions.push(live.book('BTC/USD', { depth: 10 }).subscribe(() => book++));
    await waitFor(() => live.recording.stats().dropped > 0, 'drops');
    const before = book;
    await waitFor(() => book > before + 20, 'the feed to keep flowing while the disk is stuck');
    expect(events.filter((e) => e.type === 'overflow')).toEqual([expect.objectContaining({ type: 'overflow', exchange: 'kraken', capacity: 20_000 })]);
    expect(live.recording.stats().pendingBytes).toBeLessThan(20_000 + 10_000); // bounded: frames beyond the limit were not kept
    release();
    await waitFor(() => live.recording.stats().pendingBytes === 0 && live.recording.stats().flushes > 0, 'the disk to catch up');
    subscriptions.forEach((s) => s.unsubscribe());
    await live.recording.stop();
    const dropped = readRecording(file).records.filter((r) => r.type === 'dropped');
    expect(dropped.length).toBeGreaterThan(0);
    expect(dropped.reduce((sum, r) => sum + (r as { count: number }).count, 0)).toBe(live.recording.stats().dropped);
  });

  it('a disk that fails: one error event, recording stops, the feed goes on', async () => {
    const broken: RecordingFileSystem = { open: async () => Promise.reject(new Error('EACCES: permission denied')) };
    const live = record(client(), { file: temp.file('denied.rxrec.gz'), fileSystem: broken, flushInterval: 20 });
    const errors = firstValueFrom(live.events$.pipe(filter((e) => e.type === 'error' && /recorder/.test(e.message))));
    const book = await firstValueFrom(live.book('BTC/USD', { depth: 10 }).pipe(take(30), toArray()));
    expect(book).toHaveLength(30);
    expect(await errors).toEqual(expect.objectContaining({ kind: 'transport', message: expect.stringMatching(/recorder: writing .* failed, recording stopped: EACCES/) }));
    await live.recording.stop();
  });
});

describe('file rotation by time', () => {
  it('names files from the pattern in UTC, and starts a new file (with its header) when the bucket changes', async () => {
    expect(recordingFileName('bn-%Y%m%d-%H.rxrec.gz', Date.UTC(2025, 0, 2, 13, 59), 0)).toBe('bn-20250102-13.rxrec.gz');
    expect(recordingFileName('bn-%Y%m%d-%H.rxrec.gz', Date.UTC(2025, 0, 2, 13), 2)).toBe('bn-20250102-13-2.rxrec.gz');
    expect(recordingFileName('dir/x.%M%S.%i.log', Date.UTC(2025, 0, 2, 13, 4, 5), 1)).toBe('dir/x.0405.1.log');
    let now = Date.UTC(2025, 0, 2, 13, 59, 59);
    const writer = new RecordingWriter({
      pattern: temp.file('t-%Y%m%d-%H%M.rxrec.gz'),
      now: () => now,
      header: (part, time) => JSON.stringify({ type: 'header', format: 'rxmarket-recording', version: 1, exchange: 'kraken', options: {}, library: { name: 'rxmarket', version: 'test' }, session: 's', part, timers: true, ts: String(time * 1e6) }),
      carried: () => [],
      droppedLine: () => '',
      chunkBytes: 1e9,
      flushInterval: 1e9,
      maxPendingBytes: 1e9,
      maxFileBytes: Infinity,
      fileSystem: nodeRecordingFileSystem,
      onOverflow: () => undefined,
      onError: (error) => {
        throw error;
      },
    });
    writer.append(`{"type":"random","ts":"${now * 1e6}","value":0.5}`, false);
    await writer.flush();
    now += 2_000;
    writer.append(`{"type":"random","ts":"${now * 1e6}","value":0.25}`, false);
    await writer.close();
    expect(writer.stats().files.map((f) => f.split('/').pop())).toEqual(['t-20250102-1359.rxrec.gz', 't-20250102-1400.rxrec.gz']);
    expect(readdirSync(temp.dir).filter((f) => f.startsWith('t-'))).toHaveLength(2);
    expect(writer.stats().files.map((f) => readRecording(f).records.map((r) => (r as { value: number }).value))).toEqual([[0.5], [0.25]]);
    expect(writer.stats().files.map((f) => readRecording(f).header.part)).toEqual([0, 1]);
  });
});
