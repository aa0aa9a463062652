import { type Observable, ReplaySubject, Subject } from 'rxjs';
import type { ExchangeEvent } from '../model/exchange-event';
import type { SchedulerLike } from 'rxjs';
import type { RecordingHeader, RecordingRecord } from './recording-format';
import type { RecordSource } from './record-source';
import type { ReplayClock } from './replay-clock';
import { ReplayHttp } from './replay-http';
import { ReplaySockets } from './replay-socket';
import { ReplaySubscriptions } from './replay-subscriptions';

/**
 * Settings of a {@link ReplayEngine}.
 *
 * @example
 * ```ts
 * const settings: ReplayEngineSettings = { name: 'bn.rxrec.gz', header, source: RecordSource.load(['bn.rxrec.gz']), clock, soon: (run) => timeline.soon(run) };
 * ```
 */
export interface ReplayEngineSettings {
  /** The file name(s), for messages. */
  readonly name: string;
  readonly header: RecordingHeader;
  readonly source: RecordSource;
  /** The clock shared by every recording of the replay. */
  readonly clock: ReplayClock;
  /** Runs a callback at the current virtual time, before the next record (a `ReplayTimeline`'s). */
  readonly soon: (run: () => void) => void;
}

/**
 * One recording in a replay: hands each of its records to the part of the replayed client it
 * concerns: sockets (`ReplaySockets`), REST (`ReplayHttp`), the user's subscriptions
 * (`ReplaySubscriptions`), the client's timers (on their `timer` records) and random draws. A
 * `ReplayTimeline` decides when (in time order across recordings, paced). At the end of its
 * records, user streams complete (or fail, for what was not recorded) and `ended$` emits.
 *
 * @example
 * ```ts
 * const engine = new ReplayEngine(settings);
 * const client = binance({ scheduler: engine.scheduler, createWebSocket: (url) => engine.sockets.create(url), http: engine.http.transport, random: () => engine.nextRandom() });
 * ```
 */
export class ReplayEngine {
  readonly sockets: ReplaySockets;
  readonly http: ReplayHttp;
  readonly subscriptions: ReplaySubscriptions;
  /** The replayed client's scheduler (its timers follow the timer records). */
  readonly scheduler: SchedulerLike;
  /** Emits (and replays) once the recording is over. */
  readonly ended$ = new ReplaySubject<void>(1);
  private readonly engineEvents = new Subject<ExchangeEvent>();
  /** The engine's own events: records dropped at recording time, a cut-off or unreadable file. */
  readonly events$: Observable<ExchangeEvent> = this.engineEvents.asObservable();
  private finished = false;
  private randomState = 0x2545f491;

  constructor(private readonly settings: ReplayEngineSettings) {
    this.sockets = new ReplaySockets(settings.soon);
    this.http = new ReplayHttp(settings.soon);
    this.subscriptions = new ReplaySubscriptions(settings.name);
    this.scheduler = settings.clock.clientView(this, settings.header.timers);
  }

  get source(): RecordSource {
    return this.settings.source;
  }

  /** The file name(s), for messages. */
  get name(): string {
    return this.settings.name;
  }

  /** Whether the records are all handed over. */
  get done(): boolean {
    return this.finished;
  }

  /** The client's random source: the draws the live client made, in order (a seeded sequence past them). */
  nextRandom(): number {
    const recorded = this.settings.source.take((record) => record.type === 'random');
    if (recorded && recorded.type === 'random') return recorded.value;
    // mulberry32: deterministic when the replay went another way than the recording
    let t = (this.randomState += 0x6d2b79f5);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Hands one record (the source's next, already consumed) over, with the clock at its time. */
  dispatch(record: RecordingRecord): void {
    switch (record.type) {
      case 'recv':
      case 'open':
      case 'connect':
      case 'ping':
      case 'pong':
      case 'close':
      case 'error':
        this.sockets.route(record);
        return;
      case 'http':
        this.http.answer(record);
        return;
      case 'timer':
        this.settings.clock.takeRecorded(this, record.due)?.execute();
        return;
      case 'subscribe':
        this.subscriptions.onSubscribe(record);
        return;
      case 'unsubscribe':
        this.subscriptions.onUnsubscribe(record.sub);
        return;
      case 'dropped':
        this.raise(`recording: ${record.count} records were dropped here while recording (the disk fell behind): what follows may show gaps`, 'transport');
        return;
      default:
        return; // send, random (taken ahead by the client), signal
    }
  }

  /** The records are over (or the replay stops): user streams complete, requests left unanswered fail. */
  finish(): void {
    if (this.finished) return;
    this.finished = true;
    const { source } = this.settings;
    if (source.truncated) this.raise(`recording: ${this.settings.name} ends inside a record (the recorder was killed): replayed up to its last complete record`, 'decode');
    if (source.failure) this.raise(`recording: ${source.failure.message}: replayed up to there`, 'decode');
    // requests left unanswered fail first, so their streams still hear it (an error event), then streams end
    this.http.end(this.settings.name);
    this.subscriptions.end();
    source.close();
    this.ended$.next();
    this.ended$.complete();
    this.engineEvents.complete();
  }

  private raise(message: string, kind: 'transport' | 'decode'): void {
    this.engineEvents.next({ type: 'error', kind, message, exchange: this.settings.header.exchange, timestamp: this.settings.clock.now() });
  }
}
