import type { Observable } from 'rxjs';
import type { ExchangeClient } from '../model/client';
import type { ResyncReason } from '../model/exchange-event';
import { type RecordingSummary, summarizeRecording } from './recording-summary';
import { replay } from './replay';
import { describeStream, type WantedStream } from './replay-subscriptions';

/**
 * What replaying a whole recording produced: events per recorded stream, resyncs by reason (`gap`
 * counts the sequence gaps found), errors by kind, reconnects, and the recording's summary (time
 * span, records, drops).
 *
 * @example
 * ```ts
 * const stats = await replayStats(['bn.rxrec.gz']);
 * console.log(stats.streams, stats.resyncs.gap ?? 0);
 * ```
 */
export interface ReplayStats {
  readonly summary: RecordingSummary;
  /** Events each recorded stream emitted on replay, by its description (`book("BTC/USDT", {"depth":100})`). */
  readonly streams: Readonly<Record<string, number>>;
  readonly resyncs: Readonly<Partial<Record<ResyncReason, number>>>;
  readonly errors: Readonly<Record<string, number>>;
  readonly reconnects: number;
  /** Streams that failed on replay, with why. */
  readonly failed: Readonly<Record<string, string>>;
}

/**
 * Opens one recorded stream (a `subscribe` record's call) on a client.
 *
 * @example
 * ```ts
 * openStream(replay('bn.rxrec.gz'), { method: 'book', symbols: ['BTC/USDT'], options: { depth: 100 } }).subscribe(console.log);
 * ```
 */
export function openStream(client: ExchangeClient, stream: WantedStream): Observable<unknown> {
  switch (stream.method) {
    case 'ticker':
      return client.ticker(stream.symbols[0]!);
    case 'tickers':
      return client.tickers(stream.symbols);
    case 'trades':
      return client.trades(stream.symbols);
    case 'book':
      return client.book(stream.symbols[0]!, stream.options);
    case 'derivativeTicker':
      return client.derivativeTicker(stream.symbols[0]!);
    case 'instruments':
      return client.instruments();
  }
}

/**
 * Replays a recording as fast as possible with every recorded stream subscribed and counts what
 * comes out (see {@link ReplayStats}).
 *
 * @example
 * ```ts
 * const { streams, resyncs } = await replayStats(['kr.rxrec.gz']);
 * ```
 */
export async function replayStats(files: readonly string[]): Promise<ReplayStats> {
  const summary = await summarizeRecording(files);
  const rp = replay(files);
  const streams: Record<string, number> = {};
  const failed: Record<string, string> = {};
  const resyncs: Partial<Record<ResyncReason, number>> = {};
  const errors: Record<string, number> = {};
  let reconnects = 0;
  const events = rp.events$.subscribe((event) => {
    if (event.type === 'resync') resyncs[event.reason] = (resyncs[event.reason] ?? 0) + 1;
    else if (event.type === 'error') errors[event.kind] = (errors[event.kind] ?? 0) + 1;
    else if (event.type === 'reconnect') reconnects++;
  });
  await new Promise<void>((resolve) => {
    let open = summary.streams.length;
    if (open === 0) resolve();
    const done = (): void => {
      if (--open === 0) resolve();
    };
    for (const stream of summary.streams) {
      const name = describeStream(stream);
      streams[name] = 0;
      openStream(rp, stream).subscribe({
        next: () => (streams[name] = (streams[name] ?? 0) + 1),
        error: (error: unknown) => {
          failed[name] = (error as Error)?.message ?? String(error);
          done();
        },
        complete: done,
      });
    }
  });
  events.unsubscribe();
  return { summary, streams, resyncs, errors, reconnects, failed };
}
