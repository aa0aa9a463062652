import type { DepthAccumulator } from '../harness/depth-accumulator';
import type { BookImage } from '../harness/ground-truth-book';
import type { SimulatedMarket } from '../harness/simulated-market';
import { okxLevel } from './okx-wire';

/**
 * The derivative values the simulator last pushed for a swap (as numbers), to compare a client's
 * `DerivativeTicker` with.
 *
 * @example
 * ```ts
 * const sent: OkxDerivativeSent = sim.derivativeSent('BTC/USDT:USDT');
 * ```
 */
export interface OkxDerivativeSent {
  readonly markPrice?: number;
  readonly indexPrice?: number;
  readonly fundingRate?: number;
  readonly fundingTime?: number;
  readonly openInterest?: number;
}

/**
 * What the OKX simulator keeps per instrument: the market, OKX's names for it, the `books` feed state
 * (pending changes, `seqId` mapping, pending faults) and the derivative values.
 *
 * @example
 * ```ts
 * const state: OkxMarketState = createOkxMarketState('BTC/USDT:USDT', market, new DepthAccumulator(), 0.01);
 * ```
 */
export interface OkxMarketState {
  readonly symbol: string;
  readonly instId: string;
  readonly instType: 'SPOT' | 'SWAP';
  readonly base: string;
  readonly quote: string;
  /** Linear swaps: base units per contract. */
  readonly contractValue: number | undefined;
  readonly market: SimulatedMarket;
  /** Net level changes since the last `books` push. */
  readonly depth: DepthAccumulator;
  /** `seqId` = market update id + this (changed by a sequence reset). */
  seqOffset: number;
  lastPushedSeq: number;
  lastBookPushAt: number;
  corruptChecksums: number;
  skipBookPushes: number;
  stale: { readonly steps: number; remaining: number } | undefined;
  tickerDirty: boolean;
  openInterest: number;
  /** Market update id the open interest last moved at (it moves only with the market). */
  openInterestAt: number;
  sent: { -readonly [K in keyof OkxDerivativeSent]: OkxDerivativeSent[K] };
}

/**
 * The state of one simulated instrument: spot `BTC/USDT` → `BTC-USDT`, swap `BTC/USDT:USDT` →
 * `BTC-USDT-SWAP` (sizes in contracts of `contractValue` base units).
 *
 * @example
 * ```ts
 * createOkxMarketState('BTC/USDT', market, new DepthAccumulator(), undefined).instId; // 'BTC-USDT'
 * ```
 */
export function createOkxMarketState(symbol: string, market: SimulatedMarket, depth: DepthAccumulator, contractValue: number | undefined): OkxMarketState {
  const swap = symbol.includes(':');
  const [base, quote] = symbol.replace(/:.*/, '').split('/') as [string, string];
  return {
    symbol,
    instId: swap ? `${base}-${quote}-SWAP` : `${base}-${quote}`,
    instType: swap ? 'SWAP' : 'SPOT',
    base,
    quote,
    contractValue,
    market,
    depth,
    seqOffset: 0,
    lastPushedSeq: market.updateId,
    lastBookPushAt: Date.now(),
    corruptChecksums: 0,
    skipBookPushes: 0,
    stale: undefined,
    tickerDirty: false,
    openInterest: 50_000 + (market.updateId % 10_000),
    openInterestAt: market.updateId,
    sent: {},
  };
}

/**
 * A book image of `state` as OKX writes it: `[px, sz, "0", numOrders]` strings.
 *
 * @example
 * ```ts
 * okxWireImage(state, state.market.truth(25)).bids[0]; // ['65000', '0.25', '0', '3']
 * ```
 */
export function okxWireImage(state: OkxMarketState, image: BookImage): { bids: string[][]; asks: string[][] } {
  const grid = state.market.grid;
  return { bids: image.bids.map((level) => okxLevel(level, grid)), asks: image.asks.map((level) => okxLevel(level, grid)) };
}
