import { GATEIO_BOOK_DEPTHS, GATEIO_WS_URL, gateio } from '../../exchanges/gateio/gateio';
import { GateioSimulator } from '../../testing/gateio/gateio-simulator';
import type { EmbeddedSimulator, ExchangeEntry, FaultKind } from './exchange-entry';

const FAULTS: readonly FaultKind[] = ['disconnect', 'gap', 'malformed'];

/**
 * Gate.io v4 spot in the CLI: `gateio()` against the live endpoints or a {@link GateioSimulator}.
 * Faults: `disconnect` (connections dropped), `gap` (one `spot.order_book_update` push withheld: a
 * `U`/`u` sequence break), `malformed` (a truncated book frame). Gate.io books carry no checksum.
 *
 * @example
 * ```ts
 * const sim = await gateioEntry.simulate({ symbols: ['BTC/USDT'], seed: 1 });
 * gateioEntry.client(sim.clientOptions).book('BTC/USDT').subscribe(console.log);
 * ```
 */
export const gateioEntry: ExchangeEntry = {
  id: 'gateio',
  title: 'Gate.io v4 spot',
  liveUrl: GATEIO_WS_URL,
  demoSymbols: ['BTC/USDT', 'ETH/USDT'],
  simulatedSymbols: ['BTC/USDT', 'ETH/USDT', 'SOL/USDT', 'ETH/BTC'],
  client: (options = {}) => gateio(options),
  bookOptions: (depth) => ({ depth: GATEIO_BOOK_DEPTHS.find((d) => d >= depth) ?? Math.max(...GATEIO_BOOK_DEPTHS) }),
  simulate: async ({ symbols, seed }): Promise<EmbeddedSimulator> => {
    const sim = await GateioSimulator.start({ symbols, seed, bookLevels: 200 });
    return {
      clientOptions: { wsUrl: sim.wsUrl, restUrl: sim.restUrl },
      faults: FAULTS,
      inject: (fault, symbol) => {
        if (fault === 'disconnect') sim.dropConnections();
        else if (fault === 'gap') sim.skipBookUpdate(symbol);
        else if (fault === 'malformed') sim.sendMalformed('invalid-json', symbol);
        else throw new RangeError(`gateio simulator cannot inject "${fault}"`);
      },
      stop: () => sim.stop(),
    };
  },
};
