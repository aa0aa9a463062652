import type { JsMsg } from '@nats-io/jetstream';
import { Observable } from 'rxjs';
import type { Bus } from './nats-connection';

/**
 * Where an {@link orderedMessages} reader starts: only messages published from now on (`new`), the
 * whole stream (`all`), or at a stream sequence.
 *
 * @example
 * ```ts
 * const from: ReadFrom = { startSeq: 1042 };
 * ```
 */
export type ReadFrom = 'new' | 'all' | { readonly startSeq: number };

/** Wait before trying again to read after a reconnect when JetStream does not answer yet. */
const RETRY_MS = 200;

/**
 * The messages of `stream` on `subject` (one subject: nats-server 2.9 has no multi-filter consumers), in stream order, through a JetStream ordered consumer
 * (ephemeral, no acks). Cold: the consumer is created on subscribe and stopped on unsubscribe.
 *
 * After a NATS reconnect the reading starts again here, from the stream sequence after the last
 * message delivered, and again every {@link RETRY_MS} until JetStream answers (the client library's
 * own recovery waits up to 30 s after a restarted server that has not recovered the stream yet:
 * silence). A position past the stream's end (the stream lost its tail: a NATS killed before
 * flushing its last records, a stream created again) starts at the stream's end instead of waiting
 * there until the stream grows past it; the records lost are a gap the reader sees by its own
 * numbering. The same check follows every recreation of the consumer by the client library.
 *
 * @example
 * ```ts
 * orderedMessages(bus, 'MD_binance', 'md.binance.trade.BTC_USDT', 'new').subscribe((m) => console.log(m.seq));
 * ```
 */
export function orderedMessages(bus: Bus, stream: string, subject: string, from: ReadFrom, maxMessages = 1_000): Observable<JsMsg> {
  return new Observable<JsMsg>((subscriber) => {
    let stopped = false;
    let stop: (() => void) | undefined;
    let retry: ReturnType<typeof setTimeout> | undefined;
    /** Stream sequence of the last message delivered (0: none yet). */
    let delivered = 0;
    let generation = 0;
    const resumeFrom = (): ReadFrom => (delivered > 0 ? { startSeq: delivered + 1 } : from);

    /** Starts a consumer at `readFrom` (a position past the stream's end: at its end). */
    const read = async (readFrom: ReadFrom): Promise<void> => {
      const mine = ++generation;
      stop?.();
      stop = undefined;
      const startSeq = typeof readFrom === 'object' ? Math.min(readFrom.startSeq, (await bus.jsm.streams.info(stream)).state.last_seq + 1) : 0;
      if (stopped || mine !== generation) return;
      const start = typeof readFrom === 'object' ? { deliver_policy: 'by_start_sequence', opt_start_seq: startSeq } : { deliver_policy: readFrom };
      const consumer = await bus.js.consumers.get(stream, { filter_subjects: subject, ...(start as object) });
      if (stopped || mine !== generation) return;
      const messages = await consumer.consume({
        max_messages: maxMessages,
        callback: (message) => {
          if (mine !== generation) return;
          delivered = message.seq;
          subscriber.next(message);
        },
      });
      stop = () => void messages.stop();
      if (stopped || mine !== generation) return stop();
      void (async () => {
        for await (const status of messages.status()) {
          if (stopped || mine !== generation) return;
          if (status.type !== 'ordered_consumer_recreated' || delivered === 0) continue;
          const lastSeq = (await bus.jsm.streams.info(stream)).state.last_seq;
          if (!stopped && mine === generation && lastSeq < delivered) resume(); // it waits past the stream's end
        }
      })().catch(() => resume());
    };

    /** Reads again from after the last message delivered, until JetStream answers. */
    const resume = (): void => {
      if (stopped) return;
      clearTimeout(retry);
      generation++;
      stop?.();
      stop = undefined;
      read(resumeFrom()).catch(() => {
        if (!stopped) retry = setTimeout(resume, RETRY_MS);
      });
    };

    const statuses = bus.nc.status();
    void (async () => {
      for await (const status of statuses) {
        if (stopped) return;
        if (status.type === 'reconnect') resume();
      }
    })().catch(() => undefined);

    read(from).catch((error: unknown) => {
      if (!stopped) subscriber.error(error);
    });
    return () => {
      stopped = true;
      clearTimeout(retry);
      stop?.();
      (statuses as { stop?: () => void }).stop?.();
    };
  });
}
