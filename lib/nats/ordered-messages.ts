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

/**
 * The messages of `stream` on `subject` (one subject: nats-server 2.9 has no multi-filter consumers), in stream order, through a JetStream ordered consumer
 * (ephemeral, no acks; recreated by the client after a NATS restart or a missed heartbeat, from the
 * last sequence it delivered). Cold: the consumer is created on subscribe and stopped on unsubscribe.
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
    const start = typeof from === 'object' ? { deliver_policy: 'by_start_sequence', opt_start_seq: from.startSeq } : { deliver_policy: from };
    (async () => {
      const consumer = await bus.js.consumers.get(stream, { filter_subjects: subject, ...(start as object) });
      if (stopped) return;
      const messages = await consumer.consume({ max_messages: maxMessages, callback: (message) => subscriber.next(message) });
      stop = () => void messages.stop();
      if (stopped) stop();
    })().catch((error: unknown) => {
      if (!stopped) subscriber.error(error);
    });
    return () => {
      stopped = true;
      stop?.();
    };
  });
}
