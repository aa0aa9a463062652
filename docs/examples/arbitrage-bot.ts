/**
 * A cross-exchange arbitrage watcher: one asset from Binance, Coinbase and Kraken, verified order
 * books → `arbitrage()`, feed latency with `latency()`, and a deliberately slow (simulated) order
 * placement behind a bounded buffer that reports what it had to drop.
 *
 * Compile it (tsc) and run it with node, or use any TypeScript runner:
 *
 *   node arbitrage-bot.js                       # against the embedded simulators (default)
 *   node arbitrage-bot.js --live --duration 60  # against the real exchanges; orders stay simulated
 *
 * Options: --base BTC (asset; quoted in USDT on Binance, USD elsewhere), --duration 20 (seconds,
 * 0 = until Ctrl-C), --min-spread-pct 0.05, --order-ms 300 (simulated order round trip),
 * --buffer 2 (opportunities allowed to wait for the order desk), --seed 1 (simulators).
 *
 * Exits cleanly after --duration or on Ctrl-C (a second Ctrl-C forces it): the streams complete,
 * the waiting orders drain, the sockets close, the simulators stop.
 */
import { parseArgs } from 'node:util';
import { filter, map, merge, type Observable, share, Subject, type Subscription, takeUntil, tap, timer } from 'rxjs';
import {
  arbitrage,
  type ArbitrageOpportunity,
  type ArbitrageSignal,
  binance,
  coinbase,
  consumeWithBuffer,
  type ExchangeClient,
  type ExchangeEvent,
  type ExchangeId,
  hiResScheduler,
  isOpportunity,
  kraken,
  latency,
  type LatencyStats,
  orderBook,
  venues,
} from 'rxmarket';
import { BinanceSimulator, CoinbaseSimulator, KrakenSimulator, marketSpecFor } from 'rxmarket/testing';

/** Taker fees (fractions) of the lowest retail tiers; adjust to yours. */
/** The venues this bot compares. */
type Venue = Extract<ExchangeId, 'binance' | 'coinbase' | 'kraken'>;

const FEES: Readonly<Record<Venue, number>> = { binance: 0.001, coinbase: 0.006, kraken: 0.0026 };

/** In simulator mode Kraken is quoted this much above the others, so the demo has a gap to find. */
const SIMULATED_KRAKEN_PREMIUM = 0.008;

interface BotOptions {
  readonly live: boolean;
  readonly base: string;
  readonly durationMs: number;
  readonly minSpreadPct: number;
  readonly orderMs: number;
  readonly bufferSize: number;
  readonly seed: number;
}

function parseOptions(argv: readonly string[]): BotOptions {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      live: { type: 'boolean', default: false },
      base: { type: 'string', default: 'BTC' },
      duration: { type: 'string', default: '20' },
      'min-spread-pct': { type: 'string', default: '0.05' },
      'order-ms': { type: 'string', default: '300' },
      buffer: { type: 'string', default: '2' },
      seed: { type: 'string', default: '1' },
    },
  });
  const number = (name: string, raw: string, min: number): number => {
    const value = Number(raw);
    if (!Number.isFinite(value) || value < min) throw new RangeError(`--${name} must be a number ≥ ${min}, got "${raw}"`);
    return value;
  };
  return {
    live: values.live,
    base: values.base.toUpperCase(),
    durationMs: number('duration', values.duration, 0) * 1000,
    minSpreadPct: number('min-spread-pct', values['min-spread-pct'], 0),
    orderMs: number('order-ms', values['order-ms'], 0),
    bufferSize: Math.floor(number('buffer', values.buffer, 1)),
    seed: Math.floor(number('seed', values.seed, 0)),
  };
}

interface OpenedVenues {
  readonly clients: ExchangeClient[];
  /** Simulators only: a sequence gap on Binance, to show a venue dropping out and coming back. */
  readonly injectGap?: () => void;
  stop(): Promise<void>;
}

/** Clients for the three exchanges: live endpoints, or freshly started local simulators. */
async function openVenues(options: BotOptions, mapping: Readonly<Record<Venue, string>>): Promise<OpenedVenues> {
  if (options.live) {
    return { clients: [binance(), coinbase(), kraken()], stop: async (): Promise<void> => undefined };
  }
  const common = { seed: options.seed, bookLevels: 200 } as const;
  const krakenPrice = marketSpecFor(mapping.kraken).initialPrice * (1 + SIMULATED_KRAKEN_PREMIUM);
  const [bn, cb, kr] = await Promise.all([
    BinanceSimulator.start({ ...common, symbols: [mapping.binance] }),
    CoinbaseSimulator.start({ ...common, seed: options.seed + 1, symbols: [mapping.coinbase] }),
    KrakenSimulator.start({ ...common, seed: options.seed + 2, symbols: [mapping.kraken], markets: { [mapping.kraken]: { initialPrice: krakenPrice } } }),
  ]);
  const reconnect = { delay: 100, maxDelay: 1_000 };
  return {
    clients: [binance({ wsUrl: bn.wsUrl, restUrl: bn.restUrl, reconnect }), coinbase({ wsUrl: cb.wsUrl, restUrl: cb.restUrl, reconnect }), kraken({ wsUrl: kr.wsUrl, reconnect })],
    injectGap: (): void => bn.skipDepthEvent(mapping.binance),
    stop: async (): Promise<void> => {
      await Promise.all([bn.stop(), cb.stop(), kr.stop()]);
    },
  };
}

/** A stand-in for sending both legs to the exchanges: takes `orderMs`, then reports. */
function placeOrders(opportunity: ArbitrageOpportunity, index: number, orderMs: number): Observable<string> {
  return timer(orderMs).pipe(
    map(
      () =>
        `ORDER  #${index + 1} (simulated): buy ${opportunity.size} on ${opportunity.buyExchange} @${opportunity.buyPrice}, ` +
        `sell on ${opportunity.sellExchange} @${opportunity.sellPrice}, expected ${signed(opportunity.profit)}`,
    ),
  );
}

function signed(value: number, digits = 2): string {
  return `${value >= 0 ? '+' : ''}${value.toFixed(digits)}`;
}

function signalLine(signal: ArbitrageSignal): string {
  if (signal.type === 'closed') return `CLOSED ${signal.symbol} (${signal.reason})`;
  return (
    `OPEN   buy ${signal.buyExchange} ${signal.buySymbol} @${signal.buyPrice}  sell ${signal.sellExchange} ${signal.sellSymbol} @${signal.sellPrice}` +
    `  size ${signal.size}  spread ${signal.spread.toFixed(2)} (${signal.spreadPct.toFixed(3)} %)` +
    `  net ${signed(signal.netSpreadPct, 3)} %  profit ${signed(signal.profit)}`
  );
}

function latencyLine(s: LatencyStats): string {
  if (s.count === 0) return `LATENCY ${s.exchange}: no book updates in the last ${s.window / 1000} s`;
  const ms = (x: number): string => `${x.toFixed(1)}ms`;
  return `LATENCY ${s.exchange}: n=${s.count} p50=${ms(s.p50)} p99=${ms(s.p99)} max=${ms(s.max)}  overhead p99=${ms(s.processing.p99)}`;
}

function eventLine(e: ExchangeEvent): string | undefined {
  switch (e.type) {
    case 'resync':
      return `EVENT  ${e.exchange} ${e.symbol} resync (${e.reason})`;
    case 'reconnect':
      return `EVENT  ${e.exchange} reconnecting (attempt ${e.attempt}, in ${Math.round(e.delay)} ms)`;
    case 'error':
      return `EVENT  ${e.exchange} ${e.kind} error: ${e.message}`;
    default:
      return undefined;
  }
}

async function main(argv: readonly string[]): Promise<void> {
  const options = parseOptions(argv);
  // USDT on Binance vs USD on Coinbase and Kraken: treating them as one asset is OUR decision.
  const mapping: Readonly<Record<Venue, string>> = {
    binance: `${options.base}/USDT`,
    coinbase: `${options.base}/USD`,
    kraken: `${options.base}/USD`,
  };
  const opened = await openVenues(options, mapping);
  const v = venues(opened.clients);
  const stop$ = new Subject<void>();
  const subscriptions: Subscription[] = [];
  let opportunities = 0;
  let ordersPlaced = 0;
  let dropped = 0;

  console.log(
    `# ${options.live ? 'LIVE' : `simulators (Kraken quoted ${SIMULATED_KRAKEN_PREMIUM * 100} % high)`}: ` +
      `${Object.entries(mapping).map(([exchange, symbol]) => `${symbol}@${exchange}`).join(' = ')}, fees ${JSON.stringify(FEES)}, ` +
      `min net spread ${options.minSpreadPct} %, orders take ${options.orderMs} ms, ${options.bufferSize} may wait`,
  );

  // One subscription per book; everything below shares it and completes when stop$ fires.
  const books$ = v.book(mapping).pipe(takeUntil(stop$), share());

  const signals$ = books$.pipe(
    orderBook({ depth: 1 }),
    arbitrage({ symbols: mapping, fees: FEES, minSpreadPct: options.minSpreadPct, maxAge: 2_000, resets$: v.events$, scheduler: hiResScheduler }),
    tap((signal) => {
      if (isOpportunity(signal)) opportunities++;
      console.log(signalLine(signal));
    }),
  );

  const orders$ = signals$.pipe(
    filter(isOpportunity),
    consumeWithBuffer((o, index) => placeOrders(o, index, options.orderMs), {
      bufferSize: options.bufferSize,
      strategy: 'drop_oldest', // a newer price beats an older one
      onDrop: (_o, total) => (dropped = total),
    }),
    tap((line) => {
      ordersPlaced++;
      console.log(`${line}  (dropped so far: ${dropped})`);
    }),
  );

  const latency$ = books$.pipe(
    latency({ window: 10_000, interval: 5_000, scheduler: hiResScheduler }),
    tap((stats) => console.log(latencyLine(stats))),
  );

  subscriptions.push(
    v.events$.subscribe((e) => {
      const line = eventLine(e);
      if (line) console.log(line);
    }),
  );

  const done = new Promise<void>((resolve, reject) => {
    subscriptions.push(merge(latency$, orders$).subscribe({ error: reject, complete: resolve }));
  });

  const forceExit = (): never => process.exit(130);
  const onSigint = (): void => {
    console.log('# Ctrl-C: stopping (press again to force)');
    process.once('SIGINT', forceExit);
    stop$.next();
  };
  process.once('SIGINT', onSigint);
  if (options.durationMs > 0) subscriptions.push(timer(options.durationMs).subscribe(() => stop$.next()));
  const { injectGap } = opened;
  if (injectGap && options.durationMs > 0) subscriptions.push(timer(options.durationMs / 2).subscribe(injectGap));

  try {
    await done;
  } finally {
    process.removeListener('SIGINT', onSigint).removeListener('SIGINT', forceExit);
    subscriptions.forEach((s) => s.unsubscribe());
    await opened.stop();
  }
  console.log(`# done: ${opportunities} opportunities, ${ordersPlaced} orders placed, ${dropped} dropped by the bounded buffer`);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
