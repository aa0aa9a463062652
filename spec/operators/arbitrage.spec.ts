import { merge, type SchedulerLike, type Subscription } from 'rxjs';
import type { ExchangeEvent } from '../../lib/model/exchange-event';
import type { ExchangeId } from '../../lib/model/exchange-id';
import { arbitrage } from '../../lib/operators/arbitrage';
import type { ArbitrageCloseReason, ArbitrageOpportunity, ArbitrageSignal } from '../../lib/operators/arbitrage-signal';
import { isOpportunity } from '../../lib/operators/arbitrage-signal';
import { bookState, marbles, ticker } from './marble-helpers';

const BTC = 'BTC/USDT';

/** Expected opportunity: exact prices/size/time, fee-dependent figures with closeTo. */
function opp(
  buy: ExchangeId,
  sell: ExchangeId,
  buyPrice: number,
  sellPrice: number,
  size: number,
  at: number,
  extra: { fees?: [number, number]; timestamp?: number; buySymbol?: string; sellSymbol?: string } = {},
): ArbitrageOpportunity {
  const [buyFee, sellFee] = extra.fees ?? [0, 0];
  const buySymbol = extra.buySymbol ?? BTC;
  const sellSymbol = extra.sellSymbol ?? BTC;
  const net = sellPrice * (1 - sellFee) - buyPrice * (1 + buyFee);
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
    spreadPct: expect.closeTo(((sellPrice - buyPrice) / buyPrice) * 100, 9) as number,
    netSpread: expect.closeTo(net, 9) as number,
    netSpreadPct: expect.closeTo((net / buyPrice) * 100, 9) as number,
    profit: expect.closeTo(net * size, 9) as number,
    timestamp: extra.timestamp ?? at,
    localTimestamp: at,
  };
}

function closed(opportunity: ArbitrageOpportunity, reason: ArbitrageCloseReason, at: number): ArbitrageSignal {
  return { type: 'closed', symbol: opportunity.symbol, reason, opportunity, localTimestamp: at };
}

function resync(exchange: ExchangeId, symbol: string, at: number): ExchangeEvent {
  return { type: 'resync', exchange, symbol, reason: 'gap', timestamp: at };
}

let probed = false;

describe('arbitrage', () => {
  it('signals when one venue’s best bid beats another’s best ask after taker fees, with every field', () => {
    const s = marbles();
    s.run(({ hot, expectObservable }) => {
      const bn = hot('b-----|', { b: ticker('binance', BTC, { bid: 101, bidSize: 3, ask: 102, at: 0, exchangeAt: -1 }) });
      const kr = hot('--k---|', { k: ticker('kraken', BTC, { bid: 99, ask: 100, askSize: 2, at: 2, exchangeAt: 1 }) });
      const fees = { binance: 0.001, kraken: 0.002 };
      expectObservable(merge(bn, kr).pipe(arbitrage({ fees, scheduler: s }))).toBe('--o---|', {
        o: opp('kraken', 'binance', 100, 101, 2, 2, { fees: [0.002, 0.001], timestamp: 1 }),
      });
    });
  });

  it('requires the net spread (after fees) to be strictly above minSpread and minSpreadPct', () => {
    const s = marbles();
    s.run(({ hot, expectObservable }) => {
      const quotes = merge(
        hot('b-|', { b: ticker('binance', BTC, { bid: 101, ask: 102 }) }),
        hot('k-|', { k: ticker('kraken', BTC, { bid: 99, ask: 100 }) }),
      );
      const o = opp('kraken', 'binance', 100, 101, 1, 0);
      expectObservable(quotes.pipe(arbitrage({ scheduler: s, fees: { kraken: 0.01 } }))).toBe('--|');
      expectObservable(quotes.pipe(arbitrage({ scheduler: s, minSpread: 1 }))).toBe('--|');
      expectObservable(quotes.pipe(arbitrage({ scheduler: s, minSpread: 0.99 }))).toBe('o-|', { o });
      expectObservable(quotes.pipe(arbitrage({ scheduler: s, minSpreadPct: 1 }))).toBe('--|');
      expectObservable(quotes.pipe(arbitrage({ scheduler: s, minSpreadPct: 0.99 }))).toBe('o-|', { o });
    });
  });

  it('never signals a venue against itself, nor a crossed book of equal prices', () => {
    const s = marbles();
    s.run(({ hot, expectObservable }) => {
      const quotes = hot('ab-|', {
        a: ticker('binance', BTC, { bid: 105, ask: 100, at: 0 }), // crossed on one venue: not arbitrage
        b: ticker('kraken', BTC, { bid: 100, ask: 105, at: 1 }), // equal to binance's ask: spread 0
      });
      expectObservable(quotes.pipe(arbitrage({ scheduler: s }))).toBe('---|');
    });
  });

  it('emits only on change: identical re-quotes are silent, a size change re-emits', () => {
    const s = marbles();
    s.run(({ hot, expectObservable }) => {
      const bn = hot('b-c-d-|', {
        b: ticker('binance', BTC, { bid: 101, bidSize: 3, ask: 102, at: 0 }),
        c: ticker('binance', BTC, { bid: 101, bidSize: 3, ask: 102, at: 2 }),
        d: ticker('binance', BTC, { bid: 101, bidSize: 1, ask: 102, at: 4 }),
      });
      const kr = hot('k--k--|', { k: ticker('kraken', BTC, { bid: 99, ask: 100, askSize: 2, at: 0 }) });
      expectObservable(merge(bn, kr).pipe(arbitrage({ scheduler: s }))).toBe('o---p-|', {
        o: opp('kraken', 'binance', 100, 101, 2, 0),
        p: opp('kraken', 'binance', 100, 101, 1, 4),
      });
    });
  });

  it('withdraws the open opportunity once (closed: spread) and reopens when the spread returns', () => {
    const s = marbles();
    s.run(({ hot, expectObservable }) => {
      const bn = hot('b--x-y-z|', {
        b: ticker('binance', BTC, { bid: 101, ask: 102, at: 0 }),
        x: ticker('binance', BTC, { bid: 99.5, ask: 102, at: 3 }),
        y: ticker('binance', BTC, { bid: 99.6, ask: 102, at: 5 }),
        z: ticker('binance', BTC, { bid: 101, ask: 102, at: 7 }),
      });
      const kr = hot('-k------|', { k: ticker('kraken', BTC, { bid: 99, ask: 100, at: 1 }) });
      const o = opp('kraken', 'binance', 100, 101, 1, 1);
      expectObservable(merge(bn, kr).pipe(arbitrage({ scheduler: s }))).toBe('-o-c---p|', {
        o,
        c: closed(o, 'spread', 3),
        p: opp('kraken', 'binance', 100, 101, 1, 7),
      });
    });
  });

  it('stale quotes: a quote is usable for maxAge ms after receipt; ageing out withdraws the opportunity on the scheduler', () => {
    const s = marbles();
    s.run(({ hot, expectObservable }) => {
      const bn2 = hot('b-------B--|', {
        b: ticker('binance', BTC, { bid: 101, ask: 102, at: 0 }),
        B: ticker('binance', BTC, { bid: 101, ask: 102, at: 8 }),
      });
      const kr = hot('--k------K-|', {
        k: ticker('kraken', BTC, { bid: 99, ask: 100, at: 2 }),
        K: ticker('kraken', BTC, { bid: 99, ask: 100, at: 9 }),
      });
      const o = opp('kraken', 'binance', 100, 101, 1, 2);
      // binance expires at 5 → closed; kraken expires at 7; at 8 binance is fresh but kraken stale → nothing; at 9 both fresh
      expectObservable(merge(bn2, kr).pipe(arbitrage({ scheduler: s, maxAge: 5 }))).toBe('--o--c---p-|', {
        o,
        c: closed(o, 'stale', 5),
        p: opp('kraken', 'binance', 100, 101, 1, 9),
      });
    });
  });

  it('a quote that ages out in the same instant another venue quotes is not used, even before its timer runs', () => {
    const s = marbles();
    s.run(({ hot, expectObservable }) => {
      const bn = hot('b-----|', { b: ticker('binance', BTC, { bid: 101, bidSize: 3, ask: 102, at: 0 }) });
      // kraken quotes at 5, the very instant binance's quote (received at 0) reaches maxAge 5
      const kr = hot('-----k|', { k: ticker('kraken', BTC, { bid: 99, ask: 100, askSize: 2, at: 5 }) });
      expectObservable(merge(bn, kr).pipe(arbitrage({ scheduler: s, maxAge: 5 }))).toBe('------|');
    });
  });

  it('a refreshed quote moves its expiry: no withdrawal while quotes keep arriving', () => {
    const s = marbles();
    s.run(({ hot, expectObservable }) => {
      const bn = hot('b--c--d-----|', {
        b: ticker('binance', BTC, { bid: 101, ask: 102, at: 0 }),
        c: ticker('binance', BTC, { bid: 101, ask: 102, at: 3 }),
        d: ticker('binance', BTC, { bid: 101, ask: 102, at: 6 }),
      });
      const krFresh = hot('k--l--m-----|', {
        k: ticker('kraken', BTC, { bid: 99, ask: 100, at: 0 }),
        l: ticker('kraken', BTC, { bid: 99, ask: 100, at: 3 }),
        m: ticker('kraken', BTC, { bid: 99, ask: 100, at: 6 }),
      });
      const o = opp('kraken', 'binance', 100, 101, 1, 0);
      // last quotes received at 6 → stale at 6 + 4 = 10
      expectObservable(merge(bn, krFresh).pipe(arbitrage({ scheduler: s, maxAge: 4 }))).toBe('o---------c-|', { o, c: closed(o, 'stale', 10) });
    });
  });

  it('a quote that is already stale on arrival never produces an opportunity and drops the venue', () => {
    const s = marbles();
    s.run(({ hot, expectObservable }) => {
      const bn = hot('------b-|', { b: ticker('binance', BTC, { bid: 101, ask: 102, at: 0 }) }); // received at 0, delivered at 6
      const kr = hot('-----k--|', { k: ticker('kraken', BTC, { bid: 99, ask: 100, at: 5 }) });
      expectObservable(merge(bn, kr).pipe(arbitrage({ scheduler: s, maxAge: 5 }))).toBe('--------|');

      const bn2 = hot('b-----x-|', {
        b: ticker('binance', BTC, { bid: 101, ask: 102, at: 0 }),
        x: ticker('binance', BTC, { bid: 101, ask: 102, at: 1 }), // late delivery of an old quote
      });
      const kr2 = hot('k-------|', { k: ticker('kraken', BTC, { bid: 99, ask: 100, at: 0 }) });
      const o = opp('kraken', 'binance', 100, 101, 1, 0);
      expectObservable(merge(bn2, kr2).pipe(arbitrage({ scheduler: s, maxAge: 50 }))).toBe('o-------|', { o });
      expectObservable(merge(bn2, kr2).pipe(arbitrage({ scheduler: s, maxAge: 5 }))).toBe('o----c--|', { o, c: closed(o, 'stale', 5) });
    });
  });

  it('resync drop-out: the venue’s book is dropped, old-book quotes are ignored, a fresh book re-enters', () => {
    const s = marbles();
    s.run(({ hot, expectObservable, expectSubscriptions }) => {
      const bn = hot('b-----xy--|', {
        b: ticker('binance', BTC, { bid: 101, ask: 102, at: 0 }),
        x: ticker('binance', BTC, { bid: 101, ask: 102, at: 3 }), // received before the resync, delivered after it
        y: ticker('binance', BTC, { bid: 101, ask: 102, at: 7 }), // the fresh book
      });
      const kr = hot('-k--------|', { k: ticker('kraken', BTC, { bid: 99, ask: 100, at: 1 }) });
      const resets = hot<ExchangeEvent>('--ef-r----|', {
        e: resync('binance', 'ETH/USDT', 2), // another symbol: ignored
        f: { type: 'error', exchange: 'binance', kind: 'decode', message: 'x', timestamp: 3 }, // not a reset
        r: resync('binance', BTC, 5),
      });
      const o = opp('kraken', 'binance', 100, 101, 1, 1);
      expectObservable(merge(bn, kr).pipe(arbitrage({ scheduler: s, resets$: resets }))).toBe('-o---c-p--|', {
        o,
        c: closed(o, 'resync', 5),
        p: opp('kraken', 'binance', 100, 101, 1, 7),
      });
      expectSubscriptions(resets.subscriptions).toBe('^---------!');
    });
  });

  it('a resync event that arrives after the fresh book keeps the fresh book', () => {
    const s = marbles();
    s.run(({ hot, expectObservable }) => {
      const bn = hot('b--y----|', {
        b: ticker('binance', BTC, { bid: 101, ask: 102, at: 0 }),
        y: ticker('binance', BTC, { bid: 101, ask: 103, at: 3 }), // fresh book received at 3
      });
      const kr = hot('k-------|', { k: ticker('kraken', BTC, { bid: 99, ask: 100, at: 0 }) });
      const resets = hot('----r---|', { r: resync('binance', BTC, 2) }); // raised at 2, delivered at 4
      expectObservable(merge(bn, kr).pipe(arbitrage({ scheduler: s, resets$: resets }))).toBe('o-------|', {
        o: opp('kraken', 'binance', 100, 101, 1, 0),
      });
    });
  });

  it('disconnect drop-out: a close event drops every quote of that exchange until it quotes again', () => {
    const s = marbles();
    s.run(({ hot, expectObservable }) => {
      const bn = hot('b-------|', { b: ticker('binance', BTC, { bid: 101, ask: 102, at: 0 }) });
      const kr = hot('k-----K-|', {
        k: ticker('kraken', BTC, { bid: 99, ask: 100, at: 0 }),
        K: ticker('kraken', BTC, { bid: 99, ask: 100, at: 6 }),
      });
      const resets = hot<ExchangeEvent>('--xo----|', {
        x: { type: 'close', exchange: 'kraken', connection: 1, code: 1006, reason: '', timestamp: 2 },
        o: { type: 'open', exchange: 'kraken', connection: 2, url: 'ws://k', timestamp: 3 },
      });
      const o = opp('kraken', 'binance', 100, 101, 1, 0);
      expectObservable(merge(bn, kr).pipe(arbitrage({ scheduler: s, resets$: resets }))).toBe('o-c---p-|', {
        o,
        c: closed(o, 'disconnect', 2),
        p: opp('kraken', 'binance', 100, 101, 1, 6),
      });
    });
  });

  it('reads orderBook() states and tickers alike; an empty or unusable side takes the venue out of that side', () => {
    const s = marbles();
    s.run(({ hot, expectObservable }) => {
      const bn = hot('b---|', { b: bookState('binance', BTC, [[101, 3], [100, 5]], [[102, 1]], 0) });
      const kr = hot('-kxy|', {
        k: ticker('kraken', BTC, { bid: 99, ask: 100, askSize: 2, at: 1 }),
        x: bookState('kraken', BTC, [[99, 1]], [], 2), // no asks left
        y: ticker('kraken', BTC, { bid: 99, ask: Number.NaN, at: 3 }),
      });
      const o = opp('kraken', 'binance', 100, 101, 2, 1);
      expectObservable(merge(bn, kr).pipe(arbitrage({ scheduler: s }))).toBe('-oc-|', { o, c: closed(o, 'spread', 2) });
    });
  });

  it('never equates quote currencies implicitly; an explicit symbols map compares them and says so', () => {
    const s = marbles();
    s.run(({ hot, expectObservable }) => {
      const quotes = hot('bkce|', {
        b: ticker('binance', 'BTC/USDT', { bid: 101, ask: 102, at: 0 }),
        k: ticker('kraken', 'BTC/USD', { bid: 99, ask: 100, at: 1 }),
        c: ticker('coinbase', 'BTC/USD', { bid: 200, ask: 201, at: 2 }), // not in the map: ignored
        e: ticker('binance', 'ETH/USDT', { bid: 500, ask: 501, at: 3 }), // not in the map: ignored
      });
      expectObservable(quotes.pipe(arbitrage({ scheduler: s }))).toBe('--o-|', {
        o: opp('kraken', 'coinbase', 100, 200, 1, 2, { buySymbol: 'BTC/USD', sellSymbol: 'BTC/USD' }),
      });
      expectObservable(quotes.pipe(arbitrage({ scheduler: s, symbols: { binance: 'BTC/USDT', kraken: 'BTC/USD' } }))).toBe('-o--|', {
        o: opp('kraken', 'binance', 100, 101, 1, 1, { buySymbol: 'BTC/USD', sellSymbol: 'BTC/USDT' }),
      });
    });
  });

  it('picks the best pair (highest net spread %) among several venues, with per-venue fees', () => {
    const s = marbles();
    s.run(({ hot, expectObservable }) => {
      const quotes = hot('bck|', {
        b: ticker('binance', BTC, { bid: 101, ask: 102, at: 0 }),
        c: ticker('coinbase', BTC, { bid: 103, ask: 104, at: 1 }),
        k: ticker('kraken', BTC, { bid: 99, ask: 100, at: 2 }),
      });
      expectObservable(quotes.pipe(arbitrage({ scheduler: s }))).toBe('-xy|', {
        x: opp('binance', 'coinbase', 102, 103, 1, 1),
        y: opp('kraken', 'coinbase', 100, 103, 1, 2),
      });
      const fees = { coinbase: 0.03 };
      expectObservable(quotes.pipe(arbitrage({ scheduler: s, fees }))).toBe('--y|', {
        y: opp('kraken', 'binance', 100, 101, 1, 2),
      });
    });
  });

  it('treats each symbol on its own', () => {
    const s = marbles();
    s.run(({ hot, expectObservable }) => {
      const quotes = hot('abcd-e|', {
        a: ticker('binance', BTC, { bid: 101, ask: 102, at: 0 }),
        b: ticker('binance', 'ETH/USDT', { bid: 11, ask: 12, at: 1 }),
        c: ticker('kraken', 'ETH/USDT', { bid: 9, ask: 10, at: 2 }),
        d: ticker('kraken', BTC, { bid: 99, ask: 100, at: 3 }),
        e: ticker('kraken', 'ETH/USDT', { bid: 9, ask: 11.5, at: 5 }),
      });
      const eth = opp('kraken', 'binance', 10, 11, 1, 2, { buySymbol: 'ETH/USDT', sellSymbol: 'ETH/USDT' });
      expectObservable(quotes.pipe(arbitrage({ scheduler: s }))).toBe('--xy-z|', {
        x: eth,
        y: opp('kraken', 'binance', 100, 101, 1, 3),
        z: closed(eth, 'spread', 5),
      });
    });
  });

  it('completes with the source, errors with the source or resets$, and releases timers and resets$', () => {
    const s = marbles();
    s.run(({ hot, expectObservable, expectSubscriptions }) => {
      const quotes = hot('bk-|', {
        b: ticker('binance', BTC, { bid: 101, ask: 102, at: 0 }),
        k: ticker('kraken', BTC, { bid: 99, ask: 100, at: 1 }),
      });
      const resets = hot<ExchangeEvent>('-----');
      // the expiry timer (due at 10) is cancelled when the source completes at 3
      expectObservable(quotes.pipe(arbitrage({ scheduler: s, maxAge: 10, resets$: resets }))).toBe('-o-|', {
        o: opp('kraken', 'binance', 100, 101, 1, 1),
      });
      expectSubscriptions(resets.subscriptions).toBe('^--!');
      expectObservable(hot('b-#', { b: ticker('binance', BTC, { bid: 1, ask: 2 }) }).pipe(arbitrage({ scheduler: s }))).toBe('--#');
      expectObservable(quotes.pipe(arbitrage({ scheduler: s, resets$: hot('--#') }))).toBe('-o#', { o: opp('kraken', 'binance', 100, 101, 1, 1) });
    });
  });

  it('stops its staleness timer on unsubscribe', () => {
    const s = marbles();
    const timers: Subscription[] = [];
    const spy: SchedulerLike = {
      now: () => s.now(),
      schedule: (work, delay, state) => {
        const timer = s.schedule(work as never, delay, state);
        timers.push(timer);
        return timer;
      },
    };
    s.run(({ hot, expectObservable }) => {
      const quotes = hot('bk------', {
        b: ticker('binance', BTC, { bid: 101, ask: 102, at: 0 }),
        k: ticker('kraken', BTC, { bid: 99, ask: 100, at: 1 }),
      });
      expectObservable(quotes.pipe(arbitrage({ scheduler: spy, maxAge: 6 })), '^--!').toBe('-o--', { o: opp('kraken', 'binance', 100, 101, 1, 1) });
      s.schedule(() => {
        expect(timers.length).toBe(1); // one expiry timer (binance at 6), not one per quote
        expect(timers.every((t) => t.closed)).toBe(true);
        probed = true;
      }, 4);
    });
    expect(probed).toBe(true);
  });

  it('defaults to asyncScheduler time (virtual inside TestScheduler.run) and a 5 s maxAge', () => {
    marbles().run(({ hot, expectObservable }) => {
      const quotes = hot('bk', {
        b: ticker('binance', BTC, { bid: 101, ask: 102, at: 0 }),
        k: ticker('kraken', BTC, { bid: 99, ask: 100, at: 1 }),
      });
      const o = opp('kraken', 'binance', 100, 101, 1, 1);
      expectObservable(quotes.pipe(arbitrage())).toBe('-o 4998ms c', { o, c: closed(o, 'stale', 5000) });
    });
  });

  it('isOpportunity keeps opportunities only; invalid options are rejected where the pipeline is built', () => {
    const o = opp('kraken', 'binance', 100, 101, 1, 1);
    expect(isOpportunity(o)).toBe(true);
    expect(isOpportunity(closed(o, 'stale', 2))).toBe(false);
    expect(() => arbitrage({ maxAge: 0 })).toThrow(RangeError);
    expect(() => arbitrage({ fees: { binance: -0.1 } })).toThrow(RangeError);
    expect(() => arbitrage({ fees: { binance: 1 } })).toThrow(RangeError);
    expect(() => arbitrage({ minSpread: Number.NaN })).toThrow(RangeError);
    expect(() => arbitrage({ symbols: { binance: 'BTC/USDT' } })).toThrow(RangeError);
  });
});
