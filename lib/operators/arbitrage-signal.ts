import type { ExchangeId } from '../model/exchange-id';

/**
 * A cross-venue opportunity: buy at `buyPrice` (best ask of `buyExchange`), sell at `sellPrice`
 * (best bid of `sellExchange`).
 *
 * `spread`/`spreadPct` are gross (`sellPrice - buyPrice`, relative to `buyPrice`); `netSpread`/
 * `netSpreadPct` are per unit after both taker fees (`sellPrice·(1-sellFee) - buyPrice·(1+buyFee)`);
 * `profit = size · netSpread`, in quote currency. `symbol` says what was compared: the unified
 * symbol when both venues trade the same one, otherwise `"<buySymbol>~<sellSymbol>"`
 * (e.g. `"BTC/USDT~BTC/USD"`, from an explicit `symbols` mapping). `timestamp` is the newer of the two
 * quotes' exchange times; `localTimestamp` is the scheduler's `now()` at detection.
 *
 * @example
 * ```ts
 * const o: ArbitrageOpportunity = {
 *   type: 'opportunity', buyExchange: 'kraken', sellExchange: 'binance', symbol: 'BTC/USDT',
 *   buySymbol: 'BTC/USDT', sellSymbol: 'BTC/USDT', buyPrice: 100, sellPrice: 101, size: 2,
 *   spread: 1, spreadPct: 1, netSpread: 1, netSpreadPct: 1, profit: 2, timestamp: 1, localTimestamp: 2,
 * };
 * ```
 */
export interface ArbitrageOpportunity {
  readonly type: 'opportunity';
  readonly buyExchange: ExchangeId;
  readonly sellExchange: ExchangeId;
  readonly symbol: string;
  readonly buySymbol: string;
  readonly sellSymbol: string;
  readonly buyPrice: number;
  readonly sellPrice: number;
  /** The smaller of the buy venue's top ask size and the sell venue's top bid size. */
  readonly size: number;
  readonly spread: number;
  readonly spreadPct: number;
  readonly netSpread: number;
  readonly netSpreadPct: number;
  /** `size · netSpread`: profit after taker fees, in quote currency. */
  readonly profit: number;
  readonly timestamp: number;
  readonly localTimestamp: number;
}

/**
 * Why an open opportunity was withdrawn: prices/sizes moved (`spread`), a quote aged past
 * `maxAge` (`stale`), a venue resynced its book (`resync`) or its connection closed (`disconnect`).
 *
 * @example
 * ```ts
 * const why: ArbitrageCloseReason = 'stale';
 * ```
 */
export type ArbitrageCloseReason = 'spread' | 'stale' | 'resync' | 'disconnect';

/**
 * Emitted once when the open opportunity for `symbol` disappears; `opportunity` is the last one
 * emitted. `localTimestamp` is the scheduler's `now()` at withdrawal.
 *
 * @example
 * ```ts
 * arb$.pipe(filter((s): s is ArbitrageClosed => s.type === 'closed')).subscribe((c) => cancelOrders(c.opportunity));
 * ```
 */
export interface ArbitrageClosed {
  readonly type: 'closed';
  readonly symbol: string;
  readonly reason: ArbitrageCloseReason;
  readonly opportunity: ArbitrageOpportunity;
  readonly localTimestamp: number;
}

/**
 * What `arbitrage()` emits: a new or changed best opportunity, or the withdrawal of the open one.
 *
 * @example
 * ```ts
 * arb$.subscribe((s: ArbitrageSignal) => (s.type === 'opportunity' ? open(s) : close(s.opportunity)));
 * ```
 */
export type ArbitrageSignal = ArbitrageOpportunity | ArbitrageClosed;

/**
 * Type guard keeping only opportunities (drop withdrawals).
 *
 * @example
 * ```ts
 * arb$.pipe(filter(isOpportunity)).subscribe((o) => console.log(o.buyExchange, '→', o.sellExchange, o.profit));
 * ```
 */
export function isOpportunity(signal: ArbitrageSignal): signal is ArbitrageOpportunity {
  return signal.type === 'opportunity';
}
