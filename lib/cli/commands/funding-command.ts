import { merge } from 'rxjs';
import type { DerivativeTicker } from '../../model/derivative-ticker';
import { isDerivativeSymbol } from '../../model/symbol';
import { CliUsageError } from '../cli-error';
import type { Command } from '../command';
import { printNotices } from '../exchange-notices';
import { findExchange } from '../exchanges/exchange-registry';
import { derivativeLine } from '../format/derivative-line';
import { failIfUnreachable } from '../live-guard';
import { openExchanges } from '../open-exchanges';
import { resolveSymbol } from '../resolve-symbol';
import { runRecords } from '../run-records';
import { STREAM_OPTION_DEFINITIONS, STREAM_OPTION_HELP, streamOptions } from '../stream-options';

/**
 * `rxmarket funding <exchange> [symbol...]`: derivative tickers of perpetuals (mark and index price,
 * funding rate and next funding time, open interest, last price), one line (or one NDJSON
 * `DerivativeTicker`) per update. Without symbols, the exchange's first perpetual; an exchange without
 * perpetuals, or a spot symbol, is a usage error.
 *
 * @example
 * ```ts
 * await runCli(['funding', 'binanceFutures', 'BTC/USDT:USDT', '--json', '--limit', '3'], io);
 * ```
 */
export const fundingCommand: Command = {
  name: 'funding',
  summary: 'perpetuals: mark/index price, funding rate and next funding, open interest',
  usage: ['rxmarket funding <exchange> [symbol...]   (default symbol: the exchange\'s BTC perpetual, e.g. BTC/USDT:USDT)', ...STREAM_OPTION_HELP],
  options: STREAM_OPTION_DEFINITIONS,
  run: async (args, { io, registry }) => {
    const options = streamOptions(args);
    const withPerpetuals = registry.filter((e) => e.demoSymbols.some(isDerivativeSymbol)).map((e) => e.id);
    const [exchangeName, ...rawSymbols] = args.positionals;
    if (exchangeName === undefined) throw new CliUsageError(`funding needs an exchange with perpetuals (one of ${withPerpetuals.join(', ')})`);
    const entry = findExchange(exchangeName, registry);
    const fallback = entry.demoSymbols.find(isDerivativeSymbol);
    if (rawSymbols.length === 0 && fallback === undefined) {
      throw new CliUsageError(`${entry.id} has no perpetuals: funding needs one of ${withPerpetuals.join(', ')}`);
    }
    const symbols = (rawSymbols.length > 0 ? rawSymbols : [fallback!]).map((s) => resolveSymbol(entry, s, options.live));
    const spot = symbols.find((s) => !isDerivativeSymbol(s));
    if (spot !== undefined) throw new CliUsageError(`funding needs a perpetual symbol BASE/QUOTE:SETTLE (e.g. BTC/USDT:USDT), got spot "${spot}"`);
    const opened = await openExchanges([{ entry, symbols }], options);
    const notices = printNotices(opened.exchanges, io);
    try {
      const client = opened.exchanges[0]!.client;
      const records$ = merge(...symbols.map((symbol) => client.derivativeTicker(symbol))).pipe(failIfUnreachable(opened.exchanges));
      const write = options.json ? (d: DerivativeTicker) => io.stdout.write(`${JSON.stringify(d)}\n`) : (d: DerivativeTicker) => io.stdout.write(`${derivativeLine(d)}\n`);
      await runRecords(records$, write, io, options);
    } finally {
      notices.unsubscribe();
      await opened.stop();
    }
  },
};
