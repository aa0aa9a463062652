import { merge, Observable } from 'rxjs';
import { clientInternals } from '../exchanges/common/assemble-client';
import type { BookOptions, ExchangeClient } from '../model/client';
import type { StreamMethod } from './recording-format';
import { nodeRecordingFileSystem, type RecordingFileSystem } from './recording-file-system';
import { recordingHooks } from './recording-hooks';
import { RecordingSession } from './recording-session';
import type { RecordingStats } from './recording-writer';

/**
 * Options of {@link record}.
 *
 * @example
 * ```ts
 * const options: RecordOptions = { file: 'bn-%Y%m%d-%H.rxrec.gz', maxFileBytes: 512 << 20 };
 * ```
 */
export interface RecordOptions {
  /**
   * The file, or a pattern rotated by time (`%Y %m %d %H %M %S`, UTC) and by size (`%i`, or a
   * `-<n>` suffix): `'bn-%Y%m%d-%H.rxrec.gz'` starts a file every hour. An existing file of the
   * same name is replaced.
   */
  readonly file: string;
  /** Start a new file once this many compressed bytes are written (default: no size limit). */
  readonly maxFileBytes?: number;
  /** Seal and write the buffer every this many ms (default 1000): the most a killed process loses. */
  readonly flushInterval?: number;
  /** …or once it holds this many characters (default 256 KiB). */
  readonly chunkBytes?: number;
  /** Memory for buffered and in-flight records; past it frames are dropped and counted (default 32 MiB). */
  readonly maxPendingBytes?: number;
  /** Flush on SIGINT/SIGTERM (default true). */
  readonly signals?: boolean;
  /** Where files are written (default: `node:fs`); tests inject a slow or failing disk. */
  readonly fileSystem?: RecordingFileSystem;
  /** Called after each buffer reached the file. */
  readonly onFlushed?: (stats: RecordingStats) => void;
}

/**
 * Control of a running recording.
 *
 * @example
 * ```ts
 * const { records, dropped } = bn.recording.stats();
 * await bn.recording.stop();
 * ```
 */
export interface Recording {
  /** Counters: records, drops, bytes, files. */
  stats(): RecordingStats;
  /** Resolves once everything recorded so far is written and fsync'ed. */
  flush(): Promise<void>;
  /** Flushes, closes the file and detaches from the client (which keeps working, unrecorded). */
  stop(): Promise<void>;
}

/**
 * An {@link ExchangeClient} that records: every method behaves as the client's own; `events$`
 * also carries the recorder's `overflow` (disk too slow, frames dropped) and `error` events.
 *
 * @example
 * ```ts
 * const bn: RecordingClient = record(binance(), { file: 'bn.rxrec.gz' });
 * bn.recording.stats().records;
 * ```
 */
export interface RecordingClient extends ExchangeClient {
  readonly recording: Recording;
}

/**
 * Records a client: returns an {@link ExchangeClient} that behaves exactly as `client` and also
 * writes everything the client receives and sends (frames, REST answers, its subscriptions, timer
 * firings and random draws) to a gzip JSON-lines file that {@link replay} runs again, exactly.
 * Recording works off the feed's path: records are buffered in memory and written by a later tick
 * in compressed blocks (at least every `flushInterval`); a disk that cannot keep up costs dropped
 * frames (counted, an `overflow` event), never a stalled feed; the file is flushed, fsync'ed and
 * closed when the last stream is unsubscribed, and flushed on SIGINT/SIGTERM. Subscribe through the
 * returned client (streams opened through `client` itself are not recorded as subscriptions).
 * Throws a `TypeError` for a client not built by this library (a mock) or one already recorded.
 *
 * @example
 * ```ts
 * const bn = record(binance(), { file: 'bn-%Y%m%d-%H.rxrec.gz' });
 * const sub = bn.book('BTC/USDT').pipe(orderBook({ depth: 10 })).subscribe(render); // live, and recorded
 * // later: sub.unsubscribe() flushes and closes the file; replay('bn-….rxrec.gz') runs it again
 * ```
 */
export function record(client: ExchangeClient, options: RecordOptions): RecordingClient {
  const internals = clientInternals(client);
  if (!internals) throw new TypeError('record() needs a client made by this library (binance(), coinbase(), kraken()…), not a mock');
  if (typeof options?.file !== 'string' || options.file === '') throw new TypeError('record() needs { file }');
  const session = new RecordingSession(client, internals, {
    file: options.file,
    maxFileBytes: positive(options.maxFileBytes, 'maxFileBytes', Infinity),
    flushInterval: positive(options.flushInterval, 'flushInterval', 1000),
    chunkBytes: positive(options.chunkBytes, 'chunkBytes', 256 * 1024),
    maxPendingBytes: positive(options.maxPendingBytes, 'maxPendingBytes', 32 * 1024 * 1024),
    fileSystem: options.fileSystem ?? nodeRecordingFileSystem,
    signals: options.signals ?? true,
    ...(options.onFlushed ? { onFlushed: options.onFlushed } : {}),
  });
  const detach = internals.options.tap.attach(recordingHooks(session));

  /** One API call: a `subscribe` record, the client's stream opened with the clock pinned, an `unsubscribe` record. */
  const recorded = <T>(method: StreamMethod, symbols: readonly string[], bookOptions: BookOptions | undefined, open: () => Observable<T>): Observable<T> =>
    new Observable<T>((subscriber) => {
      const sub = session.nextSubscription();
      const time = session.now();
      const call = { type: 'subscribe' as const, sub, method, symbols: [...symbols], ...(bookOptions ? { options: bookOptions } : {}) };
      session.note(call, false, time);
      session.subscriptions.set(sub, call);
      session.opened();
      // a separate observer: the inner subscription must end inside our teardown (clock pinned), not before it
      const inner = session.hold(time, () =>
        open().subscribe({
          next: (value) => subscriber.next(value),
          error: (error: unknown) => subscriber.error(error),
          complete: () => subscriber.complete(),
        }),
      );
      return () => {
        const end = session.now();
        session.note({ type: 'unsubscribe', sub }, false, end);
        session.subscriptions.delete(sub);
        session.hold(end, () => inner.unsubscribe());
        session.closed();
      };
    });
  const list = (symbols: string | readonly string[]): readonly string[] => (typeof symbols === 'string' ? [symbols] : Array.isArray(symbols) ? symbols : []);

  return {
    exchange: client.exchange,
    events$: merge(client.events$, session.events$),
    ticker: (symbol) => recorded('ticker', [symbol], undefined, () => client.ticker(symbol)),
    tickers: (symbols) => recorded('tickers', list(symbols), undefined, () => client.tickers(symbols)),
    trades: (symbols) => recorded('trades', list(symbols), undefined, () => client.trades(symbols)),
    book: (symbol, bookOptions) => recorded('book', [symbol], bookOptions, () => client.book(symbol, bookOptions)),
    derivativeTicker: (symbol) => recorded('derivativeTicker', [symbol], undefined, () => client.derivativeTicker(symbol)),
    instruments: () => recorded('instruments', [], undefined, () => client.instruments()),
    recording: {
      stats: () => session.stats(),
      flush: () => session.flush(),
      stop: async () => {
        detach();
        await session.stop();
      },
    },
  };
}

function positive(value: number | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (!(value > 0)) throw new RangeError(`record(): ${name} must be a positive number, got ${value}`);
  return value;
}
