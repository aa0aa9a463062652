import { roundTo } from '../harness/price-grid';
import type { OkxMarketState } from './okx-market-state';
import { fundingRatePush, indexTickerPush, markPricePush, okxDecimal, openInterestPush } from './okx-wire';

const EIGHT_HOURS = 8 * 3_600_000;

/**
 * The derivative channels of the OKX simulator, computed from its markets: `mark-price` = the swap's
 * mid; `index-tickers` = the spot pair's mid when simulated, else 0.9995 × the swap's mid; `funding-rate`
 * = the premium (mark − index) / index clamped to ±0.375 %, settling at the next 8-hour boundary;
 * `open-interest` = a seeded walk that moves with the market. Each push records what it said in the
 * state's `sent`.
 *
 * @example
 * ```ts
 * const derivatives = new OkxDerivatives(states);
 * connection.send(derivatives.markPush(swapState, Date.now()));
 * ```
 */
export class OkxDerivatives {
  constructor(private readonly states: ReadonlyMap<string, OkxMarketState>) {}

  /** The simulated swaps. */
  swaps(): OkxMarketState[] {
    return [...this.states.values()].filter((state) => state.instType === 'SWAP');
  }

  /** Every index id `BASE-QUOTE` of a simulated instrument. */
  indexIds(): Set<string> {
    return new Set([...this.states.values()].map((state) => `${state.base}-${state.quote}`));
  }

  /** The market an index `BASE-QUOTE` is computed from: the spot pair if simulated, else the swap. */
  indexSource(indexId: string): OkxMarketState | undefined {
    const states = [...this.states.values()].filter((state) => `${state.base}-${state.quote}` === indexId);
    return states.find((state) => state.instType === 'SPOT') ?? states[0];
  }

  /** A `mark-price` push of swap `state`. */
  markPush(state: OkxMarketState, now: number): string {
    const mark = midOf(state);
    state.sent.markPrice = mark;
    return markPricePush(state.instId, okxDecimal(mark, state.market.grid.priceDecimals), now);
  }

  /** An `index-tickers` push of `indexId` (which must have a source). */
  indexPush(indexId: string, now: number): string {
    const source = this.indexSource(indexId)!;
    const decimals = source.market.grid.priceDecimals;
    const index = source.instType === 'SPOT' ? midOf(source) : roundTo(midOf(source) * 0.9995, decimals);
    for (const state of this.swaps()) if (`${state.base}-${state.quote}` === indexId) state.sent.indexPrice = index;
    return indexTickerPush(indexId, okxDecimal(index, decimals), now);
  }

  /** A `funding-rate` push of swap `state`. */
  fundingPush(state: OkxMarketState, now: number): string {
    const mark = midOf(state);
    const source = this.indexSource(`${state.base}-${state.quote}`)!;
    const index = source === state ? mark * 0.9995 : midOf(source);
    const premium = (mark - index) / index;
    const rate = roundTo(Math.max(-0.00375, Math.min(0.00375, premium)), 10);
    const fundingTime = Math.ceil((now + 1) / EIGHT_HOURS) * EIGHT_HOURS;
    state.sent.fundingRate = rate;
    state.sent.fundingTime = fundingTime;
    const funding = { fundingRate: okxDecimal(rate, 10), fundingTime, nextFundingTime: fundingTime + EIGHT_HOURS, premium: okxDecimal(roundTo(premium, 10), 10) };
    return fundingRatePush(state.instId, funding, now);
  }

  /** An `open-interest` push of swap `state` (`oi` contracts, `oiCcy` base units, `oiUsd`). */
  openInterestPush(state: OkxMarketState, now: number): string {
    const decimals = state.market.grid.quantityDecimals;
    const oi = roundTo(state.openInterest, decimals);
    const oiCcy = roundTo(oi * state.contractValue!, decimals + 4);
    state.sent.openInterest = oi;
    return openInterestPush(state.instId, okxDecimal(oi, decimals), okxDecimal(oiCcy, decimals + 4), okxDecimal(oiCcy * midOf(state), 2), now);
  }

  /** Moves the open interest of swap `state` if its market stepped since the last move. */
  moveOpenInterest(state: OkxMarketState): void {
    if (state.market.updateId === state.openInterestAt) return;
    state.openInterestAt = state.market.updateId;
    state.openInterest = Math.max(0, state.openInterest + ((state.market.updateId % 21) - 10));
  }
}

function midOf(state: OkxMarketState): number {
  const { bid, ask } = state.market.top();
  return roundTo((bid + ask) / 2, state.market.grid.priceDecimals);
}
