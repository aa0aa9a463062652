import { randomBytes } from 'node:crypto';
import { Subject, type Observable, type Subscription } from 'rxjs';
import type { ClientInternals } from '../exchanges/common/assemble-client';
import type { ClientTap } from '../exchanges/common/client-tap';
import type { ExchangeClient } from '../model/client';
import type { ExchangeEvent } from '../model/exchange-event';
import { recordLine } from './record-line';
import { RECORDING_FORMAT, RECORDING_VERSION, type RecordedClientOptions, type RecordingHeader, type RecordingRecord } from './recording-format';
import type { RecordingFileSystem } from './recording-file-system';
import { RecordingWriter, type RecordingStats } from './recording-writer';
import { flushOnSignals } from './signal-flush';
import { frameBytes, frameText, looksLikeSingleLineJson } from './frame-data';

/**
 * Settings of a {@link RecordingSession} (the resolved `record()` options).
 *
 * @example
 * ```ts
 * const settings: RecordingSessionSettings = { file: 'bn.rxrec.gz', chunkBytes: 256 << 10, flushInterval: 1000, maxPendingBytes: 32 << 20,
 *   maxFileBytes: Infinity, fileSystem: nodeRecordingFileSystem, signals: true };
 * ```
 */
export interface RecordingSessionSettings {
  readonly file: string;
  readonly chunkBytes: number;
  readonly flushInterval: number;
  readonly maxPendingBytes: number;
  readonly maxFileBytes: number;
  readonly fileSystem: RecordingFileSystem;
  readonly signals: boolean;
  readonly onFlushed?: (stats: RecordingStats) => void;
}

type Unstamped<R> = R extends RecordingRecord ? Omit<R, 'ts' | 'mono'> : never;

/**
 * One recording of one client: numbers its sockets, requests and subscriptions, stamps records
 * with the client clock (pinned, through the client's tap, while the recorded input is handled, so
 * the client stamps exactly the time written down) and a monotonic clock, and hands lines to the
 * {@link RecordingWriter}. Recorder events (`overflow` when the disk falls behind, `error` when it
 * fails) come out of `events$`.
 *
 * @example
 * ```ts
 * const session = new RecordingSession(client, internals, settings);
 * session.note({ type: 'connect', conn: session.nextConnection(), url });
 * ```
 */
export class RecordingSession {
  private readonly writer: RecordingWriter;
  private readonly tap: ClientTap;
  private readonly monoStart = process.hrtime.bigint();
  private readonly sessionId = randomBytes(6).toString('hex');
  private readonly recorderEvents = new Subject<ExchangeEvent>();
  private readonly decodeWatch: Subscription;
  private nextConn = 1;
  private nextSub = 1;
  private dispatching = 0;
  private decodeFailed = false;
  private active = 0;
  private unregisterSignals: (() => void) | undefined;
  private idle: Promise<void> = Promise.resolve();
  /** Sockets still open (for the head of a rotated file). */
  readonly sockets = new Map<number, { url: string; opened: boolean }>();
  /** Subscriptions still open (for the head of a rotated file). */
  readonly subscriptions = new Map<number, Unstamped<Extract<RecordingRecord, { type: 'subscribe' }>>>();
  /** `overflow` and `error` events of the recorder itself. */
  readonly events$: Observable<ExchangeEvent> = this.recorderEvents.asObservable();

  constructor(
    private readonly client: ExchangeClient,
    internals: ClientInternals,
    private readonly settings: RecordingSessionSettings,
  ) {
    this.tap = internals.options.tap;
    const header = (part: number, time: number): string =>
      recordLine({
        type: 'header',
        format: RECORDING_FORMAT,
        version: RECORDING_VERSION,
        exchange: client.exchange,
        options: serializableOptions(internals),
        library: { name: 'rxmarket', version: libraryVersion() },
        session: this.sessionId,
        part,
        timers: true,
        ts: time,
        mono: this.mono(),
      } satisfies RecordingHeader);
    this.writer = new RecordingWriter({
      pattern: settings.file,
      now: () => this.now(),
      header,
      carried: (time) => this.carried(time),
      droppedLine: (count, time) => recordLine({ type: 'dropped', count, ts: time, mono: this.mono() }),
      chunkBytes: settings.chunkBytes,
      flushInterval: settings.flushInterval,
      maxPendingBytes: settings.maxPendingBytes,
      maxFileBytes: settings.maxFileBytes,
      fileSystem: settings.fileSystem,
      onOverflow: () => this.raise({ type: 'overflow', buffer: 'recorder (disk too slow: records dropped)', capacity: settings.maxPendingBytes }),
      onError: (error) => this.raise({ type: 'error', kind: 'transport', message: `recorder: writing ${settings.file} failed, recording stopped: ${error.message}` }),
      ...(settings.onFlushed ? { onFlushed: settings.onFlushed } : {}),
    });
    // A frame the client could not decode is written escaped (`text`), never verbatim (`json`).
    this.decodeWatch = client.events$.subscribe((event) => {
      if (this.dispatching > 0 && event.type === 'error' && event.kind === 'decode') this.decodeFailed = true;
    });
  }

  /** The client clock (the pinned reading while an input is handled). */
  now(): number {
    return this.tap.scheduler.now();
  }

  /** Monotonic ns since the session started. */
  mono(): number {
    return Number(process.hrtime.bigint() - this.monoStart);
  }

  nextConnection(): number {
    return this.nextConn++;
  }

  nextSubscription(): number {
    return this.nextSub++;
  }

  /** Writes a record stamped now; `droppable` records may be dropped when the disk falls behind. */
  note(record: Unstamped<RecordingRecord>, droppable = false, time = this.now()): void {
    this.writer.append(recordLine({ ...record, ts: time, mono: this.mono() } as RecordingRecord), droppable);
  }

  /** Runs `deliver` with the client clock pinned to `time`. */
  hold<T>(time: number, deliver: () => T): T {
    return this.tap.hold(time, deliver);
  }

  /**
   * Records a received frame and hands it to the client's listener with the clock pinned to its
   * receipt time. The record's slot is reserved first (records the frame causes follow it); its
   * line is written after the client handled the frame, verbatim when the client decoded it.
   */
  frame(conn: number, data: unknown, isBinary: boolean, deliver: (data: unknown, isBinary: boolean) => void): void {
    const ts = this.now();
    const mono = this.mono();
    this.writer.countFrame();
    if (isBinary) {
      const bytes = frameBytes(data);
      this.writer.append(recordLine({ type: 'recv', conn, ts, mono, data: bytes.toString('base64'), binary: true }), true);
      this.tap.hold(ts, () => deliver(bytes, true));
      return;
    }
    const text = frameText(data);
    const slot = this.writer.reserve(true);
    const outerFailed = this.decodeFailed;
    this.decodeFailed = false;
    this.dispatching++;
    try {
      this.tap.hold(ts, () => deliver(text, false));
    } finally {
      this.dispatching--;
      if (slot >= 0) this.writer.fill(slot, recordLine({ type: 'recv', conn, ts, mono, data: text }, !this.decodeFailed && looksLikeSingleLineJson(text)));
      this.decodeFailed = outerFailed;
    }
  }

  /** A stream subscription started (flush-on-signal is armed while any is open). */
  opened(): void {
    if (this.active++ === 0 && this.settings.signals) {
      this.unregisterSignals = flushOnSignals({
        onSignal: async (signal) => {
          this.note({ type: 'signal', signal });
          await this.writer.flush();
        },
      });
    }
  }

  /** A stream subscription ended; the last one flushes, fsyncs and closes the file. */
  closed(): void {
    if (--this.active > 0) return;
    this.unregisterSignals?.();
    this.unregisterSignals = undefined;
    this.idle = this.idle.then(() => this.writer.close());
  }

  stats(): RecordingStats {
    return this.writer.stats();
  }

  /** Everything accepted so far written and fsync'ed. */
  async flush(): Promise<void> {
    await this.idle;
    await this.writer.flush();
  }

  /** Flushes, closes the file and stops watching the client. */
  async stop(): Promise<void> {
    this.unregisterSignals?.();
    this.unregisterSignals = undefined;
    this.decodeWatch.unsubscribe();
    await this.idle;
    await this.writer.close();
    this.recorderEvents.complete();
  }

  private raise(event: { type: 'overflow'; buffer: string; capacity: number } | { type: 'error'; kind: 'transport'; message: string }): void {
    this.recorderEvents.next({ ...event, exchange: this.client.exchange, timestamp: this.now() } as ExchangeEvent);
  }

  /** Lines that restate the open subscriptions and sockets at the head of a rotated file. */
  private carried(time: number): string[] {
    const mono = this.mono();
    const lines: string[] = [];
    for (const record of this.subscriptions.values()) lines.push(recordLine({ ...record, carried: true, ts: time, mono }));
    for (const [conn, socket] of this.sockets) {
      lines.push(recordLine({ type: 'connect', conn, url: socket.url, carried: true, ts: time, mono }));
      if (socket.opened) lines.push(recordLine({ type: 'open', conn, carried: true, ts: time, mono }));
    }
    return lines;
  }
}

/** The options of the header: the serializable part of what the user passed to the factory. */
function serializableOptions({ clientOptions }: ClientInternals): RecordedClientOptions {
  const { wsUrl, restUrl, reconnect, pingInterval, pingTimeout, maxPayload } = clientOptions;
  const options: Record<string, unknown> = { wsUrl, restUrl, pingInterval, pingTimeout, maxPayload };
  if (reconnect) options['reconnect'] = { ...reconnect, ...(reconnect.attempts === Infinity ? { attempts: undefined } : {}) };
  for (const key of Object.keys(options)) if (options[key] === undefined) delete options[key];
  return options as RecordedClientOptions;
}

function libraryVersion(): string {
  try {
    // lib/replay → package.json (also dist/replay)
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return (require('../../package.json') as { version: string }).version;
  } catch {
    return 'unknown';
  }
}
