import { map, merge, type Observable } from 'rxjs';
import type { BookEvent } from '../../model/book-event';
import type { Ticker } from '../../model/ticker';
import type { Trade } from '../../model/trade';
import { orderBook } from '../../operators/order-book';
import { summarizeRecording } from '../../replay/recording-summary';
import { replay } from '../../replay/replay';
import { openStream, replayStats } from '../../replay/replay-stats';
import type { WantedStream } from '../../replay/replay-subscriptions';
import { CliUsageError } from '../cli-error';
import type { Command } from '../command';
import { bookLine, exchangeEventLine, tickerLine, tradeLine } from '../format/event-lines';
import { replayStatsLines } from '../format/recording-lines';
import { integerOption, numberOption, secondsOption } from '../parse-options';
import { runRecords } from '../run-records';

const KINDS = ['book', 'trades', 'ticker'] as const;
type Kind = (typeof KINDS)[number];

const kindOf = (stream: WantedStream): Kind | undefined =>
  stream.method === 'book' ? 'book' : stream.method === 'trades' ? 'trades' : stream.method === 'ticker' || stream.method === 'tickers' ? 'ticker' : undefined;

/** `--speed`: a positive number, or `max` / `inf` / `Infinity` (as fast as possible). */
function speedOption(raw: string): number {
  if (/^(max|inf|infinity)$/i.test(raw.trim())) return Infinity;
  const speed = numberOption('--speed', raw);
  if (!(speed > 0)) throw new CliUsageError(`--speed expects a positive number or "max", got "${raw}"`);
  return speed;
}

/**
 * `rxmarket replay FILE... [book|trades|ticker] [--speed N] [--json] [--stats]`: runs a recording
 * through the real adapter again (no network) and prints its streams as `book`, `trades` and
 * `ticker` do (every recorded stream, or those of one kind); `--speed 1` paces it in real time
 * (default: as fast as possible); `--stats` prints what the recording holds instead: events per
 * stream, gaps and resyncs found, the time span.
 *
 * @example
 * ```ts
 * await runCli(['replay', 'kr.rxrec.gz', 'book', '--json', '--limit', '5'], io);
 * await runCli(['replay', 'kr.rxrec.gz', '--stats'], io);
 * ```
 */
export const replayCommand: Command = {
  name: 'replay',
  summary: 'runs a recording through the adapter again: its streams, or --stats',
  usage: [
    'rxmarket replay <file...> [book|trades|ticker] [--speed N] [--json] [--stats]   (several files: rotated parts, in order)',
    '  book|trades|ticker  only the recorded streams of that kind (default: every recorded stream)',
    '  --speed <N>       recorded time per real time: 1 = real time, 10 = ten times faster (default: max, as fast as possible)',
    '  --json            NDJSON: the normalized Trade, Ticker, or OrderBookState per line',
    '  --depth <n>       book levels per side to show (default 10)',
    '  --stats           counts per stream, gaps and resyncs found, the time span (instead of the streams)',
    '  --limit <n>       stop after <n> records',
    '  --duration <s>    stop after <s> seconds',
  ],
  options: {
    speed: { type: 'string' },
    json: { type: 'boolean' },
    stats: { type: 'boolean' },
    depth: { type: 'string' },
    limit: { type: 'string' },
    duration: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  },
  run: async (args, { io }) => {
    const { values } = args;
    const positionals = [...args.positionals];
    const kind = KINDS.includes(positionals.at(-1) as Kind) ? (positionals.pop() as Kind) : undefined;
    const files = positionals;
    if (files.length === 0) throw new CliUsageError('replay needs a recording file, e.g. rxmarket replay bn.rxrec.gz');
    const json = values.json === true;
    if (values.stats === true) {
      const stats = await replayStats(files);
      io.stdout.write(json ? `${JSON.stringify(stats)}\n` : `${replayStatsLines(stats).join('\n')}\n`);
      return;
    }
    const speed = typeof values.speed === 'string' ? speedOption(values.speed) : Infinity;
    const depth = typeof values.depth === 'string' ? integerOption('--depth', values.depth, 1, 1000) : 10;
    const limit = typeof values.limit === 'string' ? integerOption('--limit', values.limit, 1, 1e9) : undefined;
    const durationMs = typeof values.duration === 'string' ? secondsOption('--duration', values.duration) : undefined;

    const summary = await summarizeRecording(files);
    const chosen = summary.streams.filter((stream) => kindOf(stream) !== undefined && (kind === undefined || kindOf(stream) === kind));
    if (chosen.length === 0) {
      const held = summary.streams.map((s) => kindOf(s)).filter((k) => k !== undefined);
      throw new CliUsageError(`${files.join(', ')} holds no ${kind ?? 'book, trades or ticker'} stream${held.length > 0 ? ` (it holds: ${[...new Set(held)].join(', ')})` : ''}`);
    }
    const rp = replay(files, { speed });
    const notices = rp.events$.subscribe((event) => {
      const line = exchangeEventLine(event);
      if (line !== undefined) io.stderr.write(`# ${line}\n`);
    });
    const lines: Observable<string>[] = chosen.map((stream) => {
      const events$ = openStream(rp, stream);
      if (kindOf(stream) === 'book') {
        const states$ = (events$ as Observable<BookEvent>).pipe(orderBook({ depth }));
        return states$.pipe(map((s) => (json ? JSON.stringify(s) : bookLine(s))));
      }
      if (kindOf(stream) === 'trades') return (events$ as Observable<Trade>).pipe(map((t) => (json ? JSON.stringify(t) : tradeLine(t))));
      return (events$ as Observable<Ticker>).pipe(map((t) => (json ? JSON.stringify(t) : tickerLine(t))));
    });
    try {
      await runRecords(merge(...lines), (line) => io.stdout.write(`${line}\n`), io, { limit, durationMs });
    } finally {
      notices.unsubscribe();
    }
  },
};
