import { type Observable, map } from 'rxjs';
import type { OrderBookState } from '../../model/order-book-state';
import { conflateBy } from '../../operators/conflate-by';
import { orderBook } from '../../operators/order-book';
import { CliUsageError } from '../cli-error';
import type { Command } from '../command';
import { ANSI, paintFrame } from '../dashboard/terminal';
import { printNotices } from '../exchange-notices';
import { findExchange } from '../exchanges/exchange-registry';
import { bookLadder } from '../format/book-ladder';
import { bookLine } from '../format/event-lines';
import { failIfUnreachable } from '../live-guard';
import { openExchanges } from '../open-exchanges';
import { integerOption } from '../parse-options';
import { resolveSymbol } from '../resolve-symbol';
import { runRecords } from '../run-records';
import { STREAM_OPTION_DEFINITIONS, STREAM_OPTION_HELP, streamOptions } from '../stream-options';

const REFRESH_MS = 250;

/**
 * `rxmarket book <exchange> [symbol] [--depth n]`: the verified local order book (snapshot +
 * deltas, resynced on gaps) through `orderBook({ depth })`. On a terminal it is a ladder redrawn in
 * place at 4 Hz; piped, one top-of-book line per 250 ms; with `--json`, every book state as NDJSON.
 *
 * @example
 * ```ts
 * await runCli(['book', 'binance', 'BTC/USDT', '--depth', '5', '--json', '--limit', '3'], io);
 * ```
 */
export const bookCommand: Command = {
  name: 'book',
  summary: 'the local order book (snapshot + deltas, resynced on gaps), top <depth> levels',
  usage: [
    "rxmarket book <exchange> [symbol] [--depth n]   (default symbol: the exchange's BTC pair)",
    '  --depth <n>       levels per side to show (default 10)',
    ...STREAM_OPTION_HELP,
  ],
  options: { ...STREAM_OPTION_DEFINITIONS, depth: { type: 'string' } },
  run: async (args, { io, registry }) => {
    const options = streamOptions(args);
    const depth = typeof args.values.depth === 'string' ? integerOption('--depth', args.values.depth, 1, 1000) : 10;
    const [exchangeName, rawSymbol, ...extra] = args.positionals;
    if (exchangeName === undefined) throw new CliUsageError(`book needs an exchange (one of ${registry.map((e) => e.id).join(', ')})`);
    if (extra.length > 0) throw new CliUsageError(`book shows one symbol, got ${[rawSymbol, ...extra].join(' ')}`);
    const entry = findExchange(exchangeName, registry);
    const symbol = resolveSymbol(entry, rawSymbol ?? entry.demoSymbols[0] ?? '', options.live);
    const opened = await openExchanges([{ entry, symbols: [symbol] }], options);
    const notices = printNotices(opened.exchanges, io);
    const client = opened.exchanges[0]!.client;
    const states$ = client.book(symbol, entry.bookOptions(depth)).pipe(
      orderBook({ depth }),
      failIfUnreachable(opened.exchanges),
    );
    const ladder = io.stdout.isTTY === true && !options.json;
    try {
      if (options.json) {
        await runRecords(states$, (s) => io.stdout.write(`${JSON.stringify({ type: 'book', ...s })}\n`), io, options);
      } else {
        const conflated$: Observable<OrderBookState> = states$.pipe(conflateBy(() => symbol, { window: REFRESH_MS }));
        if (ladder) io.stdout.write(ANSI.hideCursor + ANSI.clearScreen);
        const frames$ = conflated$.pipe(map((s) => (ladder ? paintFrame(bookLadder(s), io.stdout) : `${bookLine(s)}\n`)));
        await runRecords(frames$, (text) => io.stdout.write(text), io, options);
      }
    } finally {
      if (ladder) io.stdout.write(ANSI.showCursor);
      notices.unsubscribe();
      await opened.stop();
    }
  },
};
