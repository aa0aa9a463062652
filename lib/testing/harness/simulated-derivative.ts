import { roundTo } from './price-grid';
import { type RandomSource, seededRandom } from './seeded-random';
import type { SimulatedMarket } from './simulated-market';

/**
 * The derivative data of a simulated perpetual at one moment. Prices carry `priceDecimals + 2`
 * decimals (index and mark are averages, finer than the tick), the funding rate 8 decimals, open
 * interest the market's quantity decimals: each is exactly `Number(x.toFixed(decimals))`.
 *
 * @example
 * ```ts
 * const { markPrice, fundingRate, nextFundingTime }: DerivativeState = derivative.state();
 * ```
 */
export interface DerivativeState {
  readonly markPrice: number;
  readonly indexPrice: number;
  /** Mark price decimals (for the wire). */
  readonly priceDecimals: number;
  /** Fraction per funding interval (0.0001 = 0.01 %). */
  readonly fundingRate: number;
  /** Epoch ms of the next funding (the next multiple of the funding interval, UTC). */
  readonly nextFundingTime: number;
  /** In base units (contracts of size 1). */
  readonly openInterest: number;
  readonly quantityDecimals: number;
}

/**
 * Options of a {@link SimulatedDerivative}.
 *
 * @example
 * ```ts
 * const options: SimulatedDerivativeOptions = { seed: 7, fundingIntervalMs: 8 * 3_600_000 };
 * ```
 */
export interface SimulatedDerivativeOptions {
  readonly seed?: number;
  /** Funding every this many ms, aligned to UTC midnight (default 8 h, as most perpetuals). */
  readonly fundingIntervalMs?: number;
  /** Clock, epoch ms (default `Date.now`). */
  readonly now?: () => number;
}

const BASE_FUNDING = 0.0001;
const MAX_FUNDING = 0.0075;

/**
 * Mark price, index price, funding and open interest of a perpetual whose order book is a
 * {@link SimulatedMarket}, for every exchange simulator with derivatives: the index wanders a few
 * basis points around the book's mid, the mark sits between mid and index, the funding rate follows
 * the premium of mark over index (plus the usual 0.01 %, clamped to ±0.75 %), open interest random-
 * walks. Seeded; nothing changes until {@link update} is called.
 *
 * @example
 * ```ts
 * const derivative = new SimulatedDerivative(sim.market('BTC/USDT:USDT'), { seed: 1 });
 * derivative.update();
 * derivative.state().markPrice; // close to the book's mid
 * ```
 */
export class SimulatedDerivative {
  private readonly random: RandomSource;
  private readonly fundingIntervalMs: number;
  private readonly now: () => number;
  private basis = 0;
  private openInterestUnits: number;

  constructor(
    private readonly market: SimulatedMarket,
    options: SimulatedDerivativeOptions = {},
  ) {
    let seed = (options.seed ?? 1) ^ 0x5bd1e995;
    for (let i = 0; i < market.symbol.length; i++) seed = Math.imul(seed ^ market.symbol.charCodeAt(i), 0x01000193) >>> 0;
    this.random = seededRandom(seed);
    this.fundingIntervalMs = options.fundingIntervalMs ?? 8 * 3_600_000;
    this.now = options.now ?? Date.now;
    const mid = this.mid();
    this.openInterestUnits = Math.round((2_000_000 / mid) * 10 ** market.grid.quantityDecimals * (0.5 + this.random()));
  }

  /** Moves the index (a random walk of the basis, pulled back to 0) and the open interest one step. */
  update(): void {
    this.basis = this.basis * 0.9 + (this.random() - 0.5) * 0.0006;
    const change = Math.round(this.openInterestUnits * (this.random() - 0.5) * 0.002);
    this.openInterestUnits = Math.max(1, this.openInterestUnits + change);
  }

  /** The derivative data now. */
  state(): DerivativeState {
    const { priceDecimals, quantityDecimals } = this.market.grid;
    const decimals = priceDecimals + 2;
    const mid = this.mid();
    const indexPrice = roundTo(mid * (1 + this.basis), decimals);
    const markPrice = roundTo((mid + indexPrice) / 2, decimals);
    const premium = (markPrice - indexPrice) / indexPrice;
    const fundingRate = roundTo(Math.max(-MAX_FUNDING, Math.min(MAX_FUNDING, BASE_FUNDING + premium)), 8);
    const now = this.now();
    const nextFundingTime = (Math.floor(now / this.fundingIntervalMs) + 1) * this.fundingIntervalMs;
    const openInterest = roundTo(this.openInterestUnits / 10 ** quantityDecimals, quantityDecimals);
    return { markPrice, indexPrice, priceDecimals: decimals, fundingRate, nextFundingTime, openInterest, quantityDecimals };
  }

  private mid(): number {
    const { bid, ask } = this.market.top();
    return Number.isFinite(bid) && Number.isFinite(ask) ? (bid + ask) / 2 : Number.isFinite(bid) ? bid : ask;
  }
}
