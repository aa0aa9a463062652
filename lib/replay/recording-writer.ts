import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { recordingFileName, timeBucket } from './file-pattern';
import type { RecordingFile, RecordingFileSystem } from './recording-file-system';

const gzipAsync = promisify(gzip);

/**
 * Settings of a {@link RecordingWriter}.
 *
 * @example
 * ```ts
 * const settings: RecordingWriterSettings = { pattern: 'bn-%Y%m%d-%H.rxrec.gz', now: () => clock.now(), header, carried: () => [],
 *   droppedLine, chunkBytes: 256 << 10, flushInterval: 1000, maxPendingBytes: 32 << 20, maxFileBytes: Infinity, fileSystem,
 *   onOverflow: () => undefined, onError: console.error };
 * ```
 */
export interface RecordingWriterSettings {
  /** File name pattern (see `recordingFileName`). */
  readonly pattern: string;
  /** The client clock (epoch ms), for file names. */
  readonly now: () => number;
  /** The header line of part `part` of the session, written first in every file. */
  readonly header: (part: number, time: number) => string;
  /** Lines repeated after the header of a rotated file (the subscriptions and sockets still open). */
  readonly carried: (time: number) => readonly string[];
  /** The line telling that `count` records were dropped. */
  readonly droppedLine: (count: number, time: number) => string;
  /** A buffer is sealed (compressed and written) once it holds this many characters. */
  readonly chunkBytes: number;
  /** …or this many ms after its first line. */
  readonly flushInterval: number;
  /** Characters buffered or being written beyond which droppable lines are dropped. */
  readonly maxPendingBytes: number;
  /** Compressed bytes after which the next buffer starts a new file. */
  readonly maxFileBytes: number;
  readonly fileSystem: RecordingFileSystem;
  /** The first drop of an overflow episode. */
  readonly onOverflow: (pendingBytes: number) => void;
  /** A write failed: recording stops (lines are dropped from now on), the feed is untouched. */
  readonly onError: (error: Error) => void;
  /** A buffer reached the file (for status lines and tests). */
  readonly onFlushed?: (stats: RecordingStats) => void;
}

/**
 * Counters of one recording session.
 *
 * @example
 * ```ts
 * const { records, dropped, bytesWritten } = recording.stats();
 * ```
 */
export interface RecordingStats {
  /** Frames the client received while recording (recorded or dropped). */
  readonly frames: number;
  /** Records accepted (buffered or written). */
  readonly records: number;
  /** Records accepted and known to be in a file (their buffer was written). */
  readonly recordsWritten: number;
  /** Records dropped because the disk could not keep up (or after a write error). */
  readonly dropped: number;
  /** Uncompressed characters accepted. */
  readonly bytesIn: number;
  /** Compressed bytes written. */
  readonly bytesWritten: number;
  /** Buffers written. */
  readonly flushes: number;
  /** Characters buffered or being written right now. */
  readonly pendingBytes: number;
  /** Every file written to, in order. */
  readonly files: readonly string[];
}

interface TargetFile {
  readonly path: string;
  readonly bucket: string;
  readonly index: number;
  readonly part: number;
  bytes: number;
  handle: Promise<RecordingFile> | undefined;
  /** Opened before by this session (reopen appending). */
  opened: boolean;
}

/**
 * The recorder's file end: lines go to an in-memory buffer (the only work on the feed's path); a
 * full buffer, or one older than `flushInterval`, is sealed on a later tick, gzip-compressed on
 * libuv's thread pool (`zlib.gzip`) and appended to the file as one complete gzip member, buffers
 * strictly in order. Memory is bounded: past `maxPendingBytes` buffered or in flight, droppable
 * lines are counted and dropped (`onOverflow`), and a `dropped` line is written once the disk has
 * caught up; the feed is never stalled. Files rotate when the pattern's time bucket changes or a
 * file exceeds `maxFileBytes`; each file starts with a header. A killed process loses at most the
 * lines not yet sealed and written (one buffer: ≤ `flushInterval` ms or `chunkBytes` characters,
 * plus buffers still queued for a slow disk).
 *
 * @example
 * ```ts
 * const writer = new RecordingWriter(settings);
 * writer.append('{"type":"open","conn":1,"ts":"1764000000000000000"}', false);
 * await writer.close();
 * ```
 */
export class RecordingWriter {
  private lines: string[] = [];
  private chars = 0;
  private chunkTime: number | undefined;
  private inflight = 0;
  private tail: Promise<void> = Promise.resolve();
  private target: TargetFile | undefined;
  private timer: NodeJS.Timeout | undefined;
  private immediate: NodeJS.Immediate | undefined;
  private droppedPending = 0;
  private overflowing = false;
  private failed: Error | undefined;
  private readonly files: string[] = [];
  private counts = { frames: 0, records: 0, recordsWritten: 0, dropped: 0, bytesIn: 0, bytesWritten: 0, flushes: 0 };

  constructor(private readonly settings: RecordingWriterSettings) {}

  /** Appends a line; `droppable` lines (frames) are dropped when memory is full. False when dropped. */
  append(line: string, droppable: boolean): boolean {
    const slot = this.reserve(droppable);
    if (slot < 0) return false;
    this.fill(slot, line);
    return true;
  }

  /**
   * Reserves the next line (its content is given to {@link fill} once known, e.g. after the frame
   * was handled): -1 when dropped. Buffers are only sealed on a later tick, so a reserved slot is
   * always filled in place.
   */
  reserve(droppable: boolean): number {
    if (this.failed) {
      this.counts.dropped++;
      return -1;
    }
    const pending = this.chars + this.inflight;
    if (droppable && pending > this.settings.maxPendingBytes) {
      this.counts.dropped++;
      this.droppedPending++;
      if (!this.overflowing) {
        this.overflowing = true; // one event per episode: until memory is back under half the limit
        this.settings.onOverflow(pending);
      }
      return -1;
    }
    if (this.overflowing && pending < this.settings.maxPendingBytes / 2) this.overflowing = false;
    if (this.lines.length === 0) {
      this.chunkTime = this.settings.now();
      this.timer = setTimeout(() => this.seal(), this.settings.flushInterval);
      this.timer.unref();
    }
    if (this.droppedPending > 0) {
      this.push(this.settings.droppedLine(this.droppedPending, this.settings.now()));
      this.droppedPending = 0;
    }
    this.counts.records++;
    return this.lines.push('') - 1;
  }

  /** The content of a slot from {@link reserve}. */
  fill(slot: number, line: string): void {
    this.lines[slot] = line;
    this.chars += line.length + 1;
    this.counts.bytesIn += line.length + 1;
    if (this.chars >= this.settings.chunkBytes && !this.immediate) this.immediate = setImmediate(() => this.seal());
  }

  /** Counts a received frame (for {@link RecordingStats.frames}). */
  countFrame(): void {
    this.counts.frames++;
  }

  /** Counters so far. */
  stats(): RecordingStats {
    return { ...this.counts, pendingBytes: this.chars + this.inflight, files: [...this.files] };
  }

  /** Seals the buffer and resolves once everything accepted so far is written and fsync'ed. */
  async flush(): Promise<void> {
    this.seal();
    await this.tail;
    const handle = this.target?.handle;
    if (!handle || this.failed) return;
    try {
      await (await handle).sync();
    } catch (error) {
      this.fail(error as Error);
    }
  }

  /** {@link flush}, then closes the file (a later line reopens it, appending). */
  async close(): Promise<void> {
    await this.flush();
    const target = this.target;
    const handle = target?.handle;
    if (!target || !handle) return;
    target.handle = undefined;
    try {
      await (await handle).close();
    } catch (error) {
      this.fail(error as Error);
    }
  }

  private push(line: string): void {
    this.lines.push(line);
    this.chars += line.length + 1;
    this.counts.records++;
    this.counts.bytesIn += line.length + 1;
  }

  /** Hands the buffer to compression and the ordered write queue. */
  private seal(): void {
    if (this.timer) clearTimeout(this.timer);
    if (this.immediate) clearImmediate(this.immediate);
    this.timer = undefined;
    this.immediate = undefined;
    if (this.lines.length === 0) return;
    const lines = this.lines;
    const time = this.chunkTime ?? this.settings.now();
    this.lines = [];
    this.chars = 0;
    this.chunkTime = undefined;
    if (this.failed) return;
    const target = this.targetFor(time, lines);
    const text = `${lines.join('\n')}\n`;
    const compressed = gzipAsync(Buffer.from(text, 'utf8'));
    compressed.catch(() => undefined); // reported by the write queue below
    const count = lines.length;
    this.inflight += text.length;
    this.tail = this.tail.then(async () => {
      try {
        if (this.failed) return;
        const bytes = await compressed;
        if (!target.handle) {
          target.handle = this.settings.fileSystem.open(target.path, target.opened);
          target.handle.catch(() => undefined); // reported below, once
        }
        target.opened = true;
        const file = await target.handle;
        await file.write(bytes);
        target.bytes += bytes.length;
        this.counts.bytesWritten += bytes.length;
        this.counts.recordsWritten += count;
        this.counts.flushes++;
        this.settings.onFlushed?.(this.stats());
      } catch (error) {
        this.fail(error as Error);
      } finally {
        this.inflight -= text.length;
      }
    });
  }

  /** The file `lines` go to; prepends the header (and carried lines) when it is a new file. */
  private targetFor(time: number, lines: string[]): TargetFile {
    const { pattern, maxFileBytes } = this.settings;
    const bucket = timeBucket(pattern, time);
    const current = this.target;
    if (current && current.bucket === bucket && current.bytes < maxFileBytes) return current;
    const part = current ? current.part + 1 : 0;
    const index = current && current.bucket === bucket ? current.index + 1 : 0;
    const path = recordingFileName(pattern, time, index);
    const next: TargetFile = { path, bucket, index, part, bytes: 0, handle: undefined, opened: false };
    if (current?.handle) {
      const old = current.handle;
      current.handle = undefined;
      this.tail = this.tail.then(async () => (await old).close()).catch((error: Error) => this.fail(error));
      old.catch(() => undefined); // a failed open is reported by the write that awaited it
    }
    lines.unshift(this.settings.header(part, time), ...(current ? this.settings.carried(time) : []));
    this.target = next;
    this.files.push(path);
    return next;
  }

  private fail(error: Error): void {
    if (this.failed) return;
    this.failed = error;
    this.settings.onError(error);
  }
}
