import { share, type Subscription } from 'rxjs';
import { binance } from '../../lib/exchanges/binance/binance';
import { coinbase } from '../../lib/exchanges/coinbase/coinbase';
import { kraken } from '../../lib/exchanges/kraken/kraken';
import type { ExchangeEvent } from '../../lib/model/exchange-event';
import type { ExchangeId } from '../../lib/model/exchange-id';
import type { OrderBookState } from '../../lib/model/order-book-state';
import { arbitrage, type ArbitrageOptions } from '../../lib/operators/arbitrage';
import type { ArbitrageOpportunity, ArbitrageSignal } from '../../lib/operators/arbitrage-signal';
import { orderBook } from '../../lib/operators/order-book';
import { venues, type Venues } from '../../lib/operators/venues';
import { hiResScheduler } from '../../lib/socket/hi-res-scheduler';
import { BinanceSimulator } from '../../lib/testing/binance/binance-simulator';
import { CoinbaseSimulator } from '../../lib/testing/coinbase/coinbase-simulator';
import type { TopOfBook } from '../../lib/testing/harness/simulated-market';
import { KrakenSimulator } from '../../lib/testing/kraken/kraken-simulator';
import { waitFor } from '../helpers/wait-for';

/**
 * USDT on Binance is compared with USD on Coinbase and Kraken: an explicit decision, stated here
 * and passed to `venues().book()` and `arbitrage({ symbols })`. Nothing equates them implicitly.
 */
type Venue = 'binance' | 'coinbase' | 'kraken';
const MAPPING = { binance: 'BTC/USDT', coinbase: 'BTC/USD', kraken: 'BTC/USD' } as const satisfies Record<Venue, string>;

/**
 * The injected dislocation: the simulators start (paused) around different prices, so the books'
 * best bid is the start price and the best ask one tick above. Roughly: Binance 60 000.00/60 000.01,
 * Coinbase 60 100.0/60 100.1, Kraken 60 600.0/60 600.1. Exact figures are always read from the
 * simulators' ground truth, never from these constants.
 */
const START_PRICES = { binance: 60_000, coinbase: 60_100, kraken: 60_600 } as const;

/** Taker fees. With them: Binance→Kraken nets ≈ +0.64 %, Coinbase→Kraken ≈ +0.27 %, anything → Binance/Coinbase < 0. */
const FEES = { binance: 0.001, coinbase: 0.003, kraken: 0.0026 } as const;

const SEED = 11;
const LEVELS = 50;

interface Simulators {
  readonly binance: BinanceSimulator;
  readonly coinbase: CoinbaseSimulator;
  readonly kraken: KrakenSimulator;
}

/** Best bid/ask with sizes of one venue, from its simulator's ground truth. */
function truthTop(sims: Simulators, exchange: Venue): TopOfBook {
  return sims[exchange].market(MAPPING[exchange]).top();
}

/**
 * The opportunity `arbitrage()` must report for buying on `buy` and selling on `sell`, computed
 * from the ground truth with the operator's documented formulas (same arithmetic, so exact).
 */
function expectedOpportunity(sims: Simulators, buy: Venue, sell: Venue): ArbitrageOpportunity {
  const buyTop = truthTop(sims, buy);
  const sellTop = truthTop(sims, sell);
  const buyPrice = buyTop.ask;
  const sellPrice = sellTop.bid;
  const size = Math.min(buyTop.askSize, sellTop.bidSize);
  const netSpread = sellPrice * (1 - FEES[sell]) - buyPrice * (1 + FEES[buy]);
  const buySymbol = MAPPING[buy];
  const sellSymbol = MAPPING[sell];
  return {
    type: 'opportunity',
    buyExchange: buy,
    sellExchange: sell,
    symbol: buySymbol === sellSymbol ? buySymbol : `${buySymbol}~${sellSymbol}`,
    buySymbol,
    sellSymbol,
    buyPrice,
    sellPrice,
    size,
    spread: sellPrice - buyPrice,
    spreadPct: ((sellPrice - buyPrice) / buyPrice) * 100,
    netSpread,
    netSpreadPct: (netSpread / buyPrice) * 100,
    profit: size * netSpread,
    timestamp: expect.any(Number) as number, // exchange event time: not part of the ground truth
    localTimestamp: expect.any(Number) as number,
  };
}

describe('arbitrage() across the Binance, Coinbase and Kraken simulators', () => {
  let sims: Simulators;
  let v: Venues;
  let events: ExchangeEvent[];
  const subscriptions: Subscription[] = [];

  beforeEach(async () => {
    const common = { seed: SEED, bookLevels: LEVELS, autoStart: false } as const;
    const [bn, cb, kr] = await Promise.all([
      BinanceSimulator.start({ ...common, symbols: [MAPPING.binance], markets: { [MAPPING.binance]: { initialPrice: START_PRICES.binance } } }),
      CoinbaseSimulator.start({ ...common, symbols: [MAPPING.coinbase], markets: { [MAPPING.coinbase]: { initialPrice: START_PRICES.coinbase } } }),
      KrakenSimulator.start({ ...common, symbols: [MAPPING.kraken], markets: { [MAPPING.kraken]: { initialPrice: START_PRICES.kraken } } }),
    ]);
    sims = { binance: bn, coinbase: cb, kraken: kr };
    const client = { pingInterval: 1_000, pingTimeout: 1_000, reconnect: { delay: 20, maxDelay: 200 } } as const;
    v = venues([
      binance({ ...client, wsUrl: bn.wsUrl, restUrl: bn.restUrl }),
      coinbase({ ...client, wsUrl: cb.wsUrl, restUrl: cb.restUrl }),
      kraken({ ...client, wsUrl: kr.wsUrl }),
    ]);
    events = [];
    subscriptions.push(v.events$.subscribe((e) => events.push(e)));
  });

  afterEach(async () => {
    subscriptions.splice(0).forEach((s) => s.unsubscribe());
    await Promise.all([sims.binance.stop(), sims.coinbase.stop(), sims.kraken.stop()]);
  });

  /**
   * Subscribes one `arbitrage()` pipeline per entry of `pipelines` to ONE shared stream of
   * top-of-book states of the three venues, then a probe keeping each venue's latest state. The
   * probe subscribes last, so once it has seen a state every pipeline has processed that state.
   */
  function run<K extends string>(pipelines: Record<K, ArbitrageOptions>): { signals: Record<K, ArbitrageSignal[]>; latest: Map<ExchangeId, OrderBookState> } {
    const quotes$ = v.book(MAPPING).pipe(orderBook({ depth: 1 }), share());
    const signals = {} as Record<K, ArbitrageSignal[]>;
    for (const name of Object.keys(pipelines) as K[]) {
      const received: ArbitrageSignal[] = (signals[name] = []);
      subscriptions.push(quotes$.pipe(arbitrage({ scheduler: hiResScheduler, ...pipelines[name] })).subscribe({ next: (s) => received.push(s), error: (e: unknown) => fail(e) }));
    }
    const latest = new Map<ExchangeId, OrderBookState>();
    subscriptions.push(quotes$.subscribe((q) => latest.set(q.exchange, q)));
    return { signals, latest };
  }

  /** Waits until every venue's client-side top of book equals its simulator's ground truth. */
  async function untilBooksEqualTruth(latest: Map<ExchangeId, OrderBookState>, what: string): Promise<void> {
    const matches = (exchange: Venue): boolean => {
      const state = latest.get(exchange);
      const truth = sims[exchange].truth(MAPPING[exchange], 1);
      return state !== undefined && JSON.stringify([state.bids, state.asks]) === JSON.stringify([truth.bids, truth.asks]);
    };
    await waitFor(() => matches('binance') && matches('coinbase') && matches('kraken'), `every venue's top of book to equal the truth ${what}`);
  }

  const resyncsOf = (exchange: ExchangeId) => events.filter((e): e is Extract<ExchangeEvent, { type: 'resync' }> => e.type === 'resync' && e.exchange === exchange);

  it('signals exactly the injected dislocation: buy the cheapest ask, sell the best bid, size and profit from the truth', async () => {
    const expected = expectedOpportunity(sims, 'binance', 'kraken');
    // The dislocation is what we injected: Kraken's bid is ~1 % above Binance's ask, and fees do not eat it.
    expect(expected.buyPrice).toBeGreaterThan(START_PRICES.binance);
    expect(expected.sellPrice).toBe(START_PRICES.kraken);
    expect(expected.spreadPct).toBeCloseTo(1, 0);
    expect(expected.profit).toBeGreaterThan(0);
    expect(expected.netSpread).toBeLessThan(expected.spread);

    // minSpreadPct 0.5 leaves only Binance→Kraken (≈0.64 %; Coinbase→Kraken nets ≈0.27 %), so the
    // order in which the three books arrive cannot produce another signal first.
    const { signals, latest } = run({ mapped: { symbols: MAPPING, fees: FEES, minSpreadPct: 0.5, maxAge: Infinity } });
    await untilBooksEqualTruth(latest, 'initially');

    expect(signals.mapped).toEqual([expected]);
    const [opportunity] = signals.mapped as [ArbitrageOpportunity];
    expect(opportunity.symbol).toBe('BTC/USDT~BTC/USD');
    expect(opportunity.size).toBe(Math.min(truthTop(sims, 'binance').askSize, truthTop(sims, 'kraken').bidSize));
    expect(opportunity.timestamp).toBe(Math.max(latest.get('binance')!.timestamp, latest.get('kraken')!.timestamp));
  });

  it('emits nothing unless the net spread is strictly above minSpread, and never compares USDT with USD unasked', async () => {
    const best = expectedOpportunity(sims, 'binance', 'kraken');
    const { signals, latest } = run({
      justBelow: { symbols: MAPPING, fees: FEES, maxAge: Infinity, minSpread: best.netSpread - 0.01 },
      equal: { symbols: MAPPING, fees: FEES, maxAge: Infinity, minSpread: best.netSpread },
      above: { symbols: MAPPING, fees: FEES, maxAge: Infinity, minSpread: best.netSpread + 0.01 },
      // No mapping: only identical symbols are compared, so Binance's BTC/USDT stands alone.
      unmapped: { fees: FEES, maxAge: Infinity, minSpreadPct: 0.1 },
    });
    await untilBooksEqualTruth(latest, 'initially');

    expect(signals.justBelow).toEqual([best]);
    expect(signals.equal).toEqual([]);
    expect(signals.above).toEqual([]);
    expect(signals.unmapped).toEqual([expectedOpportunity(sims, 'coinbase', 'kraken')]);
    expect(signals.unmapped[0]).toEqual(expect.objectContaining({ symbol: 'BTC/USD', buySymbol: 'BTC/USD', sellSymbol: 'BTC/USD' }));
  });

  it('drops a venue on a resync until its fresh book arrives (Binance gap, then Kraken checksum)', async () => {
    const { signals, latest } = run({ mapped: { symbols: MAPPING, fees: FEES, maxAge: Infinity, resets$: v.events$ } });
    const all = signals.mapped;
    await untilBooksEqualTruth(latest, 'initially');
    // Depending on which books arrived first, Coinbase→Kraken may have been signalled before Binance's book came in.
    expect(all.at(-1)).toEqual(expectedOpportunity(sims, 'binance', 'kraken'));
    expect(all.every((s) => s.type === 'opportunity')).toBe(true);

    // 1. Binance skips a depth event: a sequence gap. Binance leaves the comparison at once (the best
    //    remaining pair, Coinbase→Kraken, replaces the opportunity) and comes back with its fresh book.
    let mark = all.length;
    sims.binance.skipDepthEvent(MAPPING.binance);
    sims.binance.step();
    sims.binance.flush(); // the skipped event
    sims.binance.step();
    sims.binance.flush(); // the next one: U > lastUpdateId + 1
    await waitFor(() => all.length >= mark + 2, 'Binance to drop out and come back');
    await untilBooksEqualTruth(latest, 'after the Binance gap');
    const binanceResync = resyncsOf('binance');
    expect(binanceResync).toEqual([expect.objectContaining({ symbol: MAPPING.binance, reason: 'gap' })]);
    expect(all.slice(mark)).toEqual([expectedOpportunity(sims, 'coinbase', 'kraken'), expectedOpportunity(sims, 'binance', 'kraken')]);
    // The Binance quote it came back with was received after the resync: the fresh book.
    expect(latest.get('binance')!.localTimestamp).toBeGreaterThan(binanceResync[0]!.timestamp);

    // 2. Kraken sends a book update with a wrong checksum. Without Kraken no pair qualifies, so the
    //    opportunity is withdrawn (reason 'resync'), and reopens from Kraken's fresh snapshot.
    mark = all.length;
    const before = all[mark - 1] as ArbitrageOpportunity;
    sims.kraken.corruptNextChecksum(MAPPING.kraken);
    sims.kraken.step(5); // the first book update of these steps carries the bad checksum
    await waitFor(() => all.length >= mark + 2, 'Kraken to drop out and come back');
    await untilBooksEqualTruth(latest, 'after the Kraken checksum mismatch');
    expect(resyncsOf('kraken')).toEqual([expect.objectContaining({ symbol: MAPPING.kraken, reason: 'checksum' })]);
    expect(all.slice(mark)).toEqual([
      { type: 'closed', symbol: 'BTC/USDT~BTC/USD', reason: 'resync', opportunity: before, localTimestamp: expect.any(Number) },
      expectedOpportunity(sims, 'binance', 'kraken'),
    ]);
    expect(latest.get('kraken')!.localTimestamp).toBeGreaterThan(resyncsOf('kraken')[0]!.timestamp);
  });
});
