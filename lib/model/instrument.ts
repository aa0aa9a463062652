import type { ExchangeId } from './exchange-id';

/**
 * What kind of market an {@link Instrument} is.
 *
 * @example
 * ```ts
 * const kind: InstrumentType = 'perpetual';
 * ```
 */
export type InstrumentType = 'spot' | 'perpetual' | 'future' | 'option';

/**
 * One market of a venue, as its instruments endpoint lists it (ccxt's `loadMarkets` entry, reduced to
 * what a market-data user needs).
 *
 * @example
 * ```ts
 * binance().instruments().subscribe((list: readonly Instrument[]) => console.log(list.find((i) => i.symbol === 'BTC/USDT')?.priceTick));
 * ```
 */
export interface Instrument {
  readonly exchange: ExchangeId;
  /** Unified symbol: `BASE/QUOTE`, or `BASE/QUOTE:SETTLE` for a perpetual. */
  readonly symbol: string;
  /** The venue's own name, e.g. `BTCUSDT`, `BTC-USD`, `BTC-USDT-SWAP`. */
  readonly native: string;
  readonly base: string;
  readonly quote: string;
  /** Settlement currency of a derivative. */
  readonly settle?: string;
  readonly type: InstrumentType;
  /** `true` when the venue reports it as trading now. */
  readonly active: boolean;
  /** The venue's own status word, e.g. `TRADING`, `BREAK`, `online`. */
  readonly status: string;
  /** Smallest price increment. */
  readonly priceTick: number;
  /** Smallest quantity increment. */
  readonly sizeStep: number;
  /** Base units per contract, for derivatives quoted in contracts. */
  readonly contractSize?: number;
}
