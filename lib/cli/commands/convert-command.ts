import { convertCryptofeedBinanceText } from '../../replay/convert/cryptofeed-binance-text';
import { convertCryptofeedJsonl } from '../../replay/convert/cryptofeed-jsonl';
import { convertKrakenBookFixture } from '../../replay/convert/kraken-book-fixture';
import type { RecordingBuilder } from '../../replay/convert/recording-builder';
import { describeStream } from '../../replay/replay-subscriptions';
import { CliUsageError } from '../cli-error';
import type { Command } from '../command';
import { integerOption } from '../parse-options';

const FORMATS = ['cryptofeed', 'cryptofeed-binance', 'kraken-book'] as const;

/**
 * `rxmarket convert <format> <input...> --out FILE`: turns a capture made by another tool into a
 * recording `replay` runs (see docs/replay.md): `cryptofeed` (cryptofeed's JSON-lines capture,
 * gzip or plain), `cryptofeed-binance` (cryptofeed's Binance text capture: the ws file, then the
 * REST file), `kraken-book` (a Kraken v2 book fixture `{ init, updates }`).
 *
 * @example
 * ```ts
 * await runCli(['convert', 'cryptofeed-binance', 'binance-spot.ws.txt', 'binance-spot.rest.txt', '--out', 'bn.rxrec.gz'], io);
 * ```
 */
export const convertCommand: Command = {
  name: 'convert',
  summary: 'converts a cryptofeed capture (or a Kraken book fixture) into a recording',
  usage: [
    'rxmarket convert <format> <input...> --out <file>',
    '  cryptofeed <capture.jsonl[.gz]>                 cryptofeed JSON-lines capture (header/http/connect/send/recv records)',
    '  cryptofeed-binance <ws.txt> [rest.txt]          cryptofeed Binance spot text capture (+ its REST depth snapshots)',
    '  kraken-book <fixture.json>                      Kraken v2 book fixture { init, updates } (python-kraken-sdk)',
    '  --out <file>      the recording to write (gzip JSON lines)',
    '  --symbol <NATIVE=BASE/QUOTE>   cryptofeed-binance: a symbol that cannot be split at a known quote (repeatable)',
    '  --depth <n> --price-precision <n> --qty-precision <n>   kraken-book: subscription depth (10) and the pair precisions (1, 8)',
  ],
  options: {
    out: { type: 'string' },
    symbol: { type: 'string', multiple: true },
    depth: { type: 'string' },
    'price-precision': { type: 'string' },
    'qty-precision': { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  },
  run: async (args, { io }) => {
    const { values } = args;
    const [format, ...inputs] = args.positionals;
    if (!FORMATS.includes(format as (typeof FORMATS)[number])) throw new CliUsageError(`convert needs a format: one of ${FORMATS.join(', ')}`);
    if (inputs.length === 0) throw new CliUsageError(`convert ${format} needs an input file`);
    if (typeof values.out !== 'string' || values.out === '') throw new CliUsageError('convert needs --out <file>');
    let builder: RecordingBuilder;
    if (format === 'cryptofeed') {
      builder = convertCryptofeedJsonl(inputs[0]!);
    } else if (format === 'cryptofeed-binance') {
      const symbols: Record<string, string> = {};
      for (const pair of (values.symbol as string[] | undefined) ?? []) {
        const [native, unified] = pair.split('=');
        if (!native || !unified?.includes('/')) throw new CliUsageError(`--symbol expects NATIVE=BASE/QUOTE, got "${pair}"`);
        symbols[native.toUpperCase()] = unified.toUpperCase();
      }
      builder = convertCryptofeedBinanceText({ ws: inputs[0]!, ...(inputs[1] ? { rest: inputs[1] } : {}), symbols });
    } else {
      builder = convertKrakenBookFixture({
        file: inputs[0]!,
        depth: typeof values.depth === 'string' ? integerOption('--depth', values.depth, 1, 1000) : 10,
        pricePrecision: typeof values['price-precision'] === 'string' ? integerOption('--price-precision', values['price-precision'], 0, 18) : 1,
        qtyPrecision: typeof values['qty-precision'] === 'string' ? integerOption('--qty-precision', values['qty-precision'], 0, 18) : 8,
      });
    }
    const records = builder.write(values.out);
    const streams = builder.sorted().filter((r) => r.type === 'subscribe').map((r) => describeStream(r as Parameters<typeof describeStream>[0]));
    io.stdout.write(`wrote ${values.out}: ${builder.header().exchange}, ${records} records, streams ${streams.join(', ') || 'none'}\n`);
  },
};
