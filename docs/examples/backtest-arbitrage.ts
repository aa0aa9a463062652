/**
 * A backtest over recordings: two exchanges recorded at the same time, replayed together on one
 * clock (records interleaved by recorded time, as they arrived), through the same pipeline a live
 * bot runs (`venues` → `orderBook` → `arbitrage`), with `arbitrage()`'s clock set to the replay's so
 * `maxAge` ages quotes by recorded time. Prints what the strategy would have seen: opportunities,
 * how long each lasted, the (size-capped) profit after taker fees, and one-minute candles of the
 * trades for context.
 *
 * Record first (both at once, e.g. in two terminals, or against the embedded simulators without --live):
 *
 *   npx rxmarket record binance BTC/USDT --out bn.rxrec.gz --book --trades --duration 600 --live
 *   npx rxmarket record kraken BTC/USD --out kr.rxrec.gz --book --duration 600 --live
 *
 * then compile this file (tsc) and run it with node: `node backtest-arbitrage.js bn.rxrec.gz kr.rxrec.gz`.
 */
import { filter, lastValueFrom, merge, type Observable, toArray } from 'rxjs';
import {
  type ArbitrageOpportunity,
  type ArbitrageSignal,
  arbitrage,
  type Candle,
  candles,
  orderBook,
  replayTogether,
  venues,
} from 'rxmarket';

/** Taker fees (fractions) of the lowest retail tiers; adjust to yours. */
const FEES = { binance: 0.001, kraken: 0.0026 } as const;
/** Which symbols are one asset here: your decision, stated explicitly (USDT counted as USD). */
const SYMBOLS = { binance: 'BTC/USDT', kraken: 'BTC/USD' } as const;

interface Outcome {
  readonly opportunity: ArbitrageOpportunity;
  /** Recorded ms until it was withdrawn (undefined: still open when the recording ended). */
  readonly lastedMs: number | undefined;
}

/** Pairs each opportunity with the moment it was withdrawn or replaced. */
function outcomes(signals: readonly ArbitrageSignal[]): Outcome[] {
  const result: Outcome[] = [];
  let open: ArbitrageOpportunity | undefined;
  for (const signal of signals) {
    if (open) result.push({ opportunity: open, lastedMs: signal.localTimestamp - open.localTimestamp });
    open = signal.type === 'opportunity' ? signal : undefined;
  }
  if (open) result.push({ opportunity: open, lastedMs: undefined });
  return result;
}

async function backtest(binanceFile: string, krakenFile: string): Promise<void> {
  const [bn, kr] = replayTogether([binanceFile, krakenFile], { speed: Infinity });
  if (!bn || !kr) throw new Error('two recordings expected');
  const v = venues([bn, kr]);

  const signals$: Observable<ArbitrageSignal> = v.book(SYMBOLS).pipe(
    orderBook({ depth: 1 }),
    arbitrage({ symbols: SYMBOLS, fees: FEES, minSpreadPct: 0.01, maxAge: 2_000, resets$: v.events$, scheduler: bn.scheduler }),
  );
  const candles$: Observable<Candle> = bn.trades(SYMBOLS.binance).pipe(candles({ interval: 60_000 }));
  // the replayed lifecycle is the live one: how often did the books resync?
  let resyncs = 0;
  const counting = merge(bn.events$, kr.events$)
    .pipe(filter((e) => e.type === 'resync'))
    .subscribe(() => resyncs++);
  const [signals, bars] = await Promise.all([
    lastValueFrom(signals$.pipe(toArray())), // completes when the recordings end
    lastValueFrom(candles$.pipe(toArray())),
  ]);

  const results = outcomes(signals);
  const profit = results.reduce((sum, { opportunity }) => sum + opportunity.profit, 0);
  console.log(`${results.length} opportunities, ${signals.length} signals, profit if every one was taken at its size: ${profit.toFixed(2)} USD`);
  for (const { opportunity: o, lastedMs } of results.slice(0, 20)) {
    const lasted = lastedMs === undefined ? 'open at the end' : `${lastedMs.toFixed(0)} ms`;
    console.log(`${new Date(o.localTimestamp).toISOString()} buy ${o.buyExchange} @ ${o.buyPrice} sell ${o.sellExchange} @ ${o.sellPrice} size ${o.size} net ${o.netSpreadPct.toFixed(4)}% (${lasted})`);
  }
  for (const bar of bars) {
    console.log(`${new Date(bar.start).toISOString()} O ${bar.open} H ${bar.high} L ${bar.low} C ${bar.close} V ${bar.volume.toFixed(4)} (buy ${bar.buyVolume.toFixed(4)} / sell ${bar.sellVolume.toFixed(4)})`);
  }
  counting.unsubscribe();
  console.log(`book resyncs in the recordings: ${resyncs}`);
}

void backtest(process.argv[2] ?? 'bn.rxrec.gz', process.argv[3] ?? 'kr.rxrec.gz').catch((error: unknown) => {
  console.error((error as Error).message);
  process.exitCode = 1;
});
