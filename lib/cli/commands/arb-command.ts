import { map, Observable, type Subscription, timer } from 'rxjs';
import type { ExchangeId } from '../../model/exchange-id';
import { parseSymbol } from '../../model/symbol';
import type { ArbitrageSignal } from '../../operators/arbitrage-signal';
import { arbitrage } from '../../operators/arbitrage';
import { orderBook } from '../../operators/order-book';
import { venues } from '../../operators/venues';
import { CliUsageError } from '../cli-error';
import { toBaseUnitsWhere } from '../dashboard/base-unit-sizes';
import type { Command } from '../command';
import { printNotices } from '../exchange-notices';
import type { ExchangeEntry } from '../exchanges/exchange-entry';
import { findExchange } from '../exchanges/exchange-registry';
import { arbitrageRecord } from '../format/arbitrage-record';
import { arbitrageLine } from '../format/event-lines';
import { failIfUnreachable } from '../live-guard';
import { openExchanges } from '../open-exchanges';
import { numberOption } from '../parse-options';
import { resolveSymbol } from '../resolve-symbol';
import { runRecords } from '../run-records';
import { STREAM_OPTION_DEFINITIONS, STREAM_OPTION_HELP, streamOptions } from '../stream-options';

/** How long `arb` stays silent before it says that nothing was found. */
const QUIET_NOTICE_MS = 10_000;

/**
 * Mirrors `signals$`, and calls `notice` after every `quietMs` without a signal (so a user watching
 * `arb` knows it is alive and found nothing, rather than staring at a blank screen).
 *
 * @example
 * ```ts
 * withQuietNotices(signals$, 10_000, () => io.stderr.write('# nothing yet\n'));
 * ```
 */
export function withQuietNotices<T>(signals$: Observable<T>, quietMs: number, notice: () => void): Observable<T> {
  return new Observable<T>((subscriber) => {
    let quiet: Subscription | undefined;
    const restart = (): void => {
      quiet?.unsubscribe();
      quiet = timer(quietMs, quietMs).subscribe(() => notice());
    };
    restart();
    const subscription = signals$.subscribe({
      next: (value) => {
        restart();
        subscriber.next(value);
      },
      error: (error: unknown) => subscriber.error(error),
      complete: () => subscriber.complete(),
    });
    return () => {
      quiet?.unsubscribe();
      subscription.unsubscribe();
    };
  });
}

/**
 * Parses `binance=0.001` fee arguments into a fee map (fractions in [0, 1)).
 *
 * @example
 * ```ts
 * parseFees(['binance=0.001', 'kraken=0.0026'], EXCHANGES); // { binance: 0.001, kraken: 0.0026 }
 * ```
 */
export function parseFees(raw: readonly string[], registry: readonly ExchangeEntry[]): Partial<Record<ExchangeId, number>> {
  const fees: Partial<Record<ExchangeId, number>> = {};
  for (const item of raw) {
    const [name, value, ...rest] = item.split('=');
    if (name === undefined || value === undefined || rest.length > 0) throw new CliUsageError(`--fee expects <exchange>=<fraction>, e.g. binance=0.001, got "${item}"`);
    const fee = numberOption('--fee', value);
    if (!(fee >= 0 && fee < 1)) throw new CliUsageError(`--fee for ${name} must be a fraction in [0, 1), e.g. 0.001 for 0.1 %, got "${value}"`);
    fees[findExchange(name, registry).id] = fee;
  }
  return fees;
}

/**
 * `rxmarket arb <exchange:SYMBOL> <exchange:SYMBOL>...`: cross-exchange arbitrage signals from the
 * verified books (`orderBook()` → `arbitrage()`), with an explicit mapping of which symbols count
 * as the same asset (e.g. `binance:BTC/USDT coinbase:BTC/USD` treats USDT as USD — your call).
 *
 * @example
 * ```ts
 * await runCli(['arb', 'binance:BTC/USDT', 'kraken:BTC/USD', '--fee', 'binance=0.001', '--json', '--duration', '10'], io);
 * ```
 */
export const arbCommand: Command = {
  name: 'arb',
  summary: 'cross-exchange arbitrage between explicitly mapped symbols (OPEN/CLOSED signals)',
  usage: [
    'rxmarket arb <exchange:SYMBOL> <exchange:SYMBOL>... [--fee exchange=fraction]... [--min-spread-pct x]',
    '  e.g. rxmarket arb binance:BTC/USDT coinbase:BTC/USD kraken:BTC/USD --fee binance=0.001',
    '  The listed symbols are compared as one asset: mapping USDT to USD is your explicit decision.',
    '  --fee <ex=f>      taker fee of an exchange as a fraction (repeatable; default 0)',
    '  --min-spread-pct  minimum net spread in percent (default 0)',
    ...STREAM_OPTION_HELP,
  ],
  options: { ...STREAM_OPTION_DEFINITIONS, fee: { type: 'string', multiple: true }, 'min-spread-pct': { type: 'string' } },
  run: async (args, { io, registry }) => {
    const options = streamOptions(args);
    if (args.positionals.length < 2) {
      throw new CliUsageError('arb needs at least two <exchange:SYMBOL> legs, e.g. rxmarket arb binance:BTC/USDT coinbase:BTC/USD');
    }
    const legs = args.positionals.map((leg) => {
      const colon = leg.indexOf(':');
      if (colon < 1) throw new CliUsageError(`arb leg "${leg}" must be <exchange:SYMBOL>, e.g. binance:BTC/USDT`);
      const entry = findExchange(leg.slice(0, colon), registry);
      return { entry, symbols: [resolveSymbol(entry, leg.slice(colon + 1), options.live)] };
    });
    const bases = [...new Set(legs.map((l) => parseSymbol(l.symbols[0]!).base))];
    if (bases.length > 1) {
      throw new CliUsageError(`arb compares one asset across exchanges; the legs have different base assets (${bases.join(', ')})`);
    }
    const ids = legs.map((l) => l.entry.id);
    const duplicate = ids.find((id, i) => ids.indexOf(id) !== i);
    if (duplicate) throw new CliUsageError(`arb compares one symbol per exchange; ${duplicate} is listed twice`);
    const fees = parseFees((args.values.fee as string[] | undefined) ?? [], registry);
    const rawMin = args.values['min-spread-pct'];
    const minSpreadPct = typeof rawMin === 'string' ? numberOption('--min-spread-pct', rawMin) : 0;

    const opened = await openExchanges(legs, options);
    const notices = printNotices(opened.exchanges, io);
    try {
      const group = venues(opened.exchanges.map((e) => e.client));
      const mapping: Partial<Record<ExchangeId, string>> = {};
      for (const leg of legs) mapping[leg.entry.id] = leg.symbols[0]!;
      const signals$ = group.book(mapping).pipe(
        orderBook({ depth: 1 }),
        map(toBaseUnitsWhere((s) => legs.some((l) => l.entry.id === s.exchange && l.entry.quoteSizedSymbol?.(s.symbol) === true))),
        arbitrage({ symbols: mapping, fees, minSpreadPct, resets$: group.events$ }),
        failIfUnreachable(opened.exchanges),
      );
      const feeList = Object.values(fees);
      const write = options.json
        ? (s: ArbitrageSignal) => io.stdout.write(`${JSON.stringify(arbitrageRecord(s, feeList))}\n`)
        : (s: ArbitrageSignal) => io.stdout.write(`${arbitrageLine(s)}\n`);
      if (!options.json) {
        io.stderr.write(`# comparing ${legs.map((l) => `${l.symbols[0]}@${l.entry.id}`).join(' = ')} (explicit mapping), fees ${JSON.stringify(fees)}\n`);
      }
      const quiet = (): void => {
        io.stderr.write(`# no opportunity in the last ${QUIET_NOTICE_MS / 1000} s (net of fees, above ${minSpreadPct} %); still watching\n`);
      };
      await runRecords(withQuietNotices(signals$, QUIET_NOTICE_MS, quiet), write, io, options);
    } finally {
      notices.unsubscribe();
      await opened.stop();
    }
  },
};
