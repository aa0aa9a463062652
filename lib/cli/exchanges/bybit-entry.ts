import { BYBIT_BOOK_DEPTHS, BYBIT_WS_URL, bybit } from '../../exchanges/bybit/bybit';
import { BybitSimulator } from '../../testing/bybit/bybit-simulator';
import type { EmbeddedSimulator, ExchangeEntry, FaultKind } from './exchange-entry';

const FAULTS: readonly FaultKind[] = ['disconnect', 'gap', 'malformed'];

/**
 * Bybit v5 in the CLI: `bybit()` against the live endpoints or a {@link BybitSimulator}, spot
 * (`BTC/USDT`) and linear perpetuals (`BTC/USDT:USDT`) on one client. Faults: `disconnect`
 * (connections dropped), `gap` (one book delta lost: a `u` gap), `malformed` (a truncated book
 * frame). Bybit books carry no checksum.
 *
 * @example
 * ```ts
 * const sim = await bybitEntry.simulate({ symbols: ['BTC/USDT:USDT'], seed: 1 });
 * bybitEntry.client(sim.clientOptions).book('BTC/USDT:USDT').subscribe(console.log);
 * ```
 */
export const bybitEntry: ExchangeEntry = {
  id: 'bybit',
  title: 'Bybit v5 (spot + linear)',
  liveUrl: BYBIT_WS_URL,
  demoSymbols: ['BTC/USDT:USDT', 'ETH/USDT'],
  simulatedSymbols: ['BTC/USDT', 'ETH/USDT', 'SOL/USDT', 'BTC/USDT:USDT', 'ETH/USDT:USDT', 'SOL/USDT:USDT'],
  client: (options = {}) => bybit(options),
  bookOptions: (depth) => ({ depth: BYBIT_BOOK_DEPTHS.find((d) => d >= depth) ?? Math.max(...BYBIT_BOOK_DEPTHS) }),
  simulate: async ({ symbols, seed }): Promise<EmbeddedSimulator> => {
    const sim = await BybitSimulator.start({ symbols, seed, bookLevels: 200 });
    return {
      clientOptions: { wsUrl: sim.wsUrl, restUrl: sim.restUrl },
      faults: FAULTS,
      inject: (fault, symbol) => {
        if (fault === 'disconnect') sim.dropConnections();
        else if (fault === 'gap') sim.skipDelta(symbol);
        else if (fault === 'malformed') sim.sendMalformed('invalid-json', symbol);
        else throw new RangeError(`bybit simulator cannot inject "${fault}"`);
      },
      stop: () => sim.stop(),
    };
  },
};
