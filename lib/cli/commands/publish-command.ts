import { CliUsageError } from '../cli-error';
import type { Command } from '../command';
import { findExchange } from '../exchanges/exchange-registry';
import { openExchanges } from '../open-exchanges';
import { integerOption, natsUrlOption } from '../parse-options';
import { resolveSymbol } from '../resolve-symbol';
import { runRecords } from '../run-records';
import { STREAM_OPTION_DEFINITIONS, streamOptions } from '../stream-options';

/**
 * `rxmarket publish <exchange> <symbol…> --nats URL`: an ingest. Publishes the books, trades and
 * tickers of the symbols (from the embedded simulator, or the real exchange with `--live`) to NATS
 * JetStream, where any number of `--nats` commands, dashboards and `fromNats()` clients read them.
 * Prints one line per ingest event (ready, leader, standby, NATS disconnects, errors). A second
 * `publish` of the same venue and `--group` is a hot standby.
 *
 * @example
 * ```ts
 * await runCli(['publish', 'binance', 'BTC/USDT', 'ETH/USDT', '--nats', 'nats://127.0.0.1:4222', '--duration', '60'], io);
 * ```
 */
export const publishCommand: Command = {
  name: 'publish',
  summary: 'ingest: publish books, trades and tickers of an exchange to NATS JetStream (--nats URL)',
  usage: [
    'rxmarket publish <exchange> <symbol...> --nats <url> [--live] [--depth n] [--group name] [--duration s] [--seed n] [--json]',
    '  --nats <url>      the NATS server(s), comma-separated (required)',
    '  --live            read the real exchange (default: the embedded simulator on 127.0.0.1)',
    '  --depth <n>       book levels kept per side (default: the exchange\'s usual)',
    '  --group <name>    lease shared by hot standbys of the same books (default "default")',
    '  --duration <s>    stop after <s> seconds (default: run until Ctrl-C)',
    '  --seed <n>        seed of the embedded simulator (default 7)',
    '  --json            NDJSON: one JSON object per ingest event',
  ],
  options: { ...STREAM_OPTION_DEFINITIONS, depth: { type: 'string' }, group: { type: 'string' } },
  run: async (args, { io, registry }) => {
    const { values } = args;
    if (typeof values.nats !== 'string') throw new CliUsageError('publish needs --nats <url>, e.g. --nats nats://127.0.0.1:4222');
    const servers = natsUrlOption(values.nats).split(',').map((s) => s.trim());
    const options = { ...streamOptions(args), live: values.live === true, nats: undefined };
    const [exchangeName, ...rawSymbols] = args.positionals;
    if (exchangeName === undefined) throw new CliUsageError(`publish needs an exchange (one of ${registry.map((e) => e.id).join(', ')})`);
    const entry = findExchange(exchangeName, registry);
    const symbols = (rawSymbols.length > 0 ? rawSymbols : entry.demoSymbols).map((s) => resolveSymbol(entry, s, options.live));
    const depth = typeof values.depth === 'string' ? integerOption('--depth', values.depth, 1, 5_000) : undefined;
    const group = typeof values.group === 'string' ? values.group : undefined;
    if (group !== undefined && !/^[A-Za-z0-9_-]+$/.test(group)) throw new CliUsageError(`--group expects letters, digits, "-" or "_", got "${group}"`);
    const opened = await openExchanges([{ entry, symbols }], options);
    try {
      // loaded only now: @nats-io/* are optional peer dependencies
      const { publish } = await import('../../nats/publish');
      const events$ = publish(opened.exchanges[0]!.client, {
        servers,
        name: `rxmarket-publish-${entry.id}`,
        books: symbols,
        trades: symbols,
        tickers: symbols,
        bookOptions: depth === undefined ? undefined : entry.bookOptions(depth),
        group,
      });
      io.stdout.write(`rxmarket publish: ${entry.id} ${symbols.join(', ')} → ${servers.join(', ')} (md.${entry.id}.<book|trade|ticker>.<symbol>)\n`);
      await runRecords(events$, (e) => io.stdout.write(options.json ? `${JSON.stringify(e)}\n` : `rxmarket publish: ${e.type}${'message' in e ? ` ${e.message}` : ''}${'epoch' in e ? ` (ingest ${e.epoch})` : ''}\n`), io, { ...options, limit: undefined });
    } finally {
      await opened.stop();
    }
  },
};
