import type { RestAnswerTuple as RestAnswer, RestRoutes } from '../harness/simulator-rest';
import { okxContractValue } from './okx-simulator-options';
import { type OkxMarketState, okxWireImage } from './okx-market-state';
import { instrumentEntry, restBody } from './okx-wire';

const REST_BOOK_MAX = 400;

/**
 * The OKX simulator's REST API: `GET /api/v5/market/books?instId=&sz=` (the book at request time with
 * its `seqId`, or an older one while `stale` is set; 51001 for an unknown instrument, 50014 without
 * `instId`) and `GET /api/v5/public/instruments?instType=SPOT|SWAP` (the simulated instruments plus
 * `listedSymbols`, with OKX's documented fields).
 *
 * @example
 * ```ts
 * const rest = new SimulatorRest(okxRestRoutes(byInstId, ['DOGE/USDT']));
 * ```
 */
export function okxRestRoutes(byInstId: ReadonlyMap<string, OkxMarketState>, listedSymbols: readonly string[]): RestRoutes {
  return {
    '/api/v5/market/books': (query) => books(byInstId, query),
    '/api/v5/public/instruments': (query) => instruments([...byInstId.values()], listedSymbols, query),
  };
}

function books(byInstId: ReadonlyMap<string, OkxMarketState>, query: Readonly<Record<string, string>>): RestAnswer {
  const instId = query['instId'];
  if (!instId) return [400, restBody([], '50014', 'Parameter instId can not be empty.')];
  const state = byInstId.get(instId);
  if (!state) return [200, restBody([], '51001', "Instrument ID, Instrument ID code or Spread ID doesn't exist.")];
  const size = Math.max(1, Math.min(REST_BOOK_MAX, Number(query['sz'] ?? '1') || 1));
  let updateId = state.market.updateId;
  let image = state.market.truth(size);
  const stale = state.stale;
  if (stale) {
    if (--stale.remaining <= 0) state.stale = undefined;
    const older = state.market.bookAt(updateId - stale.steps, size);
    if (older) {
      updateId -= stale.steps;
      image = older;
    }
  }
  const { bids, asks } = okxWireImage(state, image);
  return [200, restBody([{ asks, bids, ts: String(Date.now()), seqId: updateId + state.seqOffset }])];
}

function instruments(states: readonly OkxMarketState[], listedSymbols: readonly string[], query: Readonly<Record<string, string>>): RestAnswer {
  const instType = query['instType'];
  if (!instType) return [400, restBody([], '50014', 'Parameter instType can not be empty.')];
  const entries = states
    .filter((state) => state.instType === instType)
    .map((state) => instrumentEntry({ instType: state.instType, instId: state.instId, base: state.base, quote: state.quote, grid: state.market.grid, ...(state.contractValue ? { contractValue: state.contractValue } : {}) }));
  for (const symbol of listedSymbols) {
    const swap = symbol.includes(':');
    if ((swap ? 'SWAP' : 'SPOT') !== instType) continue;
    const [base, quote] = symbol.replace(/:.*/, '').split('/') as [string, string];
    const instId = swap ? `${base}-${quote}-SWAP` : `${base}-${quote}`;
    entries.push(instrumentEntry({ instType, instId, base, quote, grid: { tickSize: 0.01, priceDecimals: 2, quantityDecimals: 4 }, ...(swap ? { contractValue: okxContractValue(base) } : {}) }));
  }
  return [200, restBody(entries)];
}
