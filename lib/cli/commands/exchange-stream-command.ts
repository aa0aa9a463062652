import type { Observable } from 'rxjs';
import type { ExchangeClient } from '../../model/client';
import { CliUsageError } from '../cli-error';
import type { Command } from '../command';
import { printNotices } from '../exchange-notices';
import { findExchange } from '../exchanges/exchange-registry';
import { failIfUnreachable } from '../live-guard';
import { openExchanges } from '../open-exchanges';
import { resolveSymbol } from '../resolve-symbol';
import { runRecords } from '../run-records';
import { STREAM_OPTION_DEFINITIONS, STREAM_OPTION_HELP, streamOptions } from '../stream-options';

/**
 * What differs between the `<exchange> [symbol...]` commands (`ticker`, `trades`).
 *
 * @example
 * ```ts
 * const spec: ExchangeStreamSpec<Trade> = { name: 'trades', summary: 'public trades', open: (c, s) => c.trades(s), line: tradeLine };
 * ```
 */
export interface ExchangeStreamSpec<T> {
  readonly name: string;
  readonly summary: string;
  open(client: ExchangeClient, symbols: readonly string[]): Observable<T>;
  line(record: T): string;
}

/**
 * A command `rxmarket <name> <exchange> [symbol...]` that prints one line (or one NDJSON object)
 * per record. Without symbols, the exchange's first demo symbol is used.
 *
 * @example
 * ```ts
 * const trades = exchangeStreamCommand({ name: 'trades', summary: 'public trades', open: (c, s) => c.trades(s), line: tradeLine });
 * ```
 */
export function exchangeStreamCommand<T>(spec: ExchangeStreamSpec<T>): Command {
  return {
    name: spec.name,
    summary: spec.summary,
    usage: [`rxmarket ${spec.name} <exchange> [symbol...]   (default symbol: the exchange's BTC pair)`, ...STREAM_OPTION_HELP],
    options: STREAM_OPTION_DEFINITIONS,
    run: async (args, { io, registry }) => {
      const options = streamOptions(args);
      const [exchangeName, ...rawSymbols] = args.positionals;
      if (exchangeName === undefined) throw new CliUsageError(`${spec.name} needs an exchange (one of ${registry.map((e) => e.id).join(', ')})`);
      const entry = findExchange(exchangeName, registry);
      const symbols = (rawSymbols.length > 0 ? rawSymbols : entry.demoSymbols.slice(0, 1)).map((s) => resolveSymbol(entry, s, options.live));
      const opened = await openExchanges([{ entry, symbols }], options);
      const notices = printNotices(opened.exchanges, io);
      try {
        const records$ = spec.open(opened.exchanges[0]!.client, symbols).pipe(failIfUnreachable(opened.exchanges));
        const write = options.json ? (r: T) => io.stdout.write(`${JSON.stringify(r)}\n`) : (r: T) => io.stdout.write(`${spec.line(r)}\n`);
        await runRecords(records$, write, io, options);
      } finally {
        notices.unsubscribe();
        await opened.stop();
      }
    },
  };
}
