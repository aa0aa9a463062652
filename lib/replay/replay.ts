import { defer, merge, Observable, type SchedulerLike, type Subscription, takeUntil } from 'rxjs';
import { exchangeFactory } from '../exchanges/exchange-factories';
import type { BookOptions, ClientOptions, ExchangeClient } from '../model/client';
import type { RecordingHeader } from './recording-format';
import { readRecordingHeader } from './recording-reader';
import { RecordSource, WAIT } from './record-source';
import { ReplayEngine } from './replay-engine';
import type { Attachment, WantedStream } from './replay-subscriptions';
import { ReplayTimeline } from './replay-timeline';

/**
 * Options of {@link replay} and {@link replayTogether}.
 *
 * @example
 * ```ts
 * const options: ReplayOptions = { speed: 10, scheduler: testScheduler };
 * ```
 */
export interface ReplayOptions {
  /**
   * Recorded time per real time: `1` real time, `10` ten times faster, `Infinity` (the default) as
   * fast as possible.
   */
  readonly speed?: number;
  /**
   * The scheduler that paces the replay, e.g. a `TestScheduler` (virtual time: the replay is then
   * deterministic and runs inside `run()`); with it, each file is read synchronously when the
   * replay reaches it. Default: real time, files streamed by a worker thread.
   */
  readonly scheduler?: SchedulerLike;
}

/**
 * An {@link ExchangeClient} replaying a recording. `scheduler` is the replay's clock (the recorded
 * time): give it to time-based operators (`arbitrage({ scheduler })`, `candles`, `bookSnapshots`)
 * so they run on recorded time too.
 *
 * @example
 * ```ts
 * const rp: ReplayClient = replay('bn.rxrec.gz');
 * rp.header.exchange; // 'binance'
 * ```
 */
export interface ReplayClient extends ExchangeClient {
  /** The replay's virtual clock (epoch ms of the recording); shared by recordings replayed together. */
  readonly scheduler: SchedulerLike;
  /** The recording's header (exchange, client options, library version, session). */
  readonly header: RecordingHeader;
}

/**
 * An {@link ExchangeClient} for a recorded exchange: the client of `header.exchange` rebuilt with
 * the recorded options, whose sockets and REST requests are fed from the file (no network at all),
 * on a clock that reads the recorded times, so decoding, verification and resyncs are the real
 * adapter's and a recording made by `record()` yields exactly the events the live subscriber saw
 * (values, order, `localTimestamp` = recorded receipt time) and the same `events$` lifecycle.
 *
 * Each stream you subscribe starts when the recorded subscription that carried it started (so the
 * replay is the same whatever order you subscribe in) and completes when that one ended or the
 * recording does (`lastValueFrom`, `toArray`, `for await` finish); a stream the recording does not
 * hold errors with a message naming what it does hold. `file` may be a list: rotated parts of one
 * session continue each other. A file that is not a recording throws a `RecordingFormatError` at
 * once; a record broken further on ends the replay there (an `error` event of kind `decode` on
 * `events$`, the streams complete).
 *
 * @example
 * ```ts
 * const rp = replay('bn.rxrec.gz', { speed: Infinity });
 * const states = await lastValueFrom(rp.book('BTC/USDT').pipe(orderBook({ depth: 10 }), toArray()));
 * ```
 */
export function replay(file: string | readonly string[], options: ReplayOptions = {}): ReplayClient {
  return replayTogether([file], options)[0]!;
}

/**
 * Several recordings (e.g. one per exchange) replayed together on ONE clock: records are handed
 * over in recorded-time order across all of them, so a cross-exchange pipeline (`venues`,
 * `arbitrage`) sees the feeds interleaved as they were. Each entry is one recording (a file, or the
 * rotated parts of one); the clients share `scheduler`. Otherwise as {@link replay}.
 *
 * @example
 * ```ts
 * const [bn, kr] = replayTogether(['bn.rxrec.gz', 'kr.rxrec.gz']);
 * venues([bn, kr]).book({ binance: 'BTC/USDT', kraken: 'BTC/USD' }).pipe(orderBook({ depth: 1 }), arbitrage({ symbols, scheduler: bn.scheduler }));
 * ```
 */
export function replayTogether(recordings: readonly (string | readonly string[])[], options: ReplayOptions = {}): ReplayClient[] {
  const speed = options.speed ?? Infinity;
  if (!(speed > 0)) throw new RangeError(`replay(): speed must be a positive number or Infinity, got ${speed}`);
  if (recordings.length === 0) throw new TypeError('replayTogether() needs at least one recording');
  const parts = recordings.map((file) => (typeof file === 'string' ? [file] : [...file]));
  if (parts.some((files) => files.length === 0)) throw new TypeError('replay() needs a file');
  const headers = parts.map((files) => readRecordingHeader(files[0]!));
  const factories = headers.map((header) => exchangeFactory(header.exchange));
  const sources = parts.map((files) => (options.scheduler ? RecordSource.load(files) : RecordSource.stream(files)));
  // virtual time starts at the earliest first record (known at once when the files are read whole)
  const starts = sources.map((source, i) => {
    const first = options.scheduler ? source.peek() : undefined;
    return first !== undefined && first !== WAIT ? first.ts : headers[i]!.ts;
  });
  const timeline = new ReplayTimeline(Math.min(...starts), speed, options.scheduler);
  return parts.map((files, i) => {
    const header = headers[i]!;
    const engine = new ReplayEngine({ name: files.join(', '), header, source: sources[i]!, clock: timeline.clock, soon: (run) => timeline.soon(run) });
    timeline.add(engine);
    const whole = sources[i]!.whole();
    if (whole) engine.subscriptions.all = whole.filter((record) => record.type === 'subscribe');
    const { reconnect, ...recorded } = header.options;
    const client = factories[i]!({
      ...recorded,
      ...(reconnect ? { reconnect: { ...reconnect, attempts: reconnect.attempts ?? Infinity } } : {}),
      scheduler: engine.scheduler,
      createWebSocket: (url) => engine.sockets.create(url),
      http: engine.http.transport,
      random: () => engine.nextRandom(),
    } satisfies ClientOptions);
    return replayClient(client, engine, timeline, header);
  });
}

/** The public face of one replayed client: its streams follow the recorded subscriptions. */
function replayClient(client: ExchangeClient, engine: ReplayEngine, timeline: ReplayTimeline, header: RecordingHeader): ReplayClient {
  /** A user stream: opened when the recorded subscription covering it opens, completed when it ends. */
  const attached = <T>(wanted: WantedStream, open: () => Observable<T>, now = false): Observable<T> =>
    new Observable<T>((subscriber) => {
      if (engine.done) {
        subscriber.error(new Error(`replay: ${engine.name} was replayed to its end: subscribe before it ends (or replay it again)`));
        return undefined;
      }
      let inner: Subscription | undefined;
      const attachment: Attachment = {
        wanted,
        sub: undefined,
        done: false,
        start: () => {
          inner = open().subscribe({
            next: (value) => subscriber.next(value),
            error: (error: unknown) => {
              attachment.done = true;
              subscriber.error(error);
            },
            complete: () => {
              attachment.done = true;
              subscriber.complete();
            },
          });
          if (subscriber.closed) inner.unsubscribe();
        },
        stop: () => {
          inner?.unsubscribe();
          subscriber.complete();
        },
        fail: (error) => subscriber.error(error),
      };
      if (now) engine.subscriptions.attachNow(attachment);
      else engine.subscriptions.attach(attachment);
      timeline.start();
      return () => {
        engine.subscriptions.detach(attachment);
        inner?.unsubscribe();
      };
    });
  const list = (symbols: string | readonly string[]): readonly string[] => (typeof symbols === 'string' ? [symbols] : Array.isArray(symbols) ? symbols : []);
  const bookWanted = (symbol: string, bookOptions: BookOptions | undefined): WantedStream =>
    bookOptions ? { method: 'book', symbols: [symbol], options: bookOptions } : { method: 'book', symbols: [symbol] };

  return {
    exchange: client.exchange,
    events$: defer(() => merge(client.events$, engine.events$).pipe(takeUntil(engine.ended$))),
    ticker: (symbol) => attached({ method: 'ticker', symbols: [symbol] }, () => client.ticker(symbol)),
    tickers: (symbols) => attached({ method: 'tickers', symbols: list(symbols) }, () => client.tickers(symbols)),
    trades: (symbols) => attached({ method: 'trades', symbols: list(symbols) }, () => client.trades(symbols)),
    book: (symbol, bookOptions) => attached(bookWanted(symbol, bookOptions), () => client.book(symbol, bookOptions)),
    derivativeTicker: (symbol) => attached({ method: 'derivativeTicker', symbols: [symbol] }, () => client.derivativeTicker(symbol)),
    // the recorded instrument list, requested when called (the request is answered from the recording)
    instruments: () => attached({ method: 'instruments', symbols: [] }, () => client.instruments(), true),
    scheduler: timeline.clock,
    header,
  };
}
