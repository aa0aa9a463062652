import { asyncScheduler, Observable, type OperatorFunction, type SchedulerLike, type Subscription } from 'rxjs';
import type { ExchangeEvent } from '../model/exchange-event';
import type { ExchangeId } from '../model/exchange-id';
import type { ArbitrageCloseReason, ArbitrageOpportunity, ArbitrageSignal } from './arbitrage-signal';
import { bestAsk, bestAskSize, bestBid, bestBidSize, type TopOfBookQuote } from './top-of-book';

/**
 * Options of {@link arbitrage}.
 *
 * @example
 * ```ts
 * const options: ArbitrageOptions = {
 *   symbols: { binance: 'BTC/USDT', kraken: 'BTC/USD' },
 *   fees: { binance: 0.001, kraken: 0.0026 },
 *   minSpreadPct: 0.05,
 *   maxAge: 2_000,
 *   resets$: v.events$,
 * };
 * ```
 */
export interface ArbitrageOptions {
  /**
   * Explicit cross-symbol comparison: only these exchange→symbol quotes are compared, with each
   * other (e.g. USDT vs USD — your decision, never assumed). Without it, quotes are compared only
   * with quotes of the identical symbol, each symbol on its own.
   */
  readonly symbols?: Partial<Readonly<Record<ExchangeId, string>>>;
  /** Taker fee per exchange as a fraction (`0.001` = 0.1 %); default 0. */
  readonly fees?: Partial<Readonly<Record<ExchangeId, number>>>;
  /** Net spread per unit (after fees, quote currency) must be strictly greater than this (default 0). */
  readonly minSpread?: number;
  /** Net spread in percent of `buyPrice` must be strictly greater than this (default 0). */
  readonly minSpreadPct?: number;
  /**
   * A quote is usable while `scheduler.now() - quote.localTimestamp < maxAge` (ms, default 5 000;
   * `Infinity` disables). The operator re-evaluates when a quote ages out.
   */
  readonly maxAge?: number;
  /**
   * Venue events (e.g. `venues(...).events$` or `client.events$`): a `resync` of a compared
   * exchange+symbol, or a `close` of an exchange's connection, drops that venue's quotes received
   * at or before the event's `timestamp` and ignores such late quotes; a quote received after it
   * (the fresh book) re-enters.
   */
  readonly resets$?: Observable<ExchangeEvent>;
  /** Clock for `maxAge`, re-evaluation timers and `localTimestamp` (default `asyncScheduler`). */
  readonly scheduler?: SchedulerLike;
}

interface VenueSlot {
  readonly exchange: ExchangeId;
  quote: TopOfBookQuote | null;
  /** Quotes with `localTimestamp <= resetAt` were received before the last reset (resync/close). */
  resetAt: number;
}

interface Group {
  readonly slots: Map<ExchangeId, VenueSlot>;
  open: ArbitrageOpportunity | null;
}

const MAPPED = '';

/**
 * Watches the top of book of several venues — a merged stream of `orderBook()` states and/or
 * `Ticker`s — and signals when one venue's best bid beats another's best ask after taker fees.
 * It holds the latest quote per venue (the `combineLatest` of the venues, with drop-out) and:
 *
 * - emits an `opportunity` for the best pair (highest `netSpreadPct`) when `netSpread > minSpread`
 *   and `netSpreadPct > minSpreadPct`, only when the pair, a price or the size changed;
 * - emits one `closed` signal when the open opportunity disappears (spread gone, a quote went
 *   stale, a venue resynced or disconnected); a different best pair simply replaces it;
 * - never uses stale quotes (see `maxAge`), nor unusable sides (missing, ≤ 0, non-finite).
 *
 * Completes with the source; errors if the source or `resets$` errors.
 *
 * @example
 * ```ts
 * const v = venues([bn, kr]);
 * merge(bn.book('BTC/USDT').pipe(orderBook()), kr.book('BTC/USD').pipe(orderBook())).pipe(
 *   arbitrage({ symbols: { binance: 'BTC/USDT', kraken: 'BTC/USD' }, fees: { binance: 0.001, kraken: 0.0026 }, resets$: v.events$ }),
 *   filter(isOpportunity),
 * ).subscribe((o) => console.log(`buy ${o.buyExchange} ${o.buyPrice}, sell ${o.sellExchange} ${o.sellPrice}: ${o.profit}`));
 * ```
 */
export function arbitrage(options: ArbitrageOptions = {}): OperatorFunction<TopOfBookQuote, ArbitrageSignal> {
  const { symbols, resets$ } = options;
  const minSpread = options.minSpread ?? 0;
  const minSpreadPct = options.minSpreadPct ?? 0;
  const maxAge = options.maxAge ?? 5_000;
  const fees = options.fees ?? {};
  if (!(maxAge > 0)) throw new RangeError(`arbitrage maxAge must be > 0 ms, got ${String(maxAge)}`);
  if (Number.isNaN(minSpread) || Number.isNaN(minSpreadPct)) throw new RangeError('arbitrage minSpread/minSpreadPct must be numbers');
  for (const [exchange, fee] of Object.entries(fees)) {
    if (fee === undefined) continue;
    if (!(fee >= 0 && fee < 1)) throw new RangeError(`arbitrage fee for ${exchange} must be a fraction in [0, 1), got ${String(fee)}`);
  }
  if (symbols && Object.values(symbols).filter((s) => s !== undefined).length < 2) {
    throw new RangeError('arbitrage symbols must map at least two exchanges');
  }
  const feeOf = (exchange: ExchangeId): number => fees[exchange] ?? 0;
  const scheduler = options.scheduler ?? asyncScheduler;

  return (source) =>
    new Observable<ArbitrageSignal>((subscriber) => {
      const groups = new Map<string, Group>();
      let timer: Subscription | null = null;
      let timerAt = Infinity;

      const groupKeyOf = (exchange: ExchangeId, symbol: string): string | undefined => {
        if (!symbols) return symbol;
        return symbols[exchange] === symbol ? MAPPED : undefined;
      };

      const slotOf = (groupKey: string, exchange: ExchangeId): VenueSlot => {
        let group = groups.get(groupKey);
        if (!group) {
          group = { slots: new Map(), open: null };
          groups.set(groupKey, group);
        }
        let slot = group.slots.get(exchange);
        if (!slot) {
          slot = { exchange, quote: null, resetAt: -Infinity };
          group.slots.set(exchange, slot);
        }
        return slot;
      };

      const evaluate = (group: Group, now: number, reason: ArbitrageCloseReason): void => {
        let buy: TopOfBookQuote | null = null;
        let sell: TopOfBookQuote | null = null;
        let buyPrice = NaN;
        let sellPrice = NaN;
        let bestPct = -Infinity;
        let bestNet = NaN;
        // A quote that aged out is dropped here too, not only when its timer fires: the timer may
        // run after another venue's quote arrives in the same instant.
        for (const slot of group.slots.values()) if (slot.quote && now - slot.quote.localTimestamp >= maxAge) slot.quote = null;
        for (const buySlot of group.slots.values()) {
          const b = buySlot.quote;
          if (!b) continue;
          const ask = bestAsk(b);
          if (Number.isNaN(ask)) continue;
          const cost = ask * (1 + feeOf(b.exchange));
          for (const sellSlot of group.slots.values()) {
            const s = sellSlot.quote;
            if (!s || sellSlot === buySlot) continue;
            const bid = bestBid(s);
            if (Number.isNaN(bid)) continue;
            const net = bid * (1 - feeOf(s.exchange)) - cost;
            const pct = (net / ask) * 100;
            if (net > minSpread && pct > minSpreadPct && pct > bestPct) {
              bestPct = pct;
              bestNet = net;
              buy = b;
              sell = s;
              buyPrice = ask;
              sellPrice = bid;
            }
          }
        }
        const open = group.open;
        if (!buy || !sell) {
          if (open) {
            group.open = null;
            subscriber.next({ type: 'closed', symbol: open.symbol, reason, opportunity: open, localTimestamp: now });
          }
          return;
        }
        const size = Math.min(bestAskSize(buy), bestBidSize(sell));
        if (
          open &&
          open.buyExchange === buy.exchange &&
          open.sellExchange === sell.exchange &&
          open.buyPrice === buyPrice &&
          open.sellPrice === sellPrice &&
          open.size === size
        ) {
          return; // unchanged: no flood of identical opportunities
        }
        const opportunity: ArbitrageOpportunity = {
          type: 'opportunity',
          buyExchange: buy.exchange,
          sellExchange: sell.exchange,
          symbol: buy.symbol === sell.symbol ? buy.symbol : `${buy.symbol}~${sell.symbol}`,
          buySymbol: buy.symbol,
          sellSymbol: sell.symbol,
          buyPrice,
          sellPrice,
          size,
          spread: sellPrice - buyPrice,
          spreadPct: ((sellPrice - buyPrice) / buyPrice) * 100,
          netSpread: bestNet,
          netSpreadPct: bestPct,
          profit: size * bestNet,
          timestamp: Math.max(buy.timestamp, sell.timestamp),
          localTimestamp: now,
        };
        group.open = opportunity;
        subscriber.next(opportunity);
      };

      const armTimer = (expiry: number, now: number): void => {
        if (expiry >= timerAt || expiry === Infinity) return;
        timer?.unsubscribe();
        timerAt = expiry;
        timer = scheduler.schedule(onTimer, Math.max(0, expiry - now));
      };

      // Drops quotes that aged out, re-evaluates their groups, and re-arms for the next expiry.
      const onTimer = (): void => {
        timer = null;
        timerAt = Infinity;
        const now = scheduler.now();
        let next = Infinity;
        for (const group of groups.values()) {
          let expired = false;
          for (const slot of group.slots.values()) {
            if (!slot.quote) continue;
            const expiry = slot.quote.localTimestamp + maxAge;
            if (expiry <= now) {
              slot.quote = null;
              expired = true;
            } else if (expiry < next) next = expiry;
          }
          if (expired) evaluate(group, now, 'stale');
          if (subscriber.closed) return;
        }
        armTimer(next, now);
      };

      const onReset = (event: ExchangeEvent): void => {
        if (event.type !== 'resync' && event.type !== 'close') return;
        const now = scheduler.now();
        const reason: ArbitrageCloseReason = event.type === 'resync' ? 'resync' : 'disconnect';
        if (event.type === 'resync') {
          const groupKey = groupKeyOf(event.exchange, event.symbol);
          if (groupKey === undefined) return;
          const slot = slotOf(groupKey, event.exchange);
          resetSlot(slot, event.timestamp);
          evaluate(groups.get(groupKey)!, now, reason);
          return;
        }
        for (const [groupKey, group] of groups) {
          if (symbols === undefined || symbols[event.exchange] !== undefined) resetSlot(slotOf(groupKey, event.exchange), event.timestamp);
          evaluate(group, now, reason);
          if (subscriber.closed) return;
        }
      };

      const resetSlot = (slot: VenueSlot, at: number): void => {
        if (at > slot.resetAt) slot.resetAt = at;
        if (slot.quote && slot.quote.localTimestamp <= slot.resetAt) slot.quote = null;
      };

      const onQuote = (quote: TopOfBookQuote): void => {
        const groupKey = groupKeyOf(quote.exchange, quote.symbol);
        if (groupKey === undefined) return; // not part of the explicit mapping
        const slot = slotOf(groupKey, quote.exchange);
        if (quote.localTimestamp <= slot.resetAt) return; // received before a reset: the old book
        const now = scheduler.now();
        const expiry = quote.localTimestamp + maxAge;
        if (!(expiry > now)) {
          // The venue's latest quote is already stale (or has no valid receipt time).
          slot.quote = null;
          evaluate(groups.get(groupKey)!, now, 'stale');
          return;
        }
        slot.quote = quote;
        evaluate(groups.get(groupKey)!, now, 'spread');
        armTimer(expiry, now);
      };

      if (symbols) for (const exchange of Object.keys(symbols) as ExchangeId[]) if (symbols[exchange] !== undefined) slotOf(MAPPED, exchange);
      const resetSub = resets$?.subscribe({ next: onReset, error: (err: unknown) => subscriber.error(err) });
      const sourceSub = source.subscribe({
        next: onQuote,
        error: (err: unknown) => subscriber.error(err),
        complete: () => subscriber.complete(),
      });

      return () => {
        resetSub?.unsubscribe();
        sourceSub.unsubscribe();
        timer?.unsubscribe();
        groups.clear();
      };
    });
}
