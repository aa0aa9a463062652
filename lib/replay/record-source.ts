import { Worker } from 'node:worker_threads';
import { ownText } from './frame-data';
import { parseRecordLine, RecordingFormatError } from './record-line';
import { type ReaderNotice, type RecordBatch, RECORD_READER_WORKER } from './record-reader-worker';
import type { RecordingHeader, RecordingRecord } from './recording-format';
import { readRecording } from './recording-reader';

/**
 * {@link RecordSource.peek}'s answer while more records are being read.
 *
 * @example
 * ```ts
 * if (source.peek() === WAIT) source.onReady(() => engine.pump());
 * ```
 */
export const WAIT: unique symbol = Symbol('rxmarket.replay.wait');

/**
 * The records of one or more recording files, in order, as the replay engine consumes them. Files
 * of one session (rotated parts) continue each other: the repeated header and the `carried`
 * records at the head of later parts are skipped. Files of different sessions are concatenated with
 * their socket and subscription numbers shifted so they never collide.
 *
 * @example
 * ```ts
 * const source = RecordSource.load(['bn-1.rxrec.gz', 'bn-2.rxrec.gz']);
 * for (let r = source.peek(); r !== undefined && r !== WAIT; source.shift(), r = source.peek()) console.log(r.type);
 * ```
 */
export abstract class RecordSource {
  protected buffer: RecordingRecord[] = [];
  protected head = 0;
  protected ended = false;
  private waker: (() => void) | undefined;
  private session: string | undefined;
  private connOffset = 0;
  private subOffset = 0;
  private maxConn = 0;
  private maxSub = 0;
  private skipCarried = false;
  /** A file ended inside a record (killed recorder): its partial last record was left out. */
  truncated = false;
  /** Records of unknown types skipped. */
  unknown = 0;
  /** A read or format failure: the records before it are replayed, then the replay ends with it. */
  failure: Error | undefined;

  /** Reads every file synchronously, one file at a time as the replay reaches it (virtual-time replays). */
  static load(files: readonly string[]): RecordSource {
    return new SyncRecordSource(files);
  }

  /**
   * Streams the files: a worker thread reads, gunzips, splits lines and pre-splits frame records
   * (see `RECORD_READER_WORKER`), a few batches ahead (bounded memory); the replay's thread only
   * turns columns into records.
   */
  static stream(files: readonly string[]): RecordSource {
    return new WorkerRecordSource(files);
  }

  /**
   * The next record (not consumed), {@link WAIT} while reading, `undefined` at the end. A record is
   * valid until the next `peek` after a `shift`: a streamed source reuses one object for frames.
   */
  peek(): RecordingRecord | undefined | typeof WAIT {
    if (this.head < this.buffer.length) return this.buffer[this.head];
    return this.refill();
  }

  /** Consumes the record {@link peek} returned. */
  shift(): void {
    this.buffer[this.head++] = undefined as unknown as RecordingRecord; // let it be collected
    if (this.head >= 4096 && this.head * 2 >= this.buffer.length) {
      this.buffer = this.buffer.slice(this.head);
      this.head = 0;
    }
  }

  /**
   * Removes and returns the first record not consumed yet (among those already read) that matches,
   * if any: the client's random draws, taken while the record that caused them is handled (that
   * record is consumed by then).
   */
  take(matches: (record: RecordingRecord) => boolean, limit = 10_000): RecordingRecord | undefined {
    const end = Math.min(this.buffer.length, this.head + limit);
    for (let i = this.head; i < end; i++) {
      const record = this.buffer[i]!;
      if (matches(record)) {
        this.buffer.splice(i, 1);
        return record;
      }
    }
    return undefined;
  }

  /** Every record of the recording, when it is all in memory and none was consumed (else undefined). */
  whole(): readonly RecordingRecord[] | undefined {
    return undefined;
  }

  /** Records read and not consumed yet. */
  get loaded(): number {
    return this.buffer.length - this.head;
  }

  /** `wake` is called once when records arrive after {@link WAIT}. */
  onReady(wake: () => void): void {
    this.waker = wake;
  }

  /** Stops reading. */
  close(): void {
    this.ended = true;
  }

  /** Whether reading ahead keeps the process alive (not while the replay is paused). */
  keepAlive(_alive: boolean): void {
    // reading a whole file at once holds nothing open
  }

  /** Loads more into the buffer; returns what {@link peek} should answer. */
  protected abstract refill(): RecordingRecord | undefined | typeof WAIT;

  protected wake(): void {
    const waker = this.waker;
    this.waker = undefined;
    waker?.();
  }

  /** Starts a file: decides how its records continue the previous file's. */
  protected beginFile(header: RecordingHeader): void {
    const continues = this.session !== undefined && header.session === this.session;
    this.skipCarried = continues;
    if (this.session !== undefined && !continues) {
      this.connOffset = this.maxConn;
      this.subOffset = this.maxSub;
    }
    this.session = header.session;
  }

  /** Adds one record of the current file (renumbered, or skipped when carried over). */
  protected add(record: RecordingRecord): void {
    const result = this.normalize(record);
    if (result) this.buffer.push(result);
  }

  /** One record of the current file renumbered into the whole replay's numbering; undefined when carried over (skipped). */
  protected normalize(record: RecordingRecord): RecordingRecord | undefined {
    if (this.skipCarried && 'carried' in record && record.carried) return undefined;
    let result = record;
    if ('conn' in record) {
      const conn = record.conn + this.connOffset;
      if (this.connOffset > 0) result = { ...record, conn };
      if (conn > this.maxConn) this.maxConn = conn;
    } else if (record.type === 'subscribe' || record.type === 'unsubscribe') {
      const sub = record.sub + this.subOffset;
      if (this.subOffset > 0) result = { ...record, sub };
      if (sub > this.maxSub) this.maxSub = sub;
    }
    return result;
  }

  /** The replay's number of a socket numbered `conn` in the current file. */
  protected connection(conn: number): number {
    const renumbered = conn + this.connOffset;
    if (renumbered > this.maxConn) this.maxConn = renumbered;
    return renumbered;
  }
}

class SyncRecordSource extends RecordSource {
  private next = 0;

  constructor(private readonly files: readonly string[]) {
    super();
  }

  override whole(): readonly RecordingRecord[] | undefined {
    this.peek();
    return this.files.length === 1 && this.next === 1 && this.head === 0 ? this.buffer : undefined;
  }

  protected refill(): RecordingRecord | undefined | typeof WAIT {
    while (this.head >= this.buffer.length) {
      if (this.ended || this.next >= this.files.length) return undefined;
      const file = this.files[this.next++]!;
      try {
        const contents = readRecording(file);
        this.buffer = [];
        this.head = 0;
        this.beginFile(contents.header);
        for (const record of contents.records) this.add(record);
        this.truncated ||= contents.truncated;
        this.unknown += contents.unknown;
      } catch (error) {
        this.failure = error as Error;
        this.ended = true;
        return undefined;
      }
    }
    return this.buffer[this.head];
  }
}


/** Batches (decoded chunks of about 1 MB) the reading thread may have in flight: bounded memory (about 16 MB), slack for a busy machine. */
const MAX_BATCHES = 16;

type ReaderMessage = RecordBatch | ReaderNotice | { readonly type: 'exit'; readonly code: number };

/** A mutable `recv` record handed out for frame lines: the replay uses each record before it asks for the next. */
interface FrameRecord {
  type: 'recv';
  conn: number;
  ts: number;
  mono?: number;
  data: string;
}

class WorkerRecordSource extends RecordSource {
  private worker: Worker | undefined;
  private started = false;
  private readonly pending: ReaderMessage[] = [];
  /** The batch being handed out, its text, and the index of its next line. */
  private batch: RecordBatch | undefined;
  private text = '';
  /** The current batch's bytes when it came as pure ASCII (frames are cut from them directly); `text` is then decoded only if a line needs it. */
  private bytes: Buffer | undefined;
  private textDecoded = false;
  private index = 0;
  /** Lines of pending batches taken ahead by {@link take}. */
  private readonly takenAhead = new Map<RecordBatch, Set<number>>();
  private current: RecordingRecord | undefined;
  private readonly frame: FrameRecord = { type: 'recv', conn: 0, ts: 0, data: '' };
  private sawHeader = false;
  private lineNumber = 0;

  constructor(private readonly files: readonly string[]) {
    super();
  }

  override peek(): RecordingRecord | undefined | typeof WAIT {
    for (;;) {
      if (this.current !== undefined) return this.current;
      const batch = this.batch;
      if (!batch) {
        if (!this.started && !this.ended) this.start();
        const next = this.pending.shift();
        if (next === undefined) return this.ended ? undefined : WAIT;
        if ('type' in next) this.notice(next);
        else this.open(next);
        continue;
      }
      if (this.index >= batch.kinds.length) {
        this.closeBatch();
        continue;
      }
      if (this.takenAhead.get(batch)?.has(this.index)) {
        this.index++;
        continue;
      }
      const record = this.materialize(batch, this.index);
      if (record === undefined) {
        if (this.batch === batch) this.index++; // a header, a carried or unknown record (or a failure: batch dropped)
        continue;
      }
      this.current = record;
      return record;
    }
  }

  override shift(): void {
    this.index++;
    this.current = undefined;
  }

  override take(matches: (record: RecordingRecord) => boolean, limit = 10_000): RecordingRecord | undefined {
    let scanned = 0;
    const batches = [...(this.batch ? [this.batch] : []), ...this.pending.filter((m): m is RecordBatch => !('type' in m))];
    for (const batch of batches) {
      const text = batch === this.batch ? this.batchText() : (batch.text ?? Buffer.from(batch.bytes!).toString('latin1'));
      const taken = this.takenAhead.get(batch);
      for (let i = batch === this.batch ? this.index : 0; i < batch.kinds.length && scanned < limit; i++, scanned++) {
        if (batch.kinds[i] === 1 || taken?.has(i)) continue; // frames are never taken ahead
        let record: RecordingRecord | RecordingHeader | undefined;
        try {
          record = parseRecordLine(text.slice(batch.starts[i], batch.ends[i]), batch.kinds[i] === 3);
        } catch {
          continue;
        }
        if (!record || record.type === 'header' || !matches(record)) continue;
        const set = taken ?? new Set<number>();
        set.add(i);
        this.takenAhead.set(batch, set);
        return this.normalize(record);
      }
    }
    return undefined;
  }

  override close(): void {
    super.close();
    this.pending.length = 0;
    this.batch = undefined;
    this.current = undefined;
    void this.worker?.terminate();
    this.worker = undefined;
  }

  override keepAlive(alive: boolean): void {
    if (alive) this.worker?.ref();
    else this.worker?.unref();
  }

  protected refill(): RecordingRecord | undefined | typeof WAIT {
    return this.peek();
  }

  private start(): void {
    this.started = true;
    const worker = new Worker(RECORD_READER_WORKER, { eval: true, workerData: { files: this.files, maxBatches: MAX_BATCHES } });
    this.worker = worker;
    worker.on('message', (message: RecordBatch | ReaderNotice) => {
      if (this.ended) return;
      this.pending.push(message);
      this.wake();
    });
    worker.on('error', (error) => this.fail(error));
    // every message the thread posted arrives before 'exit': an exit before the last file's end is a failure
    worker.on('exit', (code) => {
      if (this.ended) return;
      this.pending.push({ type: 'exit', code });
      this.wake();
    });
  }

  private open(batch: RecordBatch): void {
    this.batch = batch;
    this.bytes = batch.text === undefined ? Buffer.from(batch.bytes!) : undefined;
    this.text = batch.text ?? '';
    this.textDecoded = batch.text !== undefined;
    this.index = 0;
  }

  /** The current batch's text (an ASCII batch is decoded on the first line that is not a frame). */
  private batchText(): string {
    if (!this.textDecoded) {
      this.text = this.bytes!.toString('latin1');
      this.textDecoded = true;
    }
    return this.text;
  }

  private closeBatch(): void {
    if (this.batch) this.takenAhead.delete(this.batch);
    this.batch = undefined;
    this.text = '';
    this.bytes = undefined;
    this.textDecoded = false;
    this.worker?.postMessage(1);
  }

  private notice(message: ReaderNotice | { readonly type: 'exit'; readonly code: number }): void {
    if (message.type === 'exit') {
      this.fail(new RecordingFormatError(`the thread reading ${this.files.join(', ')} stopped (exit code ${message.code})`));
      return;
    }
    const file = this.files[message.file]!;
    if (message.type === 'error') this.fail(new RecordingFormatError(`${file}: ${message.message}`));
    else if (!this.sawHeader) this.fail(new RecordingFormatError(`${file}: no header (not an rxmarket recording, or empty)`));
    else {
      this.sawHeader = false;
      this.lineNumber = 0;
      if (message.file === this.files.length - 1) this.finishReading();
    }
  }

  /** The record of line `i` of the batch, or undefined for a line that is not one (header, carried, unknown) or a failure. */
  private materialize(batch: RecordBatch, i: number): RecordingRecord | undefined {
    this.lineNumber++;
    const file = this.files[batch.file]!;
    if (batch.kinds[i] === 1) {
      if (!this.sawHeader) {
        this.fail(new RecordingFormatError(`${file}: the first record must be the header, found "recv"`));
        return undefined;
      }
      const frame = this.frame;
      frame.conn = this.connection(batch.conns[i]!);
      frame.ts = batch.times[i]!;
      const mono = batch.monos[i]!;
      if (mono >= 0) frame.mono = mono;
      else delete frame.mono;
      // a string of its own, not a view into the batch (ASCII: cut straight from the bytes)
      frame.data = this.bytes ? this.bytes.toString('latin1', batch.starts[i], batch.ends[i]) : ownText(this.text.slice(batch.starts[i], batch.ends[i]));
      return frame as RecordingRecord;
    }
    const line = this.batchText().slice(batch.starts[i], batch.ends[i]);
    let record: RecordingRecord | RecordingHeader | undefined;
    try {
      record = parseRecordLine(line, batch.kinds[i] === 3);
    } catch (error) {
      if (batch.kinds[i] === 3) this.truncated = true;
      else this.fail(new RecordingFormatError(`${file}, line ${this.lineNumber}: ${(error as Error).message}`));
      return undefined;
    }
    if (record === undefined) {
      if (line.trim() !== '') this.unknown++;
      return undefined;
    }
    if (record.type === 'header') {
      if (!this.sawHeader) this.beginFile(record);
      this.sawHeader = true;
      return undefined;
    }
    if (!this.sawHeader) {
      this.fail(new RecordingFormatError(`${file}: the first record must be the header, found "${record.type}"`));
      return undefined;
    }
    return this.normalize(record);
  }

  private finishReading(): void {
    this.ended = true;
    void this.worker?.terminate();
    this.worker = undefined;
  }

  private fail(error: Error): void {
    if (this.failure) return;
    this.failure = error;
    this.ended = true;
    this.pending.length = 0;
    this.batch = undefined;
    this.current = undefined;
    void this.worker?.terminate();
    this.worker = undefined;
    this.wake();
  }
}
