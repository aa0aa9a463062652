import { merge, type Subscription } from 'rxjs';
import type { CliIo } from './cli-io';
import { exchangeEventLine } from './format/event-lines';
import type { OpenedExchange } from './open-exchanges';

/**
 * Prints the exchange events a user should know about (reconnects, resyncs, errors, overflows) on
 * stderr as `# binance: resync BTC/USDT (gap)`, keeping stdout clean for pipes. Transport errors
 * before an exchange's first connection are left to {@link failIfUnreachable}, which ends the run
 * with one clear line. Subscribe before the streams: `events$` is hot.
 *
 * @example
 * ```ts
 * const notices = printNotices(opened.exchanges, io);
 * // … run …
 * notices.unsubscribe();
 * ```
 */
export function printNotices(exchanges: readonly OpenedExchange[], io: CliIo): Subscription {
  const opened = new Set<string>();
  return merge(...exchanges.map((e) => e.client.events$)).subscribe((event) => {
    if (event.type === 'open') opened.add(event.exchange);
    if (event.type === 'error' && event.kind === 'transport' && !opened.has(event.exchange)) return;
    const line = exchangeEventLine(event);
    if (line !== undefined) io.stderr.write(`# ${line}\n`);
  });
}
