import { asyncScheduler, Observable, type SchedulerLike, Subscription, timer } from 'rxjs';
import type { BookEvent } from '../model/book-event';
import type { ExchangeEvent, ResyncReason } from '../model/exchange-event';
import type { ExchangeId } from '../model/exchange-id';
import { decodeBookRecord, decodeStoredSnapshot, type StoredSnapshot } from './nats-codec';
import type { Bus } from './nats-connection';
import { orderedMessages } from './ordered-messages';
import { marketSubject, streamNames } from './nats-subjects';

/** How long a resync waits for a newer stored snapshot when the stored one cannot be continued. */
const RETRY_MS = 200;

/**
 * One book read from the bus, verified: the latest stored snapshot, then the records that follow
 * it in the events stream. Each delta must be the next `seq` of the snapshot's `epoch`; anything
 * else (a record lost to retention, a reconnect, an ingest restart or takeover seen mid-chain) is a
 * gap: a `resync` event (reason `gap`) and a restart from the stored snapshot. A snapshot record
 * (a new ingest, or the venue's own resync) replaces the book (a `resync` event, reason `reset`,
 * when a book was already shown). Undecodable records are `error` events (kind `decode`) and gaps.
 *
 * @example
 * ```ts
 * readBook(bus, 'binance', 'BTC/USDT', (e) => events$.next(e)).pipe(orderBook({ depth: 10 })).subscribe();
 * ```
 */
export function readBook(bus: Bus, exchange: ExchangeId, symbol: string, emit: (event: ExchangeEvent) => void, scheduler: SchedulerLike = asyncScheduler): Observable<BookEvent> {
  const names = streamNames(exchange);
  const subject = marketSubject(exchange, 'book', symbol);
  const snapshotSubject = marketSubject(exchange, 'snapshot', symbol);
  return new Observable<BookEvent>((subscriber) => {
    const subscription = new Subscription();
    let reading: Subscription | undefined;
    let epoch = '';
    let seq = -1;
    let shown = false;
    let lastStart: StoredSnapshot | undefined;
    let generation = 0;

    const resync = (reason: ResyncReason): void => {
      emit({ type: 'resync', exchange, symbol, reason, timestamp: scheduler.now() });
      void start(true);
    };

    const restart = async (afterGap: boolean): Promise<void> => {
      const mine = ++generation;
      reading?.unsubscribe();
      reading = undefined;
      epoch = '';
      let stored = await latestSnapshot();
      if (afterGap && stored !== undefined && lastStart !== undefined && sameStart(stored, lastStart)) {
        // the records after this image are gone: wait for the ingest to store a newer one
        await new Promise<void>((resolve) => subscription.add(timer(RETRY_MS, scheduler).subscribe(() => resolve())));
        if (mine !== generation || subscriber.closed) return;
        stored = await latestSnapshot();
      }
      if (mine !== generation || subscriber.closed) return;
      lastStart = stored;
      if (stored !== undefined) {
        epoch = stored.epoch;
        seq = stored.seq;
        shown = true;
        subscriber.next(stored.event);
      }
      reading = orderedMessages(bus, names.events, subject, stored === undefined ? 'all' : { startSeq: stored.streamSeq + 1 }).subscribe({
        next: (message) => {
          if (mine === generation) onRecord(message.data);
        },
        error: (error: unknown) => retryLater(mine, error),
      });
      subscription.add(reading);
    };

    const onRecord = (payload: Uint8Array): void => {
      const record = decodeBookRecord(payload, exchange, symbol);
      if (record === undefined) {
        emit({ type: 'error', exchange, kind: 'decode', message: `undecodable book record on ${subject}`, frame: new TextDecoder().decode(payload).slice(0, 200), symbol, timestamp: scheduler.now() });
        return resync('gap');
      }
      if (record.event.type === 'snapshot') {
        if (shown) emit({ type: 'resync', exchange, symbol, reason: 'reset', timestamp: scheduler.now() });
        epoch = record.epoch;
        seq = record.seq;
        shown = true;
        return subscriber.next(record.event);
      }
      if (epoch === '') return; // no book yet: waiting for a snapshot record
      if (record.epoch === epoch && record.seq <= seq) return; // already in the snapshot we started from
      if (record.epoch !== epoch || record.seq !== seq + 1) return resync('gap');
      seq = record.seq;
      subscriber.next(record.event);
    };

    const latestSnapshot = async (): Promise<StoredSnapshot | undefined> => {
      const stored = await bus.jsm.streams.getMessage(names.snapshots, { last_by_subj: snapshotSubject });
      return stored === null ? undefined : decodeStoredSnapshot(stored.data, exchange, symbol);
    };

    /** NATS did not answer (restarting, cut off): an `error` event, then a new attempt. */
    const retryLater = (mine: number, error: unknown): void => {
      if (mine !== generation || subscriber.closed) return;
      emit({ type: 'error', exchange, kind: 'transport', message: `NATS: ${error instanceof Error ? error.message : String(error)}`, symbol, timestamp: scheduler.now() });
      subscription.add(timer(RETRY_MS, scheduler).subscribe(() => void start(afterFailure)));
    };
    let afterFailure = false;
    const start = (afterGap: boolean): Promise<void> => {
      afterFailure = afterGap;
      const mine = generation + 1;
      return restart(afterGap).catch((error: unknown) => retryLater(mine, error));
    };

    void start(false);
    return () => {
      generation++;
      subscription.unsubscribe();
      reading?.unsubscribe();
    };
  });
}

function sameStart(a: StoredSnapshot, b: StoredSnapshot): boolean {
  return a.epoch === b.epoch && a.seq === b.seq;
}
