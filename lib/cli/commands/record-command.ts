import { interval, merge, type Observable } from 'rxjs';
import { record } from '../../replay/record';
import { CliUsageError } from '../cli-error';
import type { Command } from '../command';
import { printNotices } from '../exchange-notices';
import { findExchange } from '../exchanges/exchange-registry';
import { recordingStatusLine } from '../format/recording-lines';
import { failIfUnreachable } from '../live-guard';
import { openExchanges } from '../open-exchanges';
import { integerOption, secondsOption } from '../parse-options';
import { resolveSymbol } from '../resolve-symbol';
import { runRecords } from '../run-records';

/** Status refresh on a terminal (in place), and between status lines when stderr is not a terminal. */
const TTY_REFRESH_MS = 500;
const PLAIN_REFRESH_MS = 5_000;

/**
 * `rxmarket record <exchange> <symbol...> --out FILE [--duration s] [--book] [--trades] [--ticker]`:
 * records the exchange's feed (the embedded simulator unless `--live`) with `record()`, with a
 * one-line status on stderr (frames, bytes, rate, drops: redrawn in place on a terminal, a line
 * every 5 s otherwise, and a last line when done). Ctrl-C or `--duration` ends it; the file is
 * flushed, fsync'ed and closed before the command returns.
 *
 * @example
 * ```ts
 * await runCli(['record', 'kraken', 'BTC/USD', '--out', 'kr.rxrec.gz', '--duration', '10'], io);
 * ```
 */
export const recordCommand: Command = {
  name: 'record',
  summary: 'records a feed to a file that `replay` runs again, exactly',
  usage: [
    'rxmarket record <exchange> <symbol...> --out <file> [--book] [--trades] [--ticker]',
    '  --out <file>      the recording (gzip JSON lines); %Y %m %d %H %M %S in the name rotate it by time (UTC)',
    '  --book            record the order book of each symbol   (none of --book/--trades/--ticker: all three)',
    '  --trades          record the trades of the symbols',
    '  --ticker          record the tickers of the symbols',
    "  --depth <n>       book levels to request (default: the exchange's usual)",
    '  --duration <s>    stop after <s> seconds (default: until Ctrl-C)',
    '  --live            record the real exchange (default: the embedded simulator on 127.0.0.1)',
    '  --seed <n>        seed of the embedded simulator (default 7)',
  ],
  options: {
    out: { type: 'string' },
    book: { type: 'boolean' },
    trades: { type: 'boolean' },
    ticker: { type: 'boolean' },
    depth: { type: 'string' },
    duration: { type: 'string' },
    live: { type: 'boolean' },
    seed: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  },
  run: async (args, { io, registry }) => {
    const { values, positionals } = args;
    const [exchangeName, ...rawSymbols] = positionals;
    if (exchangeName === undefined) throw new CliUsageError(`record needs an exchange (one of ${registry.map((e) => e.id).join(', ')})`);
    if (rawSymbols.length === 0) throw new CliUsageError('record needs at least one symbol, e.g. rxmarket record binance BTC/USDT --out bn.rxrec.gz');
    if (typeof values.out !== 'string' || values.out === '') throw new CliUsageError('record needs --out <file>');
    const live = values.live === true;
    const seed = typeof values.seed === 'string' ? integerOption('--seed', values.seed, 0, 2 ** 31) : 7;
    const durationMs = typeof values.duration === 'string' ? secondsOption('--duration', values.duration) : undefined;
    const depth = typeof values.depth === 'string' ? integerOption('--depth', values.depth, 1, 5000) : undefined;
    const all = values.book !== true && values.trades !== true && values.ticker !== true;
    const entry = findExchange(exchangeName, registry);
    const symbols = rawSymbols.map((s) => resolveSymbol(entry, s, live));

    const opened = await openExchanges([{ entry, symbols }], { live, seed });
    const notices = printNotices(opened.exchanges, io);
    const client = record(opened.exchanges[0]!.client, { file: values.out, signals: false }); // the CLI stops cleanly on Ctrl-C itself
    const streams: Observable<unknown>[] = [];
    if (all || values.book === true) for (const symbol of symbols) streams.push(client.book(symbol, depth === undefined ? {} : entry.bookOptions(depth)));
    if (all || values.trades === true) streams.push(client.trades(symbols));
    if (all || values.ticker === true) streams.push(client.tickers(symbols));

    const tty = io.stderr.isTTY === true;
    const startedAt = performance.now();
    let lastFrames = 0;
    let lastAt = startedAt;
    const status = (final: boolean): string => {
      const stats = client.recording.stats();
      const now = performance.now();
      // the rate since the last status line; the last line gives the whole run's
      const rate = final ? (stats.frames * 1000) / Math.max(1, now - startedAt) : ((stats.frames - lastFrames) * 1000) / Math.max(1, now - lastAt);
      lastFrames = stats.frames;
      lastAt = now;
      return `${recordingStatusLine(entry.id, stats, rate)}${final ? ` · ${stats.files.join(', ')}` : ''}`;
    };
    const ticks = interval(tty ? TTY_REFRESH_MS : PLAIN_REFRESH_MS).subscribe(() => io.stderr.write(tty ? `\r${status(false)}\x1b[K` : `${status(false)}\n`));
    try {
      await runRecords(merge(...streams).pipe(failIfUnreachable(opened.exchanges)), () => undefined, io, { limit: undefined, durationMs });
    } finally {
      ticks.unsubscribe();
      notices.unsubscribe();
      await client.recording.stop();
      io.stderr.write(`${tty ? '\r' : ''}${status(true)}${tty ? '\x1b[K' : ''}\n`);
      await opened.stop();
    }
  },
};
